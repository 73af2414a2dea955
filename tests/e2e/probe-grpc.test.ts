/**
 * grpc probes on the real engine, played from a manifest as a user would (`docker-pod play`): two
 * members serve grpc-go's own health service (the local image docker-pod/grpc-health). `cart` has
 * a grpc readiness and liveness probe (the liveness one naming a service): it is ready while
 * SERVING, and when it flips to NOT_SERVING the podlet's liveness probe restarts it (the same
 * container, `describe pod` shows the Unhealthy and Killing events), after which it is ready again.
 * `generate` and `get pods -o yaml` print the grpc probes back.
 * `catalog` has only a grpc readiness probe: NOT_SERVING makes it unhealthy without a restart,
 * SERVING ready again. The pod's other member is untouched throughout.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { docker, execIn, images, leftovers, runTs, testLabel } from "./harness";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-grpc-"));
const id = `grpc-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);
const pod = id; // pod names are the engine's: unique to this run
const service = "hipstershop.CartService";

async function dockerPod(...args: string[]) {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${workDir}/state` } });
  return { code: status, stdout, stderr };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The member container named `name` of this run's pod. */
async function member(name: string) {
  const found = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.role=member", `org.docker-pod.container=${name}`] }),
  });
  expect(found).toHaveLength(1);
  return docker.getContainer(found[0].Id);
}

/** Polls the container's inspection until `ok` holds; returns the last one. */
async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await what();
  while (!ok(last) && Date.now() < deadline) {
    await sleep(250);
    last = await what();
  }
  return last;
}

beforeAll(() => {
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Pod
metadata:
  name: ${pod}
  labels: {app: grpc, ${testLabel}: ${id}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: cart
    image: ${images.grpcHealth}
    args: ["-port", "7070", "-service", "${service}"]
    ports:
    - containerPort: 7070
    readinessProbe:
      grpc:
        port: 7070
      periodSeconds: 1
    livenessProbe:
      grpc:
        port: 7070
        service: ${service}
      periodSeconds: 1
      failureThreshold: 2
  - name: catalog
    image: ${images.grpcHealth}
    args: ["-port", "7071"]
    readinessProbe:
      grpc:
        port: 7071
      periodSeconds: 1
      failureThreshold: 1
`,
  );
});

afterAll(async () => {
  await dockerPod("play", "--down", file);
  for (const c of await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${id}`] }) })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
  fs.rmSync(workDir, { recursive: true, force: true });
});

let cartId = "";
let cartStarted = "";
let catalogStarted = "";

test("play waits for the grpc readiness probes: both members healthy, through the probe helper", async () => {
  const play = await dockerPod("play", file);
  expect({ code: play.code, stderr: play.stderr }).toEqual({ code: 0, stderr: "" });
  const cart = await (await member("cart")).inspect();
  const catalog = await (await member("catalog")).inspect();
  expect(cart.State.Health?.Status).toBe("healthy");
  expect(catalog.State.Health?.Status).toBe("healthy");
  expect(cart.Config.Healthcheck?.Test).toEqual(["CMD", "/.docker-pod/probe", "-t", "1", "grpc", "127.0.0.1", "7070"]);
  expect(JSON.parse(cart.Config.Labels["org.docker-pod.liveness"]).exec).toEqual(["/.docker-pod/probe", "-t", "1", "grpc", "127.0.0.1", "7070", service]);
  // The helper in the member, by hand: the named service is SERVING, an unknown one is a failure.
  expect(await execIn(cart.Id, ["/.docker-pod/probe", "grpc", "127.0.0.1", "7070", service])).toEqual({ output: "", exitCode: 0 });
  const unknown = await execIn(cart.Id, ["/.docker-pod/probe", "grpc", "127.0.0.1", "7070", "no.Such"]);
  expect(unknown.exitCode).toBe(1);
  expect(unknown.output).toMatch(/without a health status/);
  const get = await dockerPod("get", "pods", pod);
  expect(get.stdout).toMatch(new RegExp(`${pod}\\s+2/2\\s+Running\\s+0\\s`));
  const describe = await dockerPod("describe", "pod", pod);
  expect(describe.stdout).toMatch(new RegExp(`Liveness:\\s+grpc <pod>:7070 ${service.replace(".", "\\.")} delay=0s timeout=1s period=1s #success=1 #failure=2`));
  expect(describe.stdout).toMatch(/Readiness:\s+grpc <pod>:7070 {2}delay=0s timeout=1s period=1s #success=1 #failure=3/);
  // The probes read back: generate (from the stack) and get -o yaml (from the engine) print grpc.
  const generated = await dockerPod("generate", id);
  expect(generated.code).toBe(0);
  const spec = parse(generated.stdout.split(/^---$/m).pop()!).spec;
  expect(spec.containers[0].livenessProbe).toEqual({ grpc: { port: 7070, service }, periodSeconds: 1, failureThreshold: 2 });
  expect(spec.containers[1].readinessProbe).toEqual({ grpc: { port: 7071 }, periodSeconds: 1, failureThreshold: 1 });
  const live = parse((await dockerPod("get", "pods", pod, "-o", "yaml")).stdout).spec;
  expect(live.containers.find((c: { name: string }) => c.name === "cart").livenessProbe).toMatchObject({ grpc: { port: 7070, service } });
  cartId = cart.Id;
  cartStarted = cart.State.StartedAt;
  catalogStarted = catalog.State.StartedAt;
});

test("a readiness-only member that answers NOT_SERVING turns unhealthy, not restarted; SERVING makes it ready again", async () => {
  const catalog = await member("catalog");
  await catalog.kill({ signal: "SIGUSR1" });
  const down = await until(() => catalog.inspect(), (c) => c.State.Health?.Status === "unhealthy", 20_000);
  expect(down.State.Health?.Status).toBe("unhealthy");
  expect(down.State.Health?.Log?.at(-1)?.Output).toContain('service unhealthy (responded with "NOT_SERVING")');
  expect((await dockerPod("get", "pods", pod)).stdout).toMatch(new RegExp(`${pod}\\s+1/2\\s+Running\\s+0\\s`));
  await catalog.kill({ signal: "SIGUSR2" });
  const up = await until(() => catalog.inspect(), (c) => c.State.Health?.Status === "healthy", 20_000);
  expect(up.State.Health?.Status).toBe("healthy");
  expect(up.State.StartedAt).toBe(catalogStarted);
});

test("a member whose grpc liveness probe answers NOT_SERVING is restarted by the podlet, then ready again", async () => {
  const cart = await member("cart");
  await cart.kill({ signal: "SIGUSR1" });
  const after = await until(() => cart.inspect(), (c) => c.State.StartedAt !== cartStarted, 40_000);
  expect(after.State.StartedAt).not.toBe(cartStarted);
  expect(after.Id).toBe(cartId); // restarted, not replaced
  const ready = await until(() => cart.inspect(), (c) => c.State.Health?.Status === "healthy", 30_000);
  expect(ready.State.Health?.Status).toBe("healthy");
  const logs = (await cart.logs({ stdout: true, stderr: true })).toString();
  expect(logs.match(/listening on 7070/g)).toHaveLength(2);
  expect(logs).toContain("status NOT_SERVING");
  const describe = await dockerPod("describe", "pod", pod);
  expect(describe.stdout).toMatch(/Warning\s+Unhealthy\s+\d+s\s+podlet\s+member cart: liveness probe failed \(1\/2\)/);
  expect(describe.stdout).toMatch(/Warning\s+Unhealthy\s+\d+s\s+podlet\s+member cart: liveness probe failed \(2\/2\)/);
  expect(describe.stdout).toMatch(/Normal\s+Killing\s+\d+s\s+podlet\s+member cart \([0-9a-f]{12}\) liveness probe failed 2 times in a row; restarting it/);
  expect(describe.stdout).toMatch(/Restart Count:\s+1\n/);
  // The other member was left alone.
  expect((await (await member("catalog")).inspect()).State.StartedAt).toBe(catalogStarted);
});

test("play --down leaves nothing", async () => {
  const down = await dockerPod("play", "--down", file);
  expect(down.code).toBe(0);
  expect(await leftovers(id)).toEqual([]);
});
