/**
 * A Pulumi stack of the pods of a manifest file, run as `npm run up` runs its stack (an Automation
 * API inline program, file backend), for bench:pods: `node … pods-stack.ts up|preview|down FILE`.
 * The pods are `Pod` components read with `podsFromManifest`, sharing one `PauseImage`; an empty
 * file makes an empty stack. Backend: `PULUMI_BACKEND_URL`.
 */
import * as fs from "fs";
import * as path from "path";
import { openStack, operationOptions } from "../../cli/automation";
import { PauseImage, podsFromManifest } from "../../components";

async function main(action: string, file: string): Promise<void> {
  const text = fs.readFileSync(file, "utf8");
  const stack = await openStack({
    projectName: "bench-pods",
    stackName: path.basename(file).replace(/\.yaml$/, ""),
    program: async () => {
      if (text.trim() === "") return;
      const pauseImage = new PauseImage("pause-image", {}).imageName;
      podsFromManifest(text, { pauseImage });
    },
  });
  const onOutput = (out: string) => process.stdout.write(out);
  if (action === "up") await stack.up({ onOutput, ...operationOptions });
  else if (action === "preview") {
    const result = await stack.preview({ onOutput, ...operationOptions });
    const changed = Object.entries(result.changeSummary).filter(([op]) => op !== "same");
    if (changed.length) throw new Error(`the preview is not a no-op: ${JSON.stringify(result.changeSummary)}`);
  } else if (action === "down") await stack.destroy({ onOutput, ...operationOptions });
  else throw new Error(`unknown action ${action}`);
}

main(process.argv[2] ?? "", process.argv[3] ?? "").catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
