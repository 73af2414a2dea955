/**
 * Round trip through the cluster and the real Docker engine: a file of a ConfigMap, a Service and
 * a Pod is created on the API server and read back with the server's defaults (as `kubectl get -o
 * yaml` prints it), played with `docker-pod play` (the pod serves), and `docker-pod generate` of
 * that stack is accepted again and is the same ConfigMap, Pod and Service, once the server has
 * defaulted them, as were stored (server-set fields aside; a named targetPort printed as its
 * number). Needs the e2e tier's engine and plugins.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";
import { docker, freePort, images, leftovers, runTs, testLabel, waitForHttp } from "../e2e/harness";
import { Cluster, Document } from "./client";

// Up, generate and down on the shared engine: minutes, not seconds.
jest.setTimeout(600_000);

const id = `cluster-trip-${Math.random().toString(36).slice(2, 8)}`;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-cluster-trip-"));
const file = path.join(workDir, `${id}.yaml`); // the stack is named after the file: `id`
const page = "played from what the API server stored";
let cluster: Cluster;
let hostPort = 0;

async function dockerPod(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${workDir}/state` } });
  return { code: status, stdout, stderr };
}

/** What the server sets on its own: identity, bookkeeping, allocated addresses, status. */
function serverSetAside(o: Document): Document {
  const { uid, resourceVersion, creationTimestamp, managedFields, generation, namespace, ...metadata } = o.metadata ?? {};
  void [uid, resourceVersion, creationTimestamp, managedFields, generation, namespace];
  const { status, ...rest } = o;
  void status;
  const spec = { ...(rest.spec as Record<string, unknown>) };
  // A Service's virtual IPs are allocated by the server (a dry run allocates other ones).
  if (o.kind === "Service") for (const k of ["clusterIP", "clusterIPs"]) delete spec[k];
  return { ...rest, metadata, spec };
}

const written = (): Document[] => [
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "site" }, data: { "index.html": `${page}\n` } },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web", [testLabel]: id } },
    spec: {
      terminationGracePeriodSeconds: 3,
      initContainers: [{ name: "init", image: images.busybox, command: ["sh", "-c", "echo ready > /work/state"], volumeMounts: [{ name: "work", mountPath: "/work" }] }],
      containers: [
        {
          name: "httpd",
          image: images.busybox,
          command: ["httpd", "-f", "-p", "8080", "-h", "/www"],
          env: [{ name: "GREETING", valueFrom: { configMapKeyRef: { name: "site", key: "index.html" } } }],
          ports: [{ name: "http", containerPort: 8080, hostPort }],
          // A number: docker-pod refuses a probe's named port (README, Probes).
          readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 2 },
          resources: { limits: { memory: "64Mi", cpu: "250m" } },
          securityContext: { allowPrivilegeEscalation: false, runAsUser: 1000 },
          volumeMounts: [
            { name: "site", mountPath: "/www", readOnly: true },
            { name: "work", mountPath: "/work" },
          ],
        },
      ],
      volumes: [
        { name: "site", configMap: { name: "site" } },
        { name: "work", emptyDir: {} },
      ],
    },
  },
];

beforeAll(async () => {
  cluster = new Cluster();
  hostPort = await freePort();
});

afterAll(async () => {
  if ((await leftovers(id)).length > 0) await dockerPod("play", "--down", "--force", file);
  // A play cut short leaves a stack --down cannot take down: then what carries this test's label goes.
  const filters = JSON.stringify({ label: [`${testLabel}=${id}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) await docker.getVolume(v.Name).remove();
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("a file created on the API server, read back, played on the engine and generated again is accepted and the same", async () => {
  const [first, second] = [`${id}-a`, `${id}-b`];
  await cluster.namespace(first);
  await cluster.namespace(second);
  const stored: Document[] = [];
  for (const doc of written()) {
    await cluster.submit(doc, first, "round trip on the engine", true);
    stored.push(await cluster.read(doc, first));
  }
  // As `kubectl get -o yaml` gives it back: every default, and the server's own fields.
  fs.writeFileSync(file, stored.map((d) => stringify(d)).join("---\n"));

  const played = await dockerPod("play", file);
  expect({ code: played.code, stderr: played.stderr }).toEqual({ code: 0, stderr: "" });
  expect(await waitForHttp(`http://127.0.0.1:${hostPort}/`)).toBe(`${page}\n`);

  const generated = await dockerPod("generate", id);
  expect({ code: generated.code, stderr: generated.stderr }).toEqual({ code: 0, stderr: "" });
  const again = parseAllDocuments(generated.stdout).map((d) => d.toJS() as Document);
  expect(again.map((d) => `${d.kind}/${d.metadata?.name}`)).toEqual(["ConfigMap/site", "Pod/web", "Service/web"]);
  for (const doc of again) {
    const accepted = await cluster.submit(doc, second, "round trip on the engine, generated again");
    const before = serverSetAside(stored.find((d) => d.kind === doc.kind) as Document);
    // The one change docker-pod makes: a Service's named targetPort is printed as the number the
    // file's pods give that name (README, Services), here "http" → 8080.
    if (doc.kind === "Service") (before.spec as { ports: { targetPort: unknown }[] }).ports[0].targetPort = 8080;
    expect(serverSetAside(accepted)).toEqual(before);
  }

  const down = await dockerPod("play", "--down", "--force", file);
  expect(down.code).toBe(0);
  expect(await leftovers(id)).toEqual([]);
});
