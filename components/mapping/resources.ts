/**
 * `resources.requests` / `resources.limits` → Docker resource settings, the way the kubelet maps
 * them: memory limit (no swap beyond it), memory reservation, CFS quota over a 100 ms period, CPU
 * shares (1 CPU = 1024); `nvidia.com/gpu` → that many GPUs (Docker's `--gpus N`). Quantities
 * are parsed by a kept Kubernetes-quantity parser.
 */
import { cpuParser, memoryParser } from "k8s-resource-parser";
import { ResourceRequirements } from "../args";

const MiB = 1024 * 1024;
/** CFS period the kubelet uses, in microseconds. */
export const cpuPeriod = 100_000;
/** Docker refuses memory limits below this many bytes. */
export const minMemoryBytes = 6 * MiB;

/** Parses a CPU quantity ("500m", "1.5") into cores; throws on anything that is not a quantity. */
export function parseCpu(quantity: string): number {
  return cpuParser(String(quantity));
}

/** Parses a memory quantity ("128Mi", "1G") into bytes; throws on anything that is not a quantity. */
export function parseMemory(quantity: string): number {
  return memoryParser(String(quantity));
}

/** The extended resource of NVIDIA GPUs (the NVIDIA device plugin's name). */
export const gpuResource = "nvidia.com/gpu";

/** The Docker container settings for a container's resources (pulumi-docker `Container` fields). */
export interface DockerResources {
  /** GPUs: Docker's `--gpus N`, a device request of the `nvidia` driver for N devices with the `gpu` capability. */
  deviceRequests?: { driver: string; count: number; capabilities: string[] }[];
  /** Memory limit in MiB (rounded up). */
  memory?: number;
  /** Memory plus swap limit in MiB: equal to `memory`, so no swap. */
  memorySwap?: number;
  /** Memory reservation (soft limit) in MiB (rounded up). */
  memoryReservation?: number;
  /** CFS period in microseconds. */
  cpuPeriod?: number;
  /** CFS quota in microseconds per period. */
  cpuQuota?: number;
  /** Relative CPU weight. */
  cpuShares?: number;
}

/** Maps validated resource requirements to Docker settings; unset quantities stay unset. */
export function dockerResources(resources: ResourceRequirements | undefined): DockerResources {
  const out: DockerResources = {};
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  if (limits.memory !== undefined) {
    out.memory = Math.ceil(parseMemory(limits.memory) / MiB);
    out.memorySwap = out.memory;
  }
  if (requests.memory !== undefined) {
    out.memoryReservation = Math.ceil(parseMemory(requests.memory) / MiB);
  }
  if (limits.cpu !== undefined) {
    out.cpuPeriod = cpuPeriod;
    out.cpuQuota = Math.max(1000, Math.round(parseCpu(limits.cpu) * cpuPeriod));
  }
  if (requests.cpu !== undefined) {
    out.cpuShares = Math.max(2, Math.round(parseCpu(requests.cpu) * 1024));
  }
  const gpus = limits[gpuResource] ?? requests[gpuResource];
  if (gpus !== undefined && parseCpu(gpus) > 0) {
    out.deviceRequests = [{ driver: "nvidia", count: parseCpu(gpus), capabilities: ["gpu"] }];
  }
  return out;
}

/**
 * The containers, each without a limit of its own given the pod-level limit (`cpu`, `memory`):
 * Docker has no pod cgroup, so the pod's limit bounds each container alone (Kubernetes' downward
 * API reads a container's limit the same way). Containers are returned as given when the pod has no limits.
 */
export function withPodLimits<T extends { resources?: ResourceRequirements }>(containers: T[], pod: ResourceRequirements | undefined): T[] {
  const limits = pod?.limits;
  if (!limits || (limits.cpu === undefined && limits.memory === undefined)) return containers;
  return containers.map((c) => {
    const own = c.resources?.limits ?? {};
    const inherited = (["cpu", "memory"] as const).filter((r) => limits[r] !== undefined && own[r] === undefined);
    if (inherited.length === 0) return c;
    return { ...c, resources: { ...c.resources, limits: { ...own, ...Object.fromEntries(inherited.map((r) => [r, limits[r]])) } } };
  });
}
