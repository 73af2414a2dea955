/**
 * Resource names: a container may take any name Kubernetes allows (`pause`, `podlet`,
 * `<volume>-content`), since the pod's own resources hold a `.` no user name can; and those own
 * resources keep their pre-`.` names as aliases, so older stacks keep them on upgrade.
 */
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { Pod, validatePodArgs } from "../../components";
import { legacyAliases, legacyResourceName } from "../../components/names";

/** The alias names each registered resource was given, from the mock monitor's requests. */
const aliases = new Map<string, string[]>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const monitor = pulumi.runtime.getMonitor() as any;
const register = monitor.registerResource.bind(monitor);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
monitor.registerResource = (req: any, callback: unknown) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const specs = req.getAliasesList().map((a: any) => a.getSpec()?.getName()).filter(Boolean);
  aliases.set(req.getName(), specs);
  return register(req, callback);
};

async function build(name: string, args: ConstructorParameters<typeof Pod>[1]): Promise<void> {
  resetRecorded();
  aliases.clear();
  const pod = new Pod(name, args);
  await valueOf(pod.containerIds);
  for (let i = 0; i < 100 && !aliases.has(`${name}.podlet`); i++) await new Promise((r) => setTimeout(r, 5));
}

const containersOf = () => recorded.filter((r) => r.type === "docker:index/container:Container").map((r) => r.name).sort();

describe("containers named like the pod's own resources", () => {
  const args = {
    containers: [
      { name: "pause", image: "busybox", lifecycle: { preStop: { exec: { command: ["true"] } } } },
      { name: "podlet", image: "busybox" },
      { name: "conf-content", image: "busybox", volumeMounts: [{ name: "conf", mountPath: "/c" }] },
    ],
    initContainers: [{ name: "setup", image: "busybox" }, { name: "pause-pre-stop", image: "busybox" }],
    volumes: [{ name: "conf", configMap: { data: { a: "1" } } }],
    pauseImage: "pause:x",
  };

  beforeAll(() => build("p", args), 30_000); // slow when every unit file runs at once on 2 CPUs

  test("are valid", () => {
    expect(validatePodArgs(args)).toEqual([]);
  });

  test("each take their own resource, beside pause, the podlet and the holder", () => {
    expect(containersOf()).toEqual([
      "p-conf-content", "p-conf.content", "p-pause", "p-pause-pre-stop", "p-pause.pre-stop", "p-podlet", "p-setup", "p.engine-check",
      "p.pause", "p.podlet",
    ]);
    expect(byName("p.pause").inputs.labels).toEqual(expect.arrayContaining([{ label: "org.docker-pod.role", value: "pause" }]));
    expect(byName("p-pause").inputs.labels).toEqual(expect.arrayContaining([{ label: "org.docker-pod.role", value: "member" }]));
    expect(byName("p-pause").inputs.networkMode).toBe("container:p.pause-id");
    // Init containers and hooks are containers run on the pod's engine: no command runs anything.
    expect(recorded.filter((r) => r.type === "command:local:Command")).toEqual([]);
  });

  test("an own resource whose old name a user's container now takes gets no alias to it", () => {
    expect(aliases.get("p.pause")).toEqual([]);
    expect(aliases.get("p.podlet")).toEqual([]);
    expect(aliases.get("p-conf.content")).toEqual([]);
    // The hook was a command under its old name `p-pause-pre-stop`: a container now, with no alias
    // (an alias of this type would take the user's init container `p-pause-pre-stop`).
    expect(aliases.get("p-pause.pre-stop")).toEqual([]);
  });
});

test("a pod made by an older docker-pod keeps its resources: each own resource aliases its old name", async () => {
  await build("old.pod", {
    containers: [{ name: "web", image: "nginx", lifecycle: { postStart: { exec: { command: ["true"] } } }, volumeMounts: [{ name: "c", mountPath: "/c" }] }],
    initContainers: [{ name: "init", image: "busybox" }],
    volumes: [{ name: "c", configMap: { data: { a: "1" } } }],
    pauseImage: "pause:x",
  });
  expect(aliases.get("old.pod.pause")).toEqual(["old.pod-pause"]);
  expect(aliases.get("old.pod.podlet")).toEqual(["old.pod-podlet"]);
  expect(aliases.get("old.pod-c.content")).toEqual(["old.pod-c-content"]);
  // Hook runs were commands before: containers now, new resources (no alias across types).
  expect(aliases.get("old.pod-web.post-start")).toEqual([]);
  // User-named resources keep their names and need no alias.
  expect(aliases.get("old.pod-web")).toEqual([]);
  expect(aliases.get("old.pod-c")).toEqual([]);
});

test("legacy names", () => {
  expect(legacyResourceName("a.b", "a.b.pause")).toBe("a.b-pause");
  expect(legacyResourceName("a", "a-web.pre-stop")).toBe("a-web-pre-stop");
  expect(legacyAliases("a", "a.pause", new Set(["a-pause"]))).toEqual({});
  expect(legacyAliases("a", "a-web", new Set())).toEqual({});
  expect(legacyAliases("a", "a.pause", new Set(["a-web"]))).toEqual({ aliases: [{ name: "a-pause" }] });
});
