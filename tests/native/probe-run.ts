/**
 * Running the probe helper from a native test, asynchronously (the servers answering it live in
 * the test's own process), and starting those servers on a loopback port.
 */
import { execFile } from "child_process";
import * as net from "net";
import { binary } from "./built";

/** Runs the probe helper with `args`: its exit code, output and how long it took. */
export function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(binary("probe"), args, { encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Starts `server` on a free loopback port and gives the port. */
export const listening = <T extends net.Server>(server: T): Promise<number> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
