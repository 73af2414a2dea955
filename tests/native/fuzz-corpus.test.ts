/**
 * The fuzz harnesses (native/fuzz/*.c) over their committed corpus: the real Docker API and nginx
 * answers they start from, and every input that ever crashed a parser (crash-*, each fixed). Built
 * without libFuzzer (native/fuzz/replay.c) with ASan + UBSan and the machine's cc, so this runs
 * wherever the native tier does; `npm run fuzz` is the fuzzing itself.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const native = path.resolve(__dirname, "../../native");
const harnesses = ["http", "chunked", "lines", "json", "probe", "grpc", "route"];

jest.setTimeout(120_000);

beforeAll(() => {
  execFileSync("make", ["-s", "-C", native, "replay"], { stdio: ["ignore", "ignore", "inherit"] });
});

test.each(harnesses)("%s: every seed and every kept crash replays with no sanitizer report and no failed invariant", (name) => {
  const corpus = path.join(native, "fuzz", "corpus", name);
  const inputs = fs.readdirSync(corpus).filter((f) => !f.startsWith("."));
  expect(inputs.length).toBeGreaterThan(0);
  // Any report aborts the harness (native/sanitize.c is linked in) and is written to stderr.
  const r = spawnSync(path.join(native, "build-asan", `fuzz-${name}`), [corpus], { encoding: "utf8" });
  expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: "" });
  expect(r.stdout).toBe(`replayed ${inputs.length} inputs\n`);
});
