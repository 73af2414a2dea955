/**
 * The native-asan tier's set-up (jest.config.js): every test of tests/native runs against the
 * programs built with ASan + UBSan (native/build-asan/, see built.ts). Each program aborts at its
 * first report (native/sanitize.c); reports also go to files in a directory of this test file's
 * own, and a report there fails the file, so one in a process no test watches to its end counts too.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const reports = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-sanitizer-"));
process.env.DOCKER_POD_NATIVE_SANITIZE = "1";
process.env.ASAN_OPTIONS = `halt_on_error=1:abort_on_error=1:detect_leaks=1:log_path=${reports}/asan`;
process.env.UBSAN_OPTIONS = `halt_on_error=1:abort_on_error=1:print_stacktrace=1:log_path=${reports}/ubsan`;

afterAll(() => {
  const found = fs.readdirSync(reports).map((f) => `${f}:\n${fs.readFileSync(path.join(reports, f), "utf8")}`);
  fs.rmSync(reports, { recursive: true, force: true });
  expect(found).toEqual([]);
});
