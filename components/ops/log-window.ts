/**
 * Which part of a container's Docker log is which run. Docker keeps one log per container across
 * its restarts, and the podlet restarts the same container, so `logs` (the current run) is the log
 * since the last start and `logs --previous` the log between the last two starts. A start the
 * podlet made is bracketed by its line: Docker stamped it when the start had returned, and it says
 * how long the start took (`started in N ms`), so `stamp - N ms` comes after the previous run
 * ended and before the new one began.
 */
import type { PodEvent } from "./events";
import type { ContainerFacts } from "./facts";
import { podletRestarts } from "./status";

/** A part of the log, in Unix milliseconds (`since` inclusive, `until` exclusive; absent: open). */
export interface LogWindow {
  since?: number;
  until?: number;
}

/** No earlier run to show (kubectl's wording). */
export class NoPreviousRunError extends Error {}

/** Slack (ms) between Docker's `StartedAt` and the times of the podlet's line about that start. */
const slackMs = 1000;

/** The log windows of the current run and, when there was one, the previous run. */
export function runWindows(c: ContainerFacts, events: PodEvent[]): { current: LogWindow; previous?: LogWindow } {
  const restarts = podletRestarts(c, events);
  const bounds = restarts.map((e) => e.time.getTime() - (e.durationMs ?? 0) - 20);
  const startedAt = new Date(c.State.StartedAt).getTime();
  const earlierRun = bounds.length > 0 || c.RestartCount > 0;
  if (!earlierRun || Number.isNaN(startedAt) || startedAt <= 0) return { current: {} };
  // The current run began with a start of the podlet's when its line brackets Docker's StartedAt
  // (the start began `started in N ms` before the line); else (Docker's own restart, a start through
  // the API, or a start whose line is not in the podlet's log yet) at StartedAt. A looser match took
  // a crash-looping member's previous start for the current one, and showed both runs.
  let made = -1;
  restarts.forEach((e, i) => {
    if (bounds[i] - slackMs <= startedAt && startedAt <= e.time.getTime() + slackMs) made = i;
  });
  const currentSince = made >= 0 ? Math.min(bounds[made], startedAt) : startedAt;
  const before = bounds.filter((b) => b < currentSince - 1);
  const previousSince = before.length ? before[before.length - 1] : undefined;
  return { current: { since: currentSince }, previous: { ...(previousSince !== undefined ? { since: previousSince } : {}), until: currentSince } };
}

/** Milliseconds as Docker's `since`/`until` query value (`seconds.fraction`). */
export const dockerTime = (ms: number): string => (ms / 1000).toFixed(3);

/** The last `n` lines of a text (all when `n` is negative, as kubectl's `--tail -1`). */
export function lastLines(text: string, n: number): string {
  if (n < 0) return text;
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.length ? lines.slice(Math.max(0, lines.length - n)).join("\n") + (n > 0 ? "\n" : "") : "";
}
