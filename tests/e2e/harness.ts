/**
 * End-to-end harness: real Pulumi updates (Automation API inline programs) against the real Docker
 * engine. Each test file gets its own temporary file backend, a unique stack and a unique label
 * value that every Docker object it creates carries, so leaks can be found by label.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import Docker from "dockerode";
import { PulumiFn, Stack, UpResult, PreviewResult } from "@pulumi/pulumi/automation";
import { openStack, operationOptions } from "../../cli/automation";
import { recordGenerated, recordPlayed, recordPodManifests } from "./record";

/** The Docker Engine API client the assertions use. */
export const docker = new Docker();

/** The label every Docker object made by an e2e test carries; its value names the test stack. */
export const testLabel = "docker-pod-test.stack";

/**
 * Local images built by setup (there is no registry); `grpcHealth` is grpc-go's health server
 * (tests/fixtures/grpc-health: `-port N -service NAME`, SIGUSR1 → NOT_SERVING, SIGUSR2 → SERVING).
 */
export const images = { busybox: "docker-pod/busybox:local", nginx: "docker-pod/nginx:local", grpcHealth: "docker-pod/grpc-health:local" };

/** A stack of one test file, with the Pulumi output of its last operation kept for failures. */
export class TestStack {
  private log: string[] = [];

  private constructor(
    /** The Automation API stack. */
    readonly stack: Stack,
    /** The value of {@link testLabel} this test's objects carry. */
    readonly id: string,
    private readonly backendDir: string,
  ) {}

  /** Creates a stack named `<prefix>-<random>` on a fresh temporary file backend. */
  static async create(prefix: string, program: PulumiFn): Promise<TestStack> {
    const id = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
    const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-e2e-"));
    const stack = await openStack({
      projectName: "docker-pod-e2e",
      stackName: id,
      program,
      backendUrl: `file://${backendDir}`,
    });
    return new TestStack(stack, id, backendDir);
  }

  /** Labels to put on every Docker object of this test. */
  get labels(): Record<string, string> {
    return { [testLabel]: this.id };
  }

  private capture = (out: string): void => {
    this.log.push(out);
  };

  /** Runs an operation, keeping Pulumi's output; on failure the error carries that output. */
  private async run<T>(what: string, op: () => Promise<T>): Promise<T> {
    this.log = [];
    try {
      return await op();
    } catch (err) {
      // An automation CommandError repeats Pulumi's output after " err?:"; keep it once.
      const message = (err instanceof Error ? err.message : String(err)).split("\n err?:")[0];
      throw new Error(`${what} of stack ${this.id} failed: ${message}`);
    }
  }

  /** `pulumi up`; a failure fails the test. The pods' manifests are recorded for the cluster tier. */
  async up(): Promise<UpResult> {
    const result = await this.run("up", () => this.stack.up({ onOutput: this.capture, ...operationOptions }));
    await recordPodManifests(this.stack);
    return result;
  }

  /** `pulumi preview` with the change summary. */
  preview(): Promise<PreviewResult> {
    return this.run("preview", () => this.stack.preview({ onOutput: this.capture, diff: true, ...operationOptions }));
  }

  /** `pulumi refresh`; returns the summary's resource changes (only `same` means no drift). */
  async refresh(): Promise<Record<string, number>> {
    const result = await this.run("refresh", () => this.stack.refresh({ onOutput: this.capture, ...operationOptions }));
    return (result.summary.resourceChanges ?? {}) as Record<string, number>;
  }

  /** Pulumi's output of the last operation. */
  get output(): string {
    return this.log.join("");
  }

  /** `destroy`, stack removal and removal of the temporary backend. */
  async dispose(): Promise<void> {
    try {
      await this.run("destroy", () => this.stack.destroy({ onOutput: this.capture, ...operationOptions }));
      await this.stack.workspace.removeStack(this.stack.name);
    } finally {
      fs.rmSync(this.backendDir, { recursive: true, force: true });
    }
  }
}

/** Changes other than `same` in a preview or update summary (empty means "no changes"). */
export function changesOf(summary: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0));
}

/** Docker containers, volumes and networks still carrying this test's label (on `docker`, the default engine unless given). */
export async function leftovers(id: string, engine: Docker = docker): Promise<string[]> {
  const filters = JSON.stringify({ label: [`${testLabel}=${id}`] });
  const [containers, volumes, networks] = await Promise.all([
    engine.listContainers({ all: true, filters }),
    engine.listVolumes({ filters }),
    engine.listNetworks({ filters }),
  ]);
  return [
    ...containers.map((c) => `container ${c.Names.join(",")} (${c.State})`),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
    ...networks.map((n) => `network ${n.Name}`),
  ];
}

const portsGiven = new Set<number>();

/**
 * A TCP port free on the host right now, chosen below the kernel's ephemeral range: a port the
 * kernel hands out for port 0 may be handed again (e.g. to the Automation API's own server during
 * `up`) before the pod publishes it ("bind: address already in use").
 */
export async function freePort(): Promise<number> {
  const [low] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
  for (let tries = 0; tries < 500; tries++) {
    const port = 10000 + Math.floor(Math.random() * Math.max(1, low - 10000));
    if (portsGiven.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.unref();
      server.once("error", () => resolve(false));
      server.listen(port, "0.0.0.0", () => server.close(() => resolve(true)));
    });
    if (free) {
      portsGiven.add(port);
      return port;
    }
  }
  throw new Error(`no free host port between 10000 and ${low}`);
}

/** GETs `url` until it answers 2xx or `timeoutMs` passes; returns the body. */
export async function waitForHttp(url: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await res.text();
      if (res.ok) return body;
      last = `HTTP ${res.status}: ${body.slice(0, 200)}`;
    } catch (err) {
      last = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (last: ${last})`);
}

/** Runs a command in a running container and returns its stdout+stderr and exit code. */
export async function execIn(containerId: string, cmd: string[], engine: Docker = docker): Promise<{ output: string; exitCode: number }> {
  const exec = await engine.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const sink = { write: (b: Buffer) => chunks.push(b) } as unknown as NodeJS.WritableStream;
    engine.modem.demuxStream(stream, sink, sink);
    stream.on("end", () => resolve());
    stream.on("error", reject);
  });
  const info = await exec.inspect();
  return { output: Buffer.concat(chunks).toString("utf8"), exitCode: info.ExitCode ?? -1 };
}

/** The repository root. */
export const repoRoot = path.resolve(__dirname, "../..");

/**
 * Runs a TypeScript entry point of this repository (path relative to its root) in a child process
 * under the pinned Node, as users run it: a program whose errors jest's sandbox must not catch,
 * the example runner, the CLI. Resolves with its exit status and output; killed after 5 min.
 */
export function runTs(
  entry: string,
  args: string[] = [],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(repoRoot, entry), ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json"), ...opts.env },
      timeout: 300_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => {
      // What `docker-pod generate` prints goes to the cluster tier too.
      if (entry === "cli/docker-pod.ts" && args[0] === "generate" && status === 0 && !args.some((a) => /^-(h|-help)$/.test(a))) recordGenerated(args.slice(1).join("-"), stdout);
      // And so does what a successful `docker-pod play FILE` brought up (as generate would print it).
      if (entry === "cli/docker-pod.ts" && args[0] === "play" && status === 0) recordPlayed(args.slice(1), opts.cwd ?? repoRoot);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * Runs `up` of a failing scenario of programs/failing-up.ts in a child process, on this test's
 * stack, backend and label (on the engine of `E2E_DOCKER_HOST`, with `E2E_DOCKER_SOCKET` as the
 * pod's `dockerSocket`, when given); returns its exit status and Pulumi's output.
 */
export async function failingUp(
  t: TestStack,
  scenario: string,
  engine: { E2E_DOCKER_HOST?: string; E2E_DOCKER_SOCKET?: string } = {},
): Promise<{ status: number | null; output: string }> {
  const run = await runTs("tests/e2e/programs/failing-up.ts", [], {
    env: {
      ...engine,
      E2E_SCENARIO: scenario,
      E2E_BACKEND: (await t.stack.workspace.projectSettings()).backend?.url,
      E2E_STACK: t.stack.name,
      E2E_LABEL: `${testLabel}=${t.id}`,
    },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The types of the resources in the stack's state. */
export async function stateTypes(t: TestStack): Promise<string[]> {
  const state = await t.stack.exportStack();
  return ((state.deployment.resources ?? []) as { type: string }[]).map((r) => r.type);
}
