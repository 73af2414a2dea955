/**
 * The engine a soak runs on: its API client, and how to restart its daemon. A restart is only made
 * when the soak knows how: the `--restart-cmd` given, or else the running `dockerd` process that
 * serves exactly this socket (matched by its `-H`/`--host` arguments; none means Docker's default
 * `/var/run/docker.sock`), stopped with SIGTERM and started again with its own command line and
 * log, as `scripts/setup/docker-engine.sh` starts the default engine and `tests/e2e/heal.test.ts`
 * restarts it.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import Docker from "dockerode";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Docker's default socket (what a dockerd with no `-H` serves). */
const defaultSocket = "/var/run/docker.sock";

/** The engine a soak uses. */
export interface Engine {
  /** `unix://PATH`, the docker provider's `host`. */
  host: string;
  /** The API socket on this machine. */
  socket: string;
  docker: Docker;
  /** How a daemon restart is made, for the printout; undefined: the soak cannot restart it. */
  restartHow?: string;
  /** Stops the daemon and starts it again; resolves when it answers (with the time it answered). */
  restart?: () => Promise<{ down: number; answering: number }>;
}

/** The sockets a dockerd command line serves (`-H X`, `-HX`, `--host X`, `--host=X`; `unix://` only). */
export function socketsOf(argv: string[]): string[] {
  const hosts: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-H" || a === "--host") hosts.push(argv[++i] ?? "");
    else if (a.startsWith("--host=")) hosts.push(a.slice(7));
    else if (a.startsWith("-H") && a.length > 2) hosts.push(a.slice(2));
  }
  if (hosts.length === 0) return [defaultSocket];
  return hosts.filter((h) => h.startsWith("unix://")).map((h) => h.slice(7) || defaultSocket);
}

/** A path with its directories' symbolic links resolved (/var/run → /run), as far as it exists. */
function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The dockerd process serving `socket`: pid, command line and where its output goes. */
export function findDockerd(socket: string): { pid: number; argv: string[]; log: string } | undefined {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "dockerd") continue;
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (!socketsOf(argv).some((s) => real(s) === real(socket))) continue;
      const out = fs.readlinkSync(`/proc/${entry}/fd/1`);
      const log = out.startsWith("/") && !out.startsWith("/dev/") ? out : "/var/log/docker-pod-dockerd.log";
      return { pid: Number(entry), argv, log };
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return undefined;
}

/** Polls the API until it answers; the time it did (`performance.now()`). */
async function answering(docker: Docker, timeoutMs: number): Promise<number> {
  for (const end = performance.now() + timeoutMs; performance.now() < end; await sleep(100)) {
    try {
      await docker.ping();
      return performance.now();
    } catch {
      // not yet
    }
  }
  throw new Error(`the Docker API did not answer within ${timeoutMs / 1000} s of the daemon restart`);
}

/** Opens the engine at `host` (`unix://PATH`); `restartCmd`: a shell command that restarts its daemon. */
export function openEngine(host: string, restartCmd?: string): Engine {
  if (!host.startsWith("unix://")) throw new Error(`--host ${host}: only unix:// sockets (the soak kills container processes from this host)`);
  const socket = host.slice("unix://".length);
  const docker = new Docker({ socketPath: socket });
  if (restartCmd) {
    return {
      host, socket, docker, restartHow: `--restart-cmd ${JSON.stringify(restartCmd)}`,
      restart: async () => {
        const down = performance.now();
        const r = spawnSync("sh", ["-c", restartCmd], { stdio: ["ignore", "inherit", "inherit"] });
        if (r.status !== 0) throw new Error(`--restart-cmd exited ${r.status ?? r.signal}`);
        return { down, answering: await answering(docker, 120_000) };
      },
    };
  }
  const found = findDockerd(socket);
  if (!found) return { host, socket, docker };
  return {
    host, socket, docker, restartHow: `SIGTERM to dockerd (pid ${found.pid}), then its own command line: ${found.argv.join(" ")}`,
    restart: async () => {
      const d = findDockerd(socket);
      if (!d) throw new Error(`no dockerd serves ${socket} any more`);
      const down = performance.now();
      process.kill(d.pid, "SIGTERM");
      for (const end = Date.now() + 90_000; fs.existsSync(`/proc/${d.pid}`) && Date.now() < end; ) await sleep(100);
      if (fs.existsSync(`/proc/${d.pid}`)) throw new Error(`dockerd (pid ${d.pid}) did not stop within 90 s of SIGTERM`);
      const log = fs.openSync(d.log, "a");
      spawn(d.argv[0], d.argv.slice(1), { detached: true, stdio: ["ignore", log, log] }).unref();
      fs.closeSync(log);
      return { down, answering: await answering(docker, 120_000) };
    },
  };
}
