/**
 * Pod-level resources (Kubernetes 1.32+) played on the real engine: Docker has no pod cgroup, so
 * the pod's memory and CPU limits bound each member without a limit of its own, a member's own
 * limit stays, and the warning of the file says so.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker, images, leftovers, runTs, testLabel } from "./harness";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-play-pod-resources-"));
const id = `podres-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);

async function dockerPod(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${workDir}/state` } });
  return { code: status, stdout, stderr };
}

beforeAll(() =>
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Pod
metadata:
  name: ${id}
  labels: {${testLabel}: ${id}}
spec:
  terminationGracePeriodSeconds: 2
  resources:
    limits: {cpu: "1", memory: 64Mi}
  containers:
  - name: shared
    image: ${images.busybox}
    command: ["sleep", "3600"]
  - name: own
    image: ${images.busybox}
    command: ["sleep", "3600"]
    resources:
      limits: {cpu: 500m, memory: 32Mi}
`,
  ),
);

afterAll(async () => {
  if ((await leftovers(id)).length > 0) await dockerPod("play", "--down", file);
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("the pod's limits bound the member without its own; the other keeps its own", async () => {
  const run = await dockerPod("play", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(run.stdout).toMatch(/warning: spec\.resources: Docker has no pod cgroup/);
  const members = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.role=member"] }) });
  const limits = Object.fromEntries(
    await Promise.all(
      members.map(async (m) => {
        const { HostConfig } = await docker.getContainer(m.Id).inspect();
        return [m.Labels["org.docker-pod.container"], { memory: HostConfig.Memory, cpuQuota: HostConfig.CpuQuota, cpuPeriod: HostConfig.CpuPeriod }] as const;
      }),
    ),
  );
  expect(limits).toEqual({
    shared: { memory: 64 * 1024 * 1024, cpuQuota: 100000, cpuPeriod: 100000 },
    own: { memory: 32 * 1024 * 1024, cpuQuota: 50000, cpuPeriod: 100000 },
  });
});

test("play --down leaves nothing", async () => {
  const run = await dockerPod("play", "--down", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(await leftovers(id)).toEqual([]);
});
