/**
 * `describe pod`: kubectl's layout (key/value blocks, per-container state and last state, probes,
 * mounts, conditions, volumes) and the **Events** of the podlet, oldest first, with their ages.
 */
import type { ContainerStatus, Container, Pod, Probe } from "kubernetes-types/core/v1";
import type { PodFacts } from "./facts";
import { age, table } from "./format";
import { stackLabel } from "../mapping/labels";
import { podObject, userLabels } from "./pod-object";
import { publishedPorts } from "./rows";
import { podColumns, selfHealing } from "./status";

/** kubectl's time format (RFC 1123 with a numeric zone). */
const when = (t: string | undefined) => (t ? new Date(t).toUTCString().replace("GMT", "+0000") : "<unknown>");

function kv(indent: number, width: number, key: string, value: string): string {
  return `${" ".repeat(indent)}${`${key}:`.padEnd(width)}${value}\n`;
}

/** A probe as kubectl describes it: `http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: Probe): string {
  const action = p.httpGet
    ? `http-get http://${p.httpGet.host ?? ""}:${p.httpGet.port}${p.httpGet.path ?? "/"}`
    : p.tcpSocket
      ? `tcp-socket ${p.tcpSocket.host ?? ""}:${p.tcpSocket.port}`
      : p.grpc
        ? `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ""}`
        : `exec [${(p.exec?.command ?? []).join(" ")}]`;
  return `${action} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
}

function describeState(key: string, state: ContainerStatus["state"]): string {
  if (state?.running) return kv(4, 20, key, "Running") + kv(6, 18, "Started", when(state.running.startedAt));
  if (state?.waiting) return kv(4, 20, key, "Waiting") + kv(6, 18, "Reason", state.waiting.reason ?? "");
  if (state?.terminated) {
    const t = state.terminated;
    return (
      kv(4, 20, key, "Terminated") +
      kv(6, 18, "Reason", t.reason ?? "") +
      (t.message && key === "Last State" ? kv(6, 18, "Message", t.message) : "") +
      kv(6, 18, "Exit Code", String(t.exitCode)) +
      (t.startedAt ? kv(6, 18, "Started", when(t.startedAt)) : "") +
      kv(6, 18, "Finished", when(t.finishedAt))
    );
  }
  return kv(4, 20, key, "<none>");
}

function describeContainer(c: Container, s: ContainerStatus | undefined): string {
  let out = `  ${c.name}:\n`;
  out += kv(4, 20, "Container ID", s?.containerID ?? "");
  out += kv(4, 20, "Image", c.image ?? "");
  out += kv(4, 20, "Image ID", s?.imageID ?? "");
  if (c.command?.length) out += `    Command:\n${c.command.map((a) => `      ${a}\n`).join("")}`;
  if (c.args?.length) out += `    Args:\n${c.args.map((a) => `      ${a}\n`).join("")}`;
  out += describeState("State", s?.state);
  if (s?.lastState && Object.keys(s.lastState).length) out += describeState("Last State", s.lastState);
  out += kv(4, 20, "Ready", s?.ready ? "True" : "False");
  out += kv(4, 20, "Restart Count", String(s?.restartCount ?? 0));
  for (const kind of ["limits", "requests"] as const) {
    const r = c.resources?.[kind];
    if (r) out += `    ${kind === "limits" ? "Limits" : "Requests"}:\n${Object.entries(r).map(([k, v]) => `      ${k}:  ${v}\n`).join("")}`;
  }
  if (c.livenessProbe) out += kv(4, 20, "Liveness", describeProbe(c.livenessProbe));
  if (c.readinessProbe) out += kv(4, 20, "Readiness", describeProbe(c.readinessProbe));
  if (c.startupProbe) out += kv(4, 20, "Startup", describeProbe(c.startupProbe));
  out += `    Mounts:\n`;
  out += c.volumeMounts?.length
    ? c.volumeMounts.map((m) => `      ${m.mountPath} from ${m.name}${m.subPath ? ` (${m.readOnly ? "ro" : "rw"},path="${m.subPath}")` : ` (${m.readOnly ? "ro" : "rw"})`}\n`).join("")
    : "      <none>\n";
  return out;
}

/** The text of `docker-pod describe pod` for one pod. */
export function describePod(pod: PodFacts, now: Date): string {
  const obj: Pod = podObject(pod);
  const status = obj.status!;
  const spec = obj.spec!;
  const cols = podColumns(pod, status, now);
  const labels = Object.entries(userLabels(pod.pause));
  const ports = publishedPorts(pod);
  let out = "";
  out += kv(0, 18, "Name", pod.name);
  out += kv(0, 18, "Node", pod.engine || "<unknown>");
  out += kv(0, 18, "Start Time", when(status.startTime));
  out += labels.length
    ? kv(0, 18, "Labels", `${labels[0][0]}=${labels[0][1]}`) + labels.slice(1).map(([k, v]) => `${" ".repeat(18)}${k}=${v}\n`).join("")
    : kv(0, 18, "Labels", "<none>");
  out += kv(0, 18, "Stack", pod.pause.Config.Labels[stackLabel] ?? "<none>");
  out += kv(0, 18, "Status", cols.status === "Terminating" ? "Terminating" : (status.phase ?? "Unknown"));
  out += kv(0, 18, "IP", status.podIP ?? "");
  out += kv(0, 18, "Ports", ports.join(", ") || "<none>");
  out += kv(0, 18, "Pause", `${pod.pause.Id.slice(0, 12)} (${pod.pause.State.Status})`);
  out += kv(
    0,
    18,
    "Podlet",
    pod.podlet ? `${pod.podlet.Id.slice(0, 12)} (${pod.podlet.State.Status})` : selfHealing(pod) ? "<missing>" : "<none> (selfHealing: false)",
  );
  if (spec.initContainers?.length) {
    out += "Init Containers:\n";
    spec.initContainers.forEach((c, i) => (out += describeContainer(c, status.initContainerStatuses?.[i])));
  }
  out += "Containers:\n";
  spec.containers.forEach((c, i) => (out += describeContainer(c, status.containerStatuses?.[i])));
  out += "Conditions:\n" + table([["Type", "Status"], ...(status.conditions ?? []).map((c) => [c.type, c.status])]).replace(/^(?=.)/gm, "  ");
  out += "Volumes:\n";
  out += spec.volumes?.length
    ? spec.volumes
        .map((v) => {
          const type = v.configMap
            ? `    Type:       ConfigMap (a volume populated by a ConfigMap)\n    Name:       ${v.configMap.name}\n`
            : v.emptyDir
              ? `    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:     ${v.emptyDir.medium ?? ""}\n`
              : `    Type:       HostPath (bare host directory volume)\n    Path:       ${v.hostPath?.path}\n`;
          return `  ${v.name}:\n${type}`;
        })
        .join("")
    : "  <none>\n";
  out += kv(0, 18, "Restart Policy", spec.restartPolicy ?? "Always");
  out += "Events:";
  if (pod.events.length === 0) return out + (pod.podlet ? "            <none>\n" : "            <none> (no podlet: selfHealing: false)\n");
  const rows = pod.events.map((e) => [e.type, e.reason, age(e.time, now), "podlet", e.message]);
  return out + "\n" + table([["Type", "Reason", "Age", "From", "Message"], ["----", "------", "----", "----", "-------"], ...rows]).replace(/^(?=.)/gm, "  ");
}
