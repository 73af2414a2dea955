/**
 * Opens Pulumi stacks for inline programs through the Automation API. Inline programs need no
 * Pulumi language host: the program runs inside this Node process and the CLI drives it. Used by
 * the example stack runner, the `docker-pod` command line and the end-to-end tests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";

/**
 * Pulumi's "unbounded" degree of parallelism (`--parallel 2147483647`, what newer Pulumi CLIs make
 * the default): every step whose dependencies are done starts at once, so all containers of all
 * pods are created, and deleted, together. The CLI's default is 4 × CPUs (8 on two cores), which
 * made a stack's teardown wait one grace period per batch of 8 containers. What it trades: more
 * concurrent calls to the Docker engine and the providers (Docker serves them; the dependency
 * order, the checkpoint after each step and the diff are the same at any parallelism).
 */
export const unboundedParallel = 2147483647;

/** The options every Pulumi operation docker-pod runs passes (`up`, `preview`, `destroy`, `refresh`). */
export const operationOptions = { parallel: unboundedParallel } as const;

/** Passphrase for stack secrets when `PULUMI_CONFIG_PASSPHRASE` is not set. Local use only. */
export const defaultPassphrase = "docker-pod-local";

/** Options of {@link openStack}. */
export interface StackOptions {
  /** Pulumi project name. */
  projectName: string;
  /** Stack name; the stack is created when it does not exist. */
  stackName: string;
  /** The inline program. */
  program: PulumiFn;
  /**
   * Backend URL. Default: `PULUMI_BACKEND_URL` when set, else a file backend in `.pulumi/`
   * under the current working directory.
   */
  backendUrl?: string;
  /** Stack configuration values (plain strings) set before any operation. Default: none. */
  config?: Record<string, string>;
  /**
   * `false`: only select an existing stack; a missing one throws the Automation API's
   * `StackNotFoundError`. Default: `true` (create the stack when it does not exist).
   */
  create?: boolean;
}

/** The backend URL used when none is given: `PULUMI_BACKEND_URL`, else `file://<cwd>/.pulumi`. */
export function defaultBackendUrl(): string {
  return process.env.PULUMI_BACKEND_URL || `file://${path.join(process.cwd(), ".pulumi")}`;
}

/** Workspace directories this process made, removed when it exits. */
const workDirs = new Set<string>();

/**
 * A fresh directory for a workspace's `Pulumi.yaml` and stack settings. The Automation API makes
 * one in the temporary directory for every inline program and leaves it there; this one is removed
 * when the process exits. Nothing in it outlives an operation: the stack's state, its secrets
 * provider's salt included, lives in the backend.
 */
function workspaceDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-workspace-"));
  if (workDirs.size === 0) process.once("exit", () => workDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  workDirs.add(dir);
  return dir;
}

/** Creates or selects a stack for an inline program, with a local file backend by default. */
export async function openStack(opts: StackOptions): Promise<Stack> {
  const backendUrl = opts.backendUrl ?? defaultBackendUrl();
  if (backendUrl.startsWith("file://")) {
    fs.mkdirSync(backendUrl.slice("file://".length), { recursive: true });
  }
  const open = (opts.create === false ? LocalWorkspace.selectStack : LocalWorkspace.createOrSelectStack).bind(LocalWorkspace);
  const stack = await open(
    { projectName: opts.projectName, stackName: opts.stackName, program: opts.program },
    {
      workDir: workspaceDir(),
      projectSettings: { name: opts.projectName, runtime: "nodejs", backend: { url: backendUrl } },
      envVars: {
        PULUMI_BACKEND_URL: backendUrl,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? defaultPassphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    },
  );
  for (const [key, value] of Object.entries(opts.config ?? {})) {
    await stack.setConfig(key, { value });
  }
  return stack;
}
