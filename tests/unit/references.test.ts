/**
 * Validation of ConfigMaps, Secrets and what refers to them or to the downward API: every
 * problem at its field path, in the kubelet's words for a missing ConfigMap, Secret or key, none
 * for an optional one, and never a Secret's value in a message.
 */
import * as pulumi from "@pulumi/pulumi";
import "./mocks";
import { Container, PodArgs, validatePodArgs } from "../../components";

const c = (extra: Partial<Container> = {}): Container => ({ name: "app", image: "busybox", ...extra });
const base: Partial<PodArgs> = {
  configMaps: { "game-config": { LEVEL: "very" } },
  secrets: { db: { password: pulumi.secret("hunter2-value") } },
};
const pod = (extra: Partial<PodArgs>): PodArgs => ({ ...base, containers: [c()], ...extra }) as PodArgs;

describe.each<[string, PodArgs, string, RegExp]>([
  ["a missing Secret key", pod({ containers: [c({ env: [{ name: "P", valueFrom: { secretKeyRef: { name: "db", key: "user" } } }] })] }),
    "containers[0].env[0].valueFrom.secretKeyRef.key", /^couldn't find key user in Secret default\/db; add it to the pod's secrets/],
  ["a missing Secret", pod({ containers: [c({ env: [{ name: "P", valueFrom: { secretKeyRef: { name: "nope", key: "user" } } }] })] }),
    "containers[0].env[0].valueFrom.secretKeyRef.name", /^secret "nope" not found/],
  ["a missing ConfigMap key", pod({ containers: [c({ env: [{ name: "L", valueFrom: { configMapKeyRef: { name: "game-config", key: "TYPE" } } }] })] }),
    "containers[0].env[0].valueFrom.configMapKeyRef.key", /^couldn't find key TYPE in ConfigMap default\/game-config/],
  ["a missing ConfigMap in envFrom", pod({ containers: [c({ envFrom: [{ configMapRef: { name: "nope" } }] })] }),
    "containers[0].envFrom[0].configMapRef.name", /^configmap "nope" not found/],
  ["a missing Secret in envFrom", pod({ initContainers: [c({ name: "init", envFrom: [{ secretRef: { name: "nope" } }] })] }),
    "initContainers[0].envFrom[0].secretRef.name", /^secret "nope" not found/],
  ["envFrom with both sources", pod({ containers: [c({ envFrom: [{ configMapRef: { name: "game-config" }, secretRef: { name: "db" } }] })] }),
    "containers[0].envFrom[0]", /give exactly one of configMapRef, secretRef/],
  ["value and valueFrom", pod({ containers: [c({ env: [{ name: "A", value: "x", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }] })] }),
    "containers[0].env[0].valueFrom", /may not be given with a non-empty value/],
  ["an unknown field path", pod({ containers: [c({ env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "spec.hostname" } } }] })] }),
    "containers[0].env[0].valueFrom.fieldRef.fieldPath", /^Unsupported value: "spec.hostname": supported values: metadata.name/],
  ["an env-only field in a volume", pod({ volumes: [{ name: "i", downwardAPI: { items: [{ path: "ip", fieldRef: { fieldPath: "status.podIP" } }] } }] }),
    "volumes[0].downwardAPI.items[0].fieldRef.fieldPath", /^Unsupported value: "status.podIP"/],
  ["an unknown resource", pod({ containers: [c({ env: [{ name: "A", valueFrom: { resourceFieldRef: { resource: "limits.ephemeral-storage" } } }] })] }),
    "containers[0].env[0].valueFrom.resourceFieldRef.resource", /^Unsupported value: "limits.ephemeral-storage"/],
  ["a bad divisor", pod({ containers: [c({ env: [{ name: "A", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "2" } } }] })] }),
    "containers[0].env[0].valueFrom.resourceFieldRef.divisor", /"2" is not a cpu divisor; use one of 1m, 1/],
  ["a volume resource without a container", pod({ volumes: [{ name: "i", downwardAPI: { items: [{ path: "cpu", resourceFieldRef: { resource: "limits.cpu" } }] } }] }),
    "volumes[0].downwardAPI.items[0].resourceFieldRef.containerName", /required in a volume/],
  ["a resource of no container", pod({ containers: [c({ env: [{ name: "A", valueFrom: { resourceFieldRef: { resource: "limits.cpu", containerName: "db" } } }] })] }),
    "containers[0].env[0].valueFrom.resourceFieldRef.containerName", /"db" is not a container of the pod/],
  ["a secret volume of a missing Secret", pod({ volumes: [{ name: "s", secret: { secretName: "nope" } }] }),
    "volumes[0].secret.secretName", /^secret "nope" not found/],
  ["a secret volume item of a missing key", pod({ volumes: [{ name: "s", secret: { secretName: "db", items: [{ key: "user", path: "u" }] } }] }),
    "volumes[0].secret.items[0].key", /^references non-existent secret key: user$/],
  ["a configMap volume of a missing ConfigMap", pod({ volumes: [{ name: "c", configMap: { name: "nope" } }] }),
    "volumes[0].configMap.name", /^configmap "nope" not found/],
  ["a configMap volume item of a missing key", pod({ volumes: [{ name: "c", configMap: { name: "game-config", items: [{ key: "X", path: "x" }] } }] }),
    "volumes[0].configMap.items[0].key", /^configmap references non-existent config key: X$/],
  ["a mode above 0777", pod({ volumes: [{ name: "c", configMap: { name: "game-config", defaultMode: 0o1777 } }] }),
    "volumes[0].configMap.defaultMode", /not a valid file mode \(0 to 0777 octal, 511 decimal\)/],
  ["a projected source of a missing Secret", pod({ volumes: [{ name: "p", projected: { sources: [{ secret: { name: "nope" } }] } }] }),
    "volumes[0].projected.sources[0].secret.name", /^secret "nope" not found/],
  ["a projected source with two kinds", pod({ volumes: [{ name: "p", projected: { sources: [{ secret: { name: "db" }, configMap: { name: "game-config" } }] } }] }),
    "volumes[0].projected.sources[0]", /give exactly one of configMap, secret, downwardAPI/],
  ["two projected sources giving one path", pod({ volumes: [{ name: "p", projected: { sources: [
    { secret: { name: "db", items: [{ key: "password", path: "conf/x" }] } },
    { configMap: { name: "game-config", items: [{ key: "LEVEL", path: "conf/x" }] } },
  ] } }] }), "volumes[0].projected.sources[1].configMap.items[0].path", /^conflicting duplicate paths: "conf\/x" is already given by volumes\[0\]\.projected\.sources\[0\]\.secret\.items\[0\]\.path$/],
  ["a bad Secret name", pod({ secrets: { DB: { a: "b" } } }), 'secrets["DB"]', /not a valid Secret name/],
  ["a bad ConfigMap key", pod({ configMaps: { c: { "a b": "x" } } }), 'configMaps["c"]["a b"]', /not a valid ConfigMap key/],
  ["a Secret value that is no string", pod({ secrets: { s: { k: 42 as unknown as string } } }), 'secrets["s"]["k"]', /^must be a string \(or a Pulumi output of one\)$/],
  ["an annotation that is no string", pod({ annotations: { build: 2 as unknown as string } }), 'annotations["build"]', /is not a string/],
])("%s", (_, args, path, message) => {
  test(`is reported at ${path}`, () => {
    const problems = validatePodArgs(args);
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
    for (const p of problems) expect(p.message).not.toContain("hunter2");
  });
});

test("optional references to nothing are no problem; a whole valid pod has none", () => {
  expect(validatePodArgs(pod({
    containers: [c({
      env: [
        { name: "A", valueFrom: { secretKeyRef: { name: "nope", key: "x", optional: true } } },
        { name: "B", valueFrom: { configMapKeyRef: { name: "game-config", key: "x", optional: true } } },
        { name: "C", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: "D", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
      ],
      envFrom: [{ secretRef: { name: "nope", optional: true } }, { prefix: "G_", configMapRef: { name: "game-config" } }],
    })],
    volumes: [
      { name: "s", secret: { secretName: "nope", optional: true } },
      { name: "t", secret: { secretName: "db", items: [{ key: "user", path: "u" }], optional: true, defaultMode: 0o400 } },
      { name: "c", configMap: { name: "nope", optional: true } },
      { name: "i", configMap: { data: { a: "1" }, defaultMode: 0o600 } },
      { name: "d", downwardAPI: { items: [{ path: "l", fieldRef: { fieldPath: "metadata.labels" } }, { path: "m", resourceFieldRef: { containerName: "app", resource: "requests.memory" }, mode: 0o600 }] } },
      { name: "p", projected: { sources: [{ secret: { name: "db" } }, { configMap: { name: "game-config" } }, { downwardAPI: { items: [{ path: "n", fieldRef: { fieldPath: "metadata.name" } }] } }] } },
    ],
  }))).toEqual([]);
});

test("containers may take the names s-keeper and s-content: the volume's own resources are <pod>-s.keeper and <pod>-s.content", () => {
  expect(validatePodArgs(pod({ containers: [c({ name: "s-keeper" }), c({ name: "s-content" })], volumes: [{ name: "s", secret: { secretName: "db" } }] }))).toEqual([]);
});
