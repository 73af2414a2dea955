/**
 * Self-healing on the real engine: the pod's podlet brings it back, with no operator action and no
 * Pulumi run, after `kill -9` of pause (5 times in a row, each within 3 s), after a member's crash
 * (only that member restarts) and after a restart of the Docker daemon (within 10 s of the daemon
 * answering). Afterwards refresh and preview show no replacement, and `up` replaces nothing.
 *
 * The daemon restart is real: dockerd is stopped (SIGTERM) and started again with its own command
 * line and log, as scripts/setup/docker-engine.sh starts it. Every container on the engine stops
 * meanwhile, so the test first waits (up to 2 min) until no other e2e stack has a running container.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import { Pod } from "../../components";
import { TestStack, changesOf, docker, freePort, images, leftovers, testLabel } from "./harness";
import { get, hostPid, killFromHost, procKb, recoveryMs } from "./recovery";

const page = "self-healing e2e page";
let t: TestStack;
let url: string;
let disposed = false;

beforeAll(async () => {
  const hostPort = await freePort();
  url = `http://127.0.0.1:${hostPort}/`;
  t = await TestStack.create("heal", async () => {
    const pod = new Pod("heal", {
      containers: [
        {
          name: "web",
          image: images.busybox,
          command: ["sh", "-c"],
          args: [`mkdir -p /www && echo '${page}' > /www/index.html && exec httpd -f -p 80 -h /www`],
          ports: [{ containerPort: 80, hostPort }],
        },
        { name: "side", image: images.busybox, command: ["sleep", "1000000"] },
      ],
      labels: t.labels,
    });
    return { pauseContainerId: pod.pauseContainerId, containerIds: pod.containerIds };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
});

type Ids = { pause: string; web: string; side: string };
let ids: Ids;
const idsOf = (outputs: Record<string, { value: any }>): Ids => ({
  pause: outputs.pauseContainerId.value,
  web: outputs.containerIds.value.web,
  side: outputs.containerIds.value.side,
});
const state = async (id: string) => (await docker.getContainer(id).inspect()).State;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pod's podlet container (its id). */
async function podletId(): Promise<string> {
  const found = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${testLabel}=${t.id}`, "org.docker-pod.role=podlet"] }),
  });
  expect(found).toHaveLength(1);
  return found[0].Id;
}

/** The podlet's log (stderr), demultiplexed. */
async function podletLog(): Promise<string> {
  const raw = (await docker.getContainer(await podletId()).logs({ stdout: true, stderr: true })) as unknown as Buffer;
  let out = "";
  for (let i = 0; i + 8 <= raw.length; i += 8 + raw.readUInt32BE(i + 4)) out += raw.subarray(i + 8, i + 8 + raw.readUInt32BE(i + 4)).toString();
  return out;
}

/** Waits until `url` serves the page; fails naming the podlet's log. */
async function servesWithin(ms: number, t0 = performance.now()): Promise<number> {
  const took = await recoveryMs(url, t0, ms);
  if (took === undefined) throw new Error(`the pod did not serve within ${ms} ms; podlet log:\n${await podletLog()}`);
  expect((await get(url)).body).toBe(`${page}\n`);
  return took;
}

test("the pod serves; its podlet runs beside it, hardened; Docker's restart policies are off", async () => {
  const up = await t.up();
  ids = idsOf(up.outputs);
  await servesWithin(15_000);
  const podlet = await docker.getContainer(await podletId()).inspect();
  expect(podlet.State.Running).toBe(true);
  expect(podlet.Path).toBe("/podlet");
  expect(podlet.Args).toEqual([ids.pause]);
  expect(podlet.Config.User).toBe("0:0");
  expect(podlet.HostConfig).toMatchObject({
    NetworkMode: "none",
    ReadonlyRootfs: true,
    RestartPolicy: { Name: "always" },
    SecurityOpt: ["no-new-privileges:true"],
    CapDrop: expect.arrayContaining([expect.stringMatching(/ALL/)]),
  });
  expect(podlet.HostConfig.Privileged).toBe(false);
  expect((podlet.Mounts ?? []).map((m) => [m.Type, m.Source, m.Destination])).toEqual([["bind", "/var/run/docker.sock", "/var/run/docker.sock"]]);
  for (const id of [ids.pause, ids.web, ids.side]) {
    expect((await docker.getContainer(id).inspect()).HostConfig.RestartPolicy?.Name).toBe("no");
  }
  expect(await podletLog()).toMatch(/looking after pod heal \(pause [0-9a-f]{12}\)/);
});

test("kill -9 of pause from the host, 5 times in a row: the pod serves again each time within 3 s", async () => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = await state(ids.pause);
    const t0 = await killFromHost(before.Pid);
    times.push(await servesWithin(3_000, t0));
    const after = await state(ids.pause);
    expect(after.StartedAt).not.toBe(before.StartedAt); // the same container, started again
    for (const id of [ids.web, ids.side]) expect((await state(id)).Running).toBe(true);
    await sleep(2_000);
  }
  console.log(`kill -9 of pause → serving again (ms): ${times.map((x) => x.toFixed(0)).join(", ")}`);
  // Each death is healed once, found by its die event or, when the event stream was being
  // re-read at that moment, by the next reconcile ("was not running").
  expect((await podletLog()).match(/pause [0-9a-f]{12} (died|was not running); started in \d+ ms/g)).toHaveLength(5);
});

test("a member's crash restarts only that member: pause and the other member are untouched", async () => {
  const [pause, side, web] = [await state(ids.pause), await state(ids.side), await state(ids.web)];
  await killFromHost(web.Pid);
  const end = performance.now() + 10_000;
  while ((await state(ids.web)).StartedAt === web.StartedAt && performance.now() < end) await sleep(50);
  await servesWithin(5_000);
  const after = await state(ids.web);
  expect(after.StartedAt).not.toBe(web.StartedAt);
  expect(await state(ids.pause)).toMatchObject({ StartedAt: pause.StartedAt, Pid: pause.Pid });
  expect(await state(ids.side)).toMatchObject({ StartedAt: side.StartedAt, Pid: side.Pid });
  expect(await podletLog()).toMatch(/member web \([0-9a-f]{12}\) exited 137/);
});

/** The running dockerd: its pid, command line and log file. */
function dockerd(): { pid: number; argv: string[]; log: string } {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "dockerd") continue;
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      const out = fs.readlinkSync(`/proc/${entry}/fd/1`);
      const log = out.startsWith("/") && !out.startsWith("/dev/") ? out : "/var/log/docker-pod-dockerd.log";
      return { pid: Number(entry), argv, log };
    } catch {
      // gone meanwhile
    }
  }
  throw new Error("no dockerd process on this host");
}

/** Other e2e stacks' containers: the daemon restart would stop them. */
async function othersRunning(): Promise<string[]> {
  const all = await docker.listContainers({ filters: JSON.stringify({ label: [testLabel] }) });
  return all.filter((c) => c.Labels[testLabel] !== t.id).map((c) => `${c.Names[0]} (${c.Labels[testLabel]})`);
}

test("the Docker daemon restarted: the pod serves again within 10 s of the daemon answering", async () => {
  for (let end = Date.now() + 120_000; (await othersRunning()).length > 0 && Date.now() < end; ) await sleep(5_000);
  const others = await othersRunning();
  if (others.length) console.warn(`restarting dockerd although other e2e containers run: ${others.join(", ")}`);

  const d = dockerd();
  process.kill(d.pid, "SIGTERM");
  for (let end = Date.now() + 90_000; fs.existsSync(`/proc/${d.pid}`) && Date.now() < end; ) await sleep(100);
  expect(fs.existsSync(`/proc/${d.pid}`)).toBe(false);
  const log = fs.openSync(d.log, "a");
  spawn(d.argv[0], d.argv.slice(1), { detached: true, stdio: ["ignore", log, log] }).unref();
  fs.closeSync(log);
  let answering = 0;
  for (let end = Date.now() + 60_000; !answering && Date.now() < end; ) {
    try {
      await docker.ping();
      answering = performance.now();
    } catch {
      await sleep(100);
    }
  }
  expect(answering).toBeGreaterThan(0);
  const took = await servesWithin(10_000, answering);
  console.log(`dockerd answering → pod serving: ${took.toFixed(0)} ms`);
  for (const id of [ids.pause, ids.web, ids.side]) expect((await state(id)).Running).toBe(true);
});

test("afterwards refresh then preview show no replacement, and up converges replacing nothing", async () => {
  const refresh = changesOf(await t.refresh());
  console.log(`refresh: ${JSON.stringify(refresh)}\n${t.output}`);
  expect(Object.keys(refresh).filter((op) => op !== "update")).toEqual([]);
  const preview = await t.preview();
  console.log(`preview: ${JSON.stringify(changesOf(preview.changeSummary))}\n${t.output}`);
  expect(changesOf(preview.changeSummary)).toEqual({});
  const up = await t.up();
  expect(changesOf(up.summary.resourceChanges)).toEqual({});
  expect(idsOf(up.outputs)).toEqual(ids);
  await servesWithin(5_000);
});

test("the podlet's memory: at most 2 MB resident", async () => {
  const pid = await hostPid(docker, await podletId());
  const rss = procKb(pid);
  console.log(`podlet VmRSS ${rss} kB, VmHWM ${procKb(pid, "VmHWM")} kB`);
  expect(rss).toBeLessThanOrEqual(2048);
});

test("destroy removes the podlet with the pod and leaves nothing", async () => {
  const podlet = await podletId();
  await t.dispose();
  disposed = true;
  expect(await leftovers(t.id)).toEqual([]);
  const gone = await docker.listContainers({ all: true, filters: JSON.stringify({ id: [podlet, ids.pause, ids.web, ids.side] }) });
  expect(gone).toEqual([]);
});

test("without a shared PID namespace too: members left in the old namespaces are restarted with pause", async () => {
  const hostPort = await freePort();
  const privateUrl = `http://127.0.0.1:${hostPort}/`;
  const s: TestStack = await TestStack.create("heal-pid", async () => {
    const pod = new Pod("heal-pid", {
      containers: [{ name: "web", image: images.busybox, command: ["sh", "-c"], args: [`mkdir -p /www && echo '${page}' > /www/index.html && exec httpd -f -p 80 -h /www`], ports: [{ containerPort: 80, hostPort }] }],
      shareProcessNamespace: false,
      terminationGracePeriodSeconds: 1, // httpd is PID 1 of its own namespace here: it ignores SIGTERM
      labels: s.labels,
    });
    return { pauseContainerId: pod.pauseContainerId, containerIds: pod.containerIds };
  });
  try {
    const up = await s.up();
    const [pause, web] = [up.outputs.pauseContainerId.value as string, up.outputs.containerIds.value.web as string];
    expect(await recoveryMs(privateUrl, performance.now(), 15_000)).toBeDefined();
    const before = await state(web);
    const t0 = await killFromHost((await state(pause)).Pid);
    // web lives on in the old namespaces (still reachable until Docker removes pause's endpoint)
    // until the podlet kills it and starts it in the new ones.
    while ((await state(web)).StartedAt === before.StartedAt && performance.now() - t0 < 3_000) await sleep(20);
    expect((await state(web)).StartedAt).not.toBe(before.StartedAt);
    expect(await recoveryMs(privateUrl, t0, 3_000)).toBeDefined();
    expect((await get(privateUrl)).body).toBe(`${page}\n`);
  } finally {
    await s.dispose();
  }
  expect(await leftovers(s.id)).toEqual([]);
});
