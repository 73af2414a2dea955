/**
 * `pulumi preview --json` of an inline program. The Automation API's `stack.preview()` (3.248)
 * has no `json` option and takes no extra CLI arguments; it runs the program in this process
 * through a language-runtime server it starts, and points the CLI at it (`--client`). This does
 * the same, with `--json`, so the test gets exactly what `pulumi preview --json` prints for a
 * stack run by a language host, where none can run here. Reaches into two of the SDK's internal
 * modules (the server the Automation API itself uses): a test helper, not product code.
 */
import { execFile } from "child_process";
import * as grpc from "@grpc/grpc-js";
import { PulumiFn, Stack } from "@pulumi/pulumi/automation";

/* eslint-disable @typescript-eslint/no-require-imports */
const { LanguageServer } = require("@pulumi/pulumi/automation/server") as {
  LanguageServer: new (program: PulumiFn) => { onPulumiExit(hasError: boolean): void };
};
const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb") as { LanguageRuntimeService: grpc.ServiceDefinition };
/* eslint-enable @typescript-eslint/no-require-imports */

/** Runs `pulumi preview --json` for `stack` with the inline `program`; returns what it prints. */
export async function previewJson(stack: Stack, program: PulumiFn): Promise<string> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  const language = new LanguageServer(program);
  server.addService(langrpc.LanguageRuntimeService, language as unknown as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const ws = stack.workspace;
  let failed = false;
  try {
    const args = ["preview", "--json", "--non-interactive", `--client=127.0.0.1:${port}`, "--exec-kind", "auto.inline", "--stack", stack.name];
    return await new Promise<string>((resolve, reject) =>
      execFile(ws.pulumiCommand.command, args, { cwd: ws.workDir, env: { ...process.env, ...ws.envVars }, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) =>
        err ? reject(new Error(`pulumi preview --json failed: ${err.message}\n${stderr}\n${stdout.slice(0, 4000)}`)) : resolve(stdout),
      ),
    );
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    language.onPulumiExit(failed);
    server.forceShutdown();
  }
}
