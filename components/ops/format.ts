/**
 * kubectl's output conventions: ages as `HumanDuration` prints them, tables as its tab writer
 * aligns them (columns padded by 3 spaces, no borders), RESTARTS as `N (AGE ago)`.
 */

/** A duration as kubectl prints ages (`k8s.io/apimachinery/pkg/util/duration.HumanDuration`). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const y = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The age of a time as kubectl prints it. */
export function age(since: Date | string, now: Date): string {
  return humanDuration(now.getTime() - new Date(since).getTime());
}

/** kubectl's RESTARTS cell: `0`, or `2 (5m ago)` once something restarted. */
export function restartsCell(restarts: number, lastRestart: Date | undefined, now: Date): string {
  return restarts !== 0 && lastRestart ? `${restarts} (${age(lastRestart, now)} ago)` : String(restarts);
}

/**
 * Rows aligned as kubectl's tab writer does (minimum cell width 6, padding 3, the last column
 * unpadded). Each line ends with a newline.
 */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(Math.max(6, widths[i] + 3)))).join(""))
    .join("\n")
    .concat(rows.length ? "\n" : "");
}

/** A Docker time (RFC 3339 with nanoseconds) as a Kubernetes time (RFC 3339, whole seconds). */
export const kubeTime = (t: string): string => new Date(t).toISOString().replace(/\.\d+Z$/, "Z");

/** A Go duration as kubectl's `--since` takes it (`30s`, `5m`, `1h30m`, `250ms`), in milliseconds. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * units[m[2]];
    end = re.lastIndex;
  }
  if (!text || end !== text.length) throw new Error(`invalid duration "${text}" (examples: 30s, 5m, 1h30m)`);
  return total;
}
