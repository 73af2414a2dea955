/**
 * Secrets, ConfigMaps by reference and the downward API, played from a manifest with the
 * `docker-pod` command line on the real engine: `docker exec` shows each variable, file and mode;
 * the Secret's files are on a tmpfs; the Pulumi state file holds no Secret value in plain text;
 * `generate` writes the ConfigMap and the Pod back but no Secret value; `--down` leaves nothing.
 */
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { docker, execIn, images, leftovers, runTs, testLabel } from "./harness";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-secrets-"));
const id = `secrets-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);
const stateDir = path.join(workDir, "state");
// Values that must never show in plain text in the state (random, so no other text holds them).
const password = `pw-${Math.random().toString(36).slice(2, 12)}`;
const apiKey = `key-${Math.random().toString(36).slice(2, 12)}`;

async function dockerPod(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${stateDir}` } });
  return { code: status, stdout, stderr };
}

const manifest = `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
type: Opaque
data:
  password: ${Buffer.from(password).toString("base64")}
stringData:
  api-key: ${apiKey}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: game-config
data:
  LEVEL: very
  TYPE: charm
---
apiVersion: v1
kind: Pod
metadata:
  name: app
  labels:
    app: web
    ${testLabel}: ${id}
  annotations:
    build: "42"
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${images.busybox}
    command: ["sleep", "3600"]
    resources:
      limits: {cpu: 250m, memory: 64Mi}
    envFrom:
    - configMapRef:
        name: game-config
      prefix: GAME_
    env:
    - name: SPECIAL_TYPE
      valueFrom:
        configMapKeyRef: {name: game-config, key: TYPE}
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef: {name: db-credentials, key: password}
    - name: MY_POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: MY_POD_NAMESPACE
      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    - name: MY_POD_IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
    - name: MY_NODE_NAME
      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
    - name: MY_CPU_LIMIT
      valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}
    - name: MY_MEM_LIMIT
      valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
    volumeMounts:
    - {name: secret-volume, mountPath: /etc/secret-volume, readOnly: true}
    - {name: podinfo, mountPath: /etc/podinfo}
  volumes:
  - name: secret-volume
    secret:
      secretName: db-credentials
      defaultMode: 0400
      items:
      - {key: password, path: db/password}
      - {key: api-key, path: api-key, mode: 0440}
  - name: podinfo
    downwardAPI:
      items:
      - path: labels
        fieldRef: {fieldPath: metadata.labels}
      - path: annotations
        fieldRef: {fieldPath: metadata.annotations}
      - path: cpu_limit
        resourceFieldRef: {containerName: main, resource: limits.cpu, divisor: 1m}
        mode: 0600
`;

let main = "";

beforeAll(async () => {
  fs.writeFileSync(file, manifest);
  const run = await dockerPod("play", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  const [member] = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.container=main"] }) });
  main = member.Id;
});

afterAll(async () => {
  if ((await leftovers(id)).length > 0) await dockerPod("play", "--down", file);
  fs.rmSync(workDir, { recursive: true, force: true });
});

const sh = async (script: string) => {
  const r = await execIn(main, ["sh", "-c", script]);
  expect(r.exitCode).toBe(0);
  return r.output.trim();
};

test("env: the ConfigMap through envFrom (prefixed) and configMapKeyRef, the Secret through secretKeyRef, the downward API", async () => {
  const env = Object.fromEntries((await sh("env")).split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  const pause = (await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.role=pause"] }) }))[0];
  const pauseIp = Object.values((await docker.getContainer(pause.Id).inspect()).NetworkSettings.Networks)[0].IPAddress;
  const nodeName = childProcess.execFileSync("docker", ["info", "--format", "{{.Name}}"], { encoding: "utf8" }).trim();
  expect(env).toMatchObject({
    GAME_LEVEL: "very",
    GAME_TYPE: "charm",
    SPECIAL_TYPE: "charm",
    DB_PASSWORD: password,
    MY_POD_NAME: "app",
    MY_POD_NAMESPACE: "default",
    MY_POD_IP: pauseIp,
    MY_NODE_NAME: nodeName,
    MY_CPU_LIMIT: "250",
    MY_MEM_LIMIT: "64",
  });
});

test("the secret volume: each item's file, content and mode, on a tmpfs", async () => {
  expect(await sh("cat /etc/secret-volume/db/password")).toBe(password);
  expect(await sh("cat /etc/secret-volume/api-key")).toBe(apiKey);
  expect(await sh("stat -c '%a %n' /etc/secret-volume/db/password /etc/secret-volume/api-key")).toBe(
    "400 /etc/secret-volume/db/password\n440 /etc/secret-volume/api-key",
  );
  expect(await sh("awk '$2 == \"/etc/secret-volume\" {print $3, substr($4, 1, 2)}' /proc/mounts")).toBe("tmpfs ro");
});

test("the downwardAPI volume: labels and annotations as key=\"value\" lines, a resource, modes", async () => {
  expect(await sh("cat /etc/podinfo/labels")).toBe(`app="web"\n${testLabel}="${id}"`);
  expect(await sh("cat /etc/podinfo/annotations")).toBe('build="42"');
  expect(await sh("cat /etc/podinfo/cpu_limit")).toBe("250");
  expect(await sh("stat -c '%a' /etc/podinfo/labels /etc/podinfo/cpu_limit")).toBe("644\n600");
});

test("the Pulumi state holds no Secret value in plain text (nor base64)", () => {
  const stackFile = path.join(stateDir, ".pulumi", "stacks", "docker-pod-play", `${id}.json`);
  const state = fs.readFileSync(stackFile, "utf8");
  // The values are there, encrypted: the holder's uploads and the member's env are ciphertext.
  expect(state.match(/"ciphertext"/g)?.length).toBeGreaterThanOrEqual(2);
  for (const secret of [password, apiKey, Buffer.from(password).toString("base64"), Buffer.from(apiKey).toString("base64")]) {
    expect({ secret, found: state.includes(secret) }).toEqual({ secret, found: false }); // a short message, not the whole state
  }
});

test("generate writes the ConfigMap and the Pod back, refers to the Secret by name and prints no value", async () => {
  const run = await dockerPod("generate", id);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe("docker-pod: the pods refer to Secret db-credentials: not printed, their values stay secret; keep your own Secret documents beside this manifest\n");
  expect(run.stdout).not.toContain(password);
  expect(run.stdout).not.toContain(apiKey);
  const [configMap, pod] = parseAllDocuments(run.stdout).map((d) => (d as { toJS(): Record<string, any> }).toJS()); // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(configMap).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "game-config" }, data: { LEVEL: "very", TYPE: "charm" } });
  expect(pod.metadata.annotations).toEqual({ build: "42" });
  expect(pod.spec.volumes[0]).toEqual({
    name: "secret-volume",
    secret: { secretName: "db-credentials", defaultMode: 0o400, items: [{ key: "password", path: "db/password" }, { key: "api-key", path: "api-key", mode: 0o440 }] },
  });
  expect(pod.spec.containers[0].env[1]).toEqual({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db-credentials", key: "password" } } });
});

test("play --down removes every container and volume, the keeper of the tmpfs included", async () => {
  const run = await dockerPod("play", "--down", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(await leftovers(id)).toEqual([]);
});
