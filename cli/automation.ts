/**
 * Opens Pulumi stacks for inline programs through the Automation API. Inline programs need no
 * Pulumi language host: the program runs inside this Node process and the CLI drives it. Used by
 * the example stack runner, the `docker-pod` command line and the end-to-end tests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { pulumiVersionOutput } from "./pulumi-version";

// Internal to the SDK: what `PulumiCommand.get` does with the answer of `pulumi version`.
/* eslint-disable @typescript-eslint/no-require-imports */
const { parseAndValidatePulumiVersion } = require("@pulumi/pulumi/automation/cmd") as {
  parseAndValidatePulumiVersion(min: unknown, version: string, optOut: boolean): unknown;
};
const { minimumVersion } = require("@pulumi/pulumi/automation/minimumVersion") as { minimumVersion: unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

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

import { defaultPassphrase } from "./defaults";

export { defaultPassphrase };

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

/**
 * The `pulumi` on PATH as the Automation API's `PulumiCommand.get` makes it (the same version
 * check, `PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK` included), from the `pulumi version` that
 * `pulumi-version.ts` started early. `PulumiCommand`'s constructor is internal to the SDK
 * (@pulumi/pulumi is pinned).
 */
export async function pulumiOnPath(): Promise<PulumiCommand> {
  const optOut = !!process.env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK;
  const version = parseAndValidatePulumiVersion(minimumVersion, (await pulumiVersionOutput()).trim(), optOut);
  const Command = PulumiCommand as unknown as new (command: string, version: unknown) => PulumiCommand;
  return new Command("pulumi", version);
}

/**
 * Creates or selects a stack for an inline program, with a local file backend by default. The CLI
 * is asked its version once (started early by the command line), and a missing stack is created
 * by the same CLI call that selects it (`pulumi stack select --create`; the Automation API's
 * `createOrSelectStack` runs `stack select`, then `stack init` when that fails: ≈ 0.2 s more).
 */
export async function openStack(opts: StackOptions): Promise<Stack> {
  const backendUrl = opts.backendUrl ?? defaultBackendUrl();
  if (backendUrl.startsWith("file://")) {
    fs.mkdirSync(backendUrl.slice("file://".length), { recursive: true });
  }
  const workspace = await LocalWorkspace.create({
    program: opts.program,
    workDir: workspaceDir(),
    pulumiCommand: await pulumiOnPath(),
    projectSettings: { name: opts.projectName, runtime: "nodejs", backend: { url: backendUrl } },
    envVars: {
      PULUMI_BACKEND_URL: backendUrl,
      PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? defaultPassphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
    },
  });
  if (opts.create !== false) {
    // `Stack.select` selects through the workspace's `selectStack`: here one call that also creates.
    const selectOnly = workspace.selectStack.bind(workspace);
    workspace.selectStack = async (name: string): Promise<void> => {
      const env = { ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}), ...workspace.envVars };
      const cli = workspace.pulumiCommand as unknown as { run(args: string[], cwd: string, env: Record<string, string>): Promise<unknown> };
      await cli.run(["stack", "select", "--create", "--stack", name], workspace.workDir, env);
      workspace.selectStack = selectOnly;
    };
  }
  const stack = await Stack.select(opts.stackName, workspace);
  for (const [key, value] of Object.entries(opts.config ?? {})) {
    await stack.setConfig(key, { value });
  }
  return stack;
}
