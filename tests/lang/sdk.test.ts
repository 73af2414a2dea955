/**
 * sdk/python is generated from schema.json by Pulumi's own Python code generator (npm run gen):
 * regenerating it must give the committed files byte for byte, so a change of args.ts that was not
 * followed by `npm run gen` fails here (schema.json's own drift fails the unit tier).
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../e2e/harness";

/** Every file under `dir` (relative paths), generated-SDK files only (no caches or builds). */
function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile() && !/(^|\/)(__pycache__|build|[^/]*\.egg-info)(\/|$)/.test(f))
    .sort();
}

test("sdk/python is what the generator writes from schema.json (no drift)", () => {
  const generator = process.env.DOCKER_POD_PYTHON_SDK_GEN;
  if (!generator) throw new Error(`no Python SDK generator: ${process.env.DOCKER_POD_PYTHON_SDK_GEN_MISSING ?? "run npm run setup"}`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-sdk-"));
  try {
    execFileSync(generator, [path.join(repoRoot, "schema.json"), out]);
    const committed = path.join(repoRoot, "sdk/python");
    expect(files(committed)).toEqual(files(out));
    for (const f of files(out)) {
      expect({ file: f, text: fs.readFileSync(path.join(committed, f), "utf8") }).toEqual({ file: f, text: fs.readFileSync(path.join(out, f), "utf8") });
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test("the SDK is the issue's: package pulumi_docker_pod, plugin docker-pod at package.json's version", () => {
  const version = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
  const plugin = JSON.parse(fs.readFileSync(path.join(repoRoot, "sdk/python/pulumi_docker_pod/pulumi-plugin.json"), "utf8"));
  expect(plugin).toEqual({ resource: true, name: "docker-pod", version });
  const pod = fs.readFileSync(path.join(repoRoot, "sdk/python/pulumi_docker_pod/pod.py"), "utf8");
  for (const output of ["pause_container_id", "container_ids", "ports", "pod_ip", "ready", "manifest"]) {
    expect(pod).toContain(`def ${output}(self)`);
  }
  expect(pod).toContain("super(Pod, __self__).__init__(\n            'docker-pod:index:Pod',");
});

test("the built plugin carries schema.json's hash, so re-registering it after a schema change drops Pulumi's cached schema", () => {
  // Pulumi keeps a plugin's schema by name and version while the cache is newer than the plugin's
  // install: with an unchanged plugin file set-up would not re-register, and YAML programs would
  // be checked against the old schema (`Property annotations does not exist on 'docker-pod:index:Pod'`).
  const plugin = fs.readFileSync(path.join(repoRoot, "dist/pulumi-resource-docker-pod"), "utf8");
  const sha = createHash("sha256").update(fs.readFileSync(path.join(repoRoot, "schema.json"))).digest("hex");
  expect(plugin).toContain(`# schema.json sha256 ${sha}\n`);
});
