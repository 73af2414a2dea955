/**
 * What the side-by-side benchmarks against Podman share: a way to run a tool's "up", wait until
 * the pods serve, run its "down", and print medians with ratios pair by pair.
 */
import * as http from "http";
import * as path from "path";
import { Cost, loadLine, measure, median, mebibytes, seconds, sum } from "./process-tree";

/** The repository root. */
export const root = path.resolve(__dirname, "../..");

/** The built `docker-pod` command line (what `npm i docker-pod` installs as `docker-pod`). */
export const dockerPodCli = [process.execPath, path.join(root, "dist/cli/docker-pod.js")];

/** Resolves once `url` answers 200 with a body containing `expect`; polls every 10 ms. */
export async function serving(url: string, expect: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(url, { timeout: 1_000 }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve(res.statusCode === 200 && body.includes(expect)));
      });
      req.on("error", () => resolve(false));
      req.on("timeout", () => req.destroy());
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not serve "${expect}" within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One tool's cycle: `up` (a command), serving (every url), `down` (a command). */
export interface Cycle {
  name: string;
  up: string[][];
  urls: string[];
  expect: string;
  down: string[][];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logFile?: string;
}

/** The figures of one cycle. */
export interface CycleCost {
  /** From the start of up until every url serves. */
  toServing: Cost;
  down: Cost;
  total: Cost;
}

async function steps(commands: string[][], c: Cycle): Promise<Cost> {
  const costs: Cost[] = [];
  for (const argv of commands) costs.push(await measure(argv, { cwd: c.cwd, env: c.env, logFile: c.logFile }));
  return sum(costs);
}

/** Runs one cycle and measures it. */
export async function runCycle(c: Cycle): Promise<CycleCost> {
  const up = await steps(c.up, c);
  const t = performance.now();
  await Promise.all(c.urls.map((u) => serving(u, c.expect)));
  const toServing = { ...up, wallMs: up.wallMs + (performance.now() - t) };
  const down = await steps(c.down, c);
  return { toServing, down, total: sum([toServing, down]) };
}

/** Prints a table of medians, one row per tool, and the first tool's ratios to the others. */
export function printTable(title: string, results: Map<string, CycleCost[]>): void {
  console.log(`${title}\n(${loadLine()} at the end)`);
  const head = ["", "up→serving", "down", "total wall", "CPU", "peak memory"];
  const widths = [44, 12, 9, 12, 9, 13];
  const row = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(""));
  row(head);
  for (const [name, runs] of results) {
    const m = (f: (r: CycleCost) => number) => median(runs.map(f));
    row([
      name,
      seconds(m((r) => r.toServing.wallMs)),
      seconds(m((r) => r.down.wallMs)),
      seconds(m((r) => r.total.wallMs)),
      seconds(m((r) => r.total.cpuMs)),
      mebibytes(m((r) => r.total.peakRss)),
    ]);
  }
  const [first, ...others] = [...results.entries()];
  for (const [name, runs] of others) {
    const ratio = (f: (r: CycleCost) => number) => median(first[1].map((r, i) => f(r) / f(runs[i]))).toFixed(2);
    console.log(
      `${first[0]} / ${name} (pair by pair, median): up→serving ${ratio((r) => r.toServing.wallMs)}, ` +
        `down ${ratio((r) => r.down.wallMs)}, total wall ${ratio((r) => r.total.wallMs)}, CPU ${ratio((r) => r.total.cpuMs)}, ` +
        `peak memory ${ratio((r) => r.total.peakRss)}`,
    );
  }
}
