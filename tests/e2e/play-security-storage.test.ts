/**
 * Security contexts, a native sidecar and a persistent volume claim, played from a manifest with the
 * `docker-pod` command line on the real engine: the member runs as the pod's runAsUser/runAsGroup
 * with fsGroup, and the volumes it writes belong to fsGroup (setgid, group-writable); the sidecar
 * runs beside it and the podlet restarts it after a kill -9 from the host; the claim's data survives
 * `play --down` + `play`, and `play --down --force` removes it; runAsNonRoot with an image that runs
 * as root fails `play`, naming the container in the kubelet's words; hostNetwork/hostPID/hostIPC put the pod
 * in the host's namespaces.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker, execIn, images, leftovers, runTs, testLabel } from "./harness";
import { hostPid, killFromHost } from "./recovery";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-sec-"));
const id = `sec-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);
const claim = `${id}-data`;

async function dockerPod(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${workDir}/state` } });
  return { code: status, stdout, stderr };
}

/** The running container of the pod `app` whose `org.docker-pod.container` label is `name`. */
async function container(name: string) {
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${id}`, `org.docker-pod.container=${name}`] }) });
  expect(list).toHaveLength(1);
  return docker.getContainer(list[0].Id).inspect();
}

const sh = async (containerId: string, script: string) => {
  const r = await execIn(containerId, ["sh", "-c", script]);
  expect(r.exitCode).toBe(0);
  return r.output.trim();
};

beforeAll(() => {
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${claim}
  labels:
    ${testLabel}: ${id}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: app
  labels:
    ${testLabel}: ${id}
spec:
  terminationGracePeriodSeconds: 2
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
  volumes:
  - name: scratch
    emptyDir: {}
  - name: data
    persistentVolumeClaim:
      claimName: ${claim}
  initContainers:
  - name: logger
    image: ${images.busybox}
    restartPolicy: Always
    command: ["sh", "-c", "echo started >> /scratch/sidecar.log; exec sleep 3600"]
    startupProbe:
      exec:
        command: ["cat", "/scratch/sidecar.log"]
      periodSeconds: 1
    volumeMounts:
    - name: scratch
      mountPath: /scratch
  containers:
  - name: main
    image: ${images.busybox}
    command: ["sh", "-c", "touch /scratch/from-main; exec sleep 3600"]
    volumeMounts:
    - name: scratch
      mountPath: /scratch
    - name: data
      mountPath: /data
`,
  );
});

afterAll(async () => {
  if ((await leftovers(id)).length > 0) await dockerPod("play", "--down", "--force", file);
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("play: the member runs as runAsUser:runAsGroup with fsGroup, and the volumes it writes belong to fsGroup", async () => {
  const run = await dockerPod("play", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  const main = await container("main");
  expect(await sh(main.Id, "id")).toMatch(/^uid=1000 gid=3000 groups=.*\b2000\b/);
  // The emptyDir and the claim: group fsGroup, setgid, group-writable; files made there inherit the group.
  expect(await sh(main.Id, "stat -c '%g %a' /scratch /data")).toBe("2000 2775\n2000 2775");
  expect(await sh(main.Id, "stat -c '%u %g' /scratch/from-main")).toBe("1000 2000");
  expect(await sh(main.Id, "echo kept > /data/token && stat -c '%u %g' /data/token")).toBe("1000 2000");
});

test("the sidecar runs beside the member, as the pod's user, and the podlet restarts it after kill -9 from the host", async () => {
  const logger = await container("logger");
  expect(logger.Config.Labels["org.docker-pod.role"]).toBe("sidecar");
  expect(logger.State.Running).toBe(true);
  expect(await sh(logger.Id, "id -u; cat /scratch/sidecar.log")).toBe("1000\nstarted");
  await killFromHost(await hostPid(docker, logger.Id));
  let again = await container("logger");
  for (let i = 0; i < 100 && !(again.State.Running && again.State.StartedAt !== logger.State.StartedAt); i++) {
    await new Promise((r) => setTimeout(r, 100));
    again = await container("logger");
  }
  expect({ running: again.State.Running, restarted: again.State.StartedAt !== logger.State.StartedAt }).toEqual({ running: true, restarted: true });
  expect(await sh(again.Id, "cat /scratch/sidecar.log")).toBe("started\nstarted");
  const podlet = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.role=podlet"] }) });
  const logs = (await docker.getContainer(podlet[0].Id).logs({ stderr: true, stdout: true })).toString("utf8");
  expect(logs).toMatch(/looking after member logger/);
});

test("the claim's data survives play --down + play; play --down --force removes its volume", async () => {
  const down = await dockerPod("play", "--down", file);
  expect({ code: down.code, stderr: down.stderr }).toEqual({ code: 0, stderr: "" });
  expect(down.stdout).toContain(`Kept the claims' volumes (${claim}); --force removes them.`);
  expect(await leftovers(id)).toEqual([`volume ${claim}`]);
  const again = await dockerPod("play", file);
  expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: "" });
  expect(await sh((await container("main")).Id, "cat /data/token")).toBe("kept");
  const force = await dockerPod("play", "--down", "--force", file);
  expect({ code: force.code, stderr: force.stderr }).toEqual({ code: 0, stderr: "" });
  expect(force.stdout).toContain(`Removed the claims' volumes (${claim}).`);
  expect(await leftovers(id)).toEqual([]);
});

test("hostNetwork, hostPID, hostIPC: pause in Docker's host modes, the member in the host's namespaces", async () => {
  const hostFile = path.join(workDir, `${id}-host.yaml`);
  fs.writeFileSync(
    hostFile,
    `apiVersion: v1
kind: Pod
metadata:
  name: onhost
  labels:
    ${testLabel}: ${id}
spec:
  hostNetwork: true
  hostPID: true
  hostIPC: true
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${images.busybox}
    command: ["sleep", "3600"]
`,
  );
  try {
    const run = await dockerPod("play", hostFile);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    const pause = await container("POD");
    expect([pause.HostConfig.NetworkMode, pause.HostConfig.IpcMode, pause.HostConfig.PidMode]).toEqual(["host", "host", "host"]);
    const main = await container("main");
    // The host's network namespace and PID namespace: the host's name, and this test's own process.
    expect(await sh(main.Id, "hostname")).toBe(os.hostname());
    expect(await sh(main.Id, `test -d /proc/${process.pid} && echo seen`)).toBe("seen");
  } finally {
    expect((await dockerPod("play", "--down", hostFile)).code).toBe(0);
  }
});

test("runAsNonRoot with an image that runs as root fails play, naming the container as the kubelet does", async () => {
  const bad = path.join(workDir, `${id}-nonroot.yaml`);
  fs.writeFileSync(
    bad,
    `apiVersion: v1
kind: Pod
metadata:
  name: nonroot
  labels:
    ${testLabel}: ${id}
spec:
  securityContext:
    runAsNonRoot: true
  containers:
  - name: app
    image: ${images.busybox}
    command: ["sleep", "3600"]
`,
  );
  const run = await dockerPod("play", bad);
  expect(run.code).toBe(1);
  expect(`${run.stdout}${run.stderr}`).toContain('container has runAsNonRoot and image will run as root (pod: "nonroot", container: app)');
  // The container was never created.
  const members = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.container=app"] }) });
  expect(members).toEqual([]);
  const down = await dockerPod("play", "--down", bad);
  expect(down.code).toBe(0);
  expect(await leftovers(id)).toEqual([]);
});
