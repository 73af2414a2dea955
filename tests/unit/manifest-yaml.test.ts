/**
 * YAML as real files have it: a key given twice in one map (older manifests that `kubectl` read
 * through its YAML-to-JSON conversion, the last one winning) and unfilled template placeholders.
 */
import { ManifestError, allPodArgsFromManifest } from "../../components";

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: etcd
spec:
  selector:
    matchLabels: {name: old}
  replicas: 1
  selector:
    matchLabels: {name: etcd}
  template:
    metadata:
      labels: {name: etcd}
    spec:
      containers:
      - name: etcd
        image: busybox
        image: etcd
`;

test("a key given twice: the last one wins, with one warning naming the key, its path and both lines", () => {
  const [pod] = allPodArgsFromManifest(deployment);
  expect(pod.args.containers[0].image).toBe("etcd");
  const twice = pod.warnings.filter((w) => /given twice/.test(w));
  expect(twice).toEqual([
    'spec.selector: the key "selector" is given twice in one map (lines 6 and 9); the last one is used, as Kubernetes\' YAML-to-JSON conversion reads it',
    'spec.template.spec.containers[0].image: the key "image" is given twice in one map (lines 17 and 18); the last one is used, as Kubernetes\' YAML-to-JSON conversion reads it',
  ]);
});

test("in a file of several documents, the warning names the document", () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: "1"}\n---\n${deployment.replace("        image: busybox\n", "")}`;
  const [pod] = allPodArgsFromManifest(text);
  expect(pod.warnings).toContain('document 2: spec.selector: the key "selector" is given twice in one map (lines 11 and 14); the last one is used, as Kubernetes\' YAML-to-JSON conversion reads it');
});

test("an unfilled template placeholder is refused, as the API server refuses a map there", () => {
  const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: newrelic-config}\ndata:\n  config: {{config_data}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: b, envFrom: [{secretRef: {name: newrelic-config}}]}]\n`;
  expect(() => allPodArgsFromManifest(text)).toThrow(ManifestError);
  expect(() => allPodArgsFromManifest(text)).toThrow(/document 1: data\["config"\]: is a template placeholder \(\{\{…\}\}\), not a value: fill it in first/);
});
