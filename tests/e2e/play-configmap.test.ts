/**
 * `docker-pod play FILE --configmap FILE2` on the real engine: the file names a Secret (env and
 * volume) and a ConfigMap it does not hold, as a manifest whose Secret is made with `kubectl
 * create secret` does; FILE2 supplies them. Without FILE2 play refuses every missing object at
 * once and nothing is created; with it the values are inside the container.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker, execIn, images, leftovers, runTs, testLabel } from "./harness";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-play-configmap-"));
const id = `cmflag-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);
const objects = path.join(workDir, "objects.yaml");
const password = `pw-${Math.random().toString(36).slice(2, 10)}`;

async function dockerPod(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, {
    cwd: workDir,
    env: { PULUMI_BACKEND_URL: `file://${workDir}/state` },
  });
  return { code: status, stdout, stderr };
}

const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: ${id}
  labels: {${testLabel}: ${id}}
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: app
    image: ${images.busybox}
    command: ["sleep", "3600"]
    env:
    - name: DB_PASSWORD
      valueFrom: {secretKeyRef: {name: mysql-pass, key: password}}
    - name: LEVEL
      valueFrom: {configMapKeyRef: {name: game-config, key: level}}
    volumeMounts: [{name: creds, mountPath: /etc/creds}]
  volumes:
  - name: creds
    secret: {secretName: mysql-pass, defaultMode: 0400}
`;

const supplied = `apiVersion: v1
kind: Secret
metadata: {name: mysql-pass}
data: {password: ${Buffer.from(password).toString("base64")}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: game-config}
data: {level: very}
`;

beforeAll(() => {
  fs.writeFileSync(file, manifest);
  fs.writeFileSync(objects, supplied);
});

afterAll(async () => {
  if ((await leftovers(id)).length > 0) await dockerPod("play", "--down", file);
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("without --configmap, play refuses every missing Secret and ConfigMap at once and creates nothing", async () => {
  const run = await dockerPod("play", file);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/spec\.containers\[0\]\.env\[0\]\.valueFrom\.secretKeyRef\.name: secret "mysql-pass" not found/);
  expect(run.stderr).toMatch(/spec\.containers\[0\]\.env\[1\]\.valueFrom\.configMapKeyRef\.name: configmap "game-config" not found/);
  expect(run.stderr).toMatch(/spec\.volumes\[0\]\.secret\.secretName: secret "mysql-pass" not found/);
  expect(run.stderr).toMatch(/--configmap FILE/);
  expect(await leftovers(id)).toEqual([]);
  expect(fs.existsSync(path.join(workDir, "state", ".pulumi", "stacks"))).toBe(false);
});

test("with --configmap, the Secret and ConfigMap are inside the container (env and file)", async () => {
  const run = await dockerPod("play", file, "--configmap", objects);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  // The Secret's value never shows in play's output.
  expect(run.stdout).not.toContain(password);
  const [member] = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.role=member"] }) });
  const env = await execIn(member.Id, ["sh", "-c", 'echo "$DB_PASSWORD $LEVEL"']);
  expect(env).toEqual({ output: `${password} very\n`, exitCode: 0 });
  const file_ = await execIn(member.Id, ["sh", "-c", "cat /etc/creds/password; echo; stat -L -c %a /etc/creds/password"]);
  expect(file_).toEqual({ output: `${password}\n400\n`, exitCode: 0 });
});

test("play --down removes the pod: nothing is left", async () => {
  const run = await dockerPod("play", "--down", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(await leftovers(id)).toEqual([]);
});
