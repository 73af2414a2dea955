/**
 * Any engine (issue 11), on real engines: a second dockerd started here (its own data root, exec
 * root, socket and bridge) runs a pod placed on it by its docker provider — init container,
 * postStart and preStop hooks, a hostPort, the podlet, the downward API's spec.nodeName and an
 * image user read for runAsGroup — brought up with no `docker` CLI on PATH.
 * It serves, heals from `kill -9` of its pause within 3 s, and nothing of it touches the default
 * engine (checked through both engines' APIs, events included); destroy leaves both clean. A pod
 * whose socket does not lead to its engine fails `up` naming the socket, before pause exists; a
 * Service's too, before its agent exists.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import * as docker from "@pulumi/docker";
import { Pod } from "../../components";
import { TestStack, changesOf, docker as defaultEngine, failingUp, freePort, images, leftovers, testLabel, waitForHttp } from "./harness";
import { get, hostPid, killFromHost, recoveryMs } from "./recovery";
import { SecondEngine, startSecondEngine } from "./second-engine";

let h2: SecondEngine;
let t: TestStack;
let port: number;
const started = Math.floor(Date.now() / 1000);
const stacks: TestStack[] = [];

/** PATH with only the Pulumi CLI and Node: no `docker` anywhere on it. */
function pathWithoutDocker(): string {
  const pulumi = spawnSync("/bin/sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).stdout.trim();
  return [path.dirname(pulumi), path.dirname(process.execPath)].join(":");
}

beforeAll(async () => {
  h2 = await startSecondEngine([images.busybox]);
  port = await freePort();
  t = await TestStack.create("engine2", async () => {
    const provider = new docker.Provider("h2", { host: h2.host });
    const pod = new Pod("e2", {
      volumes: [{ name: "www", emptyDir: {} }],
      initContainers: [{
        name: "seed",
        image: images.busybox,
        command: ["sh", "-c", "echo seeded on h2 > /www/index.html"],
        volumeMounts: [{ name: "www", mountPath: "/www" }],
      }],
      containers: [{
        name: "web",
        image: images.busybox,
        // The engine's facts (spec.nodeName) and the image's user (runAsGroup alone keeps it) are
        // read on the pod's engine too, by the podlet program: no docker CLI is on PATH.
        command: ["sh", "-c", "echo $NODE > /www/node.txt && id -u > /www/ids.txt && id -g >> /www/ids.txt && exec httpd -f -p 8080 -h /www"],
        env: [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
        securityContext: { runAsGroup: 1234 },
        ports: [{ containerPort: 8080, hostPort: port }],
        volumeMounts: [{ name: "www", mountPath: "/www" }],
        lifecycle: {
          postStart: { exec: { command: ["sh", "-c", "echo hooked > /www/hook.txt"] } },
          preStop: { exec: { command: ["sh", "-c", "echo stopping > /www/stop.txt"] } },
        },
      }],
      labels: t.labels,
    }, { provider });
    return { pauseContainerId: pod.pauseContainerId, containerIds: pod.containerIds };
  });
  stacks.push(t);
});

afterAll(async () => {
  try {
    for (const s of stacks) await s.dispose();
    for (const s of stacks) {
      expect(await leftovers(s.id)).toEqual([]);
      expect(await leftovers(s.id, h2.docker)).toEqual([]);
    }
  } finally {
    await h2?.stop();
  }
});

/** The stack's containers on an engine, by their org.docker-pod.container label, with their state. */
async function containersOn(engine: SecondEngine["docker"], id: string): Promise<Record<string, string>> {
  const list = await engine.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${id}`] }) });
  return Object.fromEntries(list.map((c) => [c.Labels["org.docker-pod.container"], c.State]));
}

let ids: { pause: string; web: string };

test("with no docker CLI on PATH, a pod comes up on the engine its provider names and serves", async () => {
  const noDocker = pathWithoutDocker();
  expect(spawnSync("/bin/sh", ["-c", "command -v docker"], { env: { PATH: noDocker } }).status).not.toBe(0);
  const saved = process.env.PATH;
  process.env.PATH = noDocker; // the Pulumi CLI and its plugins inherit it
  try {
    const up = await t.up();
    ids = { pause: up.outputs.pauseContainerId.value, web: up.outputs.containerIds.value.web };
  } finally {
    process.env.PATH = saved;
  }
  expect(await waitForHttp(`http://127.0.0.1:${port}/`)).toBe("seeded on h2\n"); // the init container ran first
  expect(await waitForHttp(`http://127.0.0.1:${port}/hook.txt`)).toBe("hooked\n"); // postStart ran in the member
  expect(await waitForHttp(`http://127.0.0.1:${port}/node.txt`)).toBe(`${(await h2.docker.info()).Name}\n`);
  expect(await waitForHttp(`http://127.0.0.1:${port}/ids.txt`)).toBe("0\n1234\n"); // the image's user (root), the group given
  expect(await containersOn(h2.docker, t.id)).toEqual({
    POD: "running",
    seed: "exited",
    web: "running",
    "web-post-start": "exited",
    "web-pre-stop": "running",
    podlet: "running",
    "engine-check": "exited",
    "node-info": "exited",
    "web-image-user": "exited",
  });
  const pause = await h2.docker.getContainer(ids.pause).inspect();
  expect(pause.Config.Labels[testLabel]).toBe(t.id);
  const podlet = (await h2.docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${t.id}`, "org.docker-pod.role=podlet"] }) }))[0];
  expect(podlet.Mounts.map((m) => m.Source)).toEqual([h2.socket]); // the second engine's own socket
});

test("nothing of it is on the default engine: no container, volume, network, image or event of the stack", async () => {
  const filters = JSON.stringify({ label: [`${testLabel}=${t.id}`] });
  expect(await leftovers(t.id)).toEqual([]);
  expect(await defaultEngine.listImages({ filters })).toEqual([]);
  await expect(defaultEngine.getContainer(ids.pause).inspect()).rejects.toThrow(/no such container/i);
  const events = await new Promise<string>((resolve, reject) => {
    defaultEngine.getEvents({ since: started, until: Math.ceil(Date.now() / 1000), filters }, (err, stream) => {
      if (err || !stream) return reject(err);
      let text = "";
      stream.on("data", (d: Buffer) => (text += d));
      stream.on("end", () => resolve(text));
    });
  });
  expect(events).toBe("");
  // ... while the second engine saw them all.
  const images2 = await h2.docker.listImages();
  expect(images2.flatMap((i) => i.RepoTags ?? []).filter((tag) => tag.startsWith("docker-pod/pause:"))).toHaveLength(1);
});

test("kill -9 of its pause (host PID from the second engine's API) heals within 3 s", async () => {
  const t0 = await killFromHost(await hostPid(h2.docker, ids.pause));
  const ms = await recoveryMs(`http://127.0.0.1:${port}/`, t0, 3_000);
  expect(ms).toBeDefined();
  console.log(`second engine: kill -9 of pause → serving again in ${Math.round(ms!)} ms`);
  expect((await get(`http://127.0.0.1:${port}/`)).body).toBe("seeded on h2\n");
  expect((await h2.docker.getContainer(ids.pause).inspect()).State.Running).toBe(true);
});

test("a second up changes nothing", async () => {
  expect(changesOf((await t.up()).summary.resourceChanges)).toEqual({});
});

test("a socket that leads to another engine fails up, naming it, before pause exists", async () => {
  const bad = await TestStack.create("wrong-socket", async () => undefined);
  stacks.push(bad);
  // The case: a pod on the second engine whose podlet would watch the default engine.
  const run = await failingUp(bad, "bad-socket", { E2E_DOCKER_HOST: h2.host, E2E_DOCKER_SOCKET: "/var/run/docker.sock" });
  expect(run.status).toBe(1);
  expect(run.output).toMatch(/pod "bad-socket" cannot use the Docker engine socket \/var\/run\/docker\.sock/);
  expect(run.output).toMatch(/leads to another Docker engine than the one running this pod/);
  expect(await containersOn(h2.docker, bad.id)).toEqual({ "engine-check": "exited" });
});

test("a Service whose agent's socket leads to another engine fails up, naming it, before the agent exists", async () => {
  const bad = await TestStack.create("svc-socket", async () => undefined);
  stacks.push(bad);
  const run = await failingUp(bad, "bad-socket-service", { E2E_DOCKER_HOST: h2.host, E2E_DOCKER_SOCKET: "/var/run/docker.sock" });
  expect(run.status).toBe(1);
  expect(run.output).toMatch(/service "bad-socket-service" cannot use the Docker engine socket \/var\/run\/docker\.sock/);
  expect(run.output).toMatch(/leads to another Docker engine than the one running this pod/);
  const list = await h2.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${bad.id}`] }) });
  expect(list.map((c) => [c.Labels["org.docker-pod.role"], c.State])).toEqual([["check", "exited"]]); // no agent
});

test("a socket path that does not exist fails up, naming it", async () => {
  const bad = await TestStack.create("no-socket", async () => undefined);
  stacks.push(bad);
  const socket = `/run/docker-pod-e2e-${bad.id}.sock`;
  const run = await failingUp(bad, "bad-socket", { E2E_DOCKER_HOST: h2.host, E2E_DOCKER_SOCKET: socket });
  expect(run.status).toBe(1);
  expect(run.output).toContain(`bind source path does not exist: ${socket}`);
  expect(await containersOn(h2.docker, bad.id)).toEqual({});
});
