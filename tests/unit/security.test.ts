/**
 * Security contexts: the container's over the pod's, the Docker settings each field becomes,
 * validation (every mistake by path), and the graph: sysctls on pause, the image-user check before
 * a runAsNonRoot container, the fsGroup step before every container, tmpfs group options.
 */
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { Pod, PodArgs, validatePodArgs } from "../../components";
import { runAsNonRootProblem, userOfLogs } from "../../components/image-user";
import { dockerSecurity, effectiveSecurityContext, needsImageUser, podSysctls } from "../../components/mapping/security";

test("the container's fields override the pod's; the rest is inherited", () => {
  const pod = { runAsUser: 1000, runAsGroup: 3000, runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } };
  expect(effectiveSecurityContext(pod, { runAsUser: 2000, readOnlyRootFilesystem: true })).toEqual({
    runAsUser: 2000, runAsGroup: 3000, runAsNonRoot: true, readOnlyRootFilesystem: true, seccompProfile: { type: "RuntimeDefault" },
  });
  expect(effectiveSecurityContext(undefined, undefined)).toEqual({});
});

test("every container field becomes its Docker setting", () => {
  const profiles: Record<string, string> = { "/p.json": '{ "defaultAction": "SCMP_ACT_LOG" }' };
  expect(dockerSecurity({
    privileged: true,
    readOnlyRootFilesystem: true,
    capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] },
    procMount: "Unmasked",
    seccompProfile: { type: "Localhost", localhostProfile: "/p.json" },
    appArmorProfile: { type: "Localhost", localhostProfile: "k8s-deny-write" },
    seLinuxOptions: { level: "s0:c123,c456", type: "spc_t" },
  }, { fsGroup: 2000, supplementalGroups: [4000, 2000] }, (p) => profiles[p])).toEqual({
    privileged: true,
    readOnly: true,
    groupAdds: ["2000", "4000"],
    capabilities: { adds: ["NET_ADMIN"], drops: ["ALL"] },
    securityOpts: [
      'seccomp={"defaultAction":"SCMP_ACT_LOG"}',
      "apparmor=k8s-deny-write",
      "label=level:s0:c123,c456",
      "label=type:spc_t",
      "systempaths=unconfined",
    ],
  });
  expect(dockerSecurity({ allowPrivilegeEscalation: false, seccompProfile: { type: "Unconfined" }, appArmorProfile: { type: "Unconfined" } }, undefined))
    .toEqual({ securityOpts: ["no-new-privileges:true", "seccomp=unconfined", "apparmor=unconfined"] });
  // The runtime defaults are Docker's defaults: nothing to set.
  expect(dockerSecurity({ seccompProfile: { type: "RuntimeDefault" }, appArmorProfile: { type: "RuntimeDefault" }, procMount: "Default" }, undefined)).toEqual({});
  expect(() => dockerSecurity({ seccompProfile: { type: "Localhost", localhostProfile: "/nope.json" } }, undefined, () => {
    throw Object.assign(new Error("x"), { code: "ENOENT" });
  })).toThrow("seccompProfile.localhostProfile: cannot read /nope.json: ENOENT");
});

test("the image's user is read only when runAsNonRoot or a group alone needs it", () => {
  expect(needsImageUser({ runAsNonRoot: true })).toBe(true);
  expect(needsImageUser({ runAsGroup: 5 })).toBe(true);
  expect(needsImageUser({ runAsNonRoot: true, runAsUser: 1000 })).toBe(false);
  expect(needsImageUser({})).toBe(false);
  expect(podSysctls({ sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "80" }] })).toEqual({ "net.ipv4.ip_unprivileged_port_start": "80" });
  expect(podSysctls({})).toBeUndefined();
});

const ok = { name: "web", image: "busybox" };
describe.each<[string, PodArgs, string, RegExp]>([
  ["runAsNonRoot with runAsUser 0 (the kubelet's words)", { containers: [{ ...ok, securityContext: { runAsNonRoot: true, runAsUser: 0 } }] },
    "containers[0].securityContext.runAsUser", /^container's runAsUser breaks non-root policy \(container: web\)/],
  ["runAsNonRoot from the pod, runAsUser 0 from the pod", { containers: [ok], securityContext: { runAsNonRoot: true, runAsUser: 0 } },
    "securityContext.runAsUser", /breaks non-root policy/],
  ["a host-wide sysctl", { containers: [ok], securityContext: { sysctls: [{ name: "vm.swappiness", value: "1" }] } },
    "securityContext.sysctls[0].name", /not namespaced: it would change the Docker host/],
  ["a sysctl value that is no string", { containers: [ok], securityContext: { sysctls: [{ name: "net.core.somaxconn", value: 1024 as unknown as string }] } },
    "securityContext.sysctls[0].value", /must be a string/],
  ["a bad fsGroup", { containers: [ok], securityContext: { fsGroup: -1 } }, "securityContext.fsGroup", /not a valid group id/],
  ["a bad supplemental group", { containers: [ok], securityContext: { supplementalGroups: [1, 1.5] } }, "securityContext.supplementalGroups[1]", /group id/],
  ["a bad fsGroupChangePolicy", { containers: [ok], securityContext: { fsGroupChangePolicy: "Never" } }, "securityContext.fsGroupChangePolicy", /Always or OnRootMismatch/],
  ["a bad seccomp type", { containers: [{ ...ok, securityContext: { seccompProfile: { type: "Strict" } } }] }, "containers[0].securityContext.seccompProfile.type", /RuntimeDefault, Unconfined, Localhost/],
  ["Localhost seccomp without a file", { containers: [ok], securityContext: { seccompProfile: { type: "Localhost" } } }, "securityContext.seccompProfile.localhostProfile", /path of the JSON profile/],
  ["a profile name with another type", { containers: [{ ...ok, securityContext: { appArmorProfile: { type: "Unconfined", localhostProfile: "x" } } }] },
    "containers[0].securityContext.appArmorProfile.localhostProfile", /only for type Localhost/],
  ["a bad procMount", { containers: [{ ...ok, securityContext: { procMount: "Open" } }] }, "containers[0].securityContext.procMount", /Default or Unmasked/],
  ["privileged without privilege escalation", { containers: [{ ...ok, securityContext: { privileged: true, allowPrivilegeEscalation: false } }] },
    "containers[0].securityContext.allowPrivilegeEscalation", /cannot be false when privileged/],
  ["an unknown pod security field", { containers: [ok], securityContext: { runAsUserName: "x" } as never }, "securityContext.runAsUserName", /unknown field/],
])("%s", (_, args, path, message) => {
  test("is reported at its path", () => {
    const problems = validatePodArgs(args);
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

test("a group alone and runAsNonRoot with a non-root user are valid", () => {
  expect(validatePodArgs({ containers: [{ ...ok, securityContext: { runAsGroup: 5, runAsNonRoot: true, runAsUser: 1000 } }] })).toEqual([]);
});

test.each([
  ["", 'container has runAsNonRoot and image will run as root (pod: "p", container: c)'],
  ["0", 'container has runAsNonRoot and image will run as root (pod: "p", container: c)'],
  ["0:1000", 'container has runAsNonRoot and image will run as root (pod: "p", container: c)'],
  ["nginx", 'container has runAsNonRoot and image has non-numeric user (nginx), cannot verify user is non-root (pod: "p", container: c)'],
  ["1000", undefined],
  ["101:101", undefined],
])("image user %j under runAsNonRoot: what the kubelet says", (user, problem) => {
  expect(runAsNonRootProblem(user, "p", "c")).toBe(problem);
});

test("the user podlet image-user prints is read from the run's logs", () => {
  expect(userOfLogs("user=1000:1000\n")).toBe("1000:1000");
  expect(userOfLogs("user=\n")).toBe("");
  expect(userOfLogs("podlet: cannot inspect image x on the engine: No such image\n")).toBeUndefined();
});

describe("the graph", () => {
  beforeAll(async () => {
    resetRecorded();
    const pod = new Pod("s", {
      pauseImage: "pause:test",
      securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000], runAsNonRoot: true,
        sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "80" }] },
      volumes: [{ name: "data", emptyDir: {} }, { name: "mem", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } }],
      initContainers: [{ name: "init", image: "busybox", command: ["true"] }],
      containers: [
        { name: "app", image: "busybox", volumeMounts: [{ name: "data", mountPath: "/data" }] },
      ],
    });
    // runAsNonRoot from the pod, no user anywhere: the image's user is read and checked.
    const other = new Pod("t", { pauseImage: "pause:test", securityContext: { runAsNonRoot: true }, containers: [{ name: "root-check", image: "nginx" }] });
    await valueOf(pod.containerIds);
    await valueOf(other.containerIds);
  });

  test("sysctls are set on pause", () => {
    expect(byName("s.pause").inputs.sysctls).toEqual({ "net.ipv4.ip_unprivileged_port_start": "80" });
  });

  test("members run as the pod's user and group, with fsGroup and the supplemental groups", () => {
    expect(byName("s-app").inputs).toMatchObject({ user: "1000:3000", groupAdds: ["2000", "4000"] });
    expect(byName("s-init").inputs).toMatchObject({ user: "1000:3000", groupAdds: ["2000", "4000"] });
    expect(byName("s-app").inputs.mounts).toEqual([expect.objectContaining({ target: "/data" })]);
  });

  test("the fsGroup step gives the disk emptyDir to the group; the Memory one is a tmpfs with gid and mode", () => {
    const step = byName("s.fsgroup").inputs;
    expect(step).toMatchObject({ entrypoints: ["/volinit"], command: ["2000", "/volumes/data"], user: "0:0", networkMode: "none" });
    expect(step).toMatchObject({ attach: true, logs: true, mustRun: false, restart: "no" }); // run to completion by the provider
    expect(step.capabilities).toEqual({ drops: ["ALL"], adds: ["CHOWN", "FOWNER", "FSETID"] });
    expect(byName("s-mem").inputs.driverOpts).toEqual({ type: "tmpfs", device: "tmpfs", o: "size=1048576,gid=2000,mode=2777" });
  });

  test("only a container whose user is not given has its image user read (and checked: runAsNonRoot)", () => {
    expect(recorded.filter((r) => r.type === "command:local:Command")).toEqual([]); // no docker CLI where Pulumi runs
    const names = recorded.map((r) => r.name);
    expect(names).toContain("t-root-check.image-user");
    expect(names).not.toContain("s-app.image-user");
    // On the pod's own engine, through its socket: the podlet program reads the image's user.
    expect(byName("t-root-check.image-user")).toMatchObject({
      type: "docker:index/container:Container",
      inputs: { image: "pause:test", entrypoints: ["/podlet"], command: ["image-user", "nginx"], attach: true, networkMode: "none",
        mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }] },
    });
  });
});

describe("a read-only root with a probe", () => {
  beforeAll(async () => {
    resetRecorded();
    const probe = { httpGet: { port: 8080 } };
    const pod = new Pod("ro", {
      pauseImage: "pause:test",
      initContainers: [{ name: "side", image: "busybox", restartPolicy: "Always", startupProbe: { tcpSocket: { port: 9000 } }, securityContext: { readOnlyRootFilesystem: true } }],
      containers: [
        { name: "locked", image: "busybox", readinessProbe: probe, securityContext: { readOnlyRootFilesystem: true } },
        { name: "open", image: "busybox", livenessProbe: probe },
      ],
    });
    const plain = new Pod("rw", { pauseImage: "pause:test", containers: [{ name: "open", image: "busybox", livenessProbe: probe }] });
    await valueOf(pod.containerIds);
    await valueOf(plain.containerIds);
  });

  test("the probe helper comes from the pod's probe volume, which pause's creation fills from its image", () => {
    const volume = byName("ro.probe");
    expect(volume.type).toBe("docker:index/volume:Volume");
    expect(volume.inputs.labels).toContainEqual({ label: "org.docker-pod.image", value: "pause:test" });
    expect(byName("ro.pause").inputs.mounts).toEqual([{ type: "volume", source: "ro.probe-vol", target: "/.docker-pod", readOnly: false }]);
    for (const c of ["ro-locked", "ro-side"]) {
      expect(byName(c).inputs.mounts).toEqual([{ type: "volume", source: "ro.probe-vol", target: "/.docker-pod", readOnly: true }]);
      expect(byName(c).inputs.uploads).toBeUndefined();
    }
  });

  test("a container with a writable root still has the helper copied in; a pod without a read-only one has no probe volume", () => {
    expect(byName("ro-open").inputs.uploads).toEqual([expect.objectContaining({ file: "/.docker-pod/probe" })]);
    expect(byName("ro-open").inputs.mounts).toBeUndefined();
    expect(recorded.map((r) => r.name)).not.toContain("rw.probe");
    expect(byName("rw.pause").inputs.mounts).toBeUndefined();
  });
});
