/**
 * A real Kubernetes API server for the cluster tier: Debian's etcd and the kube-apiserver that
 * set-up builds, both on loopback ports chosen at start, with a token file, a service-account key
 * pair and RBAC. No controller, scheduler or node: manifests are validated and stored, never run.
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** How the tests reach the server (written to a file the test workers read). */
export interface ClusterInfo {
  /** `https://127.0.0.1:<port>`. */
  server: string;
  /** Bearer token of a `system:masters` user. */
  token: string;
  /** The server's version as it reports it (`/version` gitVersion). */
  version: string;
  /** The directory of its data and logs (and every argument of both servers names it). */
  dir: string;
}

/** The file in which globalSetup leaves {@link ClusterInfo} for the test files. */
/** In this checkout's .cache: two checkouts on one machine run their tiers side by side. */
export const infoFile = path.resolve(__dirname, "../../.cache/cluster.json");

// On globalThis: jest's globalSetup and globalTeardown may load this module separately.
const running: { procs: ChildProcess[]; dir: string } = ((globalThis as Record<string, unknown>).__dockerPodCluster ??= {
  procs: [],
  dir: "",
}) as { procs: ChildProcess[]; dir: string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The shell guard each server runs under: it starts the server with stdin from /dev/null and ends
 * it (SIGTERM, SIGKILL 10 s later) as soon as its own stdin, a pipe from this process, closes.
 * `stopCluster` closes it; so does the kernel when this process dies without a teardown (a failed
 * globalSetup, an interrupted or killed run): no etcd or kube-apiserver outlives the tier.
 */
const guard = [
  "exec 3<&0",
  '"$@" </dev/null 3<&- &',
  "server=$!",
  '{ while read -r _; do :; done; kill -TERM "$server"; sleep 10; kill -KILL "$server"; } <&3 >/dev/null 2>&1 &',
  "watcher=$!",
  'wait "$server"; status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join("\n");

function start(what: string, binary: string, args: string[], dir: string, procs: ChildProcess[]): ChildProcess {
  const log = fs.openSync(path.join(dir, `${what}.log`), "w");
  const child = spawn("sh", ["-c", guard, what, binary, ...args], { stdio: ["pipe", log, log] });
  fs.closeSync(log);
  procs.push(child);
  return child;
}

/** Ends the servers `procs` guards (their guards' stdin closes) and waits until they have exited. */
async function stop(procs: ChildProcess[]): Promise<void> {
  for (const child of [...procs].reverse()) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.stdin?.end();
      await exited;
    } else {
      child.stdin?.destroy();
    }
  }
  procs.length = 0;
}

/** The last lines of a component's log, for a failure message. */
function logTail(what: string, dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, `${what}.log`), "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
}

async function waitFor(what: string, child: ChildProcess, dir: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} (its log is in ${dir}):\n${logTail(what, dir)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s (its log is in ${dir}):\n${logTail(what, dir)}`);
}

/**
 * Starts etcd and kube-apiserver; resolves once `/readyz` answers ok. When either cannot start,
 * both are stopped again before it rejects; their logs stay in the directory the error names.
 */
export async function startCluster(kubeApiserver: string, etcd = "etcd"): Promise<ClusterInfo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-cluster-"));
  const procs: ChildProcess[] = [];
  try {
    const info = await startIn(dir, procs, kubeApiserver, etcd);
    running.procs.push(...procs);
    running.dir = dir;
    return info;
  } catch (err) {
    await stop(procs);
    throw err;
  }
}

async function startIn(dir: string, procs: ChildProcess[], kubeApiserver: string, etcd: string): Promise<ClusterInfo> {
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const etcdProc = start("etcd", etcd, [
    "--data-dir", path.join(dir, "etcd"),
    "--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl,
    "--listen-peer-urls", `http://127.0.0.1:${peerPort}`,
    "--initial-advertise-peer-urls", `http://127.0.0.1:${peerPort}`,
    "--initial-cluster", `default=http://127.0.0.1:${peerPort}`,
  ], dir, procs);
  await waitFor("etcd", etcdProc, dir, async () => (await fetch(`${etcdUrl}/health`)).ok, 30_000);

  const token = crypto.randomBytes(24).toString("hex");
  fs.writeFileSync(path.join(dir, "tokens.csv"), `${token},docker-pod-test,1,"system:masters"\n`, { mode: 0o600 });
  const keys = crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  fs.writeFileSync(path.join(dir, "sa.pub"), keys.publicKey);
  fs.writeFileSync(path.join(dir, "sa.key"), keys.privateKey, { mode: 0o600 });
  const server = `https://127.0.0.1:${apiPort}`;
  const api = start("kube-apiserver", kubeApiserver, [
    `--etcd-servers=${etcdUrl}`,
    "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${apiPort}`,
    `--cert-dir=${path.join(dir, "certs")}`,
    `--token-auth-file=${path.join(dir, "tokens.csv")}`,
    "--authorization-mode=RBAC",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${path.join(dir, "sa.pub")}`,
    `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
    "--service-cluster-ip-range=10.96.0.0/16",
    // As clusters that run privileged pods are configured (the default, false, refuses them).
    "--allow-privileged=true",
  ], dir, procs);
  // The server's certificate is self-signed (--cert-dir): the tier trusts it on loopback only.
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  const headers = { Authorization: `Bearer ${token}` };
  await waitFor("kube-apiserver", api, dir, async () => (await fetch(`${server}/readyz`, { headers })).ok, 90_000);
  const version = ((await (await fetch(`${server}/version`, { headers })).json()) as { gitVersion: string }).gitVersion;
  return { server, token, version, dir };
}

/** Stops kube-apiserver, then etcd, and removes their data. */
export async function stopCluster(): Promise<void> {
  await stop(running.procs);
  if (running.dir) fs.rmSync(running.dir, { recursive: true, force: true });
  running.dir = "";
}
