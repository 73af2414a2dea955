/**
 * A file as people keep it, played with the real CLI on the real engine: a Deployment of
 * `replicas: 2` whose container is named `pause`, beside a ServiceAccount, an Ingress and a
 * Service. Two pods serve (each its own host port, chosen by Docker), the warnings name the
 * skipped kinds (the Service is played), and `play --down` leaves nothing behind.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker, images, leftovers, runTs, testLabel, waitForHttp } from "./harness";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-play-files-"));
const id = `files-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);

async function dockerPod(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, {
    cwd: workDir,
    env: { PULUMI_BACKEND_URL: `file://${workDir}/state` },
  });
  return { code: status, stdout, stderr };
}

const manifest = `# the web app, as kept in its repository
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
        ${testLabel}: ${id}
    spec:
      serviceAccountName: web
      terminationGracePeriodSeconds: 2
      containers:
      - name: pause
        image: ${images.busybox}
        command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www"]
        ports:
        - containerPort: 80
`;

beforeAll(() => fs.writeFileSync(file, manifest));

afterAll(async () => {
  if ((await leftovers(id)).length > 0) await dockerPod("play", "--down", file);
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("play runs the two replicas, each serving on the port Docker chose, and names each skipped kind", async () => {
  const run = await dockerPod("play", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(run.stdout).toMatch(/warning: document 1: ServiceAccount "web": a kind docker-pod does not run/);
  expect(run.stdout).toMatch(/warning: document 2: Ingress "web": a kind docker-pod does not run/);
  // The Service is played (see the networking tests), not skipped.
  expect(run.stdout).not.toMatch(/Service "web": .*skipped/);
  for (const pod of ["web-1", "web-2"]) {
    const m = new RegExp(`pod ${pod}: publishes 0\\.0\\.0\\.0:(\\d+) → 80/TCP`).exec(run.stdout);
    expect(m).not.toBeNull();
    // Each replica is its own pod: its hostname is its name.
    expect(await waitForHttp(`http://127.0.0.1:${m![1]}/`)).toBe(`${pod}\n`);
  }
  const containers = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`] }) });
  const roles = containers.map((c) => `${c.Labels["org.docker-pod.pod"]}/${c.Labels["org.docker-pod.role"]}/${c.Labels["org.docker-pod.container"]}`).sort();
  // The member named pause beside each pod's own pause container (POD) and podlet.
  expect(roles).toEqual(expect.arrayContaining([
    "web-1/member/pause", "web-1/pause/POD", "web-1/podlet/podlet",
    "web-2/member/pause", "web-2/pause/POD", "web-2/podlet/podlet",
  ]));
  expect(containers.every((c) => c.State === "running")).toBe(true);
});

test("play --down removes both pods: no container, volume or network is left", async () => {
  const run = await dockerPod("play", "--down", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(await leftovers(id)).toEqual([]);
});
