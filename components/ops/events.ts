/**
 * The podlet's log as the pod's event store. The podlet (native/podlet.c) writes one line per
 * action to stderr; Docker keeps a container's log across its restarts, so the podlet container's
 * log, read with Docker's timestamps, is what the podlet did and why, surviving the podlet's own
 * restarts (and the daemon's). This file turns those lines into Kubernetes-style events.
 */

/** One event, as `kubectl describe` shows them (`Type`, `Reason`, `Age`, `From`, `Message`). */
export interface PodEvent {
  /** When Docker received the podlet's line. */
  time: Date;
  /** Docker's own timestamp (RFC 3339, nanoseconds), kept for exact log windows. */
  timestamp: string;
  type: "Normal" | "Warning";
  /** Kubernetes-style reason: `SandboxChanged`, `Started`, `BackOff`, `Killing`, `Unhealthy`, … */
  reason: string;
  /** The podlet's line, without its `podlet: ` prefix. */
  message: string;
  /** What the line is about: the pause container, a member, or the pod (the podlet itself). */
  subject: { kind: "pause" | "member" | "pod"; name?: string; id12?: string };
  /** A member (or pause) the podlet started again: counts as a restart of that container. */
  restart: boolean;
  /** How long the start took (`started in N ms`). */
  durationMs?: number;
  /** The exit code the line reports (`exited 137`, `(exit 1)`). */
  exitCode?: number;
}

/** Docker's multiplexed log stream (no TTY): 8-byte frame headers, then the payload. */
export function demuxDockerLog(buf: Buffer): string {
  const out: Buffer[] = [];
  let i = 0;
  // A TTY container's log has no frames: its first byte is not a stream number.
  if (buf.length > 0 && buf[0] > 2) return buf.toString("utf8");
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(out).toString("utf8");
}

/** Splits `TIMESTAMP TEXT` lines (Docker's `timestamps=1`) into their parts. */
export function timestampedLines(text: string): { timestamp: string; time: Date; text: string }[] {
  return text
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => {
      const sp = l.indexOf(" ");
      const timestamp = sp < 0 ? l : l.slice(0, sp);
      return { timestamp, time: new Date(timestamp), text: sp < 0 ? "" : l.slice(sp + 1) };
    })
    .filter((l) => !Number.isNaN(l.time.getTime()));
}

const rules: { re: RegExp; reason: string; type: "Normal" | "Warning"; restart?: boolean }[] = [
  { re: /^pause \S+ (died|was not running); started in \d+ ms/, reason: "SandboxChanged", type: "Normal", restart: true },
  { re: /start failed .*retrying/, reason: "Failed", type: "Warning" },
  { re: /^member .*through the API: left stopped/, reason: "Stopped", type: "Normal" },
  { re: /^member .*; started in \d+ ms/, reason: "Started", type: "Normal", restart: true },
  { re: /\(crash-loop back-off\)$/, reason: "BackOff", type: "Warning" },
  { re: /^member \S+: (liveness|startup) probe failed/, reason: "Unhealthy", type: "Warning" },
  { re: /^member \S+: startup probe succeeded/, reason: "Healthy", type: "Normal" },
  { re: /; (restarting|stopping) it\b/, reason: "Killing", type: "Normal" },
  { re: /left stopped/, reason: "Stopped", type: "Normal" },
  { re: /^pause \S+ stopped through the API/, reason: "Stopped", type: "Normal" },
  { re: /^pause \S+ started through the API/, reason: "Started", type: "Normal" },
  { re: /^member \S+ \(\w+\) removed$/, reason: "Removed", type: "Normal" },
  { re: /^podlet \S+ looking after pod/, reason: "PodletStarted", type: "Normal" },
  { re: /^looking after member/, reason: "Watching", type: "Normal" },
  { re: /no longer exists|does not exist|did not answer|has no .*label|^ignoring|^more than/, reason: "PodletFailed", type: "Warning" },
  { re: /event stream|answered HTTP|failed: /, reason: "EngineError", type: "Warning" },
];

/** Parses one podlet line (without Docker's timestamp); `undefined` for lines that are not the podlet's. */
export function parsePodletLine(line: string, timestamp: string): PodEvent | undefined {
  const m = /^podlet: (.*)$/.exec(line.trimEnd());
  if (!m) return undefined;
  const message = m[1];
  const rule = rules.find((r) => r.re.test(message));
  const member = /^(?:looking after )?member (\S+?):? (?:\(([0-9a-f]{12})\))?/.exec(message);
  const pause = /^pause (?:container )?([0-9a-f]{12})/.exec(message);
  const subject: PodEvent["subject"] = member
    ? { kind: "member", name: member[1], ...(member[2] ? { id12: member[2] } : {}) }
    : pause
      ? { kind: "pause", id12: pause[1] }
      : { kind: "pod" };
  const duration = /started in (\d+) ms/.exec(message);
  const exit = /\bexited (-?\d+)|\(exit (-?\d+)\)/.exec(message);
  return {
    time: new Date(timestamp),
    timestamp,
    type: rule?.type ?? "Normal",
    reason: rule?.reason ?? "Podlet",
    message,
    subject,
    restart: rule?.restart === true,
    ...(duration ? { durationMs: Number(duration[1]) } : {}),
    ...(exit ? { exitCode: Number(exit[1] ?? exit[2]) } : {}),
  };
}

/** The events of a podlet's log text read with `timestamps=1`, oldest first. */
export function parsePodletLog(text: string): PodEvent[] {
  return timestampedLines(text)
    .map((l) => parsePodletLine(l.text, l.timestamp))
    .filter((e): e is PodEvent => e !== undefined);
}

/** Whether an event is about the container with this id (a member line names the id's first 12 digits). */
export function isAbout(e: PodEvent, id: string): boolean {
  return e.subject.id12 !== undefined && id.startsWith(e.subject.id12);
}
