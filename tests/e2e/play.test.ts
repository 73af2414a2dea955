/**
 * The `docker-pod` command line, run as a user runs it (a child process, its own working directory,
 * a temporary file backend): `play` of a two-container manifest serves on its hostPort, `generate`
 * prints the manifest back, `preview` shows no change, `play --down` leaves nothing behind; usage
 * mistakes and bad manifests exit 2 with a message.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { docker, freePort, images, leftovers, runTs, testLabel, waitForHttp } from "./harness";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-play-"));
const id = `play-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`); // the stack is named after the file: `id`
const page = "served by busybox httpd, proxied by nginx, played from a manifest";

/** Runs `docker-pod ARGS` from source in `workDir`; resolves with its exit code and output. */
async function dockerPod(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, {
    cwd: workDir,
    env: { PULUMI_BACKEND_URL: `file://${workDir}/state` },
  });
  return { code: status, stdout, stderr };
}

let hostPort = 0;
let manifest = "";

beforeAll(async () => {
  hostPort = await freePort();
  // nginx on :80 (published on hostPort) proxies to busybox httpd on the pod's loopback; the page
  // comes from a ConfigMap in the same file.
  manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: site
data:
  index.html: "${page}\\n"
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
    ${testLabel}: ${id}
spec:
  nodeSelector:
    disktype: ssd
  terminationGracePeriodSeconds: 3
  containers:
  - name: nginx
    image: ${images.nginx}
    command: ["sh", "-c"]
    args: ["printf '%s\\\\n' \\"$SITE\\" > /etc/nginx/sites-enabled/default && exec nginx -g 'daemon off;'"]
    env:
    - name: SITE
      value: "server { listen 80 default_server; location / { proxy_pass http://127.0.0.1:2368; } }"
    ports:
    - containerPort: 80
      hostPort: ${hostPort}
  - name: app
    image: ${images.busybox}
    command: ["httpd", "-f", "-p", "127.0.0.1:2368", "-h", "/www"]
    volumeMounts:
    - name: site
      mountPath: /www
  volumes:
  - name: site
    configMap:
      name: site
`;
  fs.writeFileSync(file, manifest);
});

afterAll(async () => {
  // Whatever a failed test left: remove it (a no-op after a successful --down).
  if ((await leftovers(id)).length > 0) await dockerPod("play", "--down", file);
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("play brings the two-container pod up, streaming Pulumi's progress, and it serves on its hostPort", async () => {
  const run = await dockerPod("play", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(run.stdout).toMatch(/Updating \(play-/); // Pulumi's own progress, streamed
  expect(run.stdout).toMatch(/warning: document 2: spec\.nodeSelector: a scheduling field/);
  expect(run.stdout).toContain(`Stack ${id} (file://${workDir}/state):`);
  expect(run.stdout).toContain(`pod web: publishes 0.0.0.0:${hostPort} → 80/TCP`);
  expect(await waitForHttp(`http://127.0.0.1:${hostPort}/`)).toBe(`${page}\n`);
  const containers = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`] }) });
  // pause (POD) and both members (beside whatever helpers the Pod runs, such as its podlet)
  expect(containers.map((c) => c.Labels["org.docker-pod.container"])).toEqual(expect.arrayContaining(["POD", "app", "nginx"]));
  expect(containers.every((c) => c.State === "running")).toBe(true);
});

test("generate prints the manifest back: the ConfigMap and the Pod, less the ignored field", async () => {
  const run = await dockerPod("generate", id);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  const printed = parseAllDocuments(run.stdout).map((d) => (d as { toJS(): unknown }).toJS());
  const [configMap, pod] = parseAllDocuments(manifest).map((d) => (d as { toJS(): Record<string, any> }).toJS()); // eslint-disable-line @typescript-eslint/no-explicit-any
  delete pod.spec.nodeSelector;
  expect(printed).toEqual([configMap, pod]);
  expect(run.stdout.startsWith("apiVersion: v1\nkind: ConfigMap\n")).toBe(true);
});

test("preview of the unchanged file shows no change", async () => {
  const run = await dockerPod("preview", file);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Resources:\s+\d+ unchanged/);
  expect(run.stdout).not.toMatch(/to (create|update|replace|delete)/);
  expect(run.stderr).toMatch(/docker-pod: warning: .*spec\.nodeSelector/); // the diff display hides diagnostics
});

test("play --down removes every container, volume and network of the pod, and the stack", async () => {
  const run = await dockerPod("play", "--down", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(run.stdout).toMatch(/Destroying \(play-/);
  expect(await leftovers(id)).toEqual([]);
  await expect(fetch(`http://127.0.0.1:${hostPort}/`)).rejects.toThrow();
  const again = await dockerPod("generate", id);
  expect(again).toMatchObject({ code: 1, stdout: "" });
  expect(again.stderr).toBe(`docker-pod: no stack "${id}" in file://${workDir}/state (nothing was played under that name)\n`);
});

describe("mistakes exit 2 with a message on stderr, before anything changes", () => {
  test.each<[string, string[], RegExp]>([
    ["no command", [], /^docker-pod: missing COMMAND; see docker-pod --help\n$/],
    ["an unknown command", ["run", "x.yaml"], /^docker-pod: unknown command "run"; use play, preview, generate or review, or get, describe, logs, exec, delete/],
    ["an unknown option", ["play", "--frobnicate", "x.yaml"], /^docker-pod: play: Unknown option '--frobnicate'; see docker-pod play --help\n$/],
    ["no file", ["play"], /^docker-pod: play: missing FILE; see docker-pod play --help\n$/],
    ["two files", ["preview", "a.yaml", "b.yaml"], /^docker-pod: preview: expected one FILE, got 2/],
    ["a missing file", ["play", "missing.yaml"], /^docker-pod: cannot read missing\.yaml: no such file\n$/],
  ])("%s", async (_, args, message) => {
    const run = await dockerPod(...args);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(message);
  });

  test("an invalid manifest, naming every bad field", async () => {
    const bad = path.join(workDir, "bad.yaml");
    fs.writeFileSync(bad, "apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  activeDeadlineSeconds: 30\n  containers:\n  - name: a\n    image: x\n    volumeDevices: [{name: d, devicePath: /dev/xvda}]\n");
    const run = await dockerPod("play", bad);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      `docker-pod: ${bad}: invalid manifest (2 problems):\n` +
        "  - spec.activeDeadlineSeconds: not supported by docker-pod\n" +
        "  - spec.containers[0].volumeDevices: not supported by docker-pod\n",
    );
    expect(fs.existsSync(path.join(workDir, "state", ".pulumi", "stacks", "docker-pod-play", "bad.json"))).toBe(false);
  });

  test("--help of each command prints its usage and exits 0", async () => {
    for (const args of [["--help"], ["play", "--help"], ["preview", "-h"], ["generate", "--help"]]) {
      const run = await dockerPod(...args);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      expect(run.stdout).toMatch(new RegExp(`^Usage: docker-pod ${args[0] === "--help" ? "COMMAND" : args[0]}`));
    }
  });
});
