/**
 * ConfigMaps and Secrets a manifest refers to but does not hold (created beside it in a cluster:
 * `kubectl create secret`): read with one warning each and supplied when the pod runs (`play
 * --configmap FILE`, a Pod's `secrets`/`configMaps`); a Pod still refuses them until then.
 */
import { ManifestError, allPodArgsFromManifest, configObjectsFromManifest, validatePodArgs } from "../../components";

/** The Kubernetes docs' wordpress Deployment, trimmed: its Secret is made by `kubectl create secret`. */
const wordpress = `apiVersion: apps/v1
kind: Deployment
metadata: {name: wordpress}
spec:
  template:
    spec:
      containers:
      - name: wordpress
        image: wordpress:6.2.1-apache
        env:
        - name: WORDPRESS_DB_PASSWORD
          valueFrom: {secretKeyRef: {name: mysql-pass, key: password}}
        - name: WORDPRESS_DB_USER
          valueFrom: {secretKeyRef: {name: mysql-pass, key: user}}
        volumeMounts: [{name: conf, mountPath: /etc/conf}, {name: tls, mountPath: /etc/tls}]
      volumes:
      - name: conf
        configMap:
          name: example-redis-config
          items: [{key: redis-config, path: redis.conf}]
      - name: tls
        secret: {secretName: nginxsecret}
`;

function refused(run: () => unknown): ManifestError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return err as ManifestError;
  }
  throw new Error("accepted");
}

describe("a manifest whose Secrets and ConfigMaps are not in the file", () => {
  const [pod] = allPodArgsFromManifest(wordpress);

  test("is read, keeping the references; the args lack the objects", () => {
    expect(pod.args.containers[0].env?.[0].valueFrom?.secretKeyRef).toEqual({ name: "mysql-pass", key: "password" });
    expect(pod.args.volumes?.[0].configMap).toEqual({ name: "example-redis-config", items: [{ key: "redis-config", path: "redis.conf" }] });
    expect(pod.args.secrets).toBeUndefined();
    expect(pod.args.configMaps).toBeUndefined();
  });

  test("with one warning per missing object, at its first reference, saying it must be supplied", () => {
    const told = pod.warnings.filter((w) => /is not in the file/.test(w));
    expect(told).toEqual([
      expect.stringMatching(/^spec\.template\.spec\.volumes\[0\]\.configMap\.name: ConfigMap "example-redis-config" is not in the file: supply it when the pod runs \(docker-pod play --configmap FILE/),
      expect.stringMatching(/^spec\.template\.spec\.volumes\[1\]\.secret\.secretName: Secret "nginxsecret" is not in the file: .*kubectl create secret/),
      expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.env\[0\]\.valueFrom\.secretKeyRef\.name: Secret "mysql-pass" is not in the file/),
    ]);
  });

  test("a Pod of these args refuses each missing object in Kubernetes' words, naming the field", () => {
    const problems = validatePodArgs(pod.args);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "containers[0].env[0].valueFrom.secretKeyRef.name", message: expect.stringMatching(/^secret "mysql-pass" not found/) },
        { path: "containers[0].env[1].valueFrom.secretKeyRef.name", message: expect.stringMatching(/^secret "mysql-pass" not found/) },
        { path: "volumes[0].configMap.name", message: expect.stringMatching(/^configmap "example-redis-config" not found/) },
        { path: "volumes[1].secret.secretName", message: expect.stringMatching(/^secret "nginxsecret" not found/) },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  test("supplied with the objects, the Pod accepts them; a missing key is still Kubernetes' error", () => {
    const full = { ...pod.args, secrets: { "mysql-pass": { password: "p", user: "u" }, nginxsecret: { "tls.crt": "c" } }, configMaps: { "example-redis-config": { "redis-config": "maxmemory 2mb" } } };
    expect(validatePodArgs(full)).toEqual([]);
    expect(validatePodArgs({ ...full, secrets: { ...full.secrets, "mysql-pass": { password: "p" } } })).toEqual([
      { path: "containers[0].env[1].valueFrom.secretKeyRef.key", message: expect.stringMatching(/^couldn't find key user in Secret default\/mysql-pass/) },
    ]);
  });
});

test("an optional reference to an object the file lacks is read without a warning", () => {
  const [pod] = allPodArgsFromManifest(wordpress.replace("{name: mysql-pass, key: password}", "{name: extra, key: k, optional: true}"));
  expect(pod.warnings.join("\n")).not.toMatch(/"extra"/);
  expect(validatePodArgs(pod.args).map((p) => p.path)).not.toContain("containers[0].env[0].valueFrom.secretKeyRef.name");
});

test("an object that IS in the file but lacks the key is refused in Kubernetes' words, unless optional", () => {
  const secret = "---\napiVersion: v1\nkind: Secret\nmetadata: {name: mysql-pass}\nstringData: {password: p}\n";
  const err = refused(() => allPodArgsFromManifest(wordpress + secret));
  expect(err.problems).toEqual([
    { document: 1, path: "spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key", message: expect.stringMatching(/^couldn't find key user in Secret default\/mysql-pass/) },
  ]);
  const optional = wordpress.replace("{name: mysql-pass, key: user}", "{name: mysql-pass, key: user, optional: true}");
  expect(allPodArgsFromManifest(optional + secret)[0].args.secrets).toEqual({ "mysql-pass": { password: "p" } });
});

test("missingObjects: refuse names every missing object of every pod at once, at its manifest path", () => {
  const second = "---\napiVersion: v1\nkind: Pod\nmetadata: {name: other}\nspec:\n  containers:\n  - name: a\n    image: b\n    envFrom: [{secretRef: {name: api-token}}]\n";
  const err = refused(() => allPodArgsFromManifest(wordpress + second, { missingObjects: "refuse" }));
  expect(err.problems.map((p) => `${p.document}:${p.path}`).sort()).toEqual([
    "1:spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name",
    "1:spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.name",
    "1:spec.template.spec.volumes[0].configMap.name",
    "1:spec.template.spec.volumes[1].secret.secretName",
    "2:spec.containers[0].envFrom[0].secretRef.name",
  ]);
  expect(err.message).toMatch(/secret "api-token" not found/);
});

describe("configObjects: ConfigMaps and Secrets from another file (play --configmap)", () => {
  const objects = configObjectsFromManifest(`apiVersion: v1
kind: Secret
metadata: {name: mysql-pass}
data: {password: aHVudGVyMg==, user: cm9vdA==}
---
apiVersion: v1
kind: Secret
metadata: {name: nginxsecret}
stringData: {tls.crt: cert}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: example-redis-config}
  data: {redis-config: "maxmemory 2mb"}
`);

  test("are read (base64 decoded)", () => {
    expect(objects).toEqual({
      configMaps: { "example-redis-config": { "redis-config": "maxmemory 2mb" } },
      secrets: { "mysql-pass": { password: "hunter2", user: "root" }, nginxsecret: { "tls.crt": "cert" } },
    });
  });

  test("fill the pod's references: no warning, and the pod validates", () => {
    const [pod] = allPodArgsFromManifest(wordpress, { configObjects: objects, missingObjects: "refuse" });
    expect(pod.args.secrets).toEqual(objects.secrets);
    expect(pod.args.configMaps).toEqual(objects.configMaps);
    expect(pod.warnings.join("\n")).not.toMatch(/is not in the file|named by no pod/);
    expect(validatePodArgs(pod.args)).toEqual([]);
  });

  test("the file's own object of the same name wins", () => {
    const own = "---\napiVersion: v1\nkind: Secret\nmetadata: {name: mysql-pass}\nstringData: {password: mine, user: me}\n";
    const [pod] = allPodArgsFromManifest(wordpress + own, { configObjects: objects });
    expect(pod.args.secrets?.["mysql-pass"]).toEqual({ password: "mine", user: "me" });
  });

  test("a supplied object without the key is refused like one of the file", () => {
    const err = refused(() => allPodArgsFromManifest(wordpress, { configObjects: { configMaps: objects.configMaps, secrets: { ...objects.secrets, "mysql-pass": { password: "p" } } } }));
    expect(err.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^couldn't find key user in Secret default\/mysql-pass/)]);
  });

  test.each([
    ["a document of another kind", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n", /kind: a Pod: this file may hold only ConfigMap and Secret documents/],
    ["bad base64, never quoting the value", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: '%%%'}\n", /data\["k"\]: illegal base64 data/],
    ["a key Kubernetes refuses", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {'a b': x}\n", /data\["a b"\]: "a b" is not a valid ConfigMap key/],
    ["two Secrets of one name", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n", /already the name of another Secret/],
  ])("%s is refused", (_, text, message) => {
    const err = refused(() => configObjectsFromManifest(text));
    expect(err.message).toMatch(message);
    expect(err.message).not.toMatch(/%%%/);
  });
});
