/**
 * pause -a (native/pause.c): a restarted pause announces the pod's address to its gateway. The
 * pod is alone on a network of its own, so when its pause dies the bridge loses its last port and
 * the host's kernel drops its ARP entry for the pod; without the announcement the host would learn
 * the address again only when it next sends to the pod and its ARP retry (1 s) is answered. Here
 * nothing on the host sends to the pod after the kill: the entry must come back by itself, from
 * the ARP request that precedes pause's datagram to the gateway.
 */
import * as fs from "fs";
import * as docker from "@pulumi/docker";
import { Pod } from "../../components";
import { TestStack, docker as engine, images, leftovers } from "./harness";
import { hostPid, killFromHost } from "./recovery";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestStack;
let disposed = false;

beforeAll(async () => {
  t = await TestStack.create("announce", async () => {
    const net = new docker.Network("announce-net", { labels: Object.entries(t.labels).map(([label, value]) => ({ label, value })) });
    const pod = new Pod("ann", {
      networks: [net.name],
      containers: [{ name: "web", image: images.busybox, command: ["sh", "-c", "echo ok > /tmp/i && exec httpd -f -p 80 -h /tmp"] }],
      terminationGracePeriodSeconds: 1,
      labels: t.labels,
    });
    return { pauseId: pod.pauseContainerId, podIP: pod.podIP, networkId: net.id };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
});

/** The host's ARP entry for ip on dev (/proc/net/arp), when complete (flag 0x2). */
function arpEntry(ip: string, dev: string): string | undefined {
  const rows = fs.readFileSync("/proc/net/arp", "utf8").split("\n").slice(1).map((l) => l.trim().split(/\s+/));
  const row = rows.find((r) => r[0] === ip && r[5] === dev);
  return row && (parseInt(row[2], 16) & 0x2) !== 0 ? row[3] : undefined;
}

test("after kill -9 of pause on a bridge of its own, the host knows the pod's address again as soon as pause is back, with no traffic to the pod", async () => {
  const up = await t.up();
  const [pauseId, ip, dev] = [up.outputs.pauseId.value as string, up.outputs.podIP.value as string, `br-${(up.outputs.networkId.value as string).slice(0, 12)}`];
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect((await engine.getContainer(pauseId).inspect()).Config.Cmd).toEqual(["-a"]);
  const before = (await engine.getContainer(pauseId).inspect()).State.StartedAt;
  await killFromHost(await hostPid(engine, pauseId));
  // The bridge lost its only port: the kernel dropped the entry.
  for (const end = Date.now() + 5_000; arpEntry(ip, dev) && Date.now() < end; ) await sleep(10);
  // The podlet starts pause again (a new StartedAt), which announces itself.
  let started = before;
  for (const end = Date.now() + 15_000; started === before && Date.now() < end; await sleep(20)) {
    const s = (await engine.getContainer(pauseId).inspect()).State;
    if (s.Running) started = s.StartedAt;
  }
  expect(started).not.toBe(before);
  let mac: string | undefined;
  for (const end = Date.now() + 500; !(mac = arpEntry(ip, dev)) && Date.now() < end; ) await sleep(10);
  expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
});

test("destroy leaves nothing of the stack", async () => {
  await t.dispose();
  disposed = true;
  expect(await leftovers(t.id)).toEqual([]);
});
