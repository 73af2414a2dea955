/**
 * The example stack runner: `npm run up | preview | down`. Runs index.ts's program as an Automation
 * API inline program (no Pulumi language host needed) against a local file backend in `.pulumi/`
 * (or `PULUMI_BACKEND_URL`), streaming Pulumi's own progress to the terminal.
 *
 * Environment: DOCKER_POD_STACK (stack name, default `dev`), DOCKER_POD_HOST_PORT (sets the
 * `hostPort` config of the stack), PULUMI_CONFIG_PASSPHRASE (default: see cli/automation.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { openStack, operationOptions } from "../cli/automation";
import { capturingOutputs, runInline } from "../cli/inline-operation";
import { classicPod } from "../example/classic-pod";

async function main(action: string): Promise<void> {
  const root = path.resolve(__dirname, "..");
  const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name: string };
  const hostPort = process.env.DOCKER_POD_HOST_PORT;
  // The URL, from the program's own outputs (up runs in one CLI process: see cli/inline-operation.ts).
  let url = "";
  const stack = await openStack({
    projectName: project.name,
    stackName: process.env.DOCKER_POD_STACK ?? "dev",
    program: capturingOutputs(async () => classicPod(), (outputs) => (url = outputs.url)),
    backendUrl: process.env.PULUMI_BACKEND_URL || `file://${path.join(root, ".pulumi")}`,
    config: hostPort ? { hostPort } : {},
  });
  const onOutput = (out: string) => process.stdout.write(out);
  switch (action) {
    case "up": {
      await runInline(stack, "up", { onOutput });
      console.log(`\nThe pod serves at ${url}`);
      break;
    }
    case "preview":
      await stack.preview({ onOutput, diff: true, ...operationOptions });
      break;
    case "down":
      await runInline(stack, "destroy", { onOutput });
      break;
    default:
      throw new Error(`unknown action "${action}": use up, preview or down`);
  }
}

main(process.argv[2] ?? "").catch((err: unknown) => {
  // Pulumi's own output was already streamed; the automation error repeats it, so print its gist.
  const message = err instanceof Error ? err.message : String(err);
  console.error(`\n${message.split("\n").filter((l) => /error/i.test(l)).slice(-5).join("\n") || message}`);
  process.exit(1);
});
