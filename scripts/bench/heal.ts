/**
 * `npm run bench:heal`: how a pod recovers from `kill -9` of its pause process, side by side in one
 * run, for
 *   (a) Docker restart policies alone: pause + a busybox httpd member, restart policy `always` on
 *       both, shared PID (and network, IPC) namespace, made with the docker CLI;
 *   (b) this pod: the same two containers through the Pod component (Automation API, as the e2e
 *       tests run it), healed by its podlet.
 * Each kill is `kill -9` of pause's host process (no Docker API call). Recovery = time from the kill
 * until HTTP 200 on the pod's host port. Kills alternate a, b, each GAP_MS after the previous
 * recovery. A setup that does not serve within TIMEOUT_MS counts as "not recovered", and why is
 * read from Docker: a container still `Restarting` (Docker's restart back-off, doubling from
 * 100 ms to 1 min while a container runs < 10 s between deaths) or a member Docker gave up on
 * (exited, not restarting, pause running). The plain setup is then recreated (which also resets
 * Docker's back-off), so the run keeps a bounded length; the pod is never touched.
 * Env: KILLS (default 50), GAP_MS (default 2000), TIMEOUT_MS (default 15000), REQUEST_TIMEOUT_MS (each
 * GET's own timeout, default 500: a GET whose connection hangs while Docker publishes the port
 * before the pod's interface is attached counts all of it; 100 measures finer).
 * Prints figures, asserts nothing. Needs root (kills host processes), the engine and the plugins.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Pod } from "../../components";
import { pauseBuild } from "../../components/pause-image";
import { TestStack, docker, freePort, images, testLabel } from "../../tests/e2e/harness";
import { distribution, hostPid, killFromHost, procKb, recoveryMs } from "../../tests/e2e/recovery";

const KILLS = Number(process.env.KILLS ?? 50);
const GAP_MS = Number(process.env.GAP_MS ?? 2000);
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 15000);
const REQUEST_TIMEOUT_MS = Number(process.env.REQUEST_TIMEOUT_MS ?? 500);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const httpd = (page: string) => `mkdir -p /www && echo '${page}' > /www/index.html && exec httpd -f -p 80 -h /www`;

/** One pod under test: how to find its pause container now, and where it serves. */
interface Subject {
  name: string;
  url: string;
  pauseId: () => Promise<string>;
  /** Makes it serve again from scratch (only the plain setup has this). */
  recreate?: () => Promise<void>;
  /** Why it is not serving, read from Docker (only the plain setup has this). */
  diagnose?: () => Promise<string>;
  times: (number | undefined)[];
  /** Reasons of the kills it did not recover from in time. */
  reasons: string[];
}

/** (a) pause + member with Docker's restart policy `always`, made with the docker CLI. */
async function plainPod(id: string, pauseImage: string): Promise<Subject> {
  const port = await freePort();
  const names = { pause: `bench-plain-pause-${id}`, web: `bench-plain-web-${id}` };
  const run = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();
  const create = async () => {
    run("rm", "-f", names.web, names.pause);
    const pause = run("run", "-d", "--name", names.pause, "--label", `${testLabel}=${id}`, "--restart", "always",
      "--ipc", "shareable", "-p", `${port}:80`, "--read-only", "--cap-drop", "ALL", "--user", "65535:65535", pauseImage);
    const join = `container:${pause}`;
    run("run", "-d", "--name", names.web, "--label", `${testLabel}=${id}`, "--restart", "always",
      "--network", join, "--ipc", join, "--pid", join, images.busybox, "sh", "-c", httpd("plain"));
  };
  await create();
  const diagnose = async () => {
    const [pause, web] = await Promise.all([names.pause, names.web].map(async (n) => (await docker.getContainer(n).inspect()).State));
    if (pause.Restarting || web.Restarting) return "in Docker's restart back-off";
    if (pause.Running && !web.Running) return "member given up by Docker";
    return `pause ${pause.Status}, member ${web.Status}`;
  };
  return {
    name: "Docker restart policies alone",
    url: `http://127.0.0.1:${port}/`,
    pauseId: async () => names.pause,
    recreate: create,
    diagnose,
    times: [],
    reasons: [],
  };
}

/** (b) the same pod through the Pod component. */
async function podletPod(): Promise<{ subject: Subject; stack: TestStack }> {
  const port = await freePort();
  const stack = await TestStack.create("bench-heal", async () => {
    const pod = new Pod("bench", {
      containers: [{ name: "web", image: images.busybox, command: ["sh", "-c"], args: [httpd("pod")], ports: [{ containerPort: 80, hostPort: port }] }],
      labels: stack.labels,
    });
    return { pauseContainerId: pod.pauseContainerId };
  });
  const up = await stack.up();
  const pause = up.outputs.pauseContainerId.value as string;
  return {
    stack,
    subject: { name: "docker-pod (podlet)", url: `http://127.0.0.1:${port}/`, pauseId: async () => pause, times: [], reasons: [] },
  };
}

/** One kill of the subject's pause and its recovery time (undefined: not within TIMEOUT_MS). */
async function killOnce(s: Subject): Promise<void> {
  const t0 = await killFromHost(await hostPid(docker, await s.pauseId()));
  const took = await recoveryMs(s.url, t0, TIMEOUT_MS, REQUEST_TIMEOUT_MS);
  s.times.push(took);
  const why = took === undefined ? (s.diagnose ? await s.diagnose() : "no diagnosis") : "";
  process.stderr.write(`  ${s.name}: kill ${s.times.length}/${KILLS}: ${took === undefined ? `not serving after ${TIMEOUT_MS / 1000} s (${why})` : `${(took / 1000).toFixed(2)} s`}\n`);
  if (took !== undefined) return;
  s.reasons.push(why);
  if (s.recreate) {
    await s.recreate();
  } else if ((await recoveryMs(s.url, performance.now(), 60_000)) !== undefined) {
    return;
  }
  if ((await recoveryMs(s.url, performance.now(), 30_000)) === undefined) throw new Error(`${s.name} does not serve again`);
}

const f = (ms: number) => (Number.isNaN(ms) ? "-" : (ms / 1000).toFixed(2));

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error("bench:heal needs root (it kills the pause process from the host)");
  const id = `bench-heal-${Math.random().toString(36).slice(2, 8)}`;
  let stop = false;
  process.on("SIGINT", () => {
    stop = true;
    process.stderr.write("interrupted: finishing this kill, then cleaning up\n");
  });
  process.stderr.write("setting up: the pod through Pulumi (Automation API), then the plain one (docker CLI)\n");
  const { subject: pod, stack } = await podletPod();
  let plain: Subject | undefined;
  try {
    plain = await plainPod(id, `docker-pod/pause:${pauseBuild().digest.slice(0, 12)}`);
    for (const s of [plain, pod]) {
      if ((await recoveryMs(s.url, performance.now(), 30_000)) === undefined) throw new Error(`${s.name} does not serve`);
    }
    for (let i = 0; i < KILLS && !stop; i++) {
      for (const s of [plain, pod]) {
        await killOnce(s);
        await sleep(GAP_MS);
      }
    }
    const [podlet] = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${stack.id}`, "org.docker-pod.role=podlet"] }) });
    const pid = await hostPid(docker, podlet.Id);
    const size = fs.statSync(path.join(__dirname, "../../native/build/podlet")).size;
    const version = (await docker.version()).Version;

    console.log(`\nheal benchmark: ${plain.times.length} kill -9 of pause per setup, alternating, ${GAP_MS / 1000} s after each recovery`);
    console.log(`Docker ${version}, kernel ${os.release()}, ${os.cpus().length} CPU(s); recovery = kill -9 → HTTP 200 on the host port (GETs every 20 ms, each with a ${REQUEST_TIMEOUT_MS} ms timeout)`);
    console.log(`${"".padEnd(32)}${["min", "median", "p95", "max"].map((h) => h.padStart(8)).join("")}   not recovered in ${TIMEOUT_MS / 1000} s`);
    for (const s of [plain, pod]) {
      const d = distribution(s.times);
      const reasons = [...new Set(s.reasons)].map((r) => `${s.reasons.filter((x) => x === r).length} ${r}`).join(", ");
      console.log(`${s.name.padEnd(32)}${[d.min, d.median, d.p95, d.max].map((x) => `${f(x)} s`.padStart(8)).join("")}   ${d.failed}/${s.times.length}${reasons ? ` (${reasons})` : ""}`);
    }
    if (plain.reasons.length) console.log("(the plain setup was recreated after each kill it did not recover from, resetting Docker's back-off)");
    console.log(`podlet: VmRSS ${procKb(pid)} kB (peak VmHWM ${procKb(pid, "VmHWM")} kB), binary ${size} bytes (static, stripped)`);
  } finally {
    execFileSync("sh", ["-c", `docker rm -f $(docker ps -aq --filter label=${testLabel}=${id}) >/dev/null 2>&1 || true`]);
    await stack.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench:heal: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
