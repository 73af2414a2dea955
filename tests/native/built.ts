/**
 * The native tier's access to the real binaries: builds only the programs a test file needs
 * (`make -C native build/NAME`, so a broken edit of another program cannot fail it) and gives
 * their paths, and the version they report (package.json's, fixed at build time).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
const native = path.join(root, "native");

/** The version every native program reports. */
export const packageVersion: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;

/** The path of native/build/NAME (call {@link build} first). */
export function binary(name: string): string {
  return path.join(native, "build", name);
}

/** Builds native/build/NAME for each name (incremental, quiet unless it fails). */
export function build(...names: string[]): void {
  execFileSync("make", ["-s", "-C", native, ...names.map((n) => `build/${n}`)], { stdio: ["ignore", "ignore", "inherit"] });
}
