/**
 * The pod's lifecycle on the real engine: init containers in order, `up` waiting for readiness,
 * a shared emptyDir, a read-only configMap volume, preStop then SIGTERM then SIGKILL after the
 * grace period, and nothing left after destroy.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Pod } from "../../components";
import { TestStack, docker, execIn, freePort, images, leftovers, waitForHttp } from "./harness";

const grace = 3;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-lifecycle-"));
let port: number;
let t: TestStack;
let disposed = false;

/** `echo WHAT <seconds since boot, 10 ms steps>` appended to /logs/events (one clock for all containers). */
const record = (what: string) => `echo "${what} $(cut -d " " -f1 /proc/uptime)" >> /logs/events`;

beforeAll(async () => {
  port = await freePort();
  t = await TestStack.create("lifecycle", async () => {
    const pod = new Pod("lc", {
      volumes: [
        { name: "shared", emptyDir: {} },
        { name: "logs", hostPath: { path: logDir } },
        { name: "conf", configMap: { data: { "greeting.txt": "hello from a configMap\n" } } },
      ],
      initContainers: [
        { name: "init-one", image: images.busybox, command: ["sh", "-c", "echo one >> /shared/order"], volumeMounts: [{ name: "shared", mountPath: "/shared" }] },
        { name: "init-two", image: images.busybox, command: ["sh", "-c", "sleep 1; echo two >> /shared/order"], volumeMounts: [{ name: "shared", mountPath: "/shared" }] },
      ],
      containers: [
        {
          name: "web",
          image: images.busybox,
          command: ["sh", "-c", "mkdir -p /tmp; sleep 3; touch /tmp/ready; exec httpd -f -p 8080 -h /shared"],
          ports: [{ containerPort: 8080, hostPort: port }],
          volumeMounts: [{ name: "shared", mountPath: "/shared" }],
          readinessProbe: { exec: { command: ["test", "-f", "/tmp/ready"] }, periodSeconds: 1 },
        },
        {
          name: "reader",
          image: images.busybox,
          // Records SIGTERM, then ignores it and keeps beating until SIGKILL ends it.
          command: ["sh", "-c", `rec() { ${record("$1")}; }; trap "rec TERM" TERM; while true; do rec alive; sleep 0.2; done`],
          volumeMounts: [
            { name: "shared", mountPath: "/shared", readOnly: true },
            { name: "logs", mountPath: "/logs" },
            { name: "conf", mountPath: "/etc/conf" },
          ],
          lifecycle: { preStop: { exec: { command: ["sh", "-c", record("preStop")] } } },
        },
      ],
      terminationGracePeriodSeconds: grace,
      labels: t.labels,
    });
    return { containerIds: pod.containerIds, ready: pod.ready };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
  fs.rmSync(logDir, { recursive: true, force: true });
});

let ids: Record<string, string>;

test("init containers run in order, to completion, before the members; up waits for readiness", async () => {
  const started = Date.now();
  const up = await t.up();
  ids = up.outputs.containerIds.value;
  expect(up.outputs.ready.value).toBe(true);
  const web = await docker.getContainer(ids.web).inspect();
  expect(web.State.Health?.Status).toBe("healthy"); // up returned only once the probe passed
  expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
  expect(await waitForHttp(`http://127.0.0.1:${port}/order`)).toBe("one\ntwo\n");
  const inits = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${"org.docker-pod.role"}=init`, `docker-pod-test.stack=${t.id}`] }) });
  expect(inits.map((c) => c.State).sort()).toEqual(["exited", "exited"]);
  for (const init of inits) {
    const info = await docker.getContainer(init.Id).inspect();
    expect(info.State.ExitCode).toBe(0);
    expect(info.HostConfig.NetworkMode).toBe(web.HostConfig.NetworkMode); // the pod's namespaces
    expect(Date.parse(info.State.FinishedAt)).toBeLessThanOrEqual(Date.parse(web.State.StartedAt));
  }
});

test("two members share an emptyDir; a configMap volume is mounted read-only", async () => {
  await execIn(ids.web, ["sh", "-c", "echo shared-data > /shared/note"]);
  expect((await execIn(ids.reader, ["cat", "/shared/note"])).output).toBe("shared-data\n");
  expect((await execIn(ids.reader, ["cat", "/etc/conf/greeting.txt"])).output).toBe("hello from a configMap\n");
  const write = await execIn(ids.reader, ["sh", "-c", "echo x > /etc/conf/greeting.txt"]);
  expect(write.exitCode).not.toBe(0);
  expect(write.output).toMatch(/Read-only file system/);
});

test("a second up changes nothing", async () => {
  const up = await t.up();
  expect(Object.entries(up.summary.resourceChanges ?? {}).filter(([op, n]) => op !== "same" && n)).toEqual([]);
});

test("destroy runs preStop, then SIGTERM, then SIGKILL after the grace period, and leaves nothing", async () => {
  await t.dispose();
  disposed = true;
  const events = fs.readFileSync(path.join(logDir, "events"), "utf8").trim().split("\n").map((l) => l.split(" "));
  const at = (what: string) => events.filter(([w]) => w === what).map(([, seconds]) => Math.round(Number(seconds) * 1000));
  const [preStop] = at("preStop");
  const [term] = at("TERM");
  const lastAlive = Math.max(...at("alive"));
  expect(preStop).toBeDefined();
  expect(term).toBeGreaterThan(preStop);
  // Alive for the whole grace period after SIGTERM, and killed soon after it ended.
  expect(lastAlive - term).toBeGreaterThanOrEqual((grace - 0.5) * 1000);
  expect(lastAlive - term).toBeLessThanOrEqual((grace + 1.5) * 1000);
  expect(await leftovers(t.id)).toEqual([]);
});
