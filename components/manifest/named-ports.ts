/**
 * Named probe ports: Kubernetes lets `httpGet.port` and `tcpSocket.port` name one of the
 * container's own `ports` (`port: http`), and the kubelet probes that port's `containerPort`.
 * A manifest's named port is read as that number, which is what docker-pod's probes take; a name
 * the container does not declare is an error at its path, as the kubelet could never probe it.
 */
import type { Context } from "./from-manifest";

const probes = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const handlers = ["httpGet", "tcpSocket"] as const;

/** Replaces each named probe port of the pod's containers by its number (`spec` as walked). */
export function resolveNamedProbePorts(ctx: Context, spec: Record<string, unknown>, specPath: string): void {
  for (const list of ["initContainers", "containers"] as const) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: Record<string, unknown> | undefined, i) => {
      const ports = new Map<string, unknown>();
      for (const p of Array.isArray(c?.ports) ? (c.ports as Record<string, unknown>[]) : []) {
        if (typeof p?.name === "string") ports.set(p.name, p.containerPort);
      }
      for (const probe of probes) {
        for (const handler of handlers) {
          const action = (c?.[probe] as Record<string, Record<string, unknown>> | undefined)?.[handler];
          if (typeof action?.port !== "string" || /^\d+$/.test(action.port)) continue;
          const at = `${specPath}.${list}[${i}].${probe}.${handler}.port`;
          if (ports.has(action.port)) action.port = ports.get(action.port);
          else ctx.error(at, `${JSON.stringify(action.port)} names no port of this container (ports[].name: ${[...ports.keys()].join(", ") || "none"})`);
        }
      }
    });
  }
}
