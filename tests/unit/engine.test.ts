/**
 * Any engine: every child of a Pod acts on the docker provider the Pod was given (`provider`,
 * `providers`, or its parent's), and the containers that talk to the engine themselves mount that
 * engine's socket, derived from the provider's host or given as `dockerSocket`.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { Pod, PodArgs, validatePodArgs } from "../../components";
import { socketFailure } from "../../components/agent";
import { socketOfHost } from "../../components/engine";

/** Provider reference and dependencies of each registered resource, from the mock monitor's requests. */
const registered = new Map<string, { provider: string; deps: string[] }>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const monitor = pulumi.runtime.getMonitor() as any;
const register = monitor.registerResource.bind(monitor);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
monitor.registerResource = (req: any, callback: unknown) => {
  registered.set(req.getName(), { provider: req.getProvider(), deps: req.getDependenciesList().map((u: string) => u.split("::").pop()) });
  return register(req, callback);
};

const spec: PodArgs = {
  volumes: [{ name: "scratch", emptyDir: {} }, { name: "conf", configMap: { data: { a: "A" } } }],
  initContainers: [{ name: "setup", image: "busybox", command: ["true"] }],
  containers: [{
    name: "web",
    image: "busybox",
    ports: [{ containerPort: 80, hostPort: 8080 }],
    volumeMounts: [{ name: "scratch", mountPath: "/s" }, { name: "conf", mountPath: "/c" }],
    lifecycle: { postStart: { exec: { command: ["true"] } }, preStop: { exec: { command: ["true"] } } },
  }],
};

/** Builds a pod and waits until its last resource (the podlet) is registered. */
async function build(name: string, make: () => Pod): Promise<Pod> {
  resetRecorded();
  registered.clear();
  const pod = make();
  await valueOf(pod.ready);
  for (let i = 0; i < 200 && !registered.has(`${name}.podlet`); i++) await new Promise((r) => setTimeout(r, 5));
  return pod;
}

/** Names of the pod's Docker resources (images, containers, volumes). */
const dockerChildren = (pod: string) => recorded.filter((r) => r.type.startsWith("docker:") && (r.name.startsWith(`${pod}-`) || r.name.startsWith(`${pod}.`))).map((r) => r.name);
const socketOf = (name: string) => byName(name).inputs.mounts[0].source;

test.each([
  ["unix:///var/run/docker2.sock", "/var/run/docker2.sock"],
  ["unix:///run/user/1000/docker.sock", "/run/user/1000/docker.sock"],
  ["tcp://10.0.0.5:2376", "/var/run/docker.sock"],
  ["ssh://deploy@build-host", "/var/run/docker.sock"],
  [undefined, "/var/run/docker.sock"],
])("the socket on the engine's host for host %s is %s", (host, socket) => {
  expect(socketOfHost(host)).toBe(socket);
});

describe.each([
  ["providers (a map)", (p: docker.Provider) => ({ providers: { docker: p } })],
  ["providers (a list)", (p: docker.Provider) => ({ providers: [p] })],
  ["provider", (p: docker.Provider) => ({ provider: p })],
])("a Pod given its engine by opts.%s", (_, opts) => {
  let h2: docker.Provider;
  beforeAll(async () => {
    await build("e", () => {
      h2 = new docker.Provider("h2", { host: "unix:///var/run/docker2.sock" });
      return new Pod("e", spec, opts(h2));
    });
  });

  test("every image, container and volume of the pod uses that provider", async () => {
    const ref = `${await valueOf(h2.urn)}::${await valueOf(h2.id)}`;
    const children = dockerChildren("e");
    expect(children).toEqual(expect.arrayContaining([
      "e-pause-image-image", "e.pause", "e-setup", "e-web", "e-scratch", "e-conf", "e-conf.content",
      "e.podlet", "e.engine-check", "e-web.post-start", "e-web.pre-stop",
    ]));
    for (const name of children) expect([name, registered.get(name)?.provider]).toEqual([name, ref]);
  });

  test("the podlet, the check and the hook runs mount that engine's socket", () => {
    for (const name of ["e.podlet", "e.engine-check", "e-web.post-start", "e-web.pre-stop"]) {
      expect([name, socketOf(name)]).toEqual([name, "/var/run/docker2.sock"]);
    }
  });
});

test("a Pod inside a component inherits the component's provider", async () => {
  let h3: docker.Provider;
  await build("i", () => {
    h3 = new docker.Provider("h3", { host: "unix:///run/user/1000/docker.sock" });
    const app = new pulumi.ComponentResource("test:index:App", "app", {}, { providers: { docker: h3 } });
    return new Pod("i", spec, { parent: app });
  });
  const ref = `${await valueOf(h3!.urn)}::${await valueOf(h3!.id)}`;
  for (const name of dockerChildren("i")) expect([name, registered.get(name)?.provider]).toEqual([name, ref]);
  expect(socketOf("i.podlet")).toBe("/run/user/1000/docker.sock");
});

test("dockerSocket overrides the socket derived from the provider (a tcp:// engine's rootless socket)", async () => {
  await build("t", () => {
    const remote = new docker.Provider("remote", { host: "tcp://10.0.0.5:2376" });
    return new Pod("t", { ...spec, dockerSocket: "/run/user/1001/docker.sock" }, { provider: remote });
  });
  for (const name of ["t.podlet", "t.engine-check", "t-web.post-start", "t-web.pre-stop"]) {
    expect([name, socketOf(name)]).toEqual([name, "/run/user/1001/docker.sock"]);
  }
});

test("the default provider: Docker's default socket", async () => {
  await build("d", () => new Pod("d", spec));
  expect(registered.get("d.pause")?.provider).toBe(""); // the engine's default docker provider
  expect(socketOf("d.podlet")).toBe("/var/run/docker.sock");
});

test("the socket is checked before pause, the podlet and the hook containers", async () => {
  await build("c", () => new Pod("c", spec));
  expect(byName("c.engine-check").inputs).toMatchObject({ attach: true, logs: true, mustRun: false, command: ["check", "/var/run/docker.sock"] });
  expect(registered.get("c.engine-check")?.deps).toEqual(["c-pause-image-image"]); // only its image
  for (const name of ["c.pause", "c.podlet", "c-web.post-start", "c-web.pre-stop"]) {
    expect([name, registered.get(name)?.deps]).toEqual([name, expect.arrayContaining(["c.engine-check"])]);
  }
});

test("pods sharing a pause image output, provider and socket share one check; each still waits for it", async () => {
  resetRecorded();
  registered.clear();
  const image = pulumi.output("docker-pod/pause:shared");
  const other = new docker.Provider("other", { host: "unix:///var/run/other.sock" });
  const one = (name: string, extra: Partial<PodArgs> = {}, opts?: pulumi.ComponentResourceOptions) =>
    new Pod(name, { ...spec, pauseImage: image, ...extra }, opts);
  const pods = [one("s1"), one("s2"), one("s3", { dockerSocket: "/run/other.sock" }), one("s4", {}, { provider: other }), one("s5", { pauseImage: "docker-pod/pause:x" })];
  await Promise.all(pods.map((p) => valueOf(p.ready)));
  const done = () => ["s1", "s2", "s3", "s4", "s5"].every((p) => registered.has(`${p}.podlet`) && recorded.some((r) => r.name === `${p}.podlet`));
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  const checks = recorded.filter((r) => r.name.endsWith(".engine-check")).map((r) => r.name).sort();
  expect(checks).toEqual(["s1.engine-check", "s3.engine-check", "s4.engine-check", "s5.engine-check"]);
  for (const [pod, check] of [["s1", "s1"], ["s2", "s1"], ["s3", "s3"], ["s4", "s4"], ["s5", "s5"]]) {
    expect([pod, registered.get(`${pod}.pause`)?.deps]).toEqual([pod, expect.arrayContaining([`${check}.engine-check`])]);
    expect([pod, registered.get(`${pod}.podlet`)?.deps]).toEqual([pod, expect.arrayContaining([`${check}.engine-check`])]);
  }
  expect(socketOf("s3.engine-check")).toBe("/run/other.sock");
  expect(socketOf("s4.engine-check")).toBe("/var/run/other.sock");
});

test("a failed shared check names the check that ran", () => {
  expect(socketFailure("s2", "/var/run/docker.sock", 3, "refused", "s1.engine-check")).toContain("s1.engine-check exited 3");
});

test("no check when nothing uses the socket (selfHealing: false, no hooks)", async () => {
  resetRecorded();
  const pod = new Pod("n", { containers: [{ name: "a", image: "busybox" }], selfHealing: false });
  await valueOf(pod.ready);
  expect(recorded.map((r) => r.name)).not.toContain("n.engine-check");
});

test("a failed check names the socket and says what to do", () => {
  const message = socketFailure("web", "/run/docker-x.sock", 3, "podlet: cannot reach the Docker engine through the socket /run/docker-x.sock: Connection refused");
  expect(message).toContain("pod \"web\" cannot use the Docker engine socket /run/docker-x.sock");
  expect(message).toContain("Connection refused");
  expect(message).toContain("set the pod arg dockerSocket");
});

test("dockerSocket must be an absolute path", () => {
  expect(validatePodArgs({ containers: [{ name: "a", image: "b" }], dockerSocket: "/run/user/1000/docker.sock" })).toEqual([]);
  expect(validatePodArgs({ containers: [{ name: "a", image: "b" }], dockerSocket: "docker.sock" })).toEqual([
    { path: "dockerSocket", message: "\"docker.sock\" is not an absolute path; give the socket's path on the engine's host, e.g. /run/user/1000/docker.sock" },
  ]);
});
