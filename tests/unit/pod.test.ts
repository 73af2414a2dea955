/** The Pod's resource graph under Pulumi mocks: modes, ports, security, labels, outputs. */
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { Pod, PodArgs } from "../../components";

const classic: PodArgs = {
  containers: [
    { name: "web", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }], resources: { limits: { "nvidia.com/gpu": "1" } } },
    {
      name: "app",
      image: "app:1",
      command: ["/bin/app"],
      args: ["--port", "2368"],
      env: [{ name: "MODE", value: "prod" }],
      ports: [{ containerPort: 9000, protocol: "UDP", hostIP: "127.0.0.1" }],
      workingDir: "/srv",
      resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "250m", memory: "64Mi" } },
      securityContext: {
        runAsUser: 1000,
        runAsGroup: 1000,
        readOnlyRootFilesystem: true,
        capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] },
        allowPrivilegeEscalation: false,
      },
    },
  ],
  hostname: "classic",
  hostAliases: [{ ip: "10.0.0.1", hostnames: ["db", "cache"] }],
  dnsConfig: { nameservers: ["1.1.1.1"], searches: ["svc.local"], options: [{ name: "ndots", value: "2" }, { name: "rotate" }] },
  restartPolicy: "OnFailure",
  terminationGracePeriodSeconds: 7,
  labels: { team: "a" },
  pauseImage: "pause:test",
  resources: { limits: { memory: "256Mi" } },
};

let pod: Pod;
beforeAll(async () => {
  resetRecorded();
  pod = new Pod("p", classic);
  await valueOf(pod.containerIds);
  // The podlet is registered last (it waits for pause and the members).
  for (let i = 0; i < 100 && !recorded.some((r) => r.name === "p.podlet"); i++) await new Promise((r) => setTimeout(r, 5));
});

test("the pod is a docker-pod:index:Pod with a pause container, one container per member, its podlet and the socket check", () => {
  expect(byName("p").type).toBe("docker-pod:index:Pod");
  expect(recorded.filter((r) => r.type === "docker:index/container:Container").map((r) => r.name).sort())
    .toEqual(["p-app", "p-web", "p.engine-check", "p.pause", "p.podlet"]);
  expect(recorded.some((r) => r.type === "docker:index/image:Image")).toBe(false); // pauseImage given
});

test("pause owns the network and shareable IPC and runs hardened", () => {
  const pause = byName("p.pause").inputs;
  expect(pause).toMatchObject({
    image: "pause:test",
    networkMode: "bridge",
    ipcMode: "shareable",
    user: "65535:65535",
    readOnly: true,
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    restart: "no", // the podlet restarts it (selfHealing)
  });
});

test("pause publishes every port of every member", () => {
  expect(byName("p.pause").inputs.ports).toEqual([
    { internal: 80, external: 8080, ip: "0.0.0.0", protocol: "tcp" },
    { internal: 9000, ip: "127.0.0.1", protocol: "udp" },
  ]);
});

test("pause holds the hostname, extra hosts and DNS", () => {
  expect(byName("p.pause").inputs).toMatchObject({
    hostname: "classic",
    hosts: [{ host: "db", ip: "10.0.0.1" }, { host: "cache", ip: "10.0.0.1" }],
    dns: ["1.1.1.1"],
    dnsSearches: ["svc.local"],
    dnsOpts: ["ndots:2", "rotate"],
  });
});

test("members join pause's namespaces by id and have no ports, hostname or DNS", () => {
  for (const name of ["p-web", "p-app"]) {
    const m = byName(name).inputs;
    expect(m.networkMode).toBe("container:p.pause-id");
    expect(m.ipcMode).toBe("container:p.pause-id");
    expect(m.pidMode).toBe("container:p.pause-id");
    for (const field of ["ports", "hostname", "dns", "hosts", "dnsSearches", "dnsOpts"]) expect(m[field]).toBeUndefined();
  }
});

test("pod-level limits bound a member without its own (no pod cgroup on Docker); a member's own limit stays", () => {
  expect(byName("p-web").inputs).toMatchObject({ memory: 256, memorySwap: 256 });
  expect(byName("p-app").inputs).toMatchObject({ memory: 128, memorySwap: 128 });
});

test("a member's nvidia.com/gpu limit is Docker's --gpus N (a device request of the nvidia driver)", () => {
  expect(byName("p-web").inputs.deviceRequests).toEqual([{ driver: "nvidia", count: 1, capabilities: ["gpu"] }]);
  expect(byName("p-app").inputs.deviceRequests).toBeUndefined();
});

test("member fields map as in Kubernetes", () => {
  expect(byName("p-app").inputs).toMatchObject({
    image: "app:1",
    entrypoints: ["/bin/app"],
    command: ["--port", "2368"],
    envs: ["MODE=prod"],
    workingDir: "/srv",
    memory: 128,
    memorySwap: 128,
    memoryReservation: 64,
    cpuPeriod: 100000,
    cpuQuota: 50000,
    cpuShares: 256,
    user: "1000:1000",
    readOnly: true,
    capabilities: { adds: ["NET_ADMIN"], drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    restart: "no", // the podlet applies restartPolicy (selfHealing)
    stopTimeout: 7,
    destroyGraceSeconds: 7,
  });
});

test("every container carries the user's labels, the pod's identifying labels and its stack", () => {
  const labels = (name: string) => Object.fromEntries(byName(name).inputs.labels.map((l: any) => [l.label, l.value]));
  const stack = `${pulumi.getProject()}/${pulumi.getStack()}`;
  expect(labels("p.pause")).toEqual({
    team: "a", "org.docker-pod.pod": "p", "org.docker-pod.container": "POD", "org.docker-pod.role": "pause", "org.docker-pod.stack": stack,
  });
  expect(labels("p-web")).toEqual({
    team: "a", "org.docker-pod.pod": "p", "org.docker-pod.container": "web", "org.docker-pod.role": "member",
    "org.docker-pod.restart-policy": "OnFailure", "org.docker-pod.stack": stack,
  });
});

test("outputs: pause id, member ids, published ports, pod IP", async () => {
  expect(await valueOf(pod.pauseContainerId)).toBe("p.pause-id");
  expect(await valueOf(pod.containerIds)).toEqual({ web: "p-web-id", app: "p-app-id" });
  expect(await valueOf(pod.ports)).toEqual([
    { containerPort: 80, hostPort: 8080, hostIP: "0.0.0.0", protocol: "TCP" },
    { containerPort: 9000, hostPort: 32768, hostIP: "127.0.0.1", protocol: "UDP" },
  ]);
  expect(await valueOf(pod.podIP)).toBe("172.17.0.9");
});

describe("defaults", () => {
  beforeAll(async () => {
    resetRecorded();
    const p = new Pod("d", { containers: [{ name: "only", image: "busybox" }] });
    await valueOf(p.containerIds);
  });

  test("a shared PID namespace, restarts by the podlet (Docker's policy no), a 30 s grace period, hostname = pod name", () => {
    expect(byName("d-only").inputs).toMatchObject({ pidMode: "container:d.pause-id", restart: "no", stopTimeout: 30 });
    expect(byName("d.pause").inputs).toMatchObject({ restart: "no", hostname: "d", ports: [] });
  });

  test("without pauseImage the pod builds its own PauseImage from native/", () => {
    expect(byName("d-pause-image").type).toBe("docker-pod:index:PauseImage");
    const image = byName("d-pause-image-image").inputs;
    expect(image.skipPush).toBe(true);
    expect(image.imageName).toMatch(/^docker-pod\/pause:[0-9a-f]{12}$/);
    expect(image.build.context).toMatch(/\/native$/);
    expect(byName("d.pause").inputs.image).toBe(image.imageName);
  });

  test("shareProcessNamespace: false leaves the PID namespace private", async () => {
    resetRecorded();
    const p = new Pod("n", { containers: [{ name: "only", image: "busybox" }], shareProcessNamespace: false, pauseImage: "x" });
    await valueOf(p.containerIds);
    expect(byName("n-only").inputs.pidMode).toBeUndefined();
  });

  test("selfHealing: false keeps Docker's restart policy mapped from restartPolicy", async () => {
    resetRecorded();
    const p = new Pod("s", { containers: [{ name: "only", image: "busybox" }], restartPolicy: "OnFailure", selfHealing: false, pauseImage: "x" });
    await valueOf(p.containerIds);
    expect(byName("s-only").inputs.restart).toBe("on-failure");
    expect(byName("s.pause").inputs.restart).toBe("on-failure");
  });
});

test("invalid args raise one ResourceError before any child exists", () => {
  resetRecorded();
  expect(() => new Pod("bad", { containers: [] })).toThrow(pulumi.ResourceError);
  expect(() => new Pod("bad2", { containers: [{ name: "A", image: "" }] })).toThrow(/containers\[0\]\.name[\s\S]*containers\[0\]\.image/);
  expect(recorded.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
});
