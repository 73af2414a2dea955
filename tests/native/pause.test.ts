/**
 * The real pause binary (native/build/pause), run from outside: flags, signals, exit statuses, and
 * as PID 1 of a fresh PID namespace (`unshare --pid --fork --mount-proc`) orphan and zombie storms
 * made by native/build/orphan. Needs root, unshare and nsenter: without them these tests fail.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import { binary, build, packageVersion, sanitized, shipped } from "./built";

const pause = binary("pause");
const orphan = binary("orphan");
const version = packageVersion;

const WARNING = "pause: warning: not PID 1, pause should be the first process\n";
const USAGE = "usage: pause [-a] [-d] [-v]\n";
const SIGNALS: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGCHLD: 17, SIGBUS: 7, SIGFPE: 8, SIGSEGV: 11 };

jest.setTimeout(60_000);

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error("native tests need root (unshare --pid, nsenter)");
  for (const tool of ["unshare", "nsenter", "make"]) execFileSync("sh", ["-c", `command -v ${tool}`]);
  build("pause", "orphan");
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A running process with its output collected and its end as a promise. */
interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(cmd: string, args: string[]): Proc {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

// Everything a test starts dies with it, even when it fails half-way: unshare runs with
// --kill-child (PID 1, and with it the whole namespace, gets SIGKILL when unshare dies).
const running: Proc[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await p.exited;
  }
});

/** Caught-signal mask of a process, from /proc/PID/status. */
function sigCaught(pid: number): bigint {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("SigCgt:"));
  return BigInt(`0x${line!.split(/\s+/)[1]}`);
}
const mask = (...names: string[]) => names.reduce((m, n) => m | (1n << BigInt(SIGNALS[n] - 1)), 0n);

/** Resolves once pause (host pid) has its three handlers in place (and no other, but the
 * sanitizers' own SIGSEGV/SIGBUS/SIGFPE handlers in the native-asan tier). */
const ready = (pid: number) =>
  until(`pause ${pid} to install its handlers`, () => {
    const want = mask("SIGINT", "SIGTERM", "SIGCHLD");
    const caught = sigCaught(pid) & ~(sanitized ? mask("SIGSEGV", "SIGBUS", "SIGFPE") : 0n);
    return caught === want ? true : undefined;
  });

/** Runs `cmd` as PID 1 of a fresh PID and mount namespace; resolves once it is pause, ready. */
async function asPid1(cmd: string[]): Promise<Proc & { pid1: number }> {
  const p = start("unshare", ["--pid", "--fork", "--mount-proc", "--kill-child=SIGKILL", ...cmd]);
  running.push(p);
  const host = p.child.pid!;
  const pid1 = await until("pause to start as PID 1", () => {
    try {
      const kid = Number(fs.readFileSync(`/proc/${host}/task/${host}/children`, "utf8").trim().split(" ")[0]);
      return kid && [pause, shipped("pause")].includes(fs.readlinkSync(`/proc/${kid}/exe`)) ? kid : undefined;
    } catch {
      return undefined;
    }
  });
  await ready(pid1);
  return { ...p, pid1 };
}

/** Processes of the namespace whose PID 1 is host pid `pid1`, read from its own /proc: ns pid → state. */
function nsProcesses(pid1: number): Map<number, string> {
  const procfs = `/proc/${pid1}/root/proc`;
  const seen = new Map<number, string>();
  for (const entry of fs.readdirSync(procfs)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`${procfs}/${entry}/stat`, "utf8");
      seen.set(Number(entry), stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
    } catch {
      /* gone meanwhile */
    }
  }
  return seen;
}

/** Waits until only PID 1 is left in the namespace (or a timeout), then returns what is left besides it. */
async function settle(pid1: number, timeoutMs = 20_000): Promise<{ zombies: number[]; others: number[] }> {
  const end = Date.now() + timeoutMs;
  let procs = nsProcesses(pid1);
  while (procs.size > 1 && Date.now() < end) {
    await sleep(20);
    procs = nsProcesses(pid1);
  }
  const rest = [...procs].filter(([pid]) => pid !== 1);
  return { zombies: rest.filter(([, s]) => s === "Z").map(([p]) => p), others: rest.filter(([, s]) => s !== "Z").map(([p]) => p) };
}

/** Releases `count` orphans made by native/build/orphan into the namespace; returns their ns pids. */
function storm(pid1: number, count: number, ...flags: string[]): number[] {
  const out = execFileSync("nsenter", ["-t", String(pid1), "-p", orphan, ...flags, String(count)], {
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  return out.trim().split("\n").map(Number);
}

/** Stops pause as PID 1 with SIGTERM; expects unshare to pass on exit status 0. */
async function stop(p: Proc & { pid1: number }): Promise<string> {
  process.kill(p.pid1, "SIGTERM");
  const { code, signal } = await p.exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  return p.stderr();
}

/** Counts "reaped pid N (exit S)" lines per pid; fails on any other line but the shutdown one. */
function reapedLog(stderr: string): Map<number, string[]> {
  const log = new Map<number, string[]>();
  for (const line of stderr.split("\n").filter(Boolean)) {
    if (line === "pause: got SIGTERM, shutting down") continue;
    const m = /^reaped pid (\d+) \((exit \d+|signal \d+)\)$/.exec(line);
    if (!m) throw new Error(`unexpected stderr line: ${JSON.stringify(line)}`);
    log.set(Number(m[1]), [...(log.get(Number(m[1])) ?? []), m[2]]);
  }
  return log;
}

describe("arguments", () => {
  test.each(["-v", "-V", "-d -v"])("`pause %s` prints the version line and exits 0", async (args) => {
    const p = start(pause, args.split(" "));
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stdout()).toBe(`pause.c ${version}\n`);
    expect(p.stderr()).toBe("");
  });

  test.each(["--bogus", "-x", "-dv", "extra"])("unknown argument `%s`: a usage message and exit status 64, at once", async (arg) => {
    const p = start(pause, ["-d", arg, "-v"]);
    expect(await p.exited).toEqual({ code: 64, signal: null });
    expect(p.stdout()).toBe("");
    expect(p.stderr()).toBe(`pause: unknown argument: ${arg}\n${USAGE}`);
  });
});

describe("not PID 1", () => {
  test.each(["SIGTERM", "SIGINT"] as const)("warns once, pauses, and exits 0 on %s naming it", async (sig) => {
    const p = start(pause, []);
    running.push(p);
    await ready(p.child.pid!);
    await sleep(100);
    expect(p.child.exitCode).toBeNull();
    expect(p.stderr()).toBe(WARNING);
    p.child.kill(sig);
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe(`${WARNING}pause: got ${sig}, shutting down\n`);
    expect(p.stdout()).toBe("");
  });
});

describe("as PID 1 of a fresh PID namespace", () => {
  test.each(["SIGTERM", "SIGINT"] as const)("no warning; %s → one line naming it, exit status 0", async (sig) => {
    const p = await asPid1([pause]);
    expect([...nsProcesses(p.pid1).keys()]).toEqual([1]);
    process.kill(p.pid1, sig);
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe(`pause: got ${sig}, shutting down\n`);
  });

  test("a storm of 1,000 orphans whose parent exits first, then they exit together: 0 zombies, each reaped pid logged once", async () => {
    const p = await asPid1([pause, "-d"]);
    const orphans = storm(p.pid1, 1000);
    expect(new Set(orphans).size).toBe(1000);
    expect(await settle(p.pid1)).toEqual({ zombies: [], others: [] });
    const log = reapedLog(await stop(p));
    expect([...log.keys()].sort((a, b) => a - b)).toEqual([...orphans].sort((a, b) => a - b));
    for (const [pid, entries] of log) expect({ pid, entries }).toEqual({ pid, entries: ["exit 0"] });
  });

  test("1,000 zombies handed over at once when their parent exits: 0 zombies, each reaped pid logged once", async () => {
    const p = await asPid1([pause, "-d"]);
    const zombies = storm(p.pid1, 1000, "-z");
    expect(await settle(p.pid1)).toEqual({ zombies: [], others: [] });
    const log = reapedLog(await stop(p));
    expect([...log.keys()].sort((a, b) => a - b)).toEqual([...zombies].sort((a, b) => a - b));
    for (const [pid, entries] of log) expect({ pid, entries }).toEqual({ pid, entries: ["exit 0"] });
  });

  test("diagnostics are off by default: a storm leaves 0 zombies and stderr has only the shutdown line", async () => {
    const p = await asPid1([pause]);
    storm(p.pid1, 1000);
    expect(await settle(p.pid1)).toEqual({ zombies: [], others: [] });
    expect(await stop(p)).toBe("pause: got SIGTERM, shutting down\n");
  });

  test("zombies inherited through exec are reaped at start, with exit status or signal logged", async () => {
    // perl becomes PID 1, leaves two zombie children (exit 3; killed by SIGKILL), then execs pause.
    const script = `
      for my $how ("exit", "kill") { my $pid = fork; if ($pid == 0) { kill "KILL", $$ if $how eq "kill"; exit 3 } }
      select undef, undef, undef, 0.3;
      exec { $ARGV[0] } @ARGV;`;
    const p = await asPid1(["perl", "-e", script, pause, "-d"]);
    expect(await settle(p.pid1, 5_000)).toEqual({ zombies: [], others: [] });
    const log = reapedLog(await stop(p));
    expect(Object.fromEntries(log)).toEqual({ 2: ["exit 3"], 3: ["signal 9"] });
  });
});

describe("size and memory budget of the shipped binary (amd64, musl build; in native-asan too)", () => {
  test("the stripped static binary is at most 12 KB and static", () => {
    const flags = fs.readFileSync(shipped(".flags"), "utf8");
    expect(flags).toMatch(/musl-gcc/); // without musl-tools the build is ~50x larger
    expect(fs.statSync(shipped("pause")).size).toBeLessThanOrEqual(12 * 1024);
    const elf = fs.readFileSync(shipped("pause"));
    expect(elf.includes(Buffer.from("ld-linux"))).toBe(false); // no dynamic loader: static
  });

  test("RSS while pausing as PID 1 is at most 32 KB", async () => {
    const p = await asPid1([shipped("pause")]);
    await sleep(200);
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p.pid1}/status`, "utf8"))![1]);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThanOrEqual(32);
    await stop(p);
  });
});
