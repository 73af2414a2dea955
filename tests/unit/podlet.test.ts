/**
 * The podlet in the Pod's resource graph under Pulumi mocks: its hardened container, its place in
 * the graph (after pause and the members, deleted before them), the restart policies it takes
 * over, and the `selfHealing: false` opt-out.
 */
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { Pod, PodArgs, validatePodArgs } from "../../components";

/** Dependencies and delete-before-replace of each registered resource, from the mock monitor's requests. */
const registered = new Map<string, { deps: string[]; deleteBeforeReplace: boolean }>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const monitor = pulumi.runtime.getMonitor() as any;
const register = monitor.registerResource.bind(monitor);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
monitor.registerResource = (req: any, callback: unknown) => {
  registered.set(req.getName(), { deps: req.getDependenciesList(), deleteBeforeReplace: req.getDeletebeforereplace() });
  return register(req, callback);
};

/** Builds a pod and waits until its last resource (the podlet, when there is one) is registered. */
async function build(name: string, args: PodArgs): Promise<Pod> {
  resetRecorded();
  registered.clear();
  const pod = new Pod(name, args);
  await valueOf(pod.containerIds);
  for (let i = 0; i < 100 && !registered.has(`${name}.podlet`); i++) await new Promise((r) => setTimeout(r, 5));
  return pod;
}

const labelsOf = (name: string) => Object.fromEntries(byName(name).inputs.labels.map((l: any) => [l.label, l.value]));

describe("self-healing on (the default)", () => {
  beforeAll(async () => {
    await build("h", {
      containers: [
        { name: "web", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }] },
        { name: "side", image: "busybox" },
      ],
      labels: { team: "a" },
    });
  });

  test("the podlet runs /podlet from the pod's pause image, given the pause container's id", () => {
    const podlet = byName("h.podlet");
    expect(podlet.type).toBe("docker:index/container:Container");
    const image = byName("h-pause-image-image").inputs.imageName;
    expect(podlet.inputs).toMatchObject({ image, entrypoints: ["/podlet"], command: ["h.pause-id"] });
    expect(byName("h.pause").inputs.image).toBe(image);
  });

  test("its container is hardened: the Docker socket its only mount, no network, no capabilities", () => {
    const podlet = byName("h.podlet").inputs;
    expect(podlet).toMatchObject({
      networkMode: "none",
      restart: "always",
      readOnly: true,
      user: "0:0",
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
    });
    expect(podlet.mounts).toEqual([{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }]);
    for (const field of ["ports", "volumes", "envs", "hosts", "devices", "privileged", "pidMode", "ipcMode", "capabilities.adds"]) {
      expect(podlet[field]).toBeUndefined();
    }
  });

  test("it carries the pod's labels with role podlet", () => {
    expect(labelsOf("h.podlet")).toEqual({
      team: "a",
      "org.docker-pod.pod": "h",
      "org.docker-pod.container": "podlet",
      "org.docker-pod.role": "podlet",
      "org.docker-pod.stack": "docker-pod/unit",
    });
  });

  test("it is created after pause and every member, so it is deleted before them; replaced delete-first", () => {
    const { deps, deleteBeforeReplace } = registered.get("h.podlet")!;
    const names = deps.map((urn) => urn.split("::").pop());
    expect(names).toEqual(expect.arrayContaining(["h.pause", "h-web", "h-side"]));
    expect(deleteBeforeReplace).toBe(true);
  });

  test("pause and members have Docker restart policy no; members carry the pod's restartPolicy for the podlet", () => {
    for (const name of ["h.pause", "h-web", "h-side"]) expect(byName(name).inputs.restart).toBe("no");
    expect(labelsOf("h-web")["org.docker-pod.restart-policy"]).toBe("Always");
    expect(labelsOf("h-side")["org.docker-pod.restart-policy"]).toBe("Always");
    expect(labelsOf("h.pause")["org.docker-pod.restart-policy"]).toBeUndefined();
  });

  test("restartPolicy is passed on as given", async () => {
    await build("n", { containers: [{ name: "job", image: "busybox" }], restartPolicy: "Never", pauseImage: "pause:x" });
    expect(labelsOf("n-job")["org.docker-pod.restart-policy"]).toBe("Never");
    expect(byName("n-job").inputs.restart).toBe("no");
    expect(byName("n.podlet").inputs.image).toBe("pause:x");
  });
});

describe("selfHealing: false", () => {
  test.each([
    [undefined, "always"],
    ["Always", "always"],
    ["OnFailure", "on-failure"],
    ["Never", "no"],
  ])("restartPolicy %s: no podlet, Docker restart policy %s on pause and members", async (policy, docker) => {
    await build("o", { containers: [{ name: "only", image: "busybox" }], restartPolicy: policy, selfHealing: false, pauseImage: "p" });
    await new Promise((r) => setTimeout(r, 50)); // a podlet would be registered by now
    expect(recorded.map((r) => r.name)).not.toContain("o.podlet");
    expect(registered.has("o.podlet")).toBe(false);
    expect(byName("o.pause").inputs.restart).toBe(docker);
    expect(byName("o-only").inputs.restart).toBe(docker);
  });
});

test("selfHealing must be a boolean", () => {
  expect(validatePodArgs({ containers: [{ name: "a", image: "b" }], selfHealing: false })).toEqual([]);
  expect(validatePodArgs({ containers: [{ name: "a", image: "b" }], selfHealing: "no" as unknown as boolean }))
    .toEqual([{ path: "selfHealing", message: "must be true or false" }]);
});
