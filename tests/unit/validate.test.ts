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
  ["bad protocol", { containers: [ok({ ports: [{ containerPort: 80, protocol: "SCTP" }] })] }, "containers[0].ports[0].protocol", /TCP or UDP/],
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
  ["runAsGroup without runAsUser", { containers: [ok({ securityContext: { runAsGroup: 10 } })] }, "containers[0].securityContext.runAsGroup", /set runAsUser too/],
  ["bad capability", { containers: [ok({ securityContext: { capabilities: { add: ["net admin"] } } })] }, "containers[0].securityContext.capabilities.add[0]", /not a capability name/],
  ["relative workingDir", { containers: [ok({ workingDir: "srv" })] }, "containers[0].workingDir", /absolute path/],
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
