/** `get pods`: kubectl's columns, one row per pod. */
import type { PodFacts } from "./facts";
import { age, restartsCell } from "./format";
import { podColumns, podIP, podStatus } from "./status";

/** kubectl's columns; `-o wide` adds IP, PORTS (what pause publishes) and ENGINE (kubectl's NODE). */
export const podHeaders = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
export const wideHeaders = [...podHeaders, "IP", "PORTS", "ENGINE"];

/** What pause publishes, as `docker ps` shows it: `0.0.0.0:8080->80/tcp`. */
export function publishedPorts(pod: PodFacts): string[] {
  return Object.entries(pod.pause.NetworkSettings?.Ports ?? {}).flatMap(([port, binds]) =>
    (binds ?? []).map((b) => `${b.HostIp || "0.0.0.0"}:${b.HostPort}->${port}`),
  );
}

/** One row of `get pods` (`wide`: with IP, PORTS, ENGINE). */
export function podRow(pod: PodFacts, now: Date, wide = false): string[] {
  const cols = podColumns(pod, podStatus(pod), now);
  const row = [pod.name, cols.ready, cols.status, restartsCell(cols.restarts, cols.lastRestart, now), age(pod.pause.Created, now)];
  if (!wide) return row;
  return [...row, podIP(pod.pause) || "<none>", publishedPorts(pod).join(",") || "<none>", pod.engine || "<none>"];
}
