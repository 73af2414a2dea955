/**
 * Whole-process-tree figures of one command, for the side-by-side benchmarks: wall time, CPU time
 * (user + sys of the command and every descendant it waited for, as GNU `time` reports it from
 * `wait4`) and peak memory (the largest sum of the RSS of the command and all its descendants,
 * sampled from /proc every 10 ms). Processes a command hands to a daemon (dockerd's containers,
 * Podman's conmon) are not its descendants and are not counted, for any of the tools compared.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** What one run of a command cost. */
export interface Cost {
  /** Milliseconds from spawn to exit. */
  wallMs: number;
  /** User + system CPU milliseconds of the command's process tree. */
  cpuMs: number;
  /** Peak summed RSS of the process tree, in bytes. */
  peakRss: number;
}

const pageSize = 4096;

/** The parent pid of every process, from /proc. */
function parents(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** The summed RSS of `root` and all its descendants, in bytes. */
export function treeRss(root: number): number {
  const children = parents();
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    try {
      total += Number(fs.readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * pageSize;
    } catch {
      // gone
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the command's stdout and stderr go (appended); default: discarded. */
  logFile?: string;
}

/**
 * Runs `argv` under GNU time and samples its tree's RSS; rejects when it exits non-zero (the
 * benchmarks compare successful runs only), naming `logFile`.
 */
export async function measure(argv: string[], opts: MeasureOptions = {}): Promise<Cost> {
  const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const out = opts.logFile ? fs.openSync(opts.logFile, "a") : "ignore";
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, "--", ...argv], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ["ignore", out, out],
  });
  let peakRss = 0;
  const sample = () => {
    if (child.pid) peakRss = Math.max(peakRss, treeRss(child.pid));
  };
  const sampler = setInterval(sample, 10);
  const code: number | null = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (c) => resolve(c));
  });
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  if (typeof out === "number") fs.closeSync(out);
  // The tree includes /usr/bin/time itself (≈ 2 MB); it is the same for every tool compared.
  const text = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
  fs.rmSync(timeFile, { force: true });
  if (code !== 0) throw new Error(`${argv.join(" ")} exited ${code}${opts.logFile ? `; see ${opts.logFile}` : ""}`);
  const [user, sys] = text.split(" ").map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000, peakRss };
}

/** Adds costs of steps run one after the other (peak memory: the largest). */
export function sum(costs: Cost[]): Cost {
  return {
    wallMs: costs.reduce((s, c) => s + c.wallMs, 0),
    cpuMs: costs.reduce((s, c) => s + c.cpuMs, 0),
    peakRss: Math.max(0, ...costs.map((c) => c.peakRss)),
  };
}

/** The median of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** `1.23 s`, `45 MiB`. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const mebibytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MiB`;

/** The machine's load, for the printout (shared machines make absolute figures noisy). */
export function loadLine(): string {
  const [a, b, c] = os.loadavg();
  return `load average ${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)}, ${os.cpus().length} CPUs`;
}
