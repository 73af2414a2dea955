/**
 * Native sidecars (init containers with `restartPolicy: Always`): validation, and the graph: a
 * started container with role `sidecar` (the podlet looks after it), in order with the other init
 * containers (the next waits for its startupProbe), before the members (which Pulumi deletes first),
 * its ports published by pause.
 */
import { byName, resetRecorded, valueOf } from "./mocks";
import { Pod, PodArgs, validatePodArgs } from "../../components";

const ok = { name: "web", image: "busybox" };

describe.each<[string, PodArgs, string, RegExp]>([
  ["restartPolicy on a member", { containers: [{ ...ok, restartPolicy: "Always" }] }, "containers[0].restartPolicy", /only init containers have a restartPolicy/],
  ["restartPolicy other than Always", { containers: [ok], initContainers: [{ name: "i", image: "x", restartPolicy: "OnFailure" }] },
    "initContainers[0].restartPolicy", /"OnFailure" is not supported; use Always/],
  ["a sidecar with a startup and a readiness probe",
    { containers: [ok], initContainers: [{ name: "s", image: "x", restartPolicy: "Always", startupProbe: { tcpSocket: { port: 1 } }, readinessProbe: { tcpSocket: { port: 1 } } }] },
    "initContainers[0].readinessProbe", /one Docker health check/],
  ["ports on a plain init container", { containers: [ok], initContainers: [{ name: "i", image: "x", ports: [{ containerPort: 80 }] }] },
    "initContainers[0].ports", /cannot publish ports/],
])("%s", (_, args, path, message) => {
  test("is reported at its path", () => {
    expect(validatePodArgs(args)).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

test("a sidecar may have ports, probes and hooks", () => {
  expect(validatePodArgs({
    containers: [ok],
    initContainers: [{
      name: "proxy", image: "x", restartPolicy: "Always", ports: [{ containerPort: 15001 }],
      startupProbe: { tcpSocket: { port: 15001 } }, livenessProbe: { exec: { command: ["true"] } },
      lifecycle: { preStop: { exec: { command: ["true"] } } },
    }],
  })).toEqual([]);
});

describe("the graph", () => {
  beforeAll(async () => {
    resetRecorded();
    const pod = new Pod("p", {
      pauseImage: "pause:test",
      restartPolicy: "Never",
      initContainers: [
        { name: "setup", image: "busybox", command: ["true"] },
        { name: "proxy", image: "busybox", restartPolicy: "Always", ports: [{ containerPort: 15001 }], startupProbe: { tcpSocket: { port: 15001 }, periodSeconds: 1 } },
        { name: "after", image: "busybox", command: ["true"] },
      ],
      containers: [ok],
    });
    await valueOf(pod.containerIds);
  });

  test("the sidecar is a started container with role sidecar and restart policy Always (not the pod's)", () => {
    const sidecar = byName("p-proxy").inputs;
    expect(sidecar.start).toBeUndefined(); // started (Docker's default) and kept running
    expect(sidecar.attach).toBeUndefined(); // unlike a plain init container, run to completion
    expect(byName("p-setup").inputs).toMatchObject({ attach: true, mustRun: false });
    expect(sidecar.labels).toEqual(expect.arrayContaining([
      { label: "org.docker-pod.role", value: "sidecar" },
      { label: "org.docker-pod.restart-policy", value: "Always" },
    ]));
    expect(sidecar.restart).toBe("no"); // the podlet restarts it
  });

  test("its startupProbe is its health check, which up waits for before the next init container", () => {
    expect(byName("p-proxy").inputs).toMatchObject({ wait: true, healthcheck: { tests: ["CMD", "/.docker-pod/probe", "tcp", "127.0.0.1", "15001"], interval: "1s" } });
    expect(byName("p-proxy").options.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(/::p-setup$/)]));
    expect(byName("p-after").options.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(/::p-proxy$/)]));
  });

  test("members depend on the sidecar, so Pulumi deletes them first; pause publishes its ports", () => {
    expect(byName("p-web").options.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(/::p-proxy$/)]));
    expect(byName("p.pause").inputs.ports).toEqual([{ internal: 15001, ip: "0.0.0.0", protocol: "tcp" }]);
  });
});
