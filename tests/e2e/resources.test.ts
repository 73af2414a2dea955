/**
 * Resources on the real engine: limits and requests land in the container's cgroup settings, and a
 * member over its memory limit is OOM-killed and restarted per the pod's restartPolicy.
 */
import { Pod } from "../../components";
import { TestStack, docker, execIn, images, leftovers } from "./harness";

let t: TestStack;
let disposed = false;
let since: number;

beforeAll(async () => {
  t = await TestStack.create("resources", async () => {
    const pod = new Pod("res", {
      containers: [
        {
          name: "hog",
          image: images.busybox,
          // Counts its starts in a file that outlives restarts, then eats memory until killed.
          command: ["sh", "-c", "echo start >> /data/starts; sleep 1; exec tail /dev/zero"],
          resources: { limits: { memory: "16Mi", cpu: "500m" }, requests: { memory: "8Mi", cpu: "250m" } },
          volumeMounts: [{ name: "data", mountPath: "/data" }],
        },
        { name: "watcher", image: images.busybox, command: ["sleep", "3600"], volumeMounts: [{ name: "data", mountPath: "/data" }] },
      ],
      volumes: [{ name: "data", emptyDir: {} }],
      restartPolicy: "Always",
      labels: t.labels,
    });
    return { containerIds: pod.containerIds };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
});

let ids: Record<string, string>;

test("limits and requests map to memory, swap, reservation, CFS quota and CPU shares", async () => {
  since = Math.floor(Date.now() / 1000);
  ids = (await t.up()).outputs.containerIds.value;
  const host = (await docker.getContainer(ids.hog).inspect()).HostConfig;
  expect(host).toMatchObject({
    Memory: 16 * 2 ** 20,
    MemorySwap: 16 * 2 ** 20,
    MemoryReservation: 8 * 2 ** 20,
    CpuPeriod: 100_000,
    CpuQuota: 50_000,
    CpuShares: 256,
  });
});

test("a member over its memory limit is OOM-killed and restarted per restartPolicy", async () => {
  const deadline = Date.now() + 60_000;
  let starts = 0;
  while (Date.now() < deadline && starts < 2) {
    await new Promise((r) => setTimeout(r, 1_000));
    starts = Number((await execIn(ids.watcher, ["sh", "-c", "cat /data/starts 2>/dev/null | wc -l"])).output.trim());
  }
  expect(starts).toBeGreaterThanOrEqual(2);
  const events = await new Promise<string>((resolve, reject) => {
    docker.getEvents({ since, until: Math.ceil(Date.now() / 1000), filters: JSON.stringify({ container: [ids.hog], event: ["oom"] }) }, (err, stream) => {
      if (err || !stream) return reject(err);
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => resolve(Buffer.concat(chunks).toString()));
    });
  });
  expect(events).toMatch(/"status":"oom"/);
  // Only the hog restarted: the other member kept running all along.
  const watcher = await docker.getContainer(ids.watcher).inspect();
  expect(Date.parse(watcher.State.StartedAt) / 1000).toBeLessThan(since + 30);
  expect(watcher.State.Running).toBe(true);
});

test("destroy leaves no container or volume of the pod", async () => {
  await t.dispose();
  disposed = true;
  expect(await leftovers(t.id)).toEqual([]);
});
