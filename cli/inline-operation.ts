/**
 * `pulumi up` / `pulumi destroy` of an inline-program stack in one CLI process each, for the
 * `docker-pod` command line. The Automation API's `Stack.up` and `Stack.destroy` run the same
 * command the same way (the program served to the CLI over gRPC by the SDK's own language server,
 * `--exec-kind auto.inline`), but then start three more CLI processes whose results `play` does not
 * use — `stack output` twice and `stack history` (≈ 0.35 s each here) — and `destroy` with
 * `remove` a fourth, `stack rm`, where `pulumi destroy --remove` does it in the same process. The
 * operation itself (its checkpoints, its locking, its diff) is the CLI's, unchanged.
 *
 * The SDK's language server is internal to `@pulumi/pulumi` (`automation/server`, the class
 * `Stack.up` uses), as are `PulumiCommand.run` and the SDK's gRPC channel options; @pulumi/pulumi is pinned to an exact version in package.json, and the e2e
 * tests of `play` run this path.
 */
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { operationOptions } from "./automation";

// Internal to the SDK (no types are published for them): what Stack.up uses.
/* eslint-disable @typescript-eslint/no-require-imports */
const { LanguageServer } = require("@pulumi/pulumi/automation/server") as {
  LanguageServer: new (program: PulumiFn) => grpc.UntypedServiceImplementation & { onPulumiExit(hasError: boolean): void };
};
const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb") as { LanguageRuntimeService: grpc.ServiceDefinition };
const { grpcChannelOptions } = require("@pulumi/pulumi/runtime/settings") as { grpcChannelOptions: grpc.ChannelOptions };
/* eslint-enable @typescript-eslint/no-require-imports */
/** `PulumiCommand.run`, internal too: runs the CLI, streaming its output, and throws a `CommandError` on failure. */
type RunCli = { run(args: string[], cwd: string, env: Record<string, string>, onOutput?: (out: string) => void): Promise<unknown> };

/** Options of {@link runInline}. */
export interface InlineOptions {
  /** Receives the CLI's output as it streams. */
  onOutput?: (out: string) => void;
  /** `destroy` only: remove the stack (and its configuration) in the same command. */
  remove?: boolean;
}

/**
 * Runs `pulumi up` or `pulumi destroy` (non-interactive, no separate preview, unbounded
 * parallelism) of `stack`, whose workspace must be a `LocalWorkspace` with an inline program;
 * rejects with the Automation API's `CommandError` when the command fails.
 */
export async function runInline(stack: Stack, command: "up" | "destroy", opts: InlineOptions = {}): Promise<void> {
  const ws = stack.workspace as LocalWorkspace;
  if (!ws.program) throw new Error(`runInline: stack ${stack.name} has no inline program`);
  const server = new grpc.Server(grpcChannelOptions);
  const language = new LanguageServer(ws.program);
  server.addService(langrpc.LanguageRuntimeService, language);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const args = [command, "--yes", "--skip-preview", "--parallel", String(operationOptions.parallel)];
  if (command === "destroy" && opts.remove) args.push("--remove");
  args.push(`--client=127.0.0.1:${port}`, "--exec-kind", "auto.inline", "--stack", stack.name);
  const env: Record<string, string> = { PULUMI_DEBUG_COMMANDS: "true", ...(ws.pulumiHome ? { PULUMI_HOME: ws.pulumiHome } : {}), ...ws.envVars };
  let failed = true;
  try {
    await (ws.pulumiCommand as unknown as RunCli).run(args, ws.workDir, env, opts.onOutput);
    failed = false;
  } finally {
    language.onPulumiExit(failed);
    server.forceShutdown();
  }
}

/**
 * A program that also hands its outputs' values to `receive` once they are known (during `up`),
 * so no `stack output` call is needed afterwards.
 */
export function capturingOutputs<T extends Record<string, unknown> | void>(program: () => Promise<T>, receive: (values: pulumi.Unwrap<T>) => void): PulumiFn {
  return async () => {
    const outputs = await program();
    pulumi.output(outputs).apply((values) => receive(values as pulumi.Unwrap<T>));
    return outputs as Record<string, unknown> | void;
  };
}

/** The stack's outputs that are not secret (secret ones read `"[secret]"`), in one CLI call. */
export async function plainOutputs(stack: Stack): Promise<Record<string, unknown>> {
  const ws = stack.workspace as LocalWorkspace;
  const env: Record<string, string> = { ...(ws.pulumiHome ? { PULUMI_HOME: ws.pulumiHome } : {}), ...ws.envVars };
  const result = (await (ws.pulumiCommand as unknown as RunCli).run(["stack", "output", "--json", "--stack", stack.name], ws.workDir, env)) as { stdout: string };
  return JSON.parse(result.stdout || "{}") as Record<string, unknown>;
}
