/**
 * `docker-pod play` of a manifest with Services, as a user runs it: the file's pods join the
 * stack's network `docker-pod-<stack>`; a ClusterIP Service (named target port) makes the web pod
 * reach the db pod by the service's name; a NodePort Service publishes the db pod's port on the host;
 * `generate` prints the Services back; `play --down` leaves no container, volume or network.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { docker, execIn, freePort, images, leftovers, runTs, testLabel, waitForHttp } from "./harness";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-play-svc-"));
const id = `playsvc-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);

async function dockerPod(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${workDir}/state` } });
  return { code: status, stdout, stderr };
}

let nodePort = 0;

beforeAll(async () => {
  nodePort = await freePort();
  fs.writeFileSync(file, `apiVersion: apps/v1
kind: Deployment
metadata: { name: db }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata:
      labels: { app: db, ${testLabel}: ${id} }
    spec:
      containers:
      - name: httpd
        image: ${images.busybox}
        command: ["sh", "-c", "mkdir -p /www && echo db-page > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: web, ${testLabel}: ${id} }
spec:
  containers:
  - name: client
    image: ${images.nginx}
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Service
metadata: { name: database }
spec:
  selector: { app: db }
  ports: [{ name: http, port: 8080, targetPort: http }]
---
apiVersion: v1
kind: Service
metadata: { name: db-public }
spec:
  type: NodePort
  selector: { app: db }
  ports: [{ port: 8080, nodePort: ${nodePort} }]
`);
});

afterAll(async () => {
  if ((await leftovers(id)).length > 0) await dockerPod("play", "--down", file);
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("play: the web pod reaches the db pod by pod name and by Service name; the NodePort is on the host", async () => {
  const run = await dockerPod("play", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(run.stdout).toContain(`pod db: publishes 0.0.0.0:${nodePort} → 8080/TCP`);
  expect(await waitForHttp(`http://127.0.0.1:${nodePort}/`)).toBe("db-page\n");
  const [client] = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.container=client"] }) });
  // bash's /dev/tcp: the name resolved by glibc through Docker's DNS (busybox's static wget cannot resolve).
  const get = async (host: string) => {
    const r = await execIn(client.Id, ["timeout", "3", "bash", "-c", `exec 3<>/dev/tcp/${host}/8080 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3`]);
    return r.output.split("\r\n\r\n")[1]?.trim() ?? r.output;
  };
  expect(await get("db")).toBe("db-page"); // pod name (the workload's name)
  let viaService = "";
  for (const end = Date.now() + 25_000; viaService !== "db-page" && Date.now() < end; await new Promise((r) => setTimeout(r, 250))) viaService = await get("database");
  expect(viaService).toBe("db-page");
  const [net] = await docker.listNetworks({ filters: JSON.stringify({ name: [`docker-pod-${id}`] }) });
  expect(net.Labels).toMatchObject({ [testLabel]: id });
  // Both Services run their agent.
  const agents = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.role=service"] }) });
  expect(agents.map((a) => a.Labels["org.docker-pod.service"]).sort()).toEqual(["database", "db-public"]);
});

test("generate prints the Services back after the pods", async () => {
  const run = await dockerPod("generate", id);
  expect(run.code).toBe(0);
  const docs = parseAllDocuments(run.stdout).map((d) => (d as { toJS(): Record<string, any> }).toJS()); // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(["Pod/db", "Pod/web", "Service/database", "Service/db-public"]);
  expect(docs[2].spec).toEqual({ selector: { app: "db" }, ports: [{ name: "http", port: 8080, targetPort: 8080 }] });
  expect(docs[3].spec).toEqual({ type: "NodePort", selector: { app: "db" }, ports: [{ port: 8080, nodePort }] });
});

test("play --down leaves no container, volume or network", async () => {
  const run = await dockerPod("play", "--down", file);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(await leftovers(id)).toEqual([]);
  expect(await docker.listNetworks({ filters: JSON.stringify({ name: [`docker-pod-${id}`] }) })).toEqual([]);
});
