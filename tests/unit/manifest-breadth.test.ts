/**
 * Fields of real manifests beyond the everyday ones: port protocols as old examples spell them,
 * SCTP, extended resources (GPUs) and pod-level resources.
 */
import { ManifestError, allPodArgsFromManifest, podManifest, validatePodArgs } from "../../components";
import { pausePorts, publishedPorts } from "../../components/mapping/ports";
import { dockerResources, withPodLimits } from "../../components/mapping/resources";

const pod = (container: string, spec = "") =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n${spec}  containers:\n  - name: web\n    image: nginx\n${container.replace(/^/gm, "    ")}\n`;

function refused(text: string): ManifestError {
  try {
    allPodArgsFromManifest(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return err as ManifestError;
  }
  throw new Error("accepted");
}

describe("port protocol", () => {
  test.each(["tcp", "udp", "Tcp"])("%s (old examples' spelling) is read upper-cased, with a warning", (written) => {
    const [p] = allPodArgsFromManifest(pod(`ports: [{containerPort: 80, protocol: ${written}}]`));
    expect(p.args.containers[0].ports).toEqual([{ containerPort: 80, protocol: written.toUpperCase() }]);
    expect(p.warnings).toContain(`spec.containers[0].ports[0].protocol: "${written}" read as "${written.toUpperCase()}": Kubernetes spells it in upper case (the API server refuses "${written}")`);
  });

  test("SCTP is published by Docker as sctp, and read back as SCTP", () => {
    const [p] = allPodArgsFromManifest(pod("ports: [{containerPort: 9999, protocol: SCTP}]"));
    expect(p.warnings).toEqual([]);
    expect(pausePorts(p.args.containers)).toEqual([{ internal: 9999, ip: "0.0.0.0", protocol: "sctp" }]);
    expect(publishedPorts([{ internal: 9999, external: 32768, ip: "0.0.0.0", protocol: "sctp" }])).toEqual([{ containerPort: 9999, hostPort: 32768, hostIP: "0.0.0.0", protocol: "SCTP" }]);
  });

  test("any other protocol is refused in Kubernetes' words", () => {
    expect(refused(pod("ports: [{containerPort: 80, protocol: QUIC}]")).problems).toEqual([
      { path: "spec.containers[0].ports[0].protocol", message: 'Unsupported value: "QUIC": supported values: "TCP", "UDP", "SCTP"' },
    ]);
    expect(validatePodArgs({ containers: [{ name: "a", image: "b", ports: [{ containerPort: 1, protocol: "tcp" }] }] })).toEqual([
      { path: "containers[0].ports[0].protocol", message: 'Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"' },
    ]);
  });
});

describe("nvidia.com/gpu", () => {
  test("is Docker's --gpus N: a device request of the nvidia driver for N GPUs", () => {
    const [p] = allPodArgsFromManifest(pod("resources: {limits: {nvidia.com/gpu: 2, memory: 1Gi}, requests: {nvidia.com/gpu: 2}}"));
    expect(p.warnings).toEqual([]);
    expect(p.args.containers[0].resources).toEqual({ limits: { "nvidia.com/gpu": "2", memory: "1Gi" }, requests: { "nvidia.com/gpu": "2" } });
    expect(dockerResources(p.args.containers[0].resources)).toEqual({ memory: 1024, memorySwap: 1024, deviceRequests: [{ driver: "nvidia", count: 2, capabilities: ["gpu"] }] });
    expect(podManifest("web", p.args).spec?.containers[0].resources).toEqual({ limits: { "nvidia.com/gpu": "2", memory: "1Gi" }, requests: { "nvidia.com/gpu": "2" } });
  });

  test("0 GPUs ask for no device", () => {
    expect(dockerResources({ limits: { "nvidia.com/gpu": "0" } })).toEqual({});
  });

  test.each<[string, string, string]>([
    ["a fraction", "limits: {nvidia.com/gpu: 500m}", 'spec.containers[0].resources.limits.nvidia.com/gpu: "500m": must be an integer (a number of GPUs)'],
    ["a request without a limit", "requests: {nvidia.com/gpu: 1}", "spec.containers[0].resources.limits.nvidia.com/gpu: Limit must be set for non overcommitable resources (give the same number in limits)"],
    ["a request other than the limit", "limits: {nvidia.com/gpu: 2}, requests: {nvidia.com/gpu: 1}", "spec.containers[0].resources.requests.nvidia.com/gpu: must be equal to nvidia.com/gpu limit of 2"],
  ])("%s is refused as Kubernetes refuses it", (_, resources, message) => {
    expect(refused(pod(`resources: {${resources}}`)).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([message]);
  });

  test("another vendor's extended resource is refused, not dropped (a cluster would not run the pod without it)", () => {
    expect(refused(pod("resources: {limits: {amd.com/gpu: 1}}")).problems).toEqual([
      { path: "spec.containers[0].resources.limits.amd.com/gpu", message: expect.stringMatching(/^a resource docker-pod cannot give on Docker/) },
    ]);
  });
});

describe("pod-level resources (Kubernetes 1.32+)", () => {
  const podLevel = `apiVersion: v1
kind: Pod
metadata: {name: pod-resources-demo}
spec:
  resources:
    limits: {cpu: "1", memory: 200Mi}
    requests: {cpu: "1", memory: 100Mi}
  containers:
  - name: own
    image: nginx
    resources:
      limits: {cpu: "0.5", memory: 100Mi}
      requests: {cpu: "0.5", memory: 50Mi}
  - name: shared
    image: fedora
    command: [sleep, inf]
`;

  test("are read, with a warning saying Docker has no pod cgroup", () => {
    const [p] = allPodArgsFromManifest(podLevel);
    expect(p.args.resources).toEqual({ limits: { cpu: "1", memory: "200Mi" }, requests: { cpu: "1", memory: "100Mi" } });
    expect(p.warnings).toEqual([expect.stringMatching(/^spec\.resources: Docker has no pod cgroup: the pod's limits bound each container without a limit of its own/)]);
    expect((podManifest(p.name, p.args).spec as { resources?: unknown }).resources).toEqual(p.args.resources);
  });

  test("the pod's limits bound each container without its own; a container's own limits stay", () => {
    const [p] = allPodArgsFromManifest(podLevel);
    const [own, shared] = withPodLimits(p.args.containers, p.args.resources);
    expect(own).toBe(p.args.containers[0]);
    expect(shared.resources).toEqual({ limits: { cpu: "1", memory: "200Mi" } });
    expect(dockerResources(shared.resources)).toEqual({ cpuPeriod: 100000, cpuQuota: 100000, memory: 200, memorySwap: 200 });
    expect(withPodLimits(p.args.containers, { requests: { cpu: "1" } })).toBe(p.args.containers);
  });

  test.each<[string, string, string]>([
    ["a container limit over the pod's", podLevel.replace('limits: {cpu: "0.5"', 'limits: {cpu: "2"'), 'spec.containers[0].resources.limits.cpu: must be less than or equal to pod limits (resources.limits.cpu: 1)'],
    ["container requests over the pod's", podLevel.replace("requests: {cpu: \"1\", memory: 100Mi}", "requests: {cpu: 100m}"), "spec.resources.requests.cpu: must be greater than or equal to the aggregate container requests of cpu"],
    ["GPUs at pod level", podLevel.replace("limits: {cpu: \"1\", memory: 200Mi}", "limits: {cpu: \"1\", memory: 200Mi, nvidia.com/gpu: 1}"), "spec.resources.limits.nvidia.com/gpu: pod-level resources are cpu and memory only; give GPUs to a container"],
  ])("%s is refused", (_, text, message) => {
    expect(refused(text).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([message]);
  });
});
