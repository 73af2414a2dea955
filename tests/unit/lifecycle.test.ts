/** The lifecycle parts of the Pod's graph under mocks: init containers, probes, hooks, volumes. */
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { initFailure } from "../../components/init-containers";
import { lastLines } from "../../components/runs";
import { Pod, PodArgs } from "../../components";

const busybox = "busybox";
const spec: PodArgs = {
  pauseImage: "pause:test",
  volumes: [
    { name: "shared", emptyDir: {} },
    { name: "cache", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
    { name: "host", hostPath: { path: "/srv/data" } },
    { name: "conf", configMap: { data: { "a.conf": "A", "b.conf": pulumi.secret("B") }, items: [{ key: "a.conf", path: "conf.d/a.conf" }] } },
  ],
  initContainers: [
    { name: "first", image: busybox, command: ["true"] },
    { name: "second", image: busybox, command: ["true"] },
  ],
  containers: [
    {
      name: "web",
      image: busybox,
      volumeMounts: [
        { name: "shared", mountPath: "/shared" },
        { name: "cache", mountPath: "/cache", readOnly: true },
        { name: "host", mountPath: "/host", subPath: "web" },
        { name: "shared", mountPath: "/sub", subPath: "logs" },
        { name: "conf", mountPath: "/etc/app" },
      ],
      readinessProbe: { exec: { command: ["cat", "/ready"] }, periodSeconds: 2, failureThreshold: 4, initialDelaySeconds: 1 },
      livenessProbe: { exec: { command: ["true"] }, timeoutSeconds: 3 },
      lifecycle: { postStart: { exec: { command: ["sh", "-c", "echo it's up"] } }, preStop: { exec: { command: ["nginx", "-s", "quit"] } } },
    },
  ],
  terminationGracePeriodSeconds: 9,
  readinessTimeoutSeconds: 60,
};

let pod: Pod;
beforeAll(async () => {
  resetRecorded();
  pod = new Pod("l", spec);
  await valueOf(pod.containerIds);
  await valueOf(pod.ready);
});

test("init containers run attached to completion in the pod's namespaces, never restarted", () => {
  for (const name of ["l-first", "l-second"]) {
    expect(byName(name).inputs).toMatchObject({
      attach: true, logs: true, mustRun: false, restart: "no",
      networkMode: "container:l.pause-id", pidMode: "container:l.pause-id",
    });
    const labels = Object.fromEntries(byName(name).inputs.labels.map((l: any) => [l.label, l.value]));
    expect(labels["org.docker-pod.role"]).toBe("init");
  }
  expect(byName("l-first").inputs.start).toBeUndefined(); // pulumi-docker's default: started
});

test("init containers run in order: each after the previous one exited 0, members after the last", () => {
  const order = recorded.map((r) => r.name);
  expect(order.indexOf("l-first")).toBeLessThan(order.indexOf("l-second"));
  expect(order.indexOf("l-second")).toBeLessThan(order.indexOf("l-web"));
});

test("readiness is the member's Docker health check, and up waits for it", () => {
  expect(byName("l-web").inputs).toMatchObject({
    healthcheck: { tests: ["CMD", "cat", "/ready"], interval: "2s", timeout: "1s", retries: 4, startPeriod: "1s" },
    wait: true,
    waitTimeout: 60,
  });
});

test("liveness and postStart become podlet labels with Kubernetes' defaults filled in", () => {
  const labels = Object.fromEntries(byName("l-web").inputs.labels.map((l: any) => [l.label, l.value]));
  expect(JSON.parse(labels["org.docker-pod.liveness"])).toEqual({
    exec: ["true"], initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1,
  });
  expect(JSON.parse(labels["org.docker-pod.post-start"])).toEqual(["sh", "-c", "echo it's up"]);
});

test("hooks run on the pod's engine by the podlet program: postStart to completion, preStop when its guard stops", () => {
  const hardened = {
    image: "pause:test",
    entrypoints: ["/podlet"],
    mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }],
    networkMode: "none",
    readOnly: true,
    user: "0:0",
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
  };
  const postStart = byName("l-web.post-start");
  expect(postStart.type).toBe("docker:index/container:Container");
  expect(postStart.inputs).toMatchObject({ ...hardened, attach: true, logs: true, mustRun: false, restart: "no" });
  expect(postStart.inputs.command).toEqual(["exec", "l-web-id", "60", JSON.stringify(["sh", "-c", "echo it's up"])]);
  const preStop = byName("l-web.pre-stop").inputs;
  expect(preStop).toMatchObject({ ...hardened, restart: "unless-stopped", destroyGraceSeconds: 14 });
  expect(preStop.attach).toBeUndefined();
  expect(preStop.command).toEqual(["pre-stop", "l-web-id", "9", JSON.stringify(["nginx", "-s", "quit"])]);
});

test("grace period: stop timeout and destroy grace of members", () => {
  expect(byName("l-web").inputs).toMatchObject({ stopTimeout: 9, destroyGraceSeconds: 9 });
});

test("emptyDir is a pod-owned Docker volume (tmpfs for Memory); hostPath and subPath are binds", () => {
  expect(byName("l-shared").type).toBe("docker:index/volume:Volume");
  expect(byName("l-cache").inputs).toMatchObject({ driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs", o: `size=${64 * 2 ** 20}` } });
  const web = byName("l-web").inputs;
  expect(web.mounts).toEqual([
    { type: "volume", source: "l-shared-vol", target: "/shared", readOnly: false },
    { type: "volume", source: "l-cache-vol", target: "/cache", readOnly: true },
    { type: "volume", source: "l-conf-vol", target: "/etc/app", readOnly: true },
  ]);
  expect(web.volumes).toEqual([
    { hostPath: "/srv/data/web", containerPath: "/host", readOnly: false },
    { hostPath: "/var/lib/docker/volumes/l-shared-vol/_data/logs", containerPath: "/sub", readOnly: false },
  ]);
});

test("a configMap volume is filled by a never-started holder container, and named by its content", () => {
  const holder = byName("l-conf.content").inputs;
  expect(holder).toMatchObject({ image: "pause:test", start: false, mustRun: false });
  expect(holder.uploads).toEqual([{ file: "/content/conf.d/a.conf", content: "A", permissions: "0644" }]);
  const labels = Object.fromEntries(byName("l-conf").inputs.labels.map((l: any) => [l.label, l.value]));
  expect(labels["org.docker-pod.content"]).toMatch(/^[0-9a-f]{16}$/);
});

test("ready is true once the members exist", async () => {
  expect(await valueOf(pod.ready)).toBe(true);
});

test("a failed init container's error: its index, exit code and last 20 log lines", () => {
  const logs = [...Array.from({ length: 25 }, (_, i) => `line ${i + 1}`), "", "oops", ""].join("\n");
  const err = initFailure("p", "m", 1, 3, lastLines(logs)).split("\n");
  expect(err[0]).toBe('init container "m" (initContainers[1]) of pod "p" failed with exit code 3; no container of the pod was started. Last log lines:');
  expect(err.slice(1)).toEqual([...Array.from({ length: 19 }, (_, i) => `line ${i + 7}`), "oops"]);
});

test("the probe helper is uploaded 0755: a member running as another user than root runs it too", async () => {
  const probed = new Pod("h", {
    pauseImage: "pause:test",
    securityContext: { runAsUser: 1000 },
    containers: [{ name: "web", image: busybox, ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: "/", port: 8080 } } }],
  });
  await valueOf(probed.containerIds);
  expect(byName("h-web").inputs.uploads).toEqual([{ file: "/.docker-pod/probe", contentBase64: expect.any(String), permissions: "0755" }]);
  expect(byName("h-web").inputs.user).toBe("1000");
});
