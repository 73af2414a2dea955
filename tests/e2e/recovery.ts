/**
 * Measuring how a pod heals, from the host: kill a container's main process the way a crash
 * would (a signal from the host, no Docker API call, so Docker emits no `kill` event), time until
 * the pod answers HTTP 200 again, read a process's memory. Shared by tests/e2e/heal.test.ts and
 * the benchmark (scripts/bench/heal.ts).
 */
import * as fs from "fs";
import * as http from "http";
import Docker from "dockerode";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The host PID of a container's main process (0 when it is not running). */
export async function hostPid(docker: Docker, containerId: string): Promise<number> {
  return (await docker.getContainer(containerId).inspect()).State.Pid;
}

/** Whether a host process is gone or a zombie (dead, not yet reaped). */
function dead(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/**
 * `kill -9` of a host process; resolves once it is dead, with the time of the kill
 * (`performance.now()`). In a shared PID namespace the kernel kills every member with pause.
 */
export async function killFromHost(pid: number): Promise<number> {
  if (!(pid > 1)) throw new Error(`no process to kill (pid ${pid})`);
  const t0 = performance.now();
  process.kill(pid, "SIGKILL");
  while (!dead(pid) && performance.now() - t0 < 5_000) await sleep(2);
  return t0;
}

/** One GET on a fresh connection (no keep-alive: a pooled connection may outlive the pod). */
export function get(url: string, timeoutMs = 500): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/**
 * Milliseconds from `t0` until `url` answers 200 (tried every 20 ms, each GET given
 * `requestTimeoutMs`), or undefined after `timeoutMs`. A GET whose connection hangs counts its
 * whole timeout: during a pause restart Docker publishes the port before the pod's interface is
 * attached, so a connection made in between waits for TCP's SYN retry (1 s) or the timeout.
 */
export async function recoveryMs(url: string, t0: number, timeoutMs: number, requestTimeoutMs = 500): Promise<number | undefined> {
  while (performance.now() - t0 < timeoutMs) {
    try {
      if ((await get(url, requestTimeoutMs)).status === 200) return performance.now() - t0;
    } catch {
      // not serving yet
    }
    await sleep(20);
  }
  return undefined;
}

/** A memory figure of a host process from /proc/PID/status, in kB (`VmRSS`, `VmHWM`, ...). */
export function procKb(pid: number, field = "VmRSS"): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  if (!m) throw new Error(`no ${field} for pid ${pid}`);
  return Number(m[1]);
}

/** min, median, p95 (nearest rank), max of the recovered times, and how many never recovered. */
export function distribution(times: (number | undefined)[]): { min: number; median: number; p95: number; max: number; failed: number } {
  const ok = times.filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  const rank = (p: number) => ok[Math.min(ok.length - 1, Math.max(0, Math.ceil(p * ok.length) - 1))];
  return {
    min: ok[0] ?? NaN,
    median: ok.length % 2 ? ok[(ok.length - 1) / 2] : (ok[ok.length / 2 - 1] + ok[ok.length / 2]) / 2,
    p95: rank(0.95) ?? NaN,
    max: ok[ok.length - 1] ?? NaN,
    failed: times.length - ok.length,
  };
}
