/**
 * The pure mappings of env (`value`, `valueFrom`, `envFrom`), the downward API and the files of
 * configMap, secret, downwardAPI and projected volumes, as the kubelet builds them.
 */
import * as pulumi from "@pulumi/pulumi";
import "./mocks";
import { Container, Volume } from "../../components/args";
import { DownwardContext, formatMap, uidOf } from "../../components/mapping/downward";
import { EnvContext, dockerEnv, envNamesLabelValue } from "../../components/mapping/env";
import { volumeFiles } from "../../components/mapping/volume-files";
import { valueOf } from "./mocks";

const pauseId = "5d18a151fa0a9b3c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0";
let nodeAsked = 0;
const downward: DownwardContext = {
  podName: "web",
  labels: { app: "web", tier: "front" },
  annotations: { build: "42" },
  containers: [{ name: "app", image: "x", resources: { limits: { cpu: "250m", memory: "128Mi" }, requests: { memory: "64Mi" } } }],
  pod: { pauseId, podIPs: ["172.17.0.9"], hostIP: "172.17.0.1" },
  node: () => {
    nodeAsked++;
    return { name: "docker-host", cpus: 2, memory: 4_000_000_000 };
  },
};
const ctx: EnvContext = {
  configMaps: { "game-config": { LEVEL: "very", TYPE: "charm", "bad=key": "x" } },
  secrets: { db: { password: pulumi.secret("hunter2"), user: pulumi.secret("admin") } },
  downward,
};
const env = (c: Partial<Container>) => dockerEnv({ name: "app", image: "x", ...c }, ctx);

test("inline values, in order; no env is no list", async () => {
  expect(env({})).toBeUndefined();
  expect(await valueOf(env({ env: [{ name: "A", value: "1" }, { name: "EMPTY" }] })!)).toEqual(["A=1", "EMPTY="]);
});

test("envFrom sources in order (keys sorted, prefixed, '=' keys skipped), then env overriding them", async () => {
  const list = env({
    envFrom: [{ configMapRef: { name: "game-config" } }, { prefix: "DB_", secretRef: { name: "db" } }],
    env: [{ name: "TYPE", value: "override" }],
  })!;
  expect(await valueOf(list)).toEqual(["LEVEL=very", "DB_password=hunter2", "DB_user=admin", "TYPE=override"]);
  expect(await pulumi.isSecret(list)).toBe(true); // holds a Secret's value
});

test("configMapKeyRef and secretKeyRef; an optional reference to nothing sets nothing", async () => {
  const list = env({
    env: [
      { name: "LEVEL", valueFrom: { configMapKeyRef: { name: "game-config", key: "LEVEL" } } },
      { name: "PASS", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
      { name: "GONE", valueFrom: { secretKeyRef: { name: "nope", key: "x", optional: true } } },
      { name: "GONE2", valueFrom: { configMapKeyRef: { name: "game-config", key: "x", optional: true } } },
    ],
  })!;
  expect(await valueOf(list)).toEqual(["LEVEL=very", "PASS=hunter2"]);
  expect(await pulumi.isSecret(list)).toBe(true);
  expect(await pulumi.isSecret(env({ env: [{ name: "L", valueFrom: { configMapKeyRef: { name: "game-config", key: "LEVEL" } } }] })!)).toBe(false);
});

test("fieldRef: what a Docker host gives for each field", async () => {
  const fields = ["metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels['app']", "metadata.annotations['build']",
    "metadata.labels['none']", "spec.nodeName", "spec.serviceAccountName", "status.podIP", "status.podIPs", "status.hostIP"];
  const list = env({ env: fields.map((fieldPath, i) => ({ name: `F${i}`, valueFrom: { fieldRef: { fieldPath } } })) })!;
  expect(await valueOf(list)).toEqual([
    "F0=web", "F1=default", "F2=5d18a151-fa0a-9b3c-1d2e-3f4051627384", "F3=web", "F4=42", "F5=",
    "F6=docker-host", "F7=default", "F8=172.17.0.9", "F9=172.17.0.9", "F10=172.17.0.1",
  ]);
  expect(uidOf(pauseId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test("resourceFieldRef: limits, requests defaulting to limits, unset limits from the node, divisors rounding up", async () => {
  nodeAsked = 0;
  const r = (resource: string, divisor?: string, containerName?: string) => ({ name: `${resource}-${divisor ?? "1"}`.replace(/[^A-Za-z0-9]/g, "_"), valueFrom: { resourceFieldRef: { resource, divisor, containerName } } });
  const resources = { limits: { cpu: "250m", memory: "128Mi" }, requests: { memory: "64Mi" } };
  const list = dockerEnv(
    { name: "app", image: "x", resources, env: [r("limits.cpu", "1m"), r("limits.cpu"), r("requests.cpu", "1m"), r("limits.memory", "1Mi"), r("requests.memory", "1Mi")] },
    ctx,
  )!;
  expect(await valueOf(list)).toEqual(["limits_cpu_1m=250", "limits_cpu_1=1", "requests_cpu_1m=250", "limits_memory_1Mi=128", "requests_memory_1Mi=64"]);
  expect(nodeAsked).toBe(0); // every value was known: the engine is not asked
  const unset = dockerEnv({ name: "bare", image: "x", env: [r("limits.cpu"), r("limits.memory", "1M"), r("requests.memory")] }, ctx)!;
  expect(await valueOf(unset)).toEqual(["limits_cpu_1=2", "limits_memory_1M=4000", "requests_memory_1=0"]);
  expect(nodeAsked).toBeGreaterThan(0);
});

test("configMap and secret volume files: all keys or items, modes, optional missing keys skipped", async () => {
  const files = (v: Omit<Volume, "name">) => volumeFiles({ name: "v", ...v }, ctx);
  const all = files({ configMap: { name: "game-config", defaultMode: 0o400 } });
  expect(all.secret).toBe(false);
  expect(Object.keys(all.files)).toEqual(["LEVEL", "TYPE", "bad=key"]);
  expect(all.files.LEVEL).toEqual({ content: "very", mode: 0o400 });
  const items = files({ secret: { secretName: "db", items: [{ key: "password", path: "pw/file", mode: 0o600 }, { key: "user", path: "u" }, { key: "gone", path: "g" }], optional: true } });
  expect(items.secret).toBe(true);
  expect(Object.keys(items.files)).toEqual(["pw/file", "u"]);
  expect(items.files["pw/file"].mode).toBe(0o600);
  expect(items.files.u.mode).toBe(0o644);
  expect(await pulumi.isSecret(pulumi.output(items.files.u.content))).toBe(true);
  expect(files({ secret: { secretName: "nope", optional: true } }).files).toEqual({});
  expect(files({ configMap: { data: { a: "1" }, items: [{ key: "a", path: "b" }] } }).files).toEqual({ b: { content: "1", mode: 0o644 } });
});

test("downwardAPI and projected volume files", async () => {
  const dapi = volumeFiles({
    name: "podinfo",
    downwardAPI: {
      items: [
        { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
        { path: "annotations", fieldRef: { fieldPath: "metadata.annotations" }, mode: 0o600 },
        { path: "cpu_limit", resourceFieldRef: { containerName: "app", resource: "limits.cpu", divisor: "1m" } },
      ],
    },
  }, ctx);
  expect(dapi.files).toEqual({
    labels: { content: 'app="web"\ntier="front"', mode: 0o644 },
    annotations: { content: 'build="42"', mode: 0o600 },
    cpu_limit: { content: "250", mode: 0o644 },
  });
  expect(formatMap({})).toBe("");
  const projected = volumeFiles({
    name: "all-in-one",
    projected: {
      defaultMode: 0o440,
      sources: [
        { secret: { name: "db", items: [{ key: "user", path: "my-group/my-username" }] } },
        { downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }] } },
        { configMap: { name: "game-config", items: [{ key: "LEVEL", path: "my-group/my-config" }] } },
      ],
    },
  }, ctx);
  expect(projected.secret).toBe(true);
  expect(Object.keys(projected.files)).toEqual(["my-group/my-username", "name", "my-group/my-config"]);
  expect(projected.files.name).toEqual({ content: "web", mode: 0o440 });
});

test("with a secret env value, the env-names label names every variable and which are secret, never a value", async () => {
  const names = envNamesLabelValue(
    { name: "app", image: "x", envFrom: [{ configMapRef: { name: "game-config" } }], env: [{ name: "A", value: "1" }, { name: "PASS", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] },
    ctx,
  )!;
  expect(await pulumi.isSecret(names)).toBe(false);
  expect(JSON.parse((await valueOf(names))!)).toEqual({ names: ["LEVEL", "TYPE", "A", "PASS"], secret: ["PASS"] });
  expect(await valueOf(envNamesLabelValue({ name: "app", image: "x", env: [{ name: "A", value: "1" }] }, ctx)!)).toBeUndefined();
  expect(envNamesLabelValue({ name: "app", image: "x" }, ctx)).toBeUndefined();
});
