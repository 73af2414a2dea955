/**
 * The tier's servers never outlive it: not when the process that started them dies without a
 * teardown (killed, interrupted), and not when kube-apiserver fails to start after etcd did.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startCluster } from "./server";

const repoRoot = path.resolve(__dirname, "../..");

/** The pids of the processes whose command line names `dir` (etcd, kube-apiserver, their guards). */
function processesOf(dir: string): number[] {
  return fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir) ? [Number(pid)] : [];
    } catch {
      return []; // exited meanwhile
    }
  });
}

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("etcd and kube-apiserver end when the process that started them is killed (no teardown)", async () => {
  const holder = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(__dirname, "programs/hold-cluster.ts")], {
    env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  holder.stdout.on("data", (d) => (out += d));
  holder.stderr.on("data", (d) => (err += d));
  const exited = new Promise((r) => holder.once("exit", r));
  try {
    await until("the second cluster was not ready", () => out.includes("\n") || holder.exitCode !== null, 120_000);
    if (holder.exitCode !== null) throw new Error(`the second cluster did not start: ${err}`);
    const { dir } = JSON.parse(out) as { dir: string };
    const [etcd, api] = ["etcd", "kube-apiserver"].map((name) =>
      processesOf(dir).filter((pid) => fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === name),
    );
    expect([etcd.length, api.length]).toEqual([1, 1]);
    holder.kill("SIGKILL");
    await exited;
    await until(`processes naming ${dir} were still running`, () => processesOf(dir).length === 0, 30_000);
    fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    holder.kill("SIGKILL");
  }
}, 180_000);

test("a kube-apiserver that cannot start leaves no etcd running, and the error says why", async () => {
  const failing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-cluster-test-")), "kube-apiserver");
  fs.writeFileSync(failing, "#!/bin/sh\necho 'cannot start: on purpose' >&2\nexit 3\n", { mode: 0o755 });
  const error = await startCluster(failing).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toMatch(/^kube-apiserver exited with 3 \(its log is in (\S+)\):\ncannot start: on purpose/);
  const dir = /its log is in (\S+)\)/.exec(error?.message ?? "")?.[1] ?? "";
  expect(processesOf(dir)).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(failing), { recursive: true, force: true });
});
