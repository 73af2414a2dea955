/**
 * Issue 11 from Python (tests/lang/programs/engines_service.py): pods and a Service placed on a
 * second dockerd (started here: own data root, exec root, socket, bridge) by a pulumi_docker
 * Provider handed over as `providers={"docker": h2}`, as `provider=h2` and through a parent
 * component, across the docker-pod resource plugin. The web pod (init container, postStart hook,
 * hostPort) serves; Docker's DNS gives it the db pod for its pod name, `<hostname>.<subdomain>` and
 * the Service's name, and a db pod created after the Service for that name too; nothing touches the default engine;
 * destroy leaves both engines clean.
 */
import * as path from "path";
import { docker as defaultEngine, execIn, freePort, images, leftovers, repoRoot, testLabel, waitForHttp } from "../e2e/harness";
import { SecondEngine, startSecondEngine } from "../e2e/second-engine";
import { PythonRun, TempProject, runPythonProgram, tempProject } from "./lang";

const program = path.join(repoRoot, "tests/lang/programs/engines_service.py");


let h2: SecondEngine;
let p: TempProject;
const env: Record<string, string> = { E2E_IMAGE: images.busybox, E2E_REPLICAS: "1" };
let destroyed = false;

function runPython(action: string): Promise<PythonRun> {
  return runPythonProgram(program, p, action, { ...env, E2E_DOCKER_HOST: h2.host });
}

beforeAll(async () => {
  h2 = await startSecondEngine([images.busybox]);
  p = tempProject("python-engines", "name: docker-pod-python-e2e\nruntime: python");
  env.E2E_HOST_PORT = String(await freePort());
});

afterAll(async () => {
  try {
    if (!destroyed && p) await runPython("destroy");
    if (p) {
      expect(await leftovers(p.labelValue)).toEqual([]);
      expect(await leftovers(p.labelValue, h2.docker)).toEqual([]);
    }
  } finally {
    p?.dispose();
    await h2?.stop();
  }
});

let outputs: Record<string, any> = {};

/** The IPv4 addresses Docker's DNS gives the web pod for a name (busybox's nslookup: its static wget cannot resolve names). */
async function lookup(host: string): Promise<string[]> {
  const r = await execIn(outputs.web_ids.web, ["nslookup", host], h2.docker);
  return [...r.output.split(/Name:/).slice(1).join("\n").matchAll(/Address(?: \d+)?:\s+(\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1]).sort();
}
/**
 * The page at one of those addresses, fetched from this host: the second engine runs without
 * iptables, and with br_netfilter the default engine's FORWARD DROP policy drops traffic between
 * the second engine's containers (a set-up artefact of two engines on one host, not the pods').
 */
async function bodyAt(ip: string): Promise<string> {
  try {
    return (await (await fetch(`http://${ip}:8080/`, { signal: AbortSignal.timeout(3_000) })).text()).trim();
  } catch (err) {
    return `GET failed: ${err}`;
  }
}
async function bodiesOf(host: string): Promise<string[]> {
  return Promise.all((await lookup(host)).map(bodyAt)).then((b) => b.sort());
}
async function eventually<T>(what: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 25_000): Promise<T> {
  let v = await what();
  for (const end = Date.now() + timeoutMs; !check(v) && Date.now() < end; await new Promise((r) => setTimeout(r, 250))) v = await what();
  return v;
}

test("up from Python puts every pod and the Service on the engine its provider names; the web pod serves", async () => {
  const up = await runPython("up");
  expect({ status: up.status, stderr: up.status === 0 ? "" : up.stderr.slice(-4000) }).toEqual({ status: 0, stderr: "" });
  outputs = up.result.outputs!;
  expect(await waitForHttp(`http://127.0.0.1:${env.E2E_HOST_PORT}/`)).toBe("seeded\n"); // the init container ran first
  expect(await waitForHttp(`http://127.0.0.1:${env.E2E_HOST_PORT}/hook.txt`)).toBe("hooked\n"); // postStart ran
  expect(outputs.service_name).toBe("db");
  expect(outputs.service_ports).toEqual([{ port: 8080, target_port: 8080, name: "http", protocol: "TCP" }]);
  const on2 = await h2.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${p.labelValue}`] }) });
  const roles = on2.map((c) => `${c.Labels["org.docker-pod.pod"] ?? c.Labels["org.docker-pod.service"]}/${c.Labels["org.docker-pod.role"]}`).sort();
  expect(roles).toEqual(expect.arrayContaining(["db-0/pause", "db-0/podlet", "db/service", "web/pause", "web/podlet", "web/hook"]));
  // Every podlet-program container mounts the second engine's own socket.
  for (const c of on2.filter((c) => ["podlet", "service", "hook", "check"].includes(c.Labels["org.docker-pod.role"]))) {
    expect([c.Names[0], c.Mounts.map((m) => m.Source)]).toEqual([c.Names[0], [h2.socket]]);
  }
  expect(await leftovers(p.labelValue)).toEqual([]); // nothing on the default engine
  await expect(defaultEngine.getContainer(outputs.web_pause).inspect()).rejects.toThrow(/no such container/i);
});

test("from the web pod, the db pod's name, <hostname>.<subdomain> and the Service's name lead to it", async () => {
  expect(await bodiesOf("db-0")).toEqual(["db-0"]);
  expect(await bodiesOf("db-0.dbs")).toEqual(["db-0"]);
  expect(await eventually(() => bodiesOf("db"), (b) => b.length === 1 && b[0] === "db-0")).toEqual(["db-0"]);
});

test("a db pod created after the Service answers to its name too (1 → 2)", async () => {
  env.E2E_REPLICAS = "2";
  const up = await runPython("up");
  expect({ status: up.status, stderr: up.status === 0 ? "" : up.stderr.slice(-4000) }).toEqual({ status: 0, stderr: "" });
  outputs = up.result.outputs!;
  expect(outputs.db_pause).toHaveLength(2);
  expect(await eventually(() => bodiesOf("db"), (b) => b.length === 2)).toEqual(["db-0", "db-1"]);
});

test("destroy leaves both engines clean", async () => {
  const down = await runPython("destroy");
  expect({ status: down.status, stderr: down.status === 0 ? "" : down.stderr.slice(-4000) }).toEqual({ status: 0, stderr: "" });
  destroyed = true;
  expect(await leftovers(p.labelValue, h2.docker)).toEqual([]);
  expect(await h2.docker.listNetworks({ filters: JSON.stringify({ name: [`${p.labelValue}-net`] }) })).toEqual([]);
  expect(await leftovers(p.labelValue)).toEqual([]);
});
