/** validatePodArgs: one row per kind of mistake, each naming the field path and what to do. */
import { PodArgs, validatePodArgs } from "../../components";

const ok = (over: Partial<PodArgs["containers"][0]> = {}) => ({ name: "web", image: "busybox", ...over });

describe.each<[string, PodArgs, string, RegExp]>([
  ["empty containers list", { containers: [] }, "containers", /at least one container/],
  ["missing containers", {} as PodArgs, "containers", /at least one container/],
  ["invalid container name", { containers: [ok({ name: "Web_1" })] }, "containers[0].name", /DNS-1123/],
  ["too long container name", { containers: [ok({ name: "a".repeat(64) })] }, "containers[0].name", /DNS-1123/],
  ["duplicate container name", { containers: [ok(), ok()] }, "containers[1].name", /already the name of containers\[0\]/],
  ["missing image", { containers: [ok({ image: "" })] }, "containers[0].image", /image is required/],
  ["same containerPort twice in a pod",
    { containers: [ok({ ports: [{ containerPort: 80 }] }), ok({ name: "b", ports: [{ containerPort: 80 }] })] },
    "containers[1].ports[0].containerPort", /80\/TCP is already used by containers\[0\]\.ports\[0\]\.containerPort/],
  ["same hostPort twice",
    { containers: [ok({ ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 8080 }] })] },
    "containers[0].ports[1].hostPort", /already published by containers\[0\]\.ports\[0\]\.hostPort/],
  ["containerPort outside 1-65535", { containers: [ok({ ports: [{ containerPort: 0 }] })] }, "containers[0].ports[0].containerPort", /from 1 to 65535/],
  ["hostPort outside 1-65535",
    { containers: [ok(), ok({ name: "b", ports: [{ containerPort: 80, hostPort: 70000 }] })] },
    "containers[1].ports[0].hostPort", /70000 is not a valid port/],
  ["fractional port", { containers: [ok({ ports: [{ containerPort: 80.5 }] })] }, "containers[0].ports[0].containerPort", /whole number/],
  ["bad protocol", { containers: [ok({ ports: [{ containerPort: 80, protocol: "ICMP" }] })] }, "containers[0].ports[0].protocol", /Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"/],
  ["bad hostIP", { containers: [ok({ ports: [{ containerPort: 80, hostIP: "localhost" }] })] }, "containers[0].ports[0].hostIP", /not an IP address/],
  ["bad cpu quantity", { containers: [ok({ resources: { limits: { cpu: "half" } } })] }, "containers[0].resources.limits.cpu", /not a Kubernetes quantity/],
  ["bad memory quantity", { containers: [ok({ resources: { requests: { memory: "12Qi" } } })] }, "containers[0].resources.requests.memory", /not a Kubernetes quantity/],
  ["memory below Docker's minimum", { containers: [ok({ resources: { limits: { memory: "1Mi" } } })] }, "containers[0].resources.limits.memory", /at least 6Mi/],
  ["request above limit", { containers: [ok({ resources: { limits: { cpu: "1" }, requests: { cpu: "2" } } })] }, "containers[0].resources.requests.cpu", /must not be more than its limit/],
  ["bad restartPolicy", { containers: [ok()], restartPolicy: "Sometimes" }, "restartPolicy", /use Always, OnFailure, Never/],
  ["invalid env var name", { containers: [ok({ env: [{ name: "1BAD", value: "x" }] })] }, "containers[0].env[0].name", /not a valid variable name/],
  ["repeated env var", { containers: [ok({ env: [{ name: "A", value: "1" }, { name: "A", value: "2" }] })] }, "containers[0].env[1].name", /already set by containers\[0\]\.env\[0\]/],
  ["negative grace period", { containers: [ok()], terminationGracePeriodSeconds: -1 }, "terminationGracePeriodSeconds", /whole number from 0/],
  ["bad hostname", { containers: [ok()], hostname: "My_Host" }, "hostname", /DNS-1123/],
  ["bad host alias ip", { containers: [ok()], hostAliases: [{ ip: "x", hostnames: ["db"] }] }, "hostAliases[0].ip", /not an IP address/],
  ["host alias without names", { containers: [ok()], hostAliases: [{ ip: "10.0.0.1", hostnames: [] }] }, "hostAliases[0].hostnames", /at least one/],
  ["bad nameserver", { containers: [ok()], dnsConfig: { nameservers: ["dns.example"] } }, "dnsConfig.nameservers[0]", /not an IP address/],
  ["reserved label", { containers: [ok()], labels: { "org.docker-pod.pod": "x" } }, 'labels["org.docker-pod.pod"]', /set by docker-pod/],
  ["bad capability", { containers: [ok({ securityContext: { capabilities: { add: ["net admin"] } } })] }, "containers[0].securityContext.capabilities.add[0]", /not a capability name/],
  ["relative workingDir", { containers: [ok({ workingDir: "srv" })] }, "containers[0].workingDir", /absolute path/],
  ["init container with ports", { containers: [ok()], initContainers: [ok({ name: "init", ports: [{ containerPort: 1 }] })] }, "initContainers[0].ports", /cannot publish ports/],
  ["init container with a probe", { containers: [ok()], initContainers: [ok({ name: "init", readinessProbe: { tcpSocket: { port: 80 } } })] }, "initContainers[0].readinessProbe", /cannot have probes/],
  ["init container named like a member", { containers: [ok()], initContainers: [ok()] }, "initContainers[0].name", /already the name of containers\[0\]/],
  ["probe with two handlers", { containers: [ok({ readinessProbe: { exec: { command: ["true"] }, tcpSocket: { port: 80 } } })] }, "containers[0].readinessProbe", /exactly one of exec, httpGet, tcpSocket/],
  ["probe with no handler", { containers: [ok({ livenessProbe: { periodSeconds: 5 } })] }, "containers[0].livenessProbe", /found none/],
  ["probe port out of range", { containers: [ok({ readinessProbe: { httpGet: { port: 0 } } })] }, "containers[0].readinessProbe.httpGet.port", /from 1 to 65535/],
  ["probe period of 0", { containers: [ok({ readinessProbe: { exec: { command: ["true"] }, periodSeconds: 0 } })] }, "containers[0].readinessProbe.periodSeconds", /from 1 to/],
  ["liveness successThreshold above 1", { containers: [ok({ livenessProbe: { exec: { command: ["true"] }, successThreshold: 2 } })] }, "containers[0].livenessProbe.successThreshold", /must be 1/],
  ["liveness without the podlet", { containers: [ok({ livenessProbe: { exec: { command: ["true"] } } })], selfHealing: false } as PodArgs, "containers[0].livenessProbe", /selfHealing/],
  ["grpc probe beside tcpSocket", { containers: [ok({ livenessProbe: { grpc: { port: 7070 }, tcpSocket: { port: 7070 } } })] }, "containers[0].livenessProbe", /exactly one of exec, httpGet, tcpSocket, grpc \(found tcpSocket, grpc\)/],
  ["grpc probe port out of range", { containers: [ok({ readinessProbe: { grpc: { port: 65536 } } })] }, "containers[0].readinessProbe.grpc.port", /from 1 to 65535/],
  ["grpc probe without a port", { containers: [ok({ readinessProbe: { grpc: {} as { port: number } } })] }, "containers[0].readinessProbe.grpc.port", /from 1 to 65535/],
  ["grpc probe with a named port", { containers: [ok({ startupProbe: { grpc: { port: "grpc" as unknown as number } } })] }, "containers[0].startupProbe.grpc.port", /"grpc" is not a valid port/],
  ["grpc probe service not a string", { containers: [ok({ readinessProbe: { grpc: { port: 7070, service: 5 as unknown as string } } })] }, "containers[0].readinessProbe.grpc.service", /must be a gRPC service name/],
  ["grpc probe with a host", { containers: [ok({ readinessProbe: { grpc: { port: 7070, host: "db" } as { port: number } } })] }, "containers[0].readinessProbe.grpc.host", /unknown field; supported here: port, service/],
  ["HTTPS probe", { containers: [ok({ readinessProbe: { httpGet: { port: 443, scheme: "HTTPS" } } })] }, "containers[0].readinessProbe.httpGet.scheme", /use HTTP/],
  ["empty exec command", { containers: [ok({ lifecycle: { preStop: { exec: { command: [] } } } })] }, "containers[0].lifecycle.preStop.exec.command", /non-empty list/],
  ["mount of an unknown volume", { containers: [ok({ volumeMounts: [{ name: "data", mountPath: "/data" }] })] }, "containers[0].volumeMounts[0].name", /not one of the pod's volumes/],
  ["relative mountPath", { containers: [ok({ volumeMounts: [{ name: "v", mountPath: "data" }] })], volumes: [{ name: "v", emptyDir: {} }] }, "containers[0].volumeMounts[0].mountPath", /absolute path/],
  ["subPath escaping the volume", { containers: [ok({ volumeMounts: [{ name: "v", mountPath: "/d", subPath: "../etc" }] })], volumes: [{ name: "v", emptyDir: {} }] }, "containers[0].volumeMounts[0].subPath", /without '\.\.'/],
  ["two mounts on one path", { containers: [ok({ volumeMounts: [{ name: "v", mountPath: "/d" }, { name: "v", mountPath: "/d" }] })], volumes: [{ name: "v", emptyDir: {} }] }, "containers[0].volumeMounts[1].mountPath", /already mounted/],
  ["volume with two sources", { containers: [ok()], volumes: [{ name: "v", emptyDir: {}, hostPath: { path: "/tmp" } }] }, "volumes[0]", /exactly one of emptyDir, hostPath, configMap/],
  ["duplicate volume name", { containers: [ok()], volumes: [{ name: "v", emptyDir: {} }, { name: "v", emptyDir: {} }] }, "volumes[1].name", /unique/],
  ["bad emptyDir medium", { containers: [ok()], volumes: [{ name: "v", emptyDir: { medium: "HugePages" } }] }, "volumes[0].emptyDir.medium", /"Memory"/],
  ["bad emptyDir sizeLimit", { containers: [ok()], volumes: [{ name: "v", emptyDir: { medium: "Memory", sizeLimit: "lots" } }] }, "volumes[0].emptyDir.sizeLimit", /quantity/],
  ["relative hostPath", { containers: [ok()], volumes: [{ name: "v", hostPath: { path: "data" } }] }, "volumes[0].hostPath.path", /absolute path/],
  ["unsupported hostPath type", { containers: [ok()], volumes: [{ name: "v", hostPath: { path: "/dev/x", type: "FileOrCreate" } }] }, "volumes[0].hostPath.type", /not supported; create the file on the host and use File/],
  ["configMap item of a missing key", { containers: [ok()], volumes: [{ name: "v", configMap: { data: { a: "1" }, items: [{ key: "b", path: "b" }] } }] }, "volumes[0].configMap.items[0].key", /not a key of data/],
  ["readinessTimeoutSeconds of 0", { containers: [ok()], readinessTimeoutSeconds: 0 }, "readinessTimeoutSeconds", /from 1/],
  ["unknown pod field", { containers: [ok()], nodeName: "n1" } as unknown as PodArgs, "nodeName", /unknown field/],
  ["unknown container field", { containers: [ok({ imagePullPolicy: "Always" } as object)] }, "containers[0].imagePullPolicy", /unknown field/],
])("%s", (_kind, args, path, message) => {
  test(`is reported at ${path}`, () => {
    const problems = validatePodArgs(args);
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

test("a valid pod has no problems", () => {
  expect(validatePodArgs({
    containers: [
      ok({ ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 80, protocol: "UDP" }], env: [{ name: "A_b.c-d", value: "1" }] }),
      ok({ name: "b", resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "100m", memory: "64Mi" } } }),
    ],
    restartPolicy: "Never",
    terminationGracePeriodSeconds: 0,
  })).toEqual([]);
});

test("every problem is returned at once", () => {
  const problems = validatePodArgs({
    containers: [ok({ name: "A" }), ok({ name: "b", ports: [{ containerPort: 99999 }] })],
    restartPolicy: "x",
  });
  expect(problems.map((p) => p.path)).toEqual(["containers[0].name", "containers[1].ports[0].containerPort", "restartPolicy"]);
});
