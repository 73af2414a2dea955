/**
 * `pulumi version`, started before the command line loads anything else. The Automation API asks
 * the CLI for its version (one `pulumi version` process, ≈ 0.2 s here) before its first command;
 * started here it runs on the other CPU while Node loads @pulumi/pulumi (≈ 0.5 s of CPU), and
 * `openStack` validates its answer as the Automation API does. Imported second by the command line
 * (after the compile cache), so it imports nothing but `child_process`; it starts the process only
 * for the commands that run Pulumi.
 */
import { execFile } from "child_process";

/** The `docker-pod` commands that open a stack. */
const pulumiCommands = new Set(["play", "preview", "generate"]);

let started: Promise<string> | undefined;

/** Starts `pulumi version` (the `pulumi` on PATH, as the Automation API runs it) once; its standard output. */
export function pulumiVersionOutput(): Promise<string> {
  started ??= new Promise((resolve, reject) =>
    execFile("pulumi", ["version"], { env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  return started;
}

if (pulumiCommands.has(process.argv[2] ?? "")) {
  // Its failure (no `pulumi` on PATH) is reported where the answer is awaited.
  pulumiVersionOutput().catch(() => undefined);
}
