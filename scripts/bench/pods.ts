/**
 * `npm run bench:pods`: many small pods in one manifest, side by side in one run, alternating:
 * PODS (default 20) pods of two busybox containers each (an httpd on a hostPort and a sleeper),
 * `terminationGracePeriodSeconds: 10`, both PID 1s ignoring SIGTERM (as many real images do: they
 * are stopped only by the kill at the end of the grace period).
 *   docker-pod play FILE → all serving → docker-pod preview FILE (no-op) → play --down FILE
 *   the same pods as a Pulumi stack (Automation API inline program, `Pod`s from the file sharing
 *   one PauseImage, as `npm run up` runs): up → all serving → preview (no-op) → destroy
 *   podman kube play FILE → all serving → podman kube down FILE
 * The same three with one pod give the cost of each extra pod ((T(PODS) − T(1)) / (PODS − 1)), and
 * an empty stack's preview is the base of the no-op preview ratio. Wall, CPU (process tree) and
 * peak memory (summed RSS of the tree) per phase; medians of RUNS (default 5) alternating runs.
 * WARMUP (default 1) untimed rounds come first. PER_POD=0 leaves out the one-pod and empty-stack runs (and the figures made of them).
 * Prints figures, asserts nothing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { freePort } from "../../tests/e2e/harness";
import { dockerPodCli, root, serving } from "./peers";
import { Cost, loadLine, measure, median, mebibytes, seconds } from "./process-tree";

const RUNS = Number(process.env.RUNS ?? 5);
const PODS = Number(process.env.PODS ?? 20);
const PER_POD = process.env.PER_POD !== "0";
const WARMUP = Number(process.env.WARMUP ?? 1);
const grace = 10;

function manifest(ports: number[]): string {
  return ports
    .map(
      (port, i) => `apiVersion: v1
kind: Pod
metadata:
  name: pod${i}
spec:
  terminationGracePeriodSeconds: ${grace}
  containers:
  - name: web
    image: docker-pod/busybox:local
    command: ["/bin/sh", "-c", "trap '' TERM; mkdir -p /www && echo pod${i} > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports:
    - containerPort: 80
      hostPort: ${port}
  - name: sleeper
    image: docker-pod/busybox:local
    command: ["/bin/sh", "-c", "trap '' TERM; exec sleep 1000000"]
`,
    )
    .join("---\n");
}

type Phase = "up" | "preview" | "down";
interface Tool {
  name: string;
  file: string;
  ports: number[];
  commands: Partial<Record<Phase, string[]>>;
  env?: NodeJS.ProcessEnv;
}
type Runs = Map<string, Record<Phase, Cost>[]>;

async function makeTools(dir: string, n: number): Promise<Tool[]> {
  const write = async (sub: string): Promise<{ file: string; ports: number[] }> => {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) ports.push(await freePort());
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    const file = path.join(dir, sub, `pods${n}.yaml`);
    fs.writeFileSync(file, n ? manifest(ports) : "");
    return { file, ports };
  };
  const env = { ...process.env, PULUMI_BACKEND_URL: `file://${dir}/state` };
  const stackCli = [process.execPath, "-r", "ts-node/register/transpile-only", path.join(root, "scripts/bench/pods-stack.ts")];
  const tools: Tool[] = [];
  if (n > 0) {
    const a = await write("play");
    tools.push({ name: `docker-pod play, ${n} pod(s)`, ...a, env, commands: { up: [...dockerPodCli, "play", a.file], preview: [...dockerPodCli, "preview", a.file], down: [...dockerPodCli, "play", "--down", a.file] } });
  }
  const b = await write("stack");
  tools.push({ name: n ? `docker-pod stack, ${n} pod(s)` : "empty stack", ...b, env, commands: { up: [...stackCli, "up", b.file], preview: [...stackCli, "preview", b.file], down: [...stackCli, "down", b.file] } });
  if (n > 0) {
    const c = await write("podman");
    tools.push({ name: `podman kube play, ${n} pod(s)`, ...c, commands: { up: ["podman", "kube", "play", c.file], down: ["podman", "kube", "down", c.file] } });
  }
  return tools;
}

async function cycle(t: Tool, log: string): Promise<Record<Phase, Cost>> {
  const zero = { wallMs: 0, cpuMs: 0, peakRss: 0 };
  const run = (phase: Phase) => (t.commands[phase] ? measure(t.commands[phase] as string[], { cwd: root, env: t.env, logFile: log }) : Promise.resolve(zero));
  const up = await run("up");
  const started = performance.now();
  await Promise.all(t.ports.map((p, i) => serving(`http://127.0.0.1:${p}/`, `pod${i}`)));
  up.wallMs += performance.now() - started;
  const preview = await run("preview");
  const down = await run("down");
  return { up, preview, down };
}

function print(runs: Runs): void {
  const w = [34, 12, 10, 10, 9, 13];
  const row = (cells: string[]) => console.log(cells.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join(""));
  row(["", "up→serving", "preview", "down", "CPU", "peak memory"]);
  for (const [name, rs] of runs) {
    const m = (f: (r: Record<Phase, Cost>) => number) => median(rs.map(f));
    row([
      name,
      seconds(m((r) => r.up.wallMs)),
      m((r) => r.preview.wallMs) ? seconds(m((r) => r.preview.wallMs)) : "—",
      seconds(m((r) => r.down.wallMs)),
      seconds(m((r) => r.up.cpuMs + r.preview.cpuMs + r.down.cpuMs)),
      mebibytes(m((r) => Math.max(r.up.peakRss, r.preview.peakRss, r.down.peakRss))),
    ]);
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-pods-"));
  fs.mkdirSync(path.join(dir, "state"));
  const log = path.join(dir, "commands.log");
  const many = await makeTools(dir, PODS);
  const one = PER_POD ? await makeTools(dir, 1) : [];
  const empty = PER_POD ? await makeTools(dir, 0) : [];
  const all = [...many, ...one, ...empty];
  const runs: Runs = new Map(all.map((t) => [t.name, []]));
  for (let i = 0; i < WARMUP; i++) for (const t of all) await cycle(t, log); // untimed rounds
  for (let i = 0; i < RUNS; i++) for (const t of all) runs.get(t.name)?.push(await cycle(t, log));

  console.log(
    `bench:pods — ${PODS} pods in one manifest (two busybox containers each, terminationGracePeriodSeconds: ${grace}, ` +
      `PID 1s ignoring SIGTERM), the same with 1 pod, and an empty stack; ${RUNS} runs each, alternating, after ${WARMUP} warm-up round(s); medians\n` +
      `(${loadLine()} at the end)`,
  );
  print(runs);
  const med = (name: string, f: (r: Record<Phase, Cost>) => number) => median((runs.get(name) ?? []).map(f));
  for (let i = 0; i < one.length; i++) {
    const [a, b] = [many[i].name, one[i].name];
    const per = (f: (r: Record<Phase, Cost>) => number) => seconds((med(a, f) - med(b, f)) / (PODS - 1));
    console.log(`each extra pod, ${a.replace(/, \d+ pod\(s\)$/, "")}: up ${per((r) => r.up.wallMs)}, down ${per((r) => r.down.wallMs)}` +
      (many[i].commands.preview ? `, preview ${per((r) => r.preview.wallMs)}` : ""));
  }
  const podman = many[many.length - 1].name;
  for (const t of many.slice(0, -1)) {
    const ratio = (f: (r: Record<Phase, Cost>) => number) => median((runs.get(t.name) ?? []).map((r, i) => f(r) / f((runs.get(podman) ?? [])[i]))).toFixed(2);
    console.log(`${t.name} / ${podman} (pair by pair, median): up→serving ${ratio((r) => r.up.wallMs)}, down ${ratio((r) => r.down.wallMs)}, ` +
      `up + down ${ratio((r) => r.up.wallMs + r.down.wallMs)}`);
  }
  const emptyName = empty[0]?.name;
  for (const t of emptyName ? many.slice(0, -1) : []) {
    const ratio = median((runs.get(t.name) ?? []).map((r, i) => r.preview.wallMs / (runs.get(emptyName) ?? [])[i].preview.wallMs));
    console.log(`no-op preview, ${t.name} / ${emptyName} (pair by pair, median): ${ratio.toFixed(2)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
