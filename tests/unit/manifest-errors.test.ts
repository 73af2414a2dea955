/**
 * Bad manifests: one ManifestError naming every bad field path (and its document), never a silent
 * drop; one row per kind of mistake.
 */
import { ManifestError, ManifestProblem, allPodArgsFromManifest, podArgsFromManifest } from "../../components";

const pod = (spec: string, metadata = "name: web") =>
  `apiVersion: v1\nkind: Pod\nmetadata: {${metadata}}\nspec:\n${spec.replace(/^/gm, "  ")}\n`;
const busybox = "containers:\n- name: web\n  image: busybox";

/** The problems `allPodArgsFromManifest` throws for `text`, as `[document:]path` strings. */
function problems(text: string): { paths: string[]; message: string; list: ManifestProblem[] } {
  try {
    allPodArgsFromManifest(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    const list = (err as ManifestError).problems;
    return { paths: list.map((p) => (p.document ? `${p.document}:${p.path}` : p.path)), message: (err as Error).message, list };
  }
  throw new Error("the manifest was accepted");
}

describe.each<[string, string, string[], RegExp?]>([
  ["a kind that is no string", "apiVersion: v1\nkind: [Pod]\nmetadata: {name: web}\nspec: {}\n", ["kind"], /\["Pod"\] is not a kind; use Pod, Deployment/],
  ["no kind", "apiVersion: v1\nmetadata: {name: web}\n", ["kind"], /needs a kind/],
  ["wrong apiVersion", pod(busybox).replace("apiVersion: v1", "apiVersion: apps/v1"), ["apiVersion"], /use v1/],
  ["a Deployment in v1", "apiVersion: v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: b}]\n", ["apiVersion"], /use apps\/v1/],
  ["missing containers", pod("restartPolicy: Never"), ["spec.containers"], /at least one container/],
  ["empty containers", pod("containers: []"), ["spec.containers"], /at least one container/],
  ["no spec", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n", ["spec"], /needs a spec/],
  ["no name", pod(busybox, "labels: {a: b}"), ["metadata.name"], /needs a name/],
  ["generateName", pod(busybox, "generateName: web-"), ["metadata.generateName", "metadata.name"], /give the pod a metadata.name/],
  ["invalid name", pod(busybox, "name: Web_1"), ["metadata.name"], /not a valid name/],
  ["a Deployment without a template", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1}\n", ["spec.template"], /needs a pod template/],
  ["not YAML (both of the parser's errors)", "apiVersion: v1\nkind: Pod\nmetadata: {name: [web}\n", ["", ""], /not valid YAML: .*at line 3, column 22\n/],
  ["a list, not an object", "- a\n- b\n", [""], /must be a Kubernetes object/],
  ["no pod at all", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n", [""], /no pod in the manifest/],
  ["nothing at all", "", [""], /no pod in the manifest/],
  ["a field docker-pod does not support", pod("activeDeadlineSeconds: 30\n" + busybox), ["spec.activeDeadlineSeconds"], /not supported by docker-pod/],
  ["a field no Kubernetes type has", pod(busybox + "\n  imagePullPolcy: Always"), ["spec.containers[0].imagePullPolcy"], /not a field of a Kubernetes Container/],
  ["a field of the wrong shape", pod("containers: {name: web}"), ["spec.containers"], /must be a list/],
  ["a resource docker-pod cannot map", pod(busybox + "\n  resources: {limits: {example.com/foo: 1}}"), ["spec.containers[0].resources.limits.example.com/foo"], /a resource docker-pod cannot give on Docker/],
  ["a label value that is not a string", pod(busybox, "name: web, labels: {version: 2}"), ['metadata.labels["version"]'], /quote it/],
  ["a value validation rejects, at its manifest path", pod("containers:\n- name: web\n  image: busybox\n  ports: [{containerPort: 80, hostPort: 70000}]"),
    ["spec.containers[0].ports[0].hostPort"], /70000 is not a valid port/],
  ["a label docker-pod reserves", pod(busybox, 'name: web, labels: {"org.docker-pod.pod": x}'), ['metadata.labels["org.docker-pod.pod"]'], /set by docker-pod/],
  ["a workload's unsupported field", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  volumeClaimTemplates: [{metadata: {name: d}, spec: {volumeName: pv-1}}]\n  template:\n    spec:\n      containers: [{name: a, image: b}]\n",
    ["spec.volumeClaimTemplates[0].spec.volumeName"], /cannot bind an existing persistent volume/],
  ["a template's bad field, at its path in the workload", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      activeDeadlineSeconds: 30\n      containers: [{name: a, image: b, restartPolicy: Always}]\n",
    ["spec.template.spec.activeDeadlineSeconds", "spec.template.spec.containers[0].restartPolicy"]],
])("%s", (_, text, paths, message) => {
  test("is an error naming exactly the bad fields", () => {
    const found = problems(text);
    expect(found.paths.sort()).toEqual([...paths].sort());
    if (message) expect(found.message).toMatch(message);
  });
});

test("every unsupported field of a manifest is named at once, each at its path", () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: everything-wrong
spec:
  activeDeadlineSeconds: 30
  nodeSelector: {disktype: ssd}
  containers:
  - name: shell
    image: busybox
    imagePullPolicy: Always
    lifecycle:
      stopSignal: SIGUSR1
  volumes:
  - name: s
    gcePersistentDisk: {pdName: s}
`;
  const found = problems(text);
  const expected = [
    "spec.activeDeadlineSeconds",
    "spec.containers[0].lifecycle.stopSignal",
    "spec.volumes[0].gcePersistentDisk",
  ];
  // Exactly these: what a refused field leaves behind is not told again (a refused volume as one
  // without a source).
  expect(found.paths.sort()).toEqual([...expected].sort());
  expect(found.message).toMatch(/^invalid manifest \(3 problems\):\n/);
  for (const p of expected) expect(found.message).toContain(`  - ${p}: not supported by docker-pod`);
  // Warnings are not errors: the scheduling field and the pull policy are not in the list.
  expect(found.paths).not.toContain("spec.nodeSelector");
  expect(found.paths).not.toContain("spec.containers[0].imagePullPolicy");
});

test("problems of a multi-document file name their document", () => {
  const text = [pod(busybox), "apiVersion: v1\nkind: [Secret]\nmetadata: {name: s}\n", pod("activeDeadlineSeconds: 30\n" + busybox)].join("---\n");
  const found = problems(text);
  expect(found.paths).toEqual(["2:kind", "3:spec.activeDeadlineSeconds"]);
});

describe("two documents of one pod name", () => {
  const deployment = (name: string, image: string, replicas = 1) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers: [{name: a, image: ${image}}]\n`;

  test("of one kind and name: the later document wins, with a warning naming both (kubectl apply's result)", () => {
    const text = [deployment("web", "old", 2), pod(busybox, "name: db"), deployment("web", "new", 2)].join("---\n");
    const pods = allPodArgsFromManifest(text);
    expect(pods.map((p) => [p.name, p.args.containers[0].image])).toEqual([["db", "busybox"], ["web-1", "new"], ["web-2", "new"]]);
    expect(pods[1].warnings).toContain(
      'document 3: metadata.name: Deployment "web" is defined again (by document 1 and document 3): the later one wins, as kubectl apply of the file would leave it; document 1 is ignored',
    );
  });

  test("the ignored document's bad fields are still refused", () => {
    const text = [pod("activeDeadlineSeconds: 30\n" + busybox), pod(busybox)].join("---\n");
    expect(problems(text).paths).toEqual(["1:spec.activeDeadlineSeconds"]);
  });

  test("of two kinds: still an error (two objects would make one pod)", () => {
    const found = problems([pod(busybox), deployment("web", "x")].join("---\n"));
    expect(found.paths).toEqual(["2:metadata.name"]);
    expect(found.message).toContain('  - document 2: metadata.name: "web" is already the name of the pod of document 1');
  });
});

test("podArgsFromManifest wants one pod; allPodArgsFromManifest reads several", () => {
  const text = [pod(busybox), pod(busybox, "name: api")].join("---\n");
  expect(() => podArgsFromManifest(text)).toThrow(/holds 2 pods \(web, api\); read it with allPodArgsFromManifest/);
  expect(allPodArgsFromManifest(text).map((p) => p.name)).toEqual(["web", "api"]);
});

test("null fields are unset, as in Kubernetes", () => {
  const read = podArgsFromManifest(pod(busybox + "\n  workingDir: null\nhostname: null"));
  expect(read.args).toEqual({ containers: [{ name: "web", image: "busybox" }], shareProcessNamespace: false });
});
