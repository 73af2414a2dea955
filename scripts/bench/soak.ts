/**
 * `npm run soak -- MINUTES [--pods N] [--host unix:///PATH] [--restart-cmd CMD] [--no-restart] [--load N]`:
 * a chaos soak. N pods (default 10; two members each, each member serving HTTP on its own host
 * port; see soak/pods.ts) are brought up as one Pulumi stack on one engine (`--host`, else
 * `DOCKER_HOST`, else /var/run/docker.sock), then for MINUTES, under CPU load (`--load` busy loops,
 * default 2), faults hit them at random intervals (1–5 s apart; see soak/faults.ts):
 * `kill -9` of a pause, of a member, of a podlet; `docker stop` of a member (it must stay stopped:
 * intentional), then `docker start`; OOM of a member; `kill -9` of every pod's pause at once; and
 * a few restarts of the engine's daemon (one per 10 minutes, at least one; only when the soak
 * knows how: `--restart-cmd`, or the dockerd serving that socket, restarted with its own command
 * line; `--no-restart` leaves them out). A fault hits a pod that has served for 12 s since its last
 * recovery, so the crash-loop back-off (after runs shorter than 10 s) stays out of the figures; the
 * mass kill and the daemon restart wait until no other fault is in flight.
 * Prints, per fault kind: count, recovery p50/p95/p99/max (fault → serving again) and pods lost
 * (not serving within 60 s); the podlets' RSS at start and end and their CPU use.
 * Bounded: it stops after MINUTES and always cleans up (the podlets' logs saved to a temporary
 * directory, stack destroyed, nothing labelled `docker-pod-soak.run=<id>` left on the engine), on
 * Ctrl-C and on errors too.
 * Needs root (it kills container processes from the host) and the engine on this host.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Docker from "dockerode";
import { demuxDockerLog } from "../../components/ops/events";
import { Faults, Kind, OomLog, Sample, kindNames, lostAfterMs, servingMs, stopHoldMs } from "./soak/faults";
import { Engine, openEngine } from "./soak/engine";
import { PodletSampler, quantile } from "./soak/metrics";
import { SoakStack, soakLabel } from "./soak/pods";

const usage = "usage: npm run soak -- MINUTES [--pods N] [--host unix:///PATH] [--restart-cmd CMD] [--no-restart] [--load N]";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

interface Options {
  minutes: number;
  pods: number;
  host: string;
  restartCmd?: string;
  restart: boolean;
  load: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { minutes: NaN, pods: 10, host: process.env.DOCKER_HOST || "unix:///var/run/docker.sock", restart: true, load: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value\n${usage}`);
      return argv[++i];
    };
    if (a === "--pods") o.pods = Number(value());
    else if (a === "--host") o.host = value();
    else if (a === "--restart-cmd") o.restartCmd = value();
    else if (a === "--no-restart") o.restart = false;
    else if (a === "--load") o.load = Number(value());
    else if (a === "-h" || a === "--help") {
      console.log(usage);
      process.exit(0);
    } else if (!a.startsWith("-") && Number.isNaN(o.minutes)) o.minutes = Number(a);
    else throw new Error(`unknown argument ${a}\n${usage}`);
  }
  if (!(o.minutes > 0)) throw new Error(`MINUTES must be a positive number\n${usage}`);
  if (!Number.isInteger(o.pods) || o.pods < 1 || o.pods > 50) throw new Error("--pods must be an integer from 1 to 50");
  if (!Number.isInteger(o.load) || o.load < 0 || o.load > 16) throw new Error("--load must be an integer from 0 to 16");
  return o;
}

/** Single-pod faults and their weights; the mass kill is drawn among them. */
const weights: [Kind, number][] = [["pause", 3], ["member", 3], ["podlet", 1], ["stop", 1], ["oom", 2], ["mass", 1]];
function drawKind(): Kind {
  let x = Math.random() * weights.reduce((n, [, w]) => n + w, 0);
  for (const [k, w] of weights) if ((x -= w) < 0) return k;
  return "pause";
}

/** Follows the engine's `oom` events of the soak's containers (reconnecting after daemon restarts). */
function followOom(engine: Engine, label: string, log: OomLog, stopped: () => boolean): void {
  const connect = async () => {
    while (!stopped()) {
      try {
        const stream = (await engine.docker.getEvents({ filters: JSON.stringify({ label: [label], event: ["oom"] }) } as Docker.GetEventsOptions)) as NodeJS.ReadableStream;
        let rest = "";
        await new Promise<void>((resolve) => {
          stream.on("data", (d: Buffer) => {
            const lines = (rest + d.toString()).split("\n");
            rest = lines.pop() ?? "";
            for (const line of lines.filter(Boolean)) {
              const e = JSON.parse(line) as { id: string; timeNano: number };
              log.set(e.id, [...(log.get(e.id) ?? []), e.timeNano / 1e6]);
            }
          });
          stream.on("end", resolve);
          stream.on("error", resolve);
          const timer = setInterval(() => {
            if (stopped()) {
              clearInterval(timer);
              (stream as unknown as { destroy(): void }).destroy();
              resolve();
            }
          }, 500);
          stream.on("close", () => clearInterval(timer));
        });
      } catch {
        await sleep(500);
      }
    }
  };
  void connect();
}

const sec = (ms: number) => (Number.isNaN(ms) ? "-" : `${(ms / 1000).toFixed(2)} s`);

function row(name: string, samples: Sample[], extra = ""): string {
  const ok = samples.map((s) => s.ms).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const lost = new Set(samples.filter((s) => s.ms === undefined).map((s) => s.pod)).size;
  const cells = [quantile(ok, 0.5), quantile(ok, 0.95), quantile(ok, 0.99), ok[ok.length - 1] ?? NaN].map((x) => sec(x).padStart(9));
  return `${name.padEnd(28)}${String(samples.length).padStart(6)}${cells.join("")}${String(lost).padStart(6)}${extra ? `   ${extra}` : ""}`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) throw new Error("the soak needs root (it kills container processes from the host)");
  const engine = openEngine(o.host, o.restartCmd);
  if (o.restart && !engine.restart) process.stderr.write(`soak: no dockerd serving ${engine.socket} found on this host and no --restart-cmd: no daemon restarts\n`);
  const restarts = o.restart && engine.restart ? Math.max(1, Math.round(o.minutes / 10)) : 0;
  const runId = `soak-${Math.random().toString(36).slice(2, 8)}`;
  const label = `${soakLabel}=${runId}`;
  const version = (await engine.docker.version()).Version;

  let stopping = false;
  let load: ChildProcess[] = [];
  const stopLoad = () => {
    for (const c of load) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    load = [];
  };
  const interrupt = (sig: string) => {
    if (!stopping) process.stderr.write(`\nsoak: ${sig}: finishing the faults in flight, then cleaning up\n`);
    else process.stderr.write(`soak: ${sig}: still cleaning up, please wait\n`);
    stopping = true;
  };
  process.on("SIGINT", () => interrupt("SIGINT"));
  process.on("SIGTERM", () => interrupt("SIGTERM"));
  process.on("exit", stopLoad);

  process.stderr.write(`soak ${runId}: ${o.pods} pods on Docker ${version} at ${engine.host}, ${o.minutes} min, ${o.load} busy loops, ${restarts} daemon restart(s)${engine.restartHow && restarts ? ` (${engine.restartHow})` : ""}\n`);
  const { soak, pods: planned } = await SoakStack.create(runId, engine.host, o.pods);
  const samples: Sample[] = [];
  const lost = new Set<string>();
  const oom: OomLog = new Map();
  const sampler = new PodletSampler(engine.docker, label);
  let report: string[] = [];
  try {
    process.stderr.write("soak: pulumi up of the pods (Automation API)\n");
    const pods = await soak.up(planned);
    if (stopping) return;
    const faults = new Faults(engine, oom);
    const podlets = new Map<string, string>();
    for (const p of pods) {
      const [podlet] = await engine.docker.listContainers({ filters: JSON.stringify({ label: [label, `org.docker-pod.pod=${p.name}`, "org.docker-pod.role=podlet"] }) });
      if (!podlet) throw new Error(`pod ${p.name} has no running podlet`);
      podlets.set(p.name, podlet.Id);
    }
    for (const p of pods) {
      if ((await servingMs([p.urls.web, p.urls.mem], performance.now())) === undefined) throw new Error(`pod ${p.name} does not serve after up`);
    }
    followOom(engine, label, oom, () => stopping);
    load = Array.from({ length: o.load }, () => spawn("sh", ["-c", "while :; do :; done"], { stdio: "ignore" }));
    await sleep(2000);
    await sampler.start();

    const t0 = performance.now();
    const end = t0 + o.minutes * 60_000;
    const restartAt = Array.from({ length: restarts }, (_, k) => t0 + ((k + 1) * (end - t0)) / (restarts + 1));
    const busy = new Set<string>();
    const readyAt = new Map(pods.map((p) => [p.name, 0]));
    const inflight = new Set<Promise<void>>();
    const clock = () => {
      const s = Math.floor((performance.now() - t0) / 1000);
      return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    };
    const record = (got: Sample[]) => {
      for (const s of got) {
        samples.push(s);
        readyAt.set(s.pod, performance.now() + 12_000);
        if (s.ms === undefined) lost.add(s.pod);
      }
      const ms = got.map((s) => s.ms);
      const shown = got.length === 1 ? `${got[0].pod}: ${ms[0] === undefined ? `NOT SERVING after ${lostAfterMs / 1000} s` : sec(ms[0])}` :
        `${got.length} pods: max ${ms.includes(undefined) ? "LOST" : sec(Math.max(...(ms as number[])))}`;
      const ok = got[0].ok === undefined ? "" : got[0].kind === "stop" ? (got[0].ok ? " (stayed stopped)" : " (RESTARTED by someone)") : got[0].ok ? " (oom event)" : " (no oom event)";
      process.stderr.write(`[${clock()}] ${kindNames[got[0].kind]} ${shown}${ok}\n`);
    };
    const quiesce = async () => {
      while (inflight.size) await Promise.all([...inflight]);
    };

    while (performance.now() < end && !stopping) {
      if (restartAt.length && performance.now() >= restartAt[0]) {
        restartAt.shift();
        await quiesce();
        process.stderr.write(`[${clock()}] restarting the daemon\n`);
        record(await faults.dockerd(pods.filter((p) => !lost.has(p.name))));
        continue;
      }
      const kind = drawKind();
      if (kind === "mass") {
        await quiesce();
        record(await faults.mass(pods.filter((p) => !lost.has(p.name))));
      } else {
        // The kind is kept while no pod is ready for it, so the weights hold whatever the pod count.
        const idle = () => pods.filter((p) => !busy.has(p.name) && !lost.has(p.name) && performance.now() >= (readyAt.get(p.name) ?? 0));
        while (idle().length === 0 && performance.now() < end && !stopping) await sleep(200);
        if (idle().length === 0) break;
        const pod = pick(idle());
        const which = pick(["web", "mem"] as const);
        busy.add(pod.name);
        const run = (async () => {
          try {
            const s = kind === "pause" ? await faults.pause(pod)
              : kind === "member" ? await faults.member(pod, which)
              : kind === "podlet" ? await faults.podlet(pod, podlets.get(pod.name)!)
              : kind === "stop" ? await faults.stop(pod, which)
              : await faults.oomKill(pod);
            record([s]);
          } catch (err) {
            process.stderr.write(`[${clock()}] ${kindNames[kind]} ${pod.name}: fault not made: ${err instanceof Error ? err.message : err}\n`);
          } finally {
            busy.delete(pod.name);
          }
        })();
        inflight.add(run);
        void run.finally(() => inflight.delete(run));
      }
      await sleep(rand(1000, 5000));
    }
    await quiesce();
    stopLoad();
    const minutes = (performance.now() - t0) / 60_000;
    const podlet = await sampler.stop();

    const all = (k: Kind) => samples.filter((s) => s.kind === k);
    const stops = all("stop");
    const ooms = all("oom");
    const restartsDone = all("dockerd");
    const afterAnswering = restartsDone.map((s) => s.afterAnsweringMs).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const [rssStart, rssEnd] = [sum(podlet.startKb) / podlet.startKb.length, sum(podlet.endKb) / podlet.endKb.length];
    report = [
      "",
      `chaos soak ${runId}: ${pods.length} pods × 2 members (each serving HTTP on its own host port), ${minutes.toFixed(1)} min, ${o.load} busy loops`,
      `Docker ${version} at ${engine.host}, kernel ${os.release()}, ${os.cpus().length} CPU(s); recovery = fault → every member of the pod answers HTTP 200`,
      `${"fault".padEnd(28)}${"count".padStart(6)}${["p50", "p95", "p99", "max"].map((h) => h.padStart(9)).join("")}${"lost".padStart(6)}`,
      row(kindNames.pause, all("pause")),
      row(kindNames.member, all("member")),
      row(kindNames.podlet, all("podlet"), "recovery: until Docker has started the podlet again"),
      row(kindNames.stop, stops, `stayed stopped ${stops.filter((s) => s.ok).length}/${stops.length} for ${stopHoldMs / 1000} s; recovery: docker start → serving`),
      row(kindNames.oom, ooms, `Docker's oom event seen ${ooms.filter((s) => s.ok).length}/${ooms.length}`),
      row(kindNames.mass, all("mass"), `${all("mass").length / Math.max(1, pods.length)} rounds × ${pods.length} pods`),
      row(kindNames.dockerd, restartsDone, restartsDone.length ? `daemon answering → serving: p50 ${sec(quantile(afterAnswering, 0.5))}, max ${sec(afterAnswering[afterAnswering.length - 1] ?? NaN)}` : restarts ? "" : "not made (see above)"),
      row("pause kills, mass included", [...all("pause"), ...all("mass")]),
      `pods ever lost (not serving within ${lostAfterMs / 1000} s of a fault): ${lost.size}${lost.size ? ` (${[...lost].join(", ")})` : ""}`,
      `podlet RSS (mean of ${podlet.podlets}): ${rssStart.toFixed(0)} kB at start, ${rssEnd.toFixed(0)} kB at end (${(((rssEnd - rssStart) / rssStart) * 100).toFixed(1)} %; max at end ${Math.max(...podlet.endKb)} kB; ${podlet.processes - podlet.podlets} podlet restarts during the run)`,
      `podlet CPU: ${podlet.cpuSeconds.toFixed(1)} s over ${(podlet.wallSeconds / 60).toFixed(1)} min for all ${podlet.podlets} = ${((podlet.cpuSeconds / podlet.wallSeconds) * 100).toFixed(2)} % of one CPU (${((podlet.cpuSeconds / podlet.wallSeconds / podlet.podlets) * 100).toFixed(3)} % per podlet)`,
    ];
  } finally {
    stopping = true;
    stopLoad();
    try {
      process.stderr.write(`soak: the podlets' logs are in ${await savePodletLogs(engine, label, runId)}\n`);
    } catch (err) {
      process.stderr.write(`soak: could not save the podlets' logs: ${err instanceof Error ? err.message : err}\n`);
    }
    process.stderr.write("soak: cleaning up (pulumi destroy)\n");
    let destroyError: unknown;
    try {
      await soak.down();
    } catch (err) {
      destroyError = err;
    }
    const left = await sweep(engine, label);
    if (left.length) process.stderr.write(`soak: removed what destroy left: ${left.join(", ")}\n`);
    if (destroyError) throw destroyError;
  }
  console.log(report.join("\n"));
}

/** Writes each podlet's log (Docker's timestamps) to a new directory under the temporary one; returns it. */
async function savePodletLogs(engine: Engine, label: string, runId: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `docker-pod-${runId}-`));
  const filters = JSON.stringify({ label: [label, "org.docker-pod.role=podlet"] });
  for (const c of await engine.docker.listContainers({ all: true, filters })) {
    const raw = (await engine.docker.getContainer(c.Id).logs({ stdout: true, stderr: true, timestamps: true })) as unknown as Buffer;
    fs.writeFileSync(path.join(dir, `${c.Labels["org.docker-pod.pod"]}.log`), demuxDockerLog(raw));
  }
  return dir;
}

/** Removes every container, volume and network with the soak's label; returns what it found. */
async function sweep(engine: Engine, label: string): Promise<string[]> {
  const filters = JSON.stringify({ label: [label] });
  const found: string[] = [];
  for (const c of await engine.docker.listContainers({ all: true, filters })) {
    found.push(`container ${c.Names[0]}`);
    await engine.docker.getContainer(c.Id).remove({ force: true, v: true });
  }
  for (const v of (await engine.docker.listVolumes({ filters })).Volumes ?? []) {
    found.push(`volume ${v.Name}`);
    await engine.docker.getVolume(v.Name).remove();
  }
  for (const n of await engine.docker.listNetworks({ filters })) {
    found.push(`network ${n.Name}`);
    await engine.docker.getNetwork(n.Id).remove();
  }
  return found;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`soak: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
