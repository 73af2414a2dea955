/**
 * volinit (native/build/volinit), run from outside on a temporary tree: every file and directory
 * gets the group, owner and group read/write, directories search and setgid; owners, symbolic links
 * and their targets outside the tree are left alone; every exit status (0, 1, 64).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { binary, build, packageVersion } from "./built";

const volinit = binary("volinit");
const run = (...args: string[]) => spawnSync(volinit, args, { encoding: "utf8" });
const mode = (p: string) => fs.lstatSync(p).mode & 0o7777;

let dir: string;
let outside: string;

beforeAll(() => build("volinit"));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "volinit-"));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "volinit-outside-"));
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, "sub"), { mode: 0o700 });
  fs.writeFileSync(path.join(dir, "sub", "file"), "x", { mode: 0o600 });
  fs.writeFileSync(path.join(dir, "exec"), "x", { mode: 0o755 });
  fs.writeFileSync(path.join(outside, "target"), "x", { mode: 0o600 });
  fs.symlinkSync(path.join(outside, "target"), path.join(dir, "link"));
  fs.chownSync(path.join(dir, "sub", "file"), 1234, 0);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test("gives the tree to the group: group rw on files, rwx and setgid on directories, owners kept", () => {
  const r = run("2000", dir);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
  for (const p of [dir, path.join(dir, "sub"), path.join(dir, "sub", "file"), path.join(dir, "exec"), path.join(dir, "link")]) {
    expect(fs.lstatSync(p).gid).toBe(2000);
  }
  expect(mode(dir)).toBe(0o2775);
  expect(mode(path.join(dir, "sub"))).toBe(0o2770);
  expect(mode(path.join(dir, "sub", "file"))).toBe(0o660);
  expect(mode(path.join(dir, "exec"))).toBe(0o775);
  expect(fs.lstatSync(path.join(dir, "sub", "file")).uid).toBe(1234);
  // The link itself, never what it points to.
  expect(fs.statSync(path.join(outside, "target")).gid).toBe(0);
  expect(mode(path.join(outside, "target"))).toBe(0o600);
});

test("a file created afterwards in a directory inherits the group (setgid)", () => {
  expect(run("2000", dir).status).toBe(0);
  fs.writeFileSync(path.join(dir, "sub", "new"), "y");
  expect(fs.statSync(path.join(dir, "sub", "new")).gid).toBe(2000);
});

test("a missing directory is named and exits 1; the others are still done", () => {
  const r = run("2000", path.join(dir, "missing"), path.join(dir, "sub"));
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^volinit: cannot walk .*missing: No such file or directory\n$/);
  expect(fs.statSync(path.join(dir, "sub")).gid).toBe(2000);
});

test.each([[[]], [["2000"]], [["x", "/tmp"]], [["-1", "/tmp"]], [["99999999999", "/tmp"]]])("bad usage %j exits 64", (args) => {
  const r = run(...args);
  expect(r.status).toBe(64);
  expect(r.stderr).toMatch(/^(usage: volinit GID DIR\.\.\.|volinit: .* is not a group id)\n$/);
});

test("--version prints the package version", () => {
  expect(run("--version").stdout).toBe(`volinit ${packageVersion}\n`);
});
