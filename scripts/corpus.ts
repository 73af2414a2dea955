/**
 * `npm run corpus [DIR...]`: reads every manifest of a corpus of public Kubernetes files through
 * `allPodArgsFromManifest`, as a user's first `play` would, and prints per corpus how many map,
 * how many are refused, and the refusing fields grouped by how many files they refuse. Default
 * corpora: `tests/unit/corpus/pods` (files that hold a pod) and `tests/unit/corpus/apps` (whole
 * applications). A crash is any exception other than a ManifestError.
 */
import * as fs from "fs";
import * as path from "path";
import { ManifestError, allPodArgsFromManifest } from "../components";

/** What reading one file gave. */
export type Outcome =
  | { kind: "mapped"; pods: number; warnings: number }
  | { kind: "refused"; fields: string[] }
  | { kind: "crashed"; error: string };

/** Reads one manifest text. */
export function readManifest(text: string): Outcome {
  try {
    const pods = allPodArgsFromManifest(text);
    return { kind: "mapped", pods: pods.length, warnings: pods.reduce((n, p) => n + p.warnings.length, 0) };
  } catch (err) {
    if (err instanceof ManifestError) return { kind: "refused", fields: [...new Set(err.problems.map(fieldOf))] };
    return { kind: "crashed", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

/**
 * A problem's field, comparable across files: list indexes and map keys dropped, the pod
 * template's prefix dropped (`spec.template.spec.volumes[0].csi` → `spec.volumes[].csi`), and
 * the message's gist after it for problems of the whole document.
 */
export function fieldOf(p: { path: string; message: string }): string {
  const field = p.path
    .replace(/\[\d+\]/g, "[]")
    .replace(/\["[^"]*"\]/g, "[key]")
    .replace(/^spec\.(jobTemplate\.spec\.)?template\./, "")
    .replace(/^items\[\]\./, "");
  return field || `(document) ${p.message.replace(/"[^"]*"/g, '"…"').slice(0, 80)}`;
}

/** The manifest files of a directory, sorted. */
export function corpusFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function report(dir: string): void {
  const files = corpusFiles(dir);
  const outcomes = files.map((f) => [f, readManifest(fs.readFileSync(f, "utf8"))] as const);
  const count = (kind: Outcome["kind"]) => outcomes.filter(([, o]) => o.kind === kind).length;
  const pct = (n: number) => `${((100 * n) / Math.max(files.length, 1)).toFixed(1)}%`;
  console.log(`\n${dir}: ${files.length} files`);
  console.log(`  mapped  ${String(count("mapped")).padStart(3)}  ${pct(count("mapped"))}`);
  console.log(`  refused ${String(count("refused")).padStart(3)}  ${pct(count("refused"))}`);
  console.log(`  crashed ${String(count("crashed")).padStart(3)}  ${pct(count("crashed"))}`);
  const byField = new Map<string, string[]>();
  for (const [file, o] of outcomes) {
    if (o.kind !== "refused") continue;
    for (const field of o.fields) byField.set(field, [...(byField.get(field) ?? []), path.basename(file)]);
  }
  if (byField.size) console.log("  refusing fields (files refused by each):");
  for (const [field, which] of [...byField].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    console.log(`  ${String(which.length).padStart(5)}  ${field}${process.env.VERBOSE ? `  (${which.join(", ")})` : ""}`);
  }
  for (const [file, o] of outcomes) if (o.kind === "crashed") console.log(`  CRASH ${path.basename(file)}: ${o.error}`);
}

if (require.main === module) {
  const root = path.join(__dirname, "..", "tests", "unit", "corpus");
  const dirs = process.argv.slice(2);
  for (const dir of dirs.length ? dirs : [path.join(root, "pods"), path.join(root, "apps")]) report(path.relative(process.cwd(), dir) || dir);
}
