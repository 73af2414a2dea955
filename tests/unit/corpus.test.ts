/**
 * The corpus of public manifests (tests/unit/corpus, sources in SOURCES.md), read as a user's
 * first `play` would: every file maps or is refused with a ManifestError naming fields; none
 * crashes or hangs.
 */
import * as fs from "fs";
import * as path from "path";
import { corpusFiles, readManifest } from "../../scripts/corpus";

const root = path.join(__dirname, "corpus");
const files = ["pods", "apps"].flatMap((d) => corpusFiles(path.join(root, d)));

test("the corpus has its files, each listed in SOURCES.md", () => {
  expect(files.length).toBeGreaterThanOrEqual(100);
  const sources = fs.readFileSync(path.join(root, "SOURCES.md"), "utf8");
  for (const f of files) expect(sources).toContain(`\`${path.relative(root, f)}\``);
});

test.each(files.map((f) => [path.relative(root, f)]))("%s: maps or is refused by field, never crashes", (file) => {
  const started = Date.now();
  const outcome = readManifest(fs.readFileSync(path.join(root, file), "utf8"));
  expect(outcome.kind).not.toBe("crashed");
  if (outcome.kind === "refused") expect(outcome.fields.length).toBeGreaterThan(0);
  expect(Date.now() - started).toBeLessThan(5000);
});
