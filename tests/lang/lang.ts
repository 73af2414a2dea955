/**
 * Shared by the tests of the component package from other languages: a temporary Pulumi project
 * (file backend, the docker-pod plugin of this checkout's dist/) and the tag of the app image
 * whose change must replace only the app.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker, images, repoRoot, testLabel } from "../e2e/harness";

/** A temporary project directory and file backend; `dispose` removes both. */
export interface TempProject {
  dir: string;
  backendUrl: string;
  stack: string;
  /** The value of the test label every Docker object of this project carries. */
  labelValue: string;
  /** Rewrites `Pulumi.yaml`: `body`, with the same backend and plugin. */
  write(body: string): void;
  dispose(): void;
}

/**
 * Writes `Pulumi.yaml` into a new temporary directory: `body` (the program's own project file,
 * without backend or plugins) plus a file backend and the docker-pod resource plugin of this
 * checkout (`dist/pulumi-resource-docker-pod`, built by set-up), so the test runs the code under
 * test whatever plugin the machine's Pulumi home holds.
 */
export function tempProject(prefix: string, body: string): TempProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `docker-pod-${prefix}-`));
  const backend = path.join(dir, ".backend");
  fs.mkdirSync(backend);
  const plugin = path.join(repoRoot, "dist");
  if (!fs.existsSync(path.join(plugin, "pulumi-resource-docker-pod"))) throw new Error(`${plugin}/pulumi-resource-docker-pod missing: run npm run build`);
  const write = (text: string) =>
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      `${text.trimEnd()}\nbackend:\n  url: file://${backend}\nplugins:\n  providers:\n    - name: docker-pod\n      path: ${plugin}\n`,
    );
  write(body);
  const id = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  return { dir, backendUrl: `file://${backend}`, stack: id, labelValue: id, write, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of a Pulumi run from these tests (passphrase, no update check). */
export const pulumiEnv = { PULUMI_CONFIG_PASSPHRASE: "docker-pod-lang-e2e", PULUMI_SKIP_UPDATE_CHECK: "true" };

/** A second tag of the busybox image, `docker-pod/busybox:<tag>`: a changed app image. */
export async function altAppImage(tag: string): Promise<{ image: string; remove(): Promise<void> }> {
  await docker.getImage(images.busybox).tag({ repo: "docker-pod/busybox", tag });
  const image = `docker-pod/busybox:${tag}`;
  return { image, remove: () => docker.getImage(image).remove({ noprune: true }).then(() => undefined, () => undefined) };
}

/** The page the classic pod's app serves (the programs write it). */
export const appPage = "<h1>Hello from the app behind nginx, in one pod</h1>";

/** One run of a Python test program. */
export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The JSON line the program prints last (empty when a failed run prints none). */
  result: { changes?: Record<string, number>; outputs?: Record<string, any>; secret?: string[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Runs the Python program `program` once with set-up's venv (`E2E_ACTION=action`) on `p`'s
 * project, with `env` added to the environment.
 */
export function runPythonProgram(program: string, p: TempProject, action: string, env: Record<string, string>): Promise<PythonRun> {
  const python = process.env.DOCKER_POD_PYTHON;
  if (!python) throw new Error(`no Python venv: ${process.env.DOCKER_POD_PYTHON_MISSING ?? "run npm run setup"}`);
  return new Promise((resolve, reject) => {
    const child = spawn(python, [program], {
      env: { ...process.env, ...pulumiEnv, E2E_ACTION: action, E2E_WORK_DIR: p.dir, E2E_STACK: p.stack, E2E_LABEL: `${testLabel}=${p.labelValue}`, ...env },
      timeout: 300_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => {
      let result = {};
      try {
        result = JSON.parse(stdout.trim().split("\n").pop() ?? "");
      } catch {
        // a failed run prints no result; the caller looks at status and stderr
      }
      resolve({ status, stdout, stderr, result });
    });
  });
}
