/**
 * `logs`: a container's output from Docker's log, cut to the current run (or, `previous`, the run
 * before it) by log-window.ts, with kubectl's `--since`, `--tail` and `--timestamps`.
 */
import type Docker from "dockerode";
import type { ContainerFacts, PodFacts } from "./facts";
import { demuxDockerLog } from "./events";
import { LogWindow, NoPreviousRunError, dockerTime, lastLines, runWindows } from "./log-window";
import { memberName } from "./status";

/** kubectl's `logs` options. */
export interface LogOptions {
  follow?: boolean;
  previous?: boolean;
  /** Lines from the end (`-1`: all). */
  tail?: number;
  /** Only lines newer than this many milliseconds. */
  sinceMs?: number;
  timestamps?: boolean;
}

/** A container choice that cannot be made (kubectl's messages). */
export class ContainerChoiceError extends Error {}

/** The container `-c NAME` names, or the pod's only member. */
export function chooseContainer(pod: PodFacts, name: string | undefined): ContainerFacts {
  if (name !== undefined) {
    const c = [...pod.members, ...pod.inits].find((x) => memberName(x) === name);
    if (!c) throw new ContainerChoiceError(`container ${name} is not valid for pod ${pod.name}`);
    return c;
  }
  if (pod.members.length === 1) return pod.members[0];
  const names = pod.members.map(memberName).join(" ");
  const inits = pod.inits.length ? ` or one of the init containers: [${pod.inits.map(memberName).join(" ")}]` : "";
  throw new ContainerChoiceError(`a container name must be specified for pod ${pod.name}, choose one of: [${names}]${inits}`);
}

/** The window of the run to show, narrowed by `--since`. */
export function logWindow(pod: PodFacts, c: ContainerFacts, opts: LogOptions, now: Date): LogWindow {
  const windows = runWindows(c, pod.events);
  const w = opts.previous ? windows.previous : windows.current;
  if (!w) throw new NoPreviousRunError(`previous terminated container "${memberName(c)}" in pod "${pod.name}" not found`);
  if (opts.sinceMs === undefined) return w;
  const since = now.getTime() - opts.sinceMs;
  return { ...w, since: Math.max(w.since ?? 0, since) };
}

/** Writes the container's log (of the chosen run) to `out`; with `follow`, until the container stops. */
export async function writeLogs(docker: Docker, pod: PodFacts, c: ContainerFacts, opts: LogOptions, out: NodeJS.WritableStream): Promise<void> {
  const w = logWindow(pod, c, opts, new Date());
  const tail = opts.tail ?? -1;
  const query = {
    stdout: true,
    stderr: true,
    timestamps: opts.timestamps === true,
    ...(w.since !== undefined ? { since: dockerTime(w.since) } : {}),
    ...(w.until !== undefined ? { until: dockerTime(w.until) } : {}),
  };
  const container = docker.getContainer(c.Id);
  if (opts.follow && !opts.previous) {
    // The current run is the end of the log: Docker's own tail is the run's tail.
    const stream = await container.logs({ ...query, follow: true, ...(tail >= 0 ? { tail } : {}) });
    await new Promise<void>((resolve, reject) => {
      if (!c.Config.Tty) docker.modem.demuxStream(stream, out, out);
      else stream.pipe(out, { end: false });
      stream.on("end", resolve);
      stream.on("error", reject);
    });
    return;
  }
  const buf = (await container.logs({ ...query, follow: false })) as unknown as Buffer;
  out.write(lastLines(demuxDockerLog(Buffer.from(buf)), tail));
}
