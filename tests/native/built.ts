/**
 * The native tier's access to the real binaries: builds only the programs a test file needs
 * (`make -C native build/NAME`, so a broken edit of another program cannot fail it) and gives
 * their paths, and the version they report (package.json's, fixed at build time).
 *
 * The native-asan tier (DOCKER_POD_NATIVE_SANITIZE=1, set by tests/native/sanitize.ts) runs the same
 * tests against the programs built with AddressSanitizer and UndefinedBehaviorSanitizer
 * (`make -C native SAN=1`, native/build-asan/); budgets of the shipped binaries still read
 * native/build/ ({@link shipped}).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
const native = path.join(root, "native");

/** Whether this run tests the sanitized build (the native-asan tier). */
export const sanitized = process.env.DOCKER_POD_NATIVE_SANITIZE === "1";

/** The version every native program reports. */
export const packageVersion: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;

/** The path of the program NAME this tier runs (call {@link build} first). */
export function binary(name: string): string {
  return path.join(native, sanitized ? "build-asan" : "build", name);
}

/** The path of native/build/NAME, the shipped build (its size and memory budgets are about it). */
export function shipped(name: string): string {
  return path.join(native, "build", name);
}

/** Builds each name, shipped and (in the native-asan tier) sanitized (incremental, quiet unless it fails). */
export function build(...names: string[]): void {
  const make = (args: string[]) => execFileSync("make", ["-s", "-C", native, ...args], { stdio: ["ignore", "ignore", "inherit"] });
  make(names.map((n) => `build/${n}`));
  if (sanitized) make(["SAN=1", ...names.map((n) => `build-asan/${n}`)]);
}

/** What a child given an environment of its own must still get: the sanitizers' options. */
export function sanitizerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"]) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}
