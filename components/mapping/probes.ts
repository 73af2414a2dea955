/**
 * Probes → how they run on Docker: readiness as the container's Docker health check (so `up` can
 * wait for it), liveness and startup as podlet labels (the podlet runs them like the kubelet).
 * `httpGet`, `tcpSocket` and `grpc` become argv for the static probe helper copied into the container;
 * a `grpc` probe's helper is given `timeoutSeconds` (`-t`), so that it ends, and tells the server its
 * deadline, within the probe's timeout, as the kubelet's gRPC call does.
 */
import { Container, Probe } from "../args";
import { PodletProbe } from "./labels";

/** The directory of the probe helper in containers that need it (and in the pause image). */
export const probeHelperDir = "/.docker-pod";

/** Where the probe helper is copied in containers that need it. */
export const probeHelperPath = `${probeHelperDir}/probe`;

/** Kubernetes' probe defaults. */
export const probeDefaults = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 };

/** The argv that runs a validated probe inside the container. */
export function probeArgv(probe: Probe): string[] {
  if (probe.exec) return probe.exec.command;
  if (probe.httpGet) {
    const g = probe.httpGet;
    const headers = (g.httpHeaders ?? []).map((h) => `${h.name}: ${h.value}`);
    return [probeHelperPath, "http", g.host ?? "127.0.0.1", String(g.port), g.path ?? "/", ...headers];
  }
  if (probe.grpc) {
    const timeout = probe.timeoutSeconds ?? probeDefaults.timeoutSeconds;
    const service = probe.grpc.service ? [probe.grpc.service] : [];
    return [probeHelperPath, "-t", String(timeout), "grpc", "127.0.0.1", String(probe.grpc.port), ...service];
  }
  const t = probe.tcpSocket!;
  return [probeHelperPath, "tcp", t.host ?? "127.0.0.1", String(t.port)];
}

/** A probe as the podlet runs it (the JSON of its label), with Kubernetes' defaults filled in. */
export function podletProbe(probe: Probe): PodletProbe {
  return { exec: probeArgv(probe), ...probeDefaults, ...definedTimings(probe) };
}

/** pulumi-docker's health check for a readiness probe. */
export function readinessHealthcheck(probe: Probe) {
  const p = { ...probeDefaults, ...definedTimings(probe) };
  return {
    tests: ["CMD", ...probeArgv(probe)],
    interval: `${p.periodSeconds}s`,
    timeout: `${p.timeoutSeconds}s`,
    retries: p.failureThreshold,
    startPeriod: `${p.initialDelaySeconds}s`,
  };
}

/** Whether any probe of the container needs the probe helper. */
export function needsProbeHelper(c: Container): boolean {
  return [c.livenessProbe, c.readinessProbe, c.startupProbe].some(
    (p) => p?.httpGet !== undefined || p?.tcpSocket !== undefined || p?.grpc !== undefined,
  );
}

function definedTimings(probe: Probe): Partial<typeof probeDefaults> {
  return Object.fromEntries(
    Object.keys(probeDefaults)
      .filter((k) => probe[k as keyof typeof probeDefaults] !== undefined)
      .map((k) => [k, probe[k as keyof typeof probeDefaults]]),
  );
}
