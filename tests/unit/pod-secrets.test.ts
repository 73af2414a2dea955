/**
 * The Pod's graph for Secrets, ConfigMaps by reference and the downward API, under mocks: a secret
 * volume is a tmpfs Docker volume kept mounted by a keeper and filled by a holder; the members'
 * env carries referenced values; the engine's facts are asked for only when needed; the manifest
 * output refers to Secrets by name and holds no value.
 */
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { Pod, PodArgs } from "../../components";

const spec: PodArgs = {
  pauseImage: "pause:test",
  labels: { app: "web" },
  annotations: { build: "42" },
  configMaps: { game: { LEVEL: "very" } },
  secrets: { db: { password: "hunter2" } }, // given plain: the Pod makes it secret
  volumes: [
    { name: "creds", secret: { secretName: "db", defaultMode: 0o400 } },
    { name: "game", configMap: { name: "game", items: [{ key: "LEVEL", path: "level", mode: 0o600 }] } },
    { name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
  ],
  containers: [{
    name: "app",
    image: "busybox",
    env: [
      { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
      { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    ],
    envFrom: [{ configMapRef: { name: "game" } }],
    volumeMounts: [{ name: "creds", mountPath: "/etc/creds" }, { name: "game", mountPath: "/etc/game" }, { name: "info", mountPath: "/etc/info" }],
  }],
};

/** How the engine receives a secret input: wrapped in Pulumi's secret signature. */
const secret = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });

let pod: Pod;
beforeAll(async () => {
  resetRecorded();
  pod = new Pod("s", spec);
  await valueOf(pod.containerIds);
});

test("a secret volume: a tmpfs Docker volume, a keeper holding it mounted, a holder uploading the files with their modes", () => {
  expect(byName("s-creds").inputs.driverOpts).toEqual({ type: "tmpfs", device: "tmpfs", o: "mode=0755" });
  const keeper = byName("s-creds.keeper").inputs;
  expect(keeper).toMatchObject({ image: "pause:test", networkMode: "none", readOnly: true, restart: "unless-stopped", capabilities: { drops: ["ALL"] } });
  expect(keeper.mounts).toEqual([{ type: "volume", source: "s-creds-vol", target: "/content", readOnly: true }]);
  const holder = byName("s-creds.content").inputs;
  expect(holder).toMatchObject({ start: false, mustRun: false });
  expect(holder.uploads).toEqual(secret([{ file: "/content/password", content: "hunter2", permissions: "0400" }]));
});

test("configMap and downwardAPI volumes are on disk (no keeper), with their files", () => {
  expect(byName("s-game").inputs.driverOpts).toBeUndefined();
  expect(recorded.map((r) => r.name)).not.toContain("s-game.keeper");
  expect(byName("s-game.content").inputs.uploads).toEqual([{ file: "/content/level", content: "very", permissions: "0600" }]);
  expect(byName("s-info.content").inputs.uploads).toEqual([{ file: "/content/labels", content: 'app="web"', permissions: "0644" }]);
});

test("the member's env: envFrom, then the Secret's value and the pod IP (from pause); all mounts read-only", () => {
  const app = byName("s-app").inputs;
  expect(app.envs).toEqual(secret(["LEVEL=very", "PASSWORD=hunter2", "POD_IP=172.17.0.9"]));
  expect(app.mounts.map((m: { readOnly: boolean }) => m.readOnly)).toEqual([true, true, true]);
  expect(recorded.map((r) => r.name)).not.toContain("s.node-info"); // nothing asked for the engine's facts
});

test("the manifest output refers to the Secret by name, holds no value, and is not secret", async () => {
  const manifest = await valueOf(pod.manifest);
  expect(await pulumi.isSecret(pod.manifest)).toBe(false);
  expect(JSON.stringify(manifest)).not.toContain("hunter2");
  expect(manifest.metadata).toEqual({ name: "s", labels: { app: "web" }, annotations: { build: "42" } });
  expect(manifest.spec?.volumes?.[0]).toEqual({ name: "creds", secret: { secretName: "db", defaultMode: 0o400 } });
});

test("spec.nodeName asks the pod's own engine once, through one run of podlet node-info (no docker CLI)", async () => {
  resetRecorded();
  const node = new Pod("n", {
    pauseImage: "pause:test",
    containers: [{ name: "a", image: "busybox", env: [
      { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
      { name: "CPUS", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
    ] }],
  });
  await valueOf(node.containerIds);
  expect(recorded.filter((r) => r.type === "command:local:Command")).toEqual([]);
  expect(recorded.filter((r) => r.name.endsWith(".node-info")).map((r) => r.name)).toEqual(["n.node-info"]);
  expect(byName("n.node-info").inputs).toMatchObject({
    image: "pause:test", entrypoints: ["/podlet"], command: ["node-info"], attach: true, networkMode: "none",
    mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }],
  });
  // The member's env carries what the engine said: its host name, and its CPUs for an unset limit.
  expect(byName("n-a").inputs.envs).toEqual(expect.arrayContaining(["NODE=node-1", "CPUS=4"]));
});
