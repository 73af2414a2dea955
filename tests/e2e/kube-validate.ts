/**
 * Checks that a JSON document is a Kubernetes Pod by the Kubernetes API's own definitions, twice:
 * kubernetes-models' JSON schemas (generated from the Kubernetes OpenAPI; required fields and
 * types), run in a child process since the package is ESM-only, and the TypeScript compiler
 * against kubernetes-types (unknown fields are errors there).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { repoRoot } from "./harness";

/** Problems found (empty: a valid Pod). */
export function podProblems(json: string): string[] {
  const problems: string[] = [];
  const schema = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { Pod } from "kubernetes-models/v1";
       let text = ""; process.stdin.on("data", (d) => (text += d));
       process.stdin.on("end", () => { try { new Pod(JSON.parse(text)).validate(); } catch (e) { console.log(e.message); process.exit(1); } });`,
    ],
    { cwd: repoRoot, input: json, encoding: "utf8" },
  );
  if (schema.status !== 0) problems.push(`schema: ${schema.stdout}${schema.stderr}`.trim());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pod-check-"));
  const file = path.join(dir, "pod.ts");
  fs.writeFileSync(file, `import type { Pod } from "kubernetes-types/core/v1";\nexport const pod: Pod = ${json};\n`);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    typeRoots: [],
    baseUrl: repoRoot,
    paths: { "kubernetes-types/*": [path.join(repoRoot, "node_modules/kubernetes-types/*")] },
  });
  for (const d of ts.getPreEmitDiagnostics(program)) problems.push(`types: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return problems;
}
