/** The pure PodSpec → Docker mappings. */
import "./mocks";
import { dockerNetwork } from "../../components/mapping/network";
import { dockerResources, parseCpu, parseMemory } from "../../components/mapping/resources";
import { dockerRestart } from "../../components/mapping/restart";
import { needsProbeHelper, podletProbe, probeArgv, readinessHealthcheck } from "../../components/mapping/probes";
import { dockerSecurity, dockerUser } from "../../components/mapping/security";

test.each([
  ["500m", 0.5], ["1", 1], ["1.5", 1.5], ["2", 2],
])("cpu %s = %d cores", (q, cores) => expect(parseCpu(q)).toBe(cores));

test.each([
  ["128Mi", 128 * 2 ** 20], ["1G", 1e9], ["1Gi", 2 ** 30], ["64k", 64000],
])("memory %s = %d bytes", (q, bytes) => expect(parseMemory(q)).toBe(bytes));

test("resources map like the kubelet: quota over 100 ms, 1024 shares per CPU, MiB rounded up, no swap", () => {
  expect(dockerResources({ limits: { cpu: "1.5", memory: "100M" }, requests: { cpu: "1m", memory: "10Mi" } })).toEqual({
    cpuPeriod: 100000, cpuQuota: 150000, cpuShares: 2, memory: 96, memorySwap: 96, memoryReservation: 10,
  });
  expect(dockerResources(undefined)).toEqual({});
});

test("restart policies", () => {
  expect([dockerRestart(undefined), dockerRestart("Always"), dockerRestart("OnFailure"), dockerRestart("Never")])
    .toEqual(["always", "always", "on-failure", "no"]);
});

test("security context: user alone or user:group, the image's user with a group alone, nothing when unset", () => {
  expect(dockerUser({ runAsUser: 7 })).toBe("7");
  expect(dockerUser({ runAsUser: 7, runAsGroup: 8 })).toBe("7:8");
  expect(dockerUser({ runAsGroup: 8 }, "nginx:nginx")).toBe("nginx:8");
  expect(dockerUser({ runAsGroup: 8 }, "")).toBe("0:8");
  expect(dockerUser({})).toBeUndefined();
  expect(dockerSecurity({ allowPrivilegeEscalation: true, readOnlyRootFilesystem: false }, undefined)).toEqual({ readOnly: false });
  expect(dockerSecurity({}, undefined)).toEqual({});
});

test("the host name defaults to the pod name only when it is a DNS-1123 label", () => {
  expect(dockerNetwork("web", { containers: [] })).toEqual({ hostname: "web" });
  expect(dockerNetwork("Web_Pod", { containers: [] })).toEqual({});
});


test("an httpGet probe's headers are arguments of the probe helper, one \"Name: value\" each", () => {
  expect(probeArgv({ httpGet: { port: 8080, path: "/healthz", httpHeaders: [{ name: "X-Custom", value: "a b" }, { name: "Host", value: "example.test" }] } }))
    .toEqual(["/.docker-pod/probe", "http", "127.0.0.1", "8080", "/healthz", "X-Custom: a b", "Host: example.test"]);
});

test("a grpc probe runs the probe helper's grpc mode on the pod's loopback, given the probe's timeout", () => {
  expect(probeArgv({ grpc: { port: 7070 } })).toEqual(["/.docker-pod/probe", "-t", "1", "grpc", "127.0.0.1", "7070"]);
  expect(probeArgv({ grpc: { port: 7070, service: "" } })).toEqual(["/.docker-pod/probe", "-t", "1", "grpc", "127.0.0.1", "7070"]);
  expect(probeArgv({ grpc: { port: 2379, service: "etcd.Health" }, timeoutSeconds: 5 }))
    .toEqual(["/.docker-pod/probe", "-t", "5", "grpc", "127.0.0.1", "2379", "etcd.Health"]);
  expect(readinessHealthcheck({ grpc: { port: 7070 }, periodSeconds: 2, timeoutSeconds: 3 })).toMatchObject({
    tests: ["CMD", "/.docker-pod/probe", "-t", "3", "grpc", "127.0.0.1", "7070"],
    interval: "2s",
    timeout: "3s",
  });
  expect(podletProbe({ grpc: { port: 7070 }, failureThreshold: 2 })).toEqual({
    exec: ["/.docker-pod/probe", "-t", "1", "grpc", "127.0.0.1", "7070"],
    initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 2, successThreshold: 1,
  });
  expect(needsProbeHelper({ name: "a", image: "i", startupProbe: { grpc: { port: 7070 } } })).toBe(true);
  expect(needsProbeHelper({ name: "a", image: "i", startupProbe: { exec: { command: ["true"] } } })).toBe(false);
});
