/**
 * Probes on the real engine: httpGet readiness through the probe helper copied into the member,
 * and a failing liveness probe restarting only that member (run by the podlet, like the kubelet).
 */
import { Pod } from "../../components";
import { TestStack, docker, execIn, images, leftovers } from "./harness";

let t: TestStack;
let disposed = false;

beforeAll(async () => {
  t = await TestStack.create("probes", async () => {
    const pod = new Pod("pr", {
      containers: [
        {
          name: "web",
          image: images.busybox,
          command: ["sh", "-c", "mkdir -p /www && echo ok > /www/healthz && exec httpd -f -p 8080 -h /www"],
          readinessProbe: { httpGet: { port: 8080, path: "/healthz" }, periodSeconds: 1 },
          livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 2 },
        },
        {
          name: "fragile",
          image: images.busybox,
          // Alive while /tmp/alive exists; each start is counted on stdout.
          command: ["sh", "-c", "mkdir -p /tmp && touch /tmp/alive && echo started && exec sleep 3600"],
          livenessProbe: { exec: { command: ["test", "-f", "/tmp/alive"] }, periodSeconds: 1, failureThreshold: 2 },
        },
      ],
      terminationGracePeriodSeconds: 1,
      labels: t.labels,
    });
    return { containerIds: pod.containerIds, pauseContainerId: pod.pauseContainerId };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
});

let ids: Record<string, string>;
let pauseId: string;

test("an httpGet readiness probe passes through the probe helper, and up waits for it", async () => {
  const up = await t.up();
  ids = up.outputs.containerIds.value;
  pauseId = up.outputs.pauseContainerId.value;
  const web = await docker.getContainer(ids.web).inspect();
  expect(web.State.Health?.Status).toBe("healthy");
  expect(web.Config.Healthcheck?.Test).toEqual(["CMD", "/.docker-pod/probe", "http", "127.0.0.1", "8080", "/healthz"]);
  expect((await execIn(ids.web, ["/.docker-pod/probe", "http", "127.0.0.1", "8080", "/missing"])).exitCode).not.toBe(0);
});

test("a member whose liveness probe fails is restarted; the pod's other containers are untouched", async () => {
  const before = {
    fragile: await docker.getContainer(ids.fragile).inspect(),
    web: await docker.getContainer(ids.web).inspect(),
    pause: await docker.getContainer(pauseId).inspect(),
  };
  await execIn(ids.fragile, ["rm", "/tmp/alive"]);
  const deadline = Date.now() + 30_000;
  let after = before.fragile;
  while (Date.now() < deadline && after.State.StartedAt === before.fragile.State.StartedAt) {
    await new Promise((r) => setTimeout(r, 500));
    after = await docker.getContainer(ids.fragile).inspect();
  }
  expect(after.State.StartedAt).not.toBe(before.fragile.State.StartedAt);
  expect(after.Id).toBe(before.fragile.Id); // restarted, not replaced
  const logs = (await docker.getContainer(ids.fragile).logs({ stdout: true, stderr: true })).toString();
  expect(logs.match(/started/g)?.length).toBeGreaterThanOrEqual(2);
  // Back to healthy: the probe file exists again after the restart.
  expect((await execIn(ids.fragile, ["test", "-f", "/tmp/alive"])).exitCode).toBe(0);
  expect((await docker.getContainer(ids.web).inspect()).State.StartedAt).toBe(before.web.State.StartedAt);
  expect((await docker.getContainer(pauseId).inspect()).State.StartedAt).toBe(before.pause.State.StartedAt);
});

test("destroy leaves nothing", async () => {
  await t.dispose();
  disposed = true;
  expect(await leftovers(t.id)).toEqual([]);
});
