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
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Pod } from "../../components";
import { TestStack, docker, execIn, images, leftovers, repoRoot, runTs, testLabel } from "./harness";
import { podProblems } from "./kube-validate";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-ops-"));
const id = `ops-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);
const pod = id; // pod names are the engine's: make them unique to this run
const crash = `${id}-crash`;
const handMade = `${id}-hand`;

async function dockerPod(...args: string[]) {
  return dockerPodWith({}, ...args);
}

async function dockerPodWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${workDir}/state`, ...env } });
  return { code: status, stdout, stderr };
}

/** The CLI as a child process of its own (for -f, -w, -i): its output so far, and the process. */
function spawnDockerPod(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    ["-r", require.resolve("ts-node/register/transpile-only"), path.join(repoRoot, "cli/docker-pod.ts"), ...args],
    { env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json"), ...env } },
  );
  const out = { stdout: "", stderr: "", code: undefined as number | null | undefined };
  child.stdout!.on("data", (d) => (out.stdout += d));
  child.stderr!.on("data", (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve((out.code = code))));
  return { child, out, exited };
}

async function waitFor(ok: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!ok() && Date.now() < deadline) await sleep(200);
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

let stack: TestStack | undefined;

afterAll(async () => {
  await stack?.dispose();
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

test("exec -i passes standard input, -it without a terminal runs without one, flags before NAME; the exit status comes through", async () => {
  const piped = spawnDockerPod(["exec", "-i", pod, "-c", "side", "--", "sh", "-c", "read x; echo got $x; exit 4"]);
  piped.child.stdin!.end("hello\n");
  expect(await piped.exited).toBe(4);
  expect(piped.out).toMatchObject({ stdout: "got hello\n", stderr: "command terminated with exit code 4\n" });
  const it = spawnDockerPod(["exec", "-it", pod, "-c", "side", "--", "sh", "-c", "echo $((6*7)); exit 5"]);
  it.child.stdin!.end();
  expect(await it.exited).toBe(5);
  expect(it.out.stdout).toBe("42\n");
  expect(it.out.stderr).toBe("Unable to use a TTY - input is not a terminal or the right kind of file\ncommand terminated with exit code 5\n");
  const separate = await dockerPod("exec", "-c", "side", "-i", "-t", pod, "--", "true");
  expect(separate.code).toBe(0);
});

test("logs shows the member's output; --previous has nothing before the first restart", async () => {
  const logs = await dockerPod("logs", pod, "-c", "web");
  expect(logs.code).toBe(0);
  expect(runMarkers(logs.stdout)).toHaveLength(1);
  firstRun = runMarkers(logs.stdout)[0] ?? "";
  const side = await dockerPod("logs", pod, "-c", "side", "--timestamps");
  expect(side.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z side up\n$/);
  const since = await dockerPod("logs", pod, "side", "--since=1h");
  expect({ code: since.code, stdout: since.stdout }).toEqual({ code: 0, stdout: "side up\n" });
  await sleep(2000);
  const recent = await dockerPod("logs", pod, "-c", "side", "--since", "1s");
  expect({ code: recent.code, stdout: recent.stdout }).toEqual({ code: 0, stdout: "" });
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

test("the podlet's events survive its own kill -9 (Docker restarts it; its log is the same container's)", async () => {
  const [podlet] = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.role=podlet", `org.docker-pod.pod=${pod}`] }) });
  const before = await docker.getContainer(podlet.Id).inspect();
  process.kill(before.State.Pid, "SIGKILL");
  let after = before;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !(after.State.Running && after.State.Pid !== before.State.Pid)) {
    await sleep(200);
    after = await docker.getContainer(podlet.Id).inspect();
  }
  expect({ running: after.State.Running, restarted: after.RestartCount > before.RestartCount }).toEqual({ running: true, restarted: true });
  const describe = await until(["describe", "pod", pod], (r) => (r.stdout.match(/PodletStarted/g) ?? []).length >= 2, 30_000);
  expect(describe.stdout).toMatch(/Normal\s+SandboxChanged\s+\d+s\s+podlet\s+pause [0-9a-f]{12} died; started in \d+ ms/);
  // Oldest first: the pause death is listed before the podlet's second start.
  const events = describe.stdout.slice(describe.stdout.indexOf("Events:"));
  expect(events.indexOf("SandboxChanged")).toBeLessThan(events.lastIndexOf("PodletStarted"));
  const get = await dockerPod("get", "po", pod);
  expect(get.stdout).toMatch(new RegExp(`${pod}\\s+2/2\\s+Running\\s+2 \\(`));
});

test("logs -f follows the current run until stopped", async () => {
  const follow = spawnDockerPod(["logs", `pod/${pod}`, "-c", "side", "-f"]);
  try {
    await waitFor(() => follow.out.stdout.includes("side up"), 30_000);
    const [side] = await docker.listContainers({ filters: JSON.stringify({ label: [`${testLabel}=${id}`, "org.docker-pod.container=side", `org.docker-pod.pod=${pod}`] }) });
    // The pod shares its PID namespace: side's own process is the only sleep; its stdout is the container's log.
    expect(await execIn(side.Id, ["sh", "-c", "echo followed >/proc/$(pidof sleep)/fd/1"])).toEqual({ output: "", exitCode: 0 });
    await waitFor(() => follow.out.stdout.includes("followed"), 30_000);
    expect(follow.out.stdout).toBe("side up\nfollowed\n");
    expect(follow.out.code).toBeUndefined(); // still following
  } finally {
    follow.child.kill("SIGINT");
  }
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
  // Members in name order (Pulumi creates them concurrently: the spec's order is not kept); side's
  // last line is the one logs -f followed.
  expect(all.stdout).toBe(`followed\n${markers[0]}\n`);
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

test("the engine is the Docker CLI's: --host / -H (also before the command) over --context over DOCKER_HOST over the current context", async () => {
  const bogus = "unix:///run/docker-pod-e2e-nothing-here.sock";
  const config = path.join(workDir, "docker-config");
  const context = (name: string, host: string) => {
    const dir = path.join(config, "contexts", "meta", crypto.createHash("sha256").update(name).digest("hex"));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
  };
  context("real", "unix:///var/run/docker.sock");
  context("gone", bogus);
  fs.writeFileSync(path.join(config, "config.json"), JSON.stringify({ currentContext: "gone" }));
  const row = new RegExp(`^NAME.*\\n${pod}\\s+2/2\\s+Running`);
  const unreachable = await dockerPodWith({ DOCKER_HOST: bogus }, "get", "pods", pod);
  expect({ code: unreachable.code, stdout: unreachable.stdout }).toEqual({ code: 1, stdout: "" });
  expect(unreachable.stderr).toContain(`Cannot connect to the Docker daemon at ${bogus} (DOCKER_HOST)`);
  for (const [env, args] of [
    [{ DOCKER_HOST: bogus }, ["get", "pods", pod, "--host", "unix:///var/run/docker.sock"]],
    [{ DOCKER_HOST: bogus }, ["-H", "unix:///var/run/docker.sock", "get", "pods", pod]],
    [{ DOCKER_HOST: bogus, DOCKER_CONFIG: config }, ["--context", "real", "get", "pods", pod]],
    [{ DOCKER_CONFIG: config, DOCKER_CONTEXT: "real" }, ["get", "pods", pod]],
  ] as [NodeJS.ProcessEnv, string[]][]) {
    const r = await dockerPodWith(env, ...args);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: "" });
    expect(r.stdout).toMatch(row);
  }
  const current = await dockerPodWith({ DOCKER_CONFIG: config }, "get", "pods", pod);
  expect({ code: current.code, stderr: current.stderr }).toEqual({ code: 1, stderr: expect.stringContaining(`Cannot connect to the Docker daemon at ${bogus} (context "gone")`) });
});

test("a pod of a Pulumi stack (TypeScript program) with selfHealing: false: Docker's own restarts are RESTARTS; delete points at pulumi destroy", async () => {
  const name = `${id}-stk`;
  stack = await TestStack.create("ops-stack", async () => {
    new Pod(name, {
      selfHealing: false,
      terminationGracePeriodSeconds: 1,
      containers: [{ name: "once", image: images.busybox, command: ["sh", "-c", "echo run; sleep 4; exit 2"] }],
      labels: { ...stack!.labels, app: "stk" },
    });
  });
  await stack.up();
  const get = await until(["get", "pods", name, "-l", "app=stk"], (r) => /\s1\/1\s+Running\s+[1-9]\d* \(\d+s ago\)/.test(r.stdout), 120_000);
  expect(get.stdout).toMatch(new RegExp(`^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\n${name}\\s+1/1\\s+Running\\s+[1-9]\\d* \\(\\d+s ago\\)\\s+\\S+\\n$`));
  const json = await dockerPod("get", "pods", name, "-o", "json");
  expect(podProblems(json.stdout)).toEqual([]);
  const restarts = JSON.parse(json.stdout).status.containerStatuses[0].restartCount;
  expect(restarts).toBeGreaterThanOrEqual(1);
  const refused = await dockerPod("delete", "pod", name);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`pod "${name}" belongs to Pulumi stack docker-pod-e2e/${stack.id}`);
  expect(refused.stderr).toContain(`pulumi destroy on stack ${stack.id} of project docker-pod-e2e`);
});

test("play --down leaves nothing of the test behind", async () => {
  const down = await dockerPod("play", "--down", file);
  expect(down.code).toBe(0);
  expect(await leftovers(id)).toEqual([]);
});
