/**
 * Operating pods day to day, as a user types it (the `docker-pod` CLI in a child process, the real
 * engine): after `play` of a two-member pod, `get pods` shows `2/2 Running 0`; `exec` passes the
 * command's exit status through; `kill -9` of pause is healed by the podlet, then `get pods` shows
 * `2/2 Running` with restarts, `-w` printed the change, `describe pod` the event with its
 * duration, `logs` / `logs --previous` the current and the previous run; a crash-looping member
 * shows `CrashLoopBackOff`; `-o json` is a Kubernetes Pod; `delete pod` refuses a stack's pod and
 * removes a pod with no stack.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker, images, leftovers, repoRoot, runTs, testLabel } from "./harness";
import { podProblems } from "./kube-validate";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-ops-"));
const id = `ops-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);
const pod = id; // pod names are the engine's: make them unique to this run
const crash = `${id}-crash`;
const handMade = `${id}-hand`;

async function dockerPod(...args: string[]) {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${workDir}/state` } });
  return { code: status, stdout, stderr };
}

/** Runs `docker-pod ARGS` until `ok(result)` holds (each run takes seconds on a busy machine). */
async function until(args: string[], ok: (r: { code: number | null; stdout: string }) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = await dockerPod(...args);
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    last = await dockerPod(...args);
  }
  return last;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(() => {
  // `web` prints a marker unique to each run, so logs can tell the runs apart.
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Pod
metadata:
  name: ${pod}
  labels: {app: ops, ${testLabel}: ${id}}
spec:
  shareProcessNamespace: true
  terminationGracePeriodSeconds: 2
  containers:
  - name: web
    image: ${images.busybox}
    command: ["sh", "-c", "echo run-$(cat /proc/sys/kernel/random/uuid); exec httpd -f -p 8080"]
  - name: side
    image: ${images.busybox}
    command: ["sh", "-c", "echo side up; exec sleep 100000"]
---
apiVersion: v1
kind: Pod
metadata:
  name: ${crash}
  labels: {app: crash, ${testLabel}: ${id}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: loop
    image: ${images.busybox}
    command: ["sh", "-c", "echo crashing soon; sleep 2; exit 1"]
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

const runMarkers = (text: string) => text.match(/run-[0-9a-f-]{36}/g) ?? [];
let firstRun = "";

test("after play, get pods shows the two-member pod 2/2 Running 0; -o wide adds IP, PORTS, ENGINE", async () => {
  const play = await dockerPod("play", file);
  expect({ code: play.code, stderr: play.stderr }).toEqual({ code: 0, stderr: "" });
  const get = await dockerPod("get", "pods", pod);
  expect({ code: get.code, stderr: get.stderr }).toEqual({ code: 0, stderr: "" });
  expect(get.stdout).toMatch(new RegExp(`^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\n${pod}\\s+2/2\\s+Running\\s+0\\s+\\S+\\n$`));
  const wide = await dockerPod("get", "pods", "-l", `${testLabel}=${id},app=ops`, "-o", "wide");
  expect(wide.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+PORTS\s+ENGINE\n/);
  expect(wide.stdout.trim().split("\n")).toHaveLength(2);
  expect(wide.stdout).toMatch(new RegExp(`${pod}\\s+2/2\\s+Running\\s+0\\s+\\S+\\s+\\d+\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+\\S+`));
  const name = await dockerPod("get", "pods", "-l", `${testLabel}=${id}`, "-o", "name");
  expect(name.stdout).toBe(`pod/${pod}\npod/${crash}\n`);
});

test("exec runs in the member and passes its exit status through", async () => {
  const ok = await dockerPod("exec", pod, "-c", "side", "--", "sh", "-c", "echo hello from $(hostname)");
  expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: "" });
  expect(ok.stdout).toMatch(/^hello from \S+\n$/);
  const failed = await dockerPod("exec", pod, "-c", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
  expect(failed).toEqual({ code: 3, stdout: "out\n", stderr: "err\ncommand terminated with exit code 3\n" });
  const which = await dockerPod("exec", pod, "--", "true");
  expect(which.code).toBe(1);
  expect(which.stderr).toContain(`a container name must be specified for pod ${pod}, choose one of: [`);
});

test("logs shows the member's output; --previous has nothing before the first restart", async () => {
  const logs = await dockerPod("logs", pod, "-c", "web");
  expect(logs.code).toBe(0);
  expect(runMarkers(logs.stdout)).toHaveLength(1);
  firstRun = runMarkers(logs.stdout)[0] ?? "";
  const side = await dockerPod("logs", pod, "-c", "side", "--timestamps");
  expect(side.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z side up\n$/);
  const previous = await dockerPod("logs", pod, "-c", "web", "--previous");
  expect(previous.code).toBe(1);
  expect(previous.stderr).toContain(`previous terminated container "web" in pod "${pod}" not found`);
});

test("kill -9 of pause: healed, get pods shows 2/2 Running with restarts, -w printed it, describe shows the event with its duration", async () => {
  const watch: ChildProcess = spawn(
    process.execPath,
    ["-r", require.resolve("ts-node/register/transpile-only"), path.join(repoRoot, "cli/docker-pod.ts"), "get", "pods", pod, "-w"],
    { env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json") } },
  );
  let watched = "";
  watch.stdout!.on("data", (d) => (watched += d));
  try {
    const deadline = Date.now() + 60_000;
    while (!watched.includes(pod) && Date.now() < deadline) await sleep(200); // the watch is listening
    const [pause] = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.role=pause", `org.docker-pod.pod=${pod}`] }) });
    const { State } = await docker.getContainer(pause.Id).inspect();
    process.kill(State.Pid, "SIGKILL");
    const healed = await until(["get", "pods", pod], (r) => /2\/2\s+Running\s+[1-9]/.test(r.stdout), 60_000);
    expect(healed.stdout).toMatch(new RegExp(`^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\n${pod}\\s+2/2\\s+Running\\s+2 \\(\\d+s ago\\)\\s+\\S+\\n$`));
    const watchDeadline = Date.now() + 30_000;
    while (!/2\/2\s+Running\s+[1-9]/.test(watched) && Date.now() < watchDeadline) await sleep(200);
    expect(watched).toMatch(new RegExp(`${pod}\\s+2/2\\s+Running\\s+2 \\(\\d+s ago\\)`));
  } finally {
    watch.kill("SIGINT");
  }
  const describe = await dockerPod("describe", "pod", pod);
  expect({ code: describe.code, stderr: describe.stderr }).toEqual({ code: 0, stderr: "" });
  expect(describe.stdout).toMatch(/Normal\s+SandboxChanged\s+\d+s\s+podlet\s+pause [0-9a-f]{12} died; started in \d+ ms/);
  expect(describe.stdout).toMatch(/Normal\s+Started\s+\d+s\s+podlet\s+member web \([0-9a-f]{12}\) exited 137, pause restarted; started in \d+ ms/);
  expect(describe.stdout).toMatch(/ {2}web:\n[\s\S]*?State:\s+Running\n[\s\S]*?Last State:\s+Terminated\n\s+Reason:\s+Error\n[\s\S]*?Exit Code:\s+137\n[\s\S]*?Restart Count:\s+1\n/);
});

test("logs and logs --previous show the current and the previous run's output", async () => {
  const current = await dockerPod("logs", pod, "-c", "web");
  expect(current.code).toBe(0);
  const markers = runMarkers(current.stdout);
  expect(markers).toHaveLength(1);
  expect(markers[0]).not.toBe(firstRun);
  const previous = await dockerPod("logs", pod, "-c", "web", "--previous");
  expect({ code: previous.code, markers: runMarkers(previous.stdout) }).toEqual({ code: 0, markers: [firstRun] });
  const all = await dockerPod("logs", pod, "--all-containers", "--tail", "1");
  // Members in name order (Pulumi creates them concurrently: the spec's order is not kept).
  expect(all.stdout).toBe(`side up\n${markers[0]}\n`);
});

test("-o json is a Kubernetes Pod with its real status", async () => {
  const run = await dockerPod("get", "pods", pod, "-o", "json");
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  expect(podProblems(run.stdout)).toEqual([]);
  const obj = JSON.parse(run.stdout);
  expect(obj).toMatchObject({ apiVersion: "v1", kind: "Pod", metadata: { name: pod, labels: { app: "ops" } } });
  expect(obj.spec.containers.map((c: { name: string }) => c.name).sort()).toEqual(["side", "web"]);
  expect(obj.spec).toMatchObject({ restartPolicy: "Always", shareProcessNamespace: true, terminationGracePeriodSeconds: 2 });
  expect(obj.status.phase).toBe("Running");
  expect(obj.status.conditions).toEqual(expect.arrayContaining([{ type: "Ready", status: "True" }]));
  const web = obj.status.containerStatuses.find((s: { name: string }) => s.name === "web");
  expect(web).toMatchObject({ ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 137, reason: "Error" } } });
  const yaml = await dockerPod("get", "pods", "-l", `${testLabel}=${id}`, "-o", "yaml");
  // kubectl's YAML has its keys sorted.
  expect(yaml.stdout).toMatch(/^apiVersion: v1\nitems:\n {2}- apiVersion: v1\n {4}kind: Pod\n {4}metadata:\n/);
  expect(yaml.stdout).toMatch(/^kind: List$/m);
});

test("a member that crash-loops shows CrashLoopBackOff", async () => {
  const get = await until(["get", "pods", crash], (r) => /0\/1\s+CrashLoopBackOff\s+[1-9]/.test(r.stdout), 120_000);
  expect(get.stdout).toMatch(new RegExp(`${crash}\\s+0/1\\s+CrashLoopBackOff\\s+\\d+ \\(\\d+s ago\\)\\s+\\S+\\n$`));
  const describe = await dockerPod("describe", "pod", crash);
  expect(describe.stdout).toMatch(/Warning\s+BackOff\s+\d+s\s+podlet\s+member loop \([0-9a-f]{12}\) exited \(exit 1\) after \d+\.\d s; restarting in \d+\.\d s \(crash-loop back-off\)/);
  expect(describe.stdout).toMatch(/State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff\n/);
  const logs = await dockerPod("logs", crash);
  expect(logs.stdout).toBe("crashing soon\n");
});

test("delete pod refuses a pod its stack owns, and removes a pod with no stack", async () => {
  const refused = await dockerPod("delete", "pod", pod);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`pod "${pod}" belongs to Pulumi stack docker-pod-play/${id}`);
  expect(refused.stderr).toContain(`docker-pod play --down --stack ${id}`);
  // A pod made by hand with the pod labels: pause and one member in its namespaces.
  const labels = { [testLabel]: id, "org.docker-pod.pod": handMade };
  const pause = await docker.createContainer({
    Image: images.busybox,
    Cmd: ["sleep", "100000"],
    Labels: { ...labels, "org.docker-pod.container": "POD", "org.docker-pod.role": "pause" },
  });
  await pause.start();
  const member = await docker.createContainer({
    Image: images.busybox,
    Cmd: ["sleep", "100000"],
    Labels: { ...labels, "org.docker-pod.container": "main", "org.docker-pod.role": "member" },
    HostConfig: { NetworkMode: `container:${pause.id}` },
  });
  await member.start();
  const get = await dockerPod("get", "pods", handMade);
  expect(get.stdout).toMatch(new RegExp(`${handMade}\\s+1/1\\s+Running\\s+0\\s`));
  const removed = await dockerPod("delete", "pod", handMade);
  expect({ code: removed.code, stdout: removed.stdout }).toEqual({ code: 0, stdout: `pod "${handMade}" deleted\n` });
  const left = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`org.docker-pod.pod=${handMade}`] }) });
  expect(left).toEqual([]);
});

test("mistakes: an unknown resource type exits 2, an unknown pod 1 (kubectl's NotFound)", async () => {
  const type = await dockerPod("get", "deployments");
  expect(type.code).toBe(2);
  expect(type.stderr).toMatch(/unknown resource type "deployments"/);
  const missing = await dockerPod("get", "pods", `${id}-nope`);
  expect({ code: missing.code, stdout: missing.stdout, stderr: missing.stderr }).toEqual({
    code: 1,
    stdout: "",
    stderr: `Error from server (NotFound): pods "${id}-nope" not found\n`,
  });
  const logs = await dockerPod("logs", `${id}-nope`);
  expect({ code: logs.code, stderr: logs.stderr }).toEqual({ code: 1, stderr: `docker-pod: pods "${id}-nope" not found\n` });
  for (const command of ["get", "describe", "logs", "exec", "delete"]) {
    const help = await dockerPod(command, "--help");
    expect({ code: help.code, stderr: help.stderr }).toEqual({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(new RegExp(`^Usage: docker-pod ${command}`));
  }
});

test("play --down leaves nothing of the test behind", async () => {
  const down = await dockerPod("play", "--down", file);
  expect(down.code).toBe(0);
  expect(await leftovers(id)).toEqual([]);
});
