/**
 * A second Docker engine on this machine for the end-to-end tests, started by the test set-up and
 * stopped by it: its own data root, exec root, unix socket, pidfile and bridge (a /24 in
 * 172.31.0.0/16 no interface uses), unique names so it never collides with the default engine or
 * another test's engine. The local images are copied into it (`docker save | docker load`).
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import Docker from "dockerode";

/** A running second engine. */
export interface SecondEngine {
  /** `unix://<socket>`, the docker provider's `host`. */
  host: string;
  /** Its API socket. */
  socket: string;
  /** An Engine API client of it. */
  docker: Docker;
  /** Stops the daemon and removes its directories, socket and bridge. */
  stop(): Promise<void>;
}

const sh = (cmd: string, args: string[], input?: Buffer) => execFileSync(cmd, args, { input, stdio: ["pipe", "pipe", "pipe"] });

/** A free 172.31.X.0/24 (no interface of this machine has an address in it). */
function freeSubnet(): number {
  const used = sh("ip", ["-4", "-o", "addr"]).toString();
  for (let tries = 0; tries < 50; tries++) {
    const x = 100 + Math.floor(Math.random() * 150);
    if (!used.includes(`172.31.${x}.`)) return x;
  }
  throw new Error("no free 172.31.X.0/24 for the second engine's bridge");
}

/** Starts a second dockerd and loads `images` (from the default engine) into it. */
export async function startSecondEngine(images: string[]): Promise<SecondEngine> {
  const id = Math.random().toString(36).slice(2, 8);
  const name = `dp-e2e-${id}`; // also the bridge: at most 15 characters
  const dirs = { data: `/var/lib/${name}`, exec: `/run/${name}` };
  const socket = `/run/${name}.sock`;
  const pidfile = `/run/${name}.pid`;
  const log = `/tmp/${name}.log`;
  const subnet = freeSubnet();
  sh("ip", ["link", "add", name, "type", "bridge"]);
  sh("ip", ["addr", "add", `172.31.${subnet}.1/24`, "dev", name]);
  sh("ip", ["link", "set", name, "up"]);
  const out = fs.openSync(log, "a");
  const daemon: ChildProcess = spawn("dockerd", [
    "--data-root", dirs.data, "--exec-root", dirs.exec, "-H", `unix://${socket}`, "--pidfile", pidfile,
    "--bridge", name, "--iptables=false",
  ], { stdio: ["ignore", out, out], detached: true });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => daemon.on("exit", () => resolve()));
  const docker = new Docker({ socketPath: socket });
  const stop = async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill("SIGKILL");
    }
    try { sh("ip", ["link", "del", name]); } catch { /* already gone */ }
    for (const p of [dirs.data, dirs.exec, socket, pidfile, log]) fs.rmSync(p, { recursive: true, force: true });
  };
  try {
    for (const end = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 200))) {
      try {
        await docker.ping();
        break;
      } catch (err) {
        if (Date.now() > end || daemon.exitCode !== null) throw new Error(`second dockerd did not answer on ${socket}: ${err}; log ${log}:\n${fs.readFileSync(log, "utf8").slice(-2000)}`);
      }
    }
    if (images.length) sh("sh", ["-c", `docker save ${images.join(" ")} | DOCKER_HOST=unix://${socket} docker load`]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: `unix://${socket}`, socket, docker, stop };
}
