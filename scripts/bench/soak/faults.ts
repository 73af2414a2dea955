/**
 * The faults of a soak and how each one's recovery is timed. A recovery runs from the fault (the
 * `kill -9`, the `docker start` after a kept stop, the OOM trigger, the daemon's SIGTERM) until
 * every URL of the pod answers HTTP 200 again, polled every 20 ms on fresh connections. Before
 * polling, the hit container must have been seen down (not running, or started again since), so a
 * process still dying is never taken for a recovered pod. A pod not serving within
 * {@link lostAfterMs} is lost.
 */
import Docker from "dockerode";
import { get, killFromHost } from "../../../tests/e2e/recovery";
import type { Engine } from "./engine";
import type { SoakPod } from "./pods";

/** A pod not serving this long after a fault is counted lost. */
export const lostAfterMs = 60_000;
/** How long a member stopped through the API is watched to stay stopped. */
export const stopHoldMs = 10_000;

export type Kind = "pause" | "member" | "podlet" | "stop" | "oom" | "mass" | "dockerd";

/** Printed names of the kinds, in the printout's order. */
export const kindNames: Record<Kind, string> = {
  pause: "kill -9 pause",
  member: "kill -9 member",
  podlet: "kill -9 podlet",
  stop: "docker stop member",
  oom: "OOM of member",
  mass: "kill -9 every pause",
  dockerd: "dockerd restart",
};

/** One pod's recovery from one fault. */
export interface Sample {
  kind: Kind;
  pod: string;
  /** Fault → serving again; undefined: lost (not within {@link lostAfterMs}). */
  ms?: number;
  /** stop: the member stayed stopped for {@link stopHoldMs}; oom: Docker reported an `oom` event. */
  ok?: boolean;
  /** dockerd: daemon answering → serving. */
  afterAnsweringMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function state(docker: Docker, id: string): Promise<Docker.ContainerInspectInfo["State"] | undefined> {
  try {
    return (await docker.getContainer(id).inspect()).State;
  } catch {
    return undefined; // the daemon restarting
  }
}

/** Waits until container `id` is not running or was started again after `startedAt` (at most 10 s). */
async function seenDown(docker: Docker, id: string, startedAt: string): Promise<void> {
  for (const end = performance.now() + 10_000; performance.now() < end; await sleep(10)) {
    const s = await state(docker, id);
    if (s && (!s.Running || s.StartedAt !== startedAt)) return;
  }
}

/** Milliseconds from `t0` until every URL answers 200; undefined after {@link lostAfterMs}. */
export async function servingMs(urls: string[], t0: number, timeoutMs = lostAfterMs): Promise<number | undefined> {
  const pending = new Set(urls);
  while (performance.now() - t0 < timeoutMs) {
    for (const url of [...pending]) {
      try {
        if ((await get(url)).status === 200) pending.delete(url);
      } catch {
        // not serving yet
      }
    }
    if (pending.size === 0) return performance.now() - t0;
    await sleep(20);
  }
  return undefined;
}

const urlsOf = (p: SoakPod) => [p.urls.web, p.urls.mem];

/** Seen `oom` events (container id → times), fed by the soak's event listener. */
export type OomLog = Map<string, number[]>;

/** Runs faults against one engine. */
export class Faults {
  constructor(
    private readonly engine: Engine,
    private readonly oom: OomLog,
  ) {}

  private get docker(): Docker {
    return this.engine.docker;
  }

  /** kill -9 of a container's main process from the host; the pod's recovery. */
  private async killContainer(kind: Kind, pod: SoakPod, id: string): Promise<Sample> {
    const s = await state(this.docker, id);
    if (!s?.Running) throw new Error(`${pod.name}: container ${id.slice(0, 12)} is not running before the fault`);
    const t0 = await killFromHost(s.Pid);
    await seenDown(this.docker, id, s.StartedAt);
    return { kind, pod: pod.name, ms: await servingMs(urlsOf(pod), t0) };
  }

  pause(pod: SoakPod): Promise<Sample> {
    return this.killContainer("pause", pod, pod.pause);
  }

  member(pod: SoakPod, which: "web" | "mem"): Promise<Sample> {
    return this.killContainer("member", pod, pod.members[which]);
  }

  /** kill -9 of the podlet: back when Docker has started it again (restart policy `always`) and the pod serves. */
  async podlet(pod: SoakPod, podletId: string): Promise<Sample> {
    const s = await state(this.docker, podletId);
    if (!s?.Running) throw new Error(`${pod.name}: its podlet is not running before the fault`);
    const t0 = await killFromHost(s.Pid);
    let back: number | undefined;
    for (const end = t0 + lostAfterMs; performance.now() < end && back === undefined; await sleep(20)) {
      const now = await state(this.docker, podletId);
      if (now?.Running && now.StartedAt !== s.StartedAt) back = performance.now();
    }
    const serving = back === undefined ? undefined : await servingMs(urlsOf(pod), t0);
    return { kind: "podlet", pod: pod.name, ms: serving === undefined || back === undefined ? undefined : Math.max(serving, back - t0) };
  }

  /**
   * `docker stop` of a member (intentional: the podlet must leave it stopped), watched for
   * {@link stopHoldMs}; then `docker start`, and the time from that start to serving.
   */
  async stop(pod: SoakPod, which: "web" | "mem"): Promise<Sample> {
    const c = this.docker.getContainer(pod.members[which]);
    await c.stop({ t: 2 });
    let stayed = true;
    for (const end = performance.now() + stopHoldMs; performance.now() < end; await sleep(250)) {
      const s = await state(this.docker, c.id);
      if (s?.Running) stayed = false;
    }
    const t0 = performance.now();
    await c.start();
    return { kind: "stop", pod: pod.name, ms: await servingMs(urlsOf(pod), t0), ok: stayed };
  }

  /** Makes the `mem` member allocate past its memory limit. */
  async oomKill(pod: SoakPod): Promise<Sample> {
    const id = pod.members.mem;
    const s = await state(this.docker, id);
    if (!s?.Running) throw new Error(`${pod.name}: member mem is not running before the fault`);
    const exec = await this.docker.getContainer(id).exec({ Cmd: ["touch", "/oom"] });
    const [t0, wall0] = [performance.now(), Date.now()];
    await exec.start({ Detach: true });
    await seenDown(this.docker, id, s.StartedAt);
    const ms = await servingMs(urlsOf(pod), t0);
    return { kind: "oom", pod: pod.name, ms, ok: (this.oom.get(id) ?? []).some((t) => t >= wall0 - 1000) };
  }

  /** kill -9 of every pod's pause at once; each pod's recovery. */
  async mass(pods: SoakPod[]): Promise<Sample[]> {
    const before = await Promise.all(pods.map((p) => state(this.docker, p.pause)));
    const t0 = performance.now();
    for (const s of before) if (s?.Running && s.Pid > 1) process.kill(s.Pid, "SIGKILL");
    return Promise.all(
      pods.map(async (p, i) => {
        await seenDown(this.docker, p.pause, before[i]?.StartedAt ?? "");
        return { kind: "mass" as const, pod: p.name, ms: await servingMs(urlsOf(p), t0) };
      }),
    );
  }

  /** The engine's daemon restarted; each pod's recovery from the SIGTERM, and from the daemon answering. */
  async dockerd(pods: SoakPod[]): Promise<Sample[]> {
    if (!this.engine.restart) throw new Error("this engine cannot be restarted by the soak");
    const { down, answering } = await this.engine.restart();
    return Promise.all(
      pods.map(async (p) => {
        const ms = await servingMs(urlsOf(p), down, lostAfterMs + (answering - down));
        return { kind: "dockerd" as const, pod: p.name, ms, afterAnsweringMs: ms === undefined ? undefined : ms - (answering - down) };
      }),
    );
  }
}
