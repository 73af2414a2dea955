/**
 * What a soak measures beside recovery times: nearest-rank percentiles, and the podlets' memory
 * and CPU read from /proc on this host. A podlet is one container whose process changes when
 * Docker restarts it (after its own `kill -9`, after a daemon restart): its CPU time is summed over
 * its processes, sampled every {@link sampleMs} (the last interval of a killed process is lost).
 */
import * as fs from "fs";
import Docker from "dockerode";

/** How often the podlets are sampled. */
export const sampleMs = 2000;

/** The nearest-rank `p` quantile (0 < p ≤ 1) of sorted `xs`; NaN when empty. */
export function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** CPU ticks (user + system) and resident kB of a host process; undefined once it is gone. */
function proc(pid: number): { ticks: number; rssKb: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return { ticks: Number(fields[11]) + Number(fields[12]), rssKb: rss ? Number(rss[1]) : 0 };
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux, whatever the kernel's HZ). */
const userHz = 100;

interface Podlet {
  pid: number;
  /** Ticks of its earlier processes, plus the last seen ticks of the current one. */
  doneTicks: number;
  lastTicks: number;
  rssKb: number;
  processes: number;
}

/** Samples every podlet of a soak (containers with role `podlet` and the soak's label). */
export class PodletSampler {
  private podlets = new Map<string, Podlet>();
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;
  /** Each podlet's resident kB at the first sample. */
  readonly startRss = new Map<string, number>();
  private t0 = 0;
  /** Ticks the podlets had used before the first sample. */
  private baseTicks = 0;

  constructor(
    private readonly docker: Docker,
    private readonly label: string,
  ) {}

  /** One sample: each podlet's current process, its ticks and memory. */
  async sample(): Promise<void> {
    let list: Docker.ContainerInfo[];
    try {
      list = await this.docker.listContainers({ filters: JSON.stringify({ label: [this.label, "org.docker-pod.role=podlet"] }) });
    } catch {
      return; // the daemon is restarting
    }
    for (const c of list) {
      let pid: number;
      try {
        pid = (await this.docker.getContainer(c.Id).inspect()).State.Pid;
      } catch {
        continue;
      }
      const now = pid > 0 ? proc(pid) : undefined;
      if (!now) continue;
      const p = this.podlets.get(c.Id);
      if (!p) {
        this.podlets.set(c.Id, { pid, doneTicks: 0, lastTicks: now.ticks, rssKb: now.rssKb, processes: 1 });
        continue;
      }
      if (p.pid !== pid) {
        p.doneTicks += p.lastTicks;
        p.pid = pid;
        p.processes++;
      }
      p.lastTicks = now.ticks;
      p.rssKb = now.rssKb;
    }
  }

  /** Takes the first sample (the start figures) and samples every {@link sampleMs} from then on. */
  async start(): Promise<void> {
    await this.sample();
    this.t0 = performance.now();
    for (const [id, p] of this.podlets) this.startRss.set(id, p.rssKb);
    this.baseTicks = [...this.podlets.values()].reduce((n, p) => n + p.doneTicks + p.lastTicks, 0);
    const tick = () => {
      this.sampling = this.sample().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, sampleMs);
      });
    };
    this.timer = setTimeout(tick, sampleMs);
  }

  /** The last sample; returns the figures: RSS at start and end, CPU over the run. */
  async stop(): Promise<{ podlets: number; startKb: number[]; endKb: number[]; cpuSeconds: number; wallSeconds: number; processes: number }> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sampling;
    await this.sample();
    const wall = (performance.now() - this.t0) / 1000;
    const all = [...this.podlets.entries()];
    let ticks = 0;
    for (const [, p] of all) ticks += p.doneTicks + p.lastTicks;
    return {
      podlets: all.length,
      startKb: [...this.startRss.values()],
      endKb: all.map(([, p]) => p.rssKb),
      cpuSeconds: (ticks - this.baseTicks) / userHz,
      wallSeconds: wall,
      processes: all.reduce((n, [, p]) => n + p.processes, 0),
    };
  }
}
