/**
 * A pod on the engine as a Kubernetes `Pod` object (`get pods -o yaml|json`): metadata from the
 * pause container, the spec read back from the containers' Docker configuration and docker-pod's
 * labels (what components/mapping/ wrote), and the real status of status.ts. Environment values
 * are left out (they may be secrets), and so are container ports (the pause container publishes
 * them all: see the PORTS column).
 */
import type { Container, Pod, Probe, ResourceRequirements, Volume, VolumeMount } from "kubernetes-types/core/v1";
import { PodletProbe, labelPrefix, livenessLabel, restartPolicyLabel, stackLabel, startupLabel } from "../mapping/labels";
import { probeHelperPath } from "../mapping/probes";
import type { ContainerFacts, PodFacts, VolumeFacts } from "./facts";
import { kubeTime } from "./format";
import { isSidecar, memberName, podStatus } from "./status";

/** Annotation giving the pause container's id. */
export const pauseIdAnnotation = `${labelPrefix}pause-container-id`;

/** The user's labels of the pod: the pause container's, less docker-pod's own. */
export function userLabels(pause: ContainerFacts): Record<string, string> {
  return Object.fromEntries(Object.entries(pause.Config.Labels ?? {}).filter(([k]) => !k.startsWith(labelPrefix)));
}

/** The Kubernetes Pod object of a pod. */
export function podObject(pod: PodFacts): Pod {
  const { volumes, mountsOf } = podVolumes(pod);
  const first = pod.members[0];
  const labels = userLabels(pod.pause);
  const stack = pod.pause.Config.Labels[stackLabel];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: pod.name,
      creationTimestamp: kubeTime(pod.pause.Created),
      ...(Object.keys(labels).length ? { labels } : {}),
      annotations: { [pauseIdAnnotation]: pod.pause.Id, ...(stack ? { [stackLabel]: stack } : {}) },
    },
    spec: {
      ...(pod.inits.length
        ? { initContainers: pod.inits.map((c) => ({ ...containerSpec(c, mountsOf(c)), ...(isSidecar(c) ? { restartPolicy: "Always" } : {}) })) }
        : {}),
      containers: pod.members.map((c) => containerSpec(c, mountsOf(c))),
      ...(first ? { restartPolicy: first.Config.Labels[restartPolicyLabel] ?? "Always" } : {}),
      ...(first?.Config.StopTimeout !== undefined ? { terminationGracePeriodSeconds: first.Config.StopTimeout } : {}),
      ...(first ? { shareProcessNamespace: (first.HostConfig.PidMode ?? "").startsWith("container:") } : {}),
      ...(pod.engine ? { nodeName: pod.engine } : {}),
      ...(volumes.length ? { volumes } : {}),
    },
    status: podStatus(pod),
  };
}

function containerSpec(c: ContainerFacts, volumeMounts: VolumeMount[]): Container {
  const entrypoint = typeof c.Config.Entrypoint === "string" ? [c.Config.Entrypoint] : c.Config.Entrypoint;
  const labels = c.Config.Labels;
  const resources = resourcesOf(c);
  const readiness = readinessProbe(c);
  return {
    name: memberName(c),
    image: c.Config.Image,
    ...(entrypoint?.length ? { command: entrypoint } : {}),
    ...(c.Config.Cmd?.length ? { args: c.Config.Cmd } : {}),
    ...(c.Config.WorkingDir ? { workingDir: c.Config.WorkingDir } : {}),
    ...(resources ? { resources } : {}),
    ...(labels[livenessLabel] ? { livenessProbe: labelProbe(labels[livenessLabel]) } : {}),
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...(labels[startupLabel] ? { startupProbe: labelProbe(labels[startupLabel]) } : {}),
    ...(volumeMounts.length ? { volumeMounts } : {}),
  };
}

/** A probe's action from the argv docker-pod runs (the probe helper's, or the user's exec). */
export function probeAction(argv: string[]): Pick<Probe, "exec" | "httpGet" | "tcpSocket" | "grpc"> {
  if (argv[0] === probeHelperPath && argv[1] === "-t" && argv[3] === "grpc") {
    const [, , , , , port, service] = argv;
    return { grpc: { port: Number(port), service: service ?? "" } };
  }
  const [prog, kind, host, port, path] = argv;
  const hostField = host && host !== "127.0.0.1" ? { host } : {};
  if (prog === probeHelperPath && kind === "http") return { httpGet: { ...hostField, port: Number(port), path } };
  if (prog === probeHelperPath && kind === "tcp") return { tcpSocket: { ...hostField, port: Number(port) } };
  return { exec: { command: argv } };
}

function labelProbe(json: string): Probe {
  const p = JSON.parse(json) as PodletProbe;
  return {
    ...probeAction(p.exec),
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
    successThreshold: p.successThreshold,
  };
}

const seconds = (ns: number | undefined) => Math.round((ns ?? 0) / 1e9);

/** The readiness probe docker-pod maps to the Docker health check. */
function readinessProbe(c: ContainerFacts): Probe | undefined {
  const h = c.Config.Healthcheck;
  const test = h?.Test ?? [];
  if (test[0] !== "CMD" && test[0] !== "CMD-SHELL") return undefined;
  const argv = test[0] === "CMD" ? test.slice(1) : ["/bin/sh", "-c", test[1] ?? ""];
  return {
    ...probeAction(argv),
    initialDelaySeconds: seconds(h?.StartPeriod),
    periodSeconds: seconds(h?.Interval) || 30,
    timeoutSeconds: seconds(h?.Timeout) || 30,
    failureThreshold: h?.Retries || 3,
  };
}

const Mi = 1024 * 1024;
const memoryQuantity = (bytes: number) => (bytes % Mi === 0 ? `${bytes / Mi}Mi` : bytes % 1024 === 0 ? `${bytes / 1024}Ki` : String(bytes));

function resourcesOf(c: ContainerFacts): ResourceRequirements | undefined {
  const h = c.HostConfig;
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  if (h.Memory) limits.memory = memoryQuantity(h.Memory);
  if (h.NanoCpus) limits.cpu = `${Math.round(h.NanoCpus / 1e6)}m`;
  else if (h.CpuQuota && h.CpuQuota > 0) limits.cpu = `${Math.round((h.CpuQuota / (h.CpuPeriod || 100_000)) * 1000)}m`;
  if (h.MemoryReservation) requests.memory = memoryQuantity(h.MemoryReservation);
  if (h.CpuShares) requests.cpu = `${Math.round((h.CpuShares / 1024) * 1000)}m`;
  if (!Object.keys(limits).length && !Object.keys(requests).length) return undefined;
  return { ...(Object.keys(limits).length ? { limits } : {}), ...(Object.keys(requests).length ? { requests } : {}) };
}

/** The pod's volumes (from its Docker volumes and bind mounts) and each container's mounts of them. */
export function podVolumes(pod: PodFacts): { volumes: Volume[]; mountsOf: (c: ContainerFacts) => VolumeMount[] } {
  const volumes = new Map<string, Volume>();
  const podVolumeName = (v: VolumeFacts) => v.Labels["org.docker-pod.container"] ?? v.Name;
  const asVolume = (v: VolumeFacts): Volume =>
    v.Labels[`${labelPrefix}content`] !== undefined
      ? { name: podVolumeName(v), configMap: { name: podVolumeName(v) } }
      : { name: podVolumeName(v), emptyDir: v.Options?.type === "tmpfs" ? { medium: "Memory" } : {} };
  const hostPaths = new Map<string, string>();
  const mountsOf = (c: ContainerFacts): VolumeMount[] =>
    (c.Mounts ?? []).flatMap((m): VolumeMount[] => {
      const readOnly = m.RW ? {} : { readOnly: true };
      if (m.Type === "volume") {
        const v = pod.volumes.find((x) => x.Name === m.Name);
        if (!v) return [];
        volumes.set(podVolumeName(v), asVolume(v));
        return [{ name: podVolumeName(v), mountPath: m.Destination, ...readOnly }];
      }
      if (m.Type !== "bind") return [];
      // A sub-path of a pod volume is a bind of a path inside the volume's mount point.
      const inside = pod.volumes.find((x) => x.Mountpoint && m.Source.startsWith(`${x.Mountpoint}/`));
      if (inside) {
        volumes.set(podVolumeName(inside), asVolume(inside));
        return [{ name: podVolumeName(inside), mountPath: m.Destination, subPath: m.Source.slice(inside.Mountpoint!.length + 1), ...readOnly }];
      }
      if (!hostPaths.has(m.Source)) hostPaths.set(m.Source, `host-path-${hostPaths.size}`);
      const name = hostPaths.get(m.Source)!;
      volumes.set(name, { name, hostPath: { path: m.Source } });
      return [{ name, mountPath: m.Destination, ...readOnly }];
    });
  // Collect every container's mounts once, so `volumes` is complete before the spec is built.
  for (const c of [...pod.inits, ...pod.members]) mountsOf(c);
  return { volumes: [...volumes.values()], mountsOf };
}
