/**
 * Manifests broken in every way a hand or a template can break them: each corpus file with one
 * field at a time replaced by a value of another shape (null, a number, a string, an object, a
 * list, a huge count). Reading must give pods or a ManifestError, never another exception, and
 * stay quick. Deterministic: the same mutations on every run.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";
import { ManifestError, allPodArgsFromManifest, claimsFromManifest, servicesFromManifest } from "../../components";
import { corpusFiles } from "../../scripts/corpus";

const root = path.join(__dirname, "corpus");
const files = ["pods", "apps"].flatMap((d) => corpusFiles(path.join(root, d)));

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const replacements: unknown[] = [null, 0, -1, 1e9, "x", "", true, {}, [], [null], { a: [1] }, ["a", 2]];

/** Every [container, key] path of a JSON value, parents first. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), slots(v, out)));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push([value as Record<string, unknown>, k]), slots(v, out);
  }
  return out;
}

/** Reads a text as the acceptance program and play do; returns what went wrong other than a ManifestError. */
function crash(text: string): string | undefined {
  for (const read of [allPodArgsFromManifest, claimsFromManifest, servicesFromManifest] as ((t: string) => unknown)[]) {
    try {
      read(text);
    } catch (err) {
      if (!(err instanceof ManifestError)) return `${read.name}: ${err instanceof Error ? err.stack : String(err)}`;
    }
  }
  return undefined;
}

test.each(files.map((f) => [path.relative(root, f)]))("%s, mutated 12 ways: never a crash", (file) => {
  const docs = parseAllDocuments(fs.readFileSync(path.join(root, file), "utf8")).map((d) => (d as { toJS(): unknown }).toJS());
  const random = prng(file.length * 7919 + file.charCodeAt(file.length - 6));
  const started = Date.now();
  for (let n = 0; n < 12; n++) {
    const copy = JSON.parse(JSON.stringify(docs)) as unknown[];
    const all = slots(copy);
    if (all.length === 0) break;
    const [holder, key] = all[Math.floor(random() * all.length)];
    (holder as Record<string | number, unknown>)[key] = replacements[Math.floor(random() * replacements.length)];
    const text = copy.map((d) => stringify(d)).join("---\n");
    const problem = crash(text);
    if (problem) throw new Error(`mutation ${n} crashed:\n${text}\n${problem}`);
  }
  expect(Date.now() - started).toBeLessThan(20_000);
});
