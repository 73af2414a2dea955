/**
 * hostNetwork / hostPID / hostIPC (Docker's host modes on pause and the members), nfs volumes (the
 * local driver with NFS options), stdin and tty: validation and the graph.
 */
import { byName, resetRecorded, valueOf } from "./mocks";
import { Pod, PodArgs, validatePodArgs } from "../../components";

const ok = { name: "web", image: "busybox" };

describe.each<[string, PodArgs, string, RegExp]>([
  ["a hostPort other than containerPort with hostNetwork", { hostNetwork: true, containers: [{ ...ok, ports: [{ containerPort: 80, hostPort: 8080 }] }] },
    "containers[0].ports[0].hostPort", /must equal containerPort with hostNetwork/],
  ["a hostname with hostNetwork", { hostNetwork: true, hostname: "x", containers: [ok] }, "hostname", /cannot be set with hostNetwork/],
  ["dnsConfig with hostNetwork", { hostNetwork: true, dnsConfig: { nameservers: ["1.1.1.1"] }, containers: [ok] }, "dnsConfig", /cannot be set with hostNetwork/],
  ["a net sysctl with hostNetwork", { hostNetwork: true, securityContext: { sysctls: [{ name: "net.core.somaxconn", value: "1024" }] }, containers: [ok] },
    "securityContext.sysctls[0].name", /not allowed with hostNetwork/],
  ["an IPC sysctl with hostIPC", { hostIPC: true, securityContext: { sysctls: [{ name: "kernel.shm_rmid_forced", value: "1" }] }, containers: [ok] },
    "securityContext.sysctls[0].name", /not allowed with hostIPC/],
  ["a host mode that is no boolean", { hostPID: "yes" as unknown as boolean, containers: [ok] }, "hostPID", /true or false/],
  ["stdin that is no boolean", { containers: [{ ...ok, stdin: 1 as unknown as boolean }] }, "containers[0].stdin", /true or false/],
  ["an nfs volume without a path", { containers: [ok], volumes: [{ name: "n", nfs: { server: "10.0.0.2", path: "exports" } }] }, "volumes[0].nfs.path", /absolute path/],
  ["an HTTP header name with a space", { containers: [{ ...ok, readinessProbe: { httpGet: { port: 80, httpHeaders: [{ name: "X A", value: "1" }] } } }] },
    "containers[0].readinessProbe.httpGet.httpHeaders[0].name", /not an HTTP header name/],
  ["an HTTP header value with a line break", { containers: [{ ...ok, readinessProbe: { httpGet: { port: 80, httpHeaders: [{ name: "X", value: "1\r\nY: 2" }] } } }] },
    "containers[0].readinessProbe.httpGet.httpHeaders[0].value", /without line breaks/],
  ["an nfs server that is no host", { containers: [ok], volumes: [{ name: "n", nfs: { server: "a b", path: "/x" } }] }, "volumes[0].nfs.server", /not a host name/],
])("%s", (_, args, path, message) => {
  test("is reported at its path", () => {
    expect(validatePodArgs(args)).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

describe("the graph", () => {
  beforeAll(async () => {
    resetRecorded();
    const host = new Pod("h", {
      pauseImage: "pause:test",
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      containers: [{ ...ok, ports: [{ containerPort: 8080, hostPort: 8080 }], stdin: true, tty: true }],
    });
    const nfs = new Pod("n", {
      pauseImage: "pause:test",
      volumes: [{ name: "share", nfs: { server: "10.0.0.2", path: "/exports/share", readOnly: true } }],
      containers: [{ ...ok, volumeMounts: [{ name: "share", mountPath: "/share" }] }],
    });
    await valueOf(host.containerIds);
    await valueOf(nfs.containerIds);
  });

  test("host modes are on pause; nothing is published and no host name is set; IPC and PID are the host's in every member", () => {
    expect(byName("h.pause").inputs).toMatchObject({ networkMode: "host", ipcMode: "host", pidMode: "host", ports: [] });
    expect(byName("h.pause").inputs.hostname).toBeUndefined();
    // The host's network is not the pod's: pause announces nothing on it (no `-a`).
    expect(byName("h.pause").inputs.command).toBeUndefined();
    expect(byName("h-web").inputs).toMatchObject({ networkMode: "container:h.pause-id", ipcMode: "host", pidMode: "host", stdinOpen: true, tty: true });
  });

  test("an nfs volume is a local-driver Docker volume with NFS options, mounted read-only when asked", () => {
    expect(byName("n-share").inputs).toMatchObject({ driver: "local", driverOpts: { type: "nfs", o: "addr=10.0.0.2,ro", device: ":/exports/share" } });
    expect(byName("n-web").inputs.mounts).toEqual([{ type: "volume", source: "n-share-vol", target: "/share", readOnly: true }]);
  });
});
