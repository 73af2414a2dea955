/**
 * Pod networking and Services on the real engine: a web pod reaches a db pod by pod name, by
 * `<hostname>.<subdomain>` and by Service name on a user-defined network; a Service added after its
 * pods reaches them; scaling the backing pods from 1 to 2 makes both answer through the service name,
 * and deleting one leaves the other answering; the name survives a kill -9 of pause; a second preview
 * shows no change; destroy leaves no container, volume or network.
 */
import * as docker from "@pulumi/docker";
import { PauseImage, Pod, Service } from "../../components";
import { TestStack, changesOf, docker as engine, execIn, images, leftovers, testLabel } from "./harness";

/** What the test changes between updates. */
const spec = { service: false, replicas: 1 };
let t: TestStack;
let disposed = false;

/** A db replica: busybox httpd answering its own name on :8080. */
const dbPod = (name: string, labels: Record<string, string>, network: docker.Network, pauseImage: PauseImage) =>
  new Pod(name, {
    containers: [{
      name: "httpd",
      image: images.busybox,
      command: ["sh", "-c", `mkdir -p /www && echo ${name} > /www/index.html && exec httpd -f -p 8080 -h /www`],
      ports: [{ containerPort: 8080 }],
    }],
    hostname: name,
    subdomain: "dbs",
    networks: [network.name],
    labels,
    pauseImage: pauseImage.imageName,
  });

beforeAll(async () => {
  t = await TestStack.create("svc", async () => {
    const labels = { ...t.labels, app: "db" };
    const pauseImage = new PauseImage("pause");
    const net = new docker.Network("net", { name: `${t.id}-net`, labels: [{ label: testLabel, value: t.id }] });
    const web = new Pod("web", {
      // A glibc image: its resolver goes through Docker's DNS as any program's would (busybox's
      // static wget cannot resolve names; bash's /dev/tcp and getent can).
      containers: [{ name: "client", image: images.nginx, command: ["sleep", "3600"] }],
      networks: [{ name: net.name, aliases: ["frontend"] }],
      labels: { ...t.labels, app: "web" },
      pauseImage: pauseImage.imageName,
    });
    const dbs = Array.from({ length: spec.replicas }, (_, i) => dbPod(`db-${i}`, labels, net, pauseImage));
    if (spec.service) {
      // The test's own label in the selector: no pod of another stack on this engine is touched.
      new Service("db", { selector: { app: "db", [testLabel]: t.id }, ports: [{ port: 8080, name: "http" }], network: net.name, labels: t.labels, pauseImage: pauseImage.imageName });
    }
    return {
      client: web.containerIds.apply((ids) => ids.client),
      dbPause: dbs.map((d) => d.pauseContainerId),
      dbIPs: dbs.map((d) => d.podIP),
      network: net.name,
    };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
});

let client = "";

/** GET http://HOST:8080/ from the web pod (bash's /dev/tcp, the name resolved by glibc): the body, or the error. */
async function get(host: string): Promise<string> {
  const r = await execIn(client, ["timeout", "3", "bash", "-c", `exec 3<>/dev/tcp/${host}/8080 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3`]);
  return r.exitCode === 0 ? r.output.split("\r\n\r\n")[1]?.trim() ?? r.output : `GET failed (${r.exitCode}): ${r.output.trim()}`;
}

/** The IPv4 addresses Docker's DNS gives for a name, seen from the web pod. */
async function addresses(name: string): Promise<string[]> {
  const r = await execIn(client, ["getent", "ahostsv4", name]);
  return [...new Set([...r.output.matchAll(/^(\d+\.\d+\.\d+\.\d+)\s/gm)].map((m) => m[1]))].sort();
}

/** Polls until `check` holds (the agent acts on events, a moment after `up`). */
async function eventually<T>(what: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 25_000): Promise<T> {
  let v = await what();
  for (const end = Date.now() + timeoutMs; !check(v) && Date.now() < end; await new Promise((r) => setTimeout(r, 250))) v = await what();
  return v;
}

/** Bodies of `n` requests through a name. */
async function bodies(host: string, n: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) seen.add(await get(host));
  return seen;
}

test("pods on a network reach each other by pod name and by <hostname>.<subdomain>", async () => {
  const up = await t.up();
  client = up.outputs.client.value;
  expect(await get("db-0")).toBe("db-0");
  expect(await get("db-0.dbs")).toBe("db-0");
  const pause = await engine.getContainer(up.outputs.dbPause.value[0]).inspect();
  expect(Object.keys(pause.NetworkSettings.Networks)).toEqual([`${t.id}-net`]); // off the default bridge
  expect(pause.Config.Domainname).toBe("dbs");
  expect(up.outputs.dbIPs.value[0]).toBe(pause.NetworkSettings.Networks[`${t.id}-net`].IPAddress);
  // The web pod's own name and its extra alias, on the same network.
  const web = await addresses("web");
  expect(web).toHaveLength(1);
  expect(await addresses("frontend")).toEqual(web);
});

test("a second preview shows no change (networksAdvanced, domainname: no perpetual diff)", async () => {
  expect(changesOf((await t.preview()).changeSummary)).toEqual({});
  expect(changesOf(await t.refresh())).toEqual({});
});

test("a Service added after its pod: the pod answers to the service's name", async () => {
  spec.service = true;
  await t.up();
  expect(await eventually(() => get("db"), (b) => b === "db-0")).toBe("db-0");
  expect(await get("db-0")).toBe("db-0"); // its own names kept
  expect(changesOf((await t.preview()).changeSummary)).toEqual({});
});

test("scaling the backing pods from 1 to 2: both answer through the service name", async () => {
  spec.replicas = 2;
  const up = await t.up();
  const ips = [...up.outputs.dbPause.value as string[]];
  expect(ips).toHaveLength(2);
  const both = await eventually(() => addresses("db"), (a) => a.length === 2);
  expect(both).toHaveLength(2);
  const live = await Promise.all(ips.map(async (id) => {
    const info = await engine.getContainer(id).inspect();
    return info.NetworkSettings.Networks[`${t.id}-net`].IPAddress;
  }));
  expect(both).toEqual(live.sort());
  expect(await eventually(() => bodies("db", 12), (s) => s.size === 2)).toEqual(new Set(["db-0", "db-1"]));
  expect(await get("db-1")).toBe("db-1");
});

test("a kill -9 of a backing pod's pause: the podlet brings it back with its service name", async () => {
  const pauseId = (await t.stack.outputs()).dbPause.value[1] as string;
  const info = await engine.getContainer(pauseId).inspect();
  process.kill(info.State.Pid, "SIGKILL");
  expect(await eventually(() => bodies("db", 12), (s) => s.size === 2 && !([...s].some((b) => b.startsWith("GET failed"))), 20_000))
    .toEqual(new Set(["db-0", "db-1"]));
});

test("deleting one backing pod leaves the other answering", async () => {
  spec.replicas = 1;
  await t.up();
  expect(await eventually(() => addresses("db"), (a) => a.length === 1)).toHaveLength(1);
  expect(await bodies("db", 6)).toEqual(new Set(["db-0"]));
});

test("destroy leaves no container, volume or network", async () => {
  await t.dispose();
  disposed = true;
  expect(await leftovers(t.id)).toEqual([]);
  expect(await engine.listNetworks({ filters: JSON.stringify({ name: [`${t.id}-net`] }) })).toEqual([]);
});
