/**
 * What `docker-pod get | describe | logs | exec | delete` compute (components/ops), as plain
 * functions of Docker facts: the podlet's log as events, kubectl's STATUS/READY/RESTARTS, the
 * Kubernetes Pod object, run windows for logs and --previous, selectors, ages, engines.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ContainerFacts,
  PodFacts,
  chooseContainer,
  containerStatus,
  deleteRefusal,
  demuxDockerLog,
  describePod,
  humanDuration,
  matches,
  parseDuration,
  parsePodletLine,
  parsePodletLog,
  parseSelector,
  podObject,
  podRow,
  podStatus,
  resolveEngine,
  runWindows,
  table,
} from "../../components/ops";
import { describeProbe } from "../../components/ops/describe";
import { probeAction } from "../../components/ops/pod-object";
import { probeArgv } from "../../components/mapping/probes";
import { FlagOptions, pflagArgs } from "../../cli/kubectl-args";

const now = new Date("2026-11-30T12:00:00Z");
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();
const zero = "0001-01-01T00:00:00Z";

function ctr(id: string, name: string, role: string, state: Partial<ContainerFacts["State"]> = {}, extra: Partial<ContainerFacts> = {}): ContainerFacts {
  return {
    Id: id.repeat(64).slice(0, 64),
    Created: at(600),
    Image: "sha256:abc",
    RestartCount: 0,
    State: { Status: "running", Running: true, ExitCode: 0, StartedAt: at(590), FinishedAt: zero, ...state },
    Config: { Image: "busybox", Labels: { "org.docker-pod.pod": "web", "org.docker-pod.container": name, "org.docker-pod.role": role, "org.docker-pod.restart-policy": "Always" } },
    HostConfig: { NetworkMode: `container:${"p".repeat(64)}`, PidMode: `container:${"p".repeat(64)}` },
    ...extra,
  };
}

function pod(members: ContainerFacts[], lines: [number, string][] = [], extra: Partial<PodFacts> = {}): PodFacts {
  const pause = ctr("p", "POD", "pause", {}, { HostConfig: { NetworkMode: "bridge", RestartPolicy: { Name: "no" } } });
  pause.Config.Labels = { "org.docker-pod.pod": "web", "org.docker-pod.container": "POD", "org.docker-pod.role": "pause", app: "web" };
  pause.NetworkSettings = { IPAddress: "172.17.0.5", Ports: { "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }] } };
  const log = lines.map(([ago, line]) => `${at(ago)} podlet: ${line}`).join("\n");
  return { name: "web", pause, members, inits: [], podlet: ctr("d", "podlet", "podlet"), events: parsePodletLog(log), volumes: [], engine: "host1", ...extra };
}

describe("the podlet's lines as events", () => {
  test.each<[string, string, string, Record<string, unknown>]>([
    ["podlet 0.1.0 looking after pod web (pause 5d18a151fa0a)", "PodletStarted", "Normal", { subject: { kind: "pod" } }],
    ["pause 5d18a151fa0a died; started in 273 ms", "SandboxChanged", "Normal", { subject: { kind: "pause", id12: "5d18a151fa0a" }, restart: true, durationMs: 273 }],
    ["member app (85c65c889621) exited 137, pause restarted; started in 106 ms", "Started", "Normal", { subject: { kind: "member", name: "app", id12: "85c65c889621" }, restart: true, exitCode: 137, durationMs: 106 }],
    ["member app (85c65c889621) exited (exit 137) after 1.9 s; restarting in 1.0 s (crash-loop back-off)", "BackOff", "Warning", { exitCode: 137, restart: false }],
    ["member app (85c65c889621) exited 143 after a stop or kill through the API: left stopped", "Stopped", "Normal", { exitCode: 143, restart: false }],
    ["member app: liveness probe failed (1/3): exit 1", "Unhealthy", "Warning", { subject: { kind: "member", name: "app" } }],
    ["member app (85c65c889621) liveness probe failed 3 times in a row; restarting it (SIGTERM, SIGKILL after 30 s)", "Killing", "Normal", {}],
    ["member app (85c65c889621) back-off over; started in 95 ms", "Started", "Normal", { restart: true }],
    ["member app exited 0; restartPolicy OnFailure: left stopped", "Stopped", "Normal", { subject: { kind: "member", name: "app" }, exitCode: 0 }],
  ])("%s", (line, reason, type, more) => {
    expect(parsePodletLine(`podlet: ${line}`, at(1))).toMatchObject({ reason, type, message: line, ...more });
  });

  test("lines that are not the podlet's are skipped; Docker's frames are taken apart", () => {
    expect(parsePodletLine("something else", at(1))).toBeUndefined();
    const frame = (stream: number, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, text.length]), Buffer.from(text)]);
    expect(demuxDockerLog(Buffer.concat([frame(1, "a\n"), frame(2, "b\n")]))).toBe("a\nb\n");
    expect(parsePodletLog(`${at(2)} podlet: pause aaaaaaaaaaaa died; started in 5 ms\nnot a line\n`)).toHaveLength(1);
  });
});

describe("kubectl's columns", () => {
  test("two running members, no restart: 2/2 Running 0", () => {
    const p = pod([ctr("a", "app", "member"), ctr("b", "side", "member")]);
    expect(podRow(p, now)).toEqual(["web", "2/2", "Running", "0", "10m"]);
    expect(podRow(p, now, true)).toEqual(["web", "2/2", "Running", "0", "10m", "172.17.0.5", "0.0.0.0:8080->80/tcp", "host1"]);
  });

  test("restarts the podlet made count, with the last one's age; last state from its line", () => {
    const a = ctr("a", "app", "member", { StartedAt: at(30) });
    const p = pod([a, ctr("b", "side", "member")], [
      [31, "pause pppppppppppp died; started in 200 ms"],
      [30, `member app (${a.Id.slice(0, 12)}) exited 137, pause restarted; started in 100 ms`],
    ]);
    expect(podRow(p, now)).toEqual(["web", "2/2", "Running", "1 (31s ago)", "10m"]);
    expect(containerStatus(a, p.events, "web")).toMatchObject({
      restartCount: 1,
      ready: true,
      state: { running: {} },
      lastState: { terminated: { exitCode: 137, reason: "Error" } },
    });
  });

  test("a member in the podlet's back-off: CrashLoopBackOff, its exit as the last state", () => {
    const a = ctr("a", "app", "member", { Status: "exited", Running: false, ExitCode: 1, StartedAt: at(5), FinishedAt: at(3) });
    const p = pod([a], [
      [20, `member app (${a.Id.slice(0, 12)}) back-off over; started in 10 ms`],
      [3, `member app (${a.Id.slice(0, 12)}) exited (exit 1) after 2.0 s; restarting in 4.0 s (crash-loop back-off)`],
    ]);
    const s = containerStatus(a, p.events, "web");
    expect(s.state).toEqual({ waiting: { reason: "CrashLoopBackOff", message: "back-off 4.0 s restarting failed container=app pod=web" } });
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(podRow(p, now).slice(1, 3)).toEqual(["0/1", "CrashLoopBackOff"]);
  });

  test("exited members: Completed, Error, OOMKilled; phase Succeeded / Failed", () => {
    const done = ctr("a", "app", "member", { Status: "exited", Running: false, ExitCode: 0, FinishedAt: at(1) });
    expect(podRow(pod([done]), now)[2]).toBe("Completed");
    expect(podStatus(pod([done])).phase).toBe("Succeeded");
    const failed = ctr("a", "app", "member", { Status: "exited", Running: false, ExitCode: 2, FinishedAt: at(1) });
    expect(podRow(pod([failed]), now)[2]).toBe("Error");
    expect(podStatus(pod([failed])).phase).toBe("Failed");
    const oom = ctr("a", "app", "member", { Status: "exited", Running: false, ExitCode: 137, OOMKilled: true, FinishedAt: at(1) });
    expect(podRow(pod([oom]), now)[2]).toBe("OOMKilled");
  });

  test("init containers: Init:i/n while one runs, Init:Error when one failed, Pending", () => {
    const done = ctr("i", "migrate", "init", { Status: "exited", Running: false, ExitCode: 0, FinishedAt: at(1) });
    const running = ctr("j", "seed", "init");
    const p = pod([], [], { inits: [done, running] });
    expect(podRow(p, now).slice(1, 3)).toEqual(["0/0", "Init:1/2"]);
    expect(podStatus(p).phase).toBe("Pending");
    const failed = ctr("j", "seed", "init", { Status: "exited", Running: false, ExitCode: 1, FinishedAt: at(1) });
    expect(podRow(pod([], [], { inits: [done, failed] }), now)[2]).toBe("Init:Error");
  });

  test("a native sidecar counts in READY and RESTARTS once started (kubectl ≥ 1.29), and is an init container with restartPolicy Always", () => {
    const side = ctr("e", "proxy", "sidecar", { StartedAt: at(20) });
    side.Config.Labels["org.docker-pod.role"] = "sidecar";
    const p = pod([ctr("a", "app", "member")], [[20, `member proxy (${side.Id.slice(0, 12)}) back-off over; started in 10 ms`]], { inits: [side] });
    expect(podRow(p, now).slice(1, 3)).toEqual(["2/2", "Running"]);
    expect(podRow(p, now)[3]).toMatch(/^1( |$)/);
    expect(podObject(p).spec!.initContainers![0]).toMatchObject({ name: "proxy", restartPolicy: "Always" });
    expect(podStatus(p).conditions).toEqual(expect.arrayContaining([{ type: "Initialized", status: "True" }]));
  });

  test("a member not ready (health starting) is not counted in READY", () => {
    const a = ctr("a", "app", "member", { Health: { Status: "starting" } });
    expect(podRow(pod([a, ctr("b", "side", "member")]), now).slice(1, 3)).toEqual(["1/2", "Running"]);
  });

  test("self-healing off: Docker's own restarts count (no podlet), and Docker's back-off is CrashLoopBackOff", () => {
    const bare = (state: Partial<ContainerFacts["State"]>, restarts: number) => {
      const m = ctr("a", "app", "member", state, { RestartCount: restarts });
      m.Config.Labels["org.docker-pod.restart-policy"] = "Always";
      const p = pod([m], [], { podlet: undefined });
      p.pause.HostConfig.RestartPolicy = { Name: "always" };
      return { m, p };
    };
    const { m, p } = bare({ StartedAt: at(5) }, 3);
    expect(podRow(p, now)).toEqual(["web", "1/1", "Running", "3 (5s ago)", "10m"]);
    expect(containerStatus(m, p.events, "web")).toMatchObject({ restartCount: 3, state: { running: {} } });
    const looping = bare({ Status: "restarting", Running: false, Restarting: true, ExitCode: 1, FinishedAt: at(2) }, 4).p;
    expect(podRow(looping, now).slice(1, 4)).toEqual(["0/1", "CrashLoopBackOff", "4 (2s ago)"]);
    expect(podStatus(looping).containerStatuses![0].lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
  });

  test("Terminating: a container being removed, or a self-healing pod that lost its podlet", () => {
    expect(podRow(pod([ctr("a", "app", "member", { Status: "removing" })]), now)[2]).toBe("Terminating");
    expect(podRow(pod([ctr("a", "app", "member")], [], { podlet: undefined }), now)[2]).toBe("Terminating");
  });
});

describe("the Kubernetes Pod object", () => {
  test("spec read back from Docker and docker-pod's labels; status with conditions", () => {
    const liveness = { exec: ["/.docker-pod/probe", "http", "127.0.0.1", "8080", "/healthz"], initialDelaySeconds: 1, periodSeconds: 2, timeoutSeconds: 3, failureThreshold: 4, successThreshold: 1 };
    const a = ctr("a", "app", "member", {}, {
      HostConfig: { NetworkMode: "container:x", PidMode: "container:x", Memory: 64 * 1024 * 1024, CpuQuota: 50_000, CpuPeriod: 100_000, CpuShares: 256 },
      Mounts: [
        { Type: "volume", Name: "vol-1", Source: "/var/lib/docker/volumes/vol-1/_data", Destination: "/data", RW: true },
        { Type: "bind", Source: "/srv/site", Destination: "/www", RW: false },
      ],
    });
    a.Config = { ...a.Config, Entrypoint: ["sh", "-c"], Cmd: ["exec app"], StopTimeout: 7, Healthcheck: { Test: ["CMD", "/.docker-pod/probe", "tcp", "127.0.0.1", "80"], Interval: 10e9, Timeout: 1e9, Retries: 3 } };
    a.Config.Labels["org.docker-pod.liveness"] = JSON.stringify(liveness);
    const p = pod([a], [], { volumes: [{ Name: "vol-1", Labels: { "org.docker-pod.container": "scratch", "org.docker-pod.role": "volume" }, Options: { type: "tmpfs" } }] });
    const obj = podObject(p);
    expect(obj.metadata).toMatchObject({ name: "web", labels: { app: "web" }, creationTimestamp: "2026-11-30T11:50:00Z" });
    expect(obj.spec).toMatchObject({ restartPolicy: "Always", shareProcessNamespace: true, terminationGracePeriodSeconds: 7, nodeName: "host1" });
    expect(obj.spec!.containers[0]).toEqual({
      name: "app",
      image: "busybox",
      command: ["sh", "-c"],
      args: ["exec app"],
      resources: { limits: { memory: "64Mi", cpu: "500m" }, requests: { cpu: "250m" } },
      livenessProbe: { httpGet: { port: 8080, path: "/healthz" }, initialDelaySeconds: 1, periodSeconds: 2, timeoutSeconds: 3, failureThreshold: 4, successThreshold: 1 },
      readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
      volumeMounts: [{ name: "scratch", mountPath: "/data" }, { name: "host-path-0", mountPath: "/www", readOnly: true }],
    });
    expect(obj.spec!.volumes).toEqual([{ name: "scratch", emptyDir: { medium: "Memory" } }, { name: "host-path-0", hostPath: { path: "/srv/site" } }]);
    expect(obj.status).toMatchObject({ phase: "Running", podIP: "172.17.0.5", conditions: expect.arrayContaining([{ type: "Ready", status: "True" }]) });
  });

  test("a grpc probe reads back from the probe helper's argv, and describes as kubectl does", () => {
    expect(probeAction(probeArgv({ grpc: { port: 7070 }, timeoutSeconds: 2 }))).toEqual({ grpc: { port: 7070, service: "" } });
    expect(probeAction(probeArgv({ grpc: { port: 2379, service: "etcd" } }))).toEqual({ grpc: { port: 2379, service: "etcd" } });
    expect(describeProbe({ grpc: { port: 7070, service: "" }, timeoutSeconds: 2 }))
      .toBe("grpc <pod>:7070  delay=0s timeout=2s period=10s #success=1 #failure=3");
  });

  test("describe shows state, last state and the events with their ages", () => {
    const a = ctr("a", "app", "member", { StartedAt: at(30) });
    const p = pod([a], [[31, "pause pppppppppppp died; started in 273 ms"], [30, `member app (${a.Id.slice(0, 12)}) exited 137, pause restarted; started in 100 ms`]]);
    const text = describePod(p, now);
    expect(text).toMatch(/^Name: {13}web\n/);
    expect(text).toMatch(/Restart Count:\s+1\n/);
    expect(text).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n/);
    expect(text).toMatch(/Normal\s+SandboxChanged\s+31s\s+podlet\s+pause pppppppppppp died; started in 273 ms\n/);
  });
});

describe("logs: runs and containers", () => {
  test("the current run starts with the podlet's last start, the previous one with the start before", () => {
    const a = ctr("a", "app", "member", { StartedAt: at(9.95) });
    const id12 = a.Id.slice(0, 12);
    const p = pod([a], [[30, `member app (${id12}) back-off over; started in 100 ms`], [9.9, `member app (${id12}) back-off over; started in 100 ms`]]);
    const w = runWindows(a, p.events);
    expect(w.current.since).toBe(now.getTime() - 10_020);
    expect(w.previous).toEqual({ since: now.getTime() - 30_120, until: now.getTime() - 10_020 });
    expect(runWindows(ctr("b", "side", "member"), p.events)).toEqual({ current: {} });
    // A crash-looping member started again 4 s after the last start the log has (its line not yet
    // read): the current run is Docker's StartedAt on, not the start before.
    const b = ctr("b", "side", "member", { StartedAt: at(26) });
    const q = pod([b], [[30, `member side (${b.Id.slice(0, 12)}) back-off over; started in 100 ms`]]);
    expect(runWindows(b, q.events)).toEqual({ current: { since: now.getTime() - 26_000 }, previous: { since: now.getTime() - 30_120, until: now.getTime() - 26_000 } });
  });

  test("the only member is the default; several need -c", () => {
    const one = pod([ctr("a", "app", "member")]);
    expect(chooseContainer(one, undefined).Id).toBe(one.members[0].Id);
    const two = pod([ctr("a", "app", "member"), ctr("b", "side", "member")]);
    expect(() => chooseContainer(two, undefined)).toThrow("a container name must be specified for pod web, choose one of: [app side]");
    expect(() => chooseContainer(two, "nope")).toThrow("container nope is not valid for pod web");
  });
});

describe("selectors, durations, tables", () => {
  test.each<[string, Record<string, string>, boolean]>([
    ["app=web", { app: "web" }, true],
    ["app==web,tier!=db", { app: "web", tier: "db" }, false],
    ["env in (a, b)", { env: "b" }, true],
    ["env notin (a,b)", { env: "c" }, true],
    ["canary", {}, false],
    ["!canary", {}, true],
    ["", { any: "thing" }, true],
  ])("%s on %j: %s", (sel, labels, result) => {
    expect(matches(parseSelector(sel), labels)).toBe(result);
  });

  test("a bad selector is refused", () => {
    expect(() => parseSelector("a=b=c")).toThrow(/cannot parse/);
  });

  test.each<[number, string]>([[5_000, "5s"], [119_000, "119s"], [150_000, "2m30s"], [3_600_000 * 5.5, "5h30m"], [3_600_000 * 30, "30h"], [86_400_000 * 3, "3d"]])(
    "%d ms is %s",
    (ms, text) => expect(humanDuration(ms)).toBe(text),
  );

  test("--since durations", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(() => parseDuration("5 minutes")).toThrow(/invalid duration/);
  });

  test("tables align as kubectl's (padding 3, minimum width 6)", () => {
    expect(table([["NAME", "READY"], ["web", "2/2"]])).toBe("NAME   READY\nweb    2/2\n");
  });
});

describe("kubectl's flag syntax", () => {
  const options: FlagOptions = { output: { type: "string", short: "o" }, tail: { type: "string" }, previous: { type: "boolean", short: "p" }, "all-containers": { type: "boolean" } };
  test.each([
    [["-o=json"], ["--output=json"]],
    [["-ojson"], ["-ojson"]],
    [["--tail", "-1"], ["--tail=-1"]],
    [["--tail=5"], ["--tail=5"]],
    [["--all-containers=true", "--previous=false"], ["--all-containers"]],
    [["-p=true"], ["--previous"]],
    [["web", "-p", "--", "--tail", "-1"], ["web", "--previous", "--", "--tail", "-1"]],
    [["--unknown", "x", "-it"], ["--unknown", "x", "-it"]],
    [["--all-containers=maybe"], ["--all-containers=maybe"]],
  ])("%j reads as %j", (argv, expected) => {
    expect(pflagArgs(argv, options)).toEqual(expected);
  });
});

describe("engine and deletion", () => {
  test("--host, then --context, then DOCKER_HOST, then DOCKER_CONTEXT / the current context", () => {
    const config = fs.mkdtempSync(path.join(os.tmpdir(), "docker-config-"));
    const meta = path.join(config, "contexts", "meta", crypto.createHash("sha256").update("remote").digest("hex"));
    fs.mkdirSync(meta, { recursive: true });
    fs.writeFileSync(path.join(meta, "meta.json"), JSON.stringify({ Name: "remote", Endpoints: { docker: { Host: "tcp://10.0.0.1:2375" } } }));
    fs.writeFileSync(path.join(config, "config.json"), JSON.stringify({ currentContext: "remote" }));
    const env = { DOCKER_CONFIG: config };
    expect(resolveEngine({ host: "unix:///x.sock" }, env)).toEqual({ host: "unix:///x.sock", source: "--host" });
    expect(resolveEngine({ context: "remote" }, { ...env, DOCKER_HOST: "unix:///y" })).toEqual({ host: "tcp://10.0.0.1:2375", source: 'context "remote"' });
    expect(resolveEngine({}, { ...env, DOCKER_HOST: "unix:///y" })).toMatchObject({ host: "unix:///y", source: "DOCKER_HOST" });
    expect(resolveEngine({}, env)).toEqual({ host: "tcp://10.0.0.1:2375", source: 'context "remote"' });
    expect(resolveEngine({}, { ...env, DOCKER_CONTEXT: "default" })).toEqual({ source: "default" });
    expect(() => resolveEngine({ context: "nope" }, env)).toThrow(/context "nope" does not exist/);
    expect(() => resolveEngine({ host: "a", context: "b" }, env)).toThrow(/either specify --host or --context/);
    fs.rmSync(config, { recursive: true, force: true });
  });

  test("a stack's pod is refused with the command that removes it; a pod with no stack is not", () => {
    const p = pod([ctr("a", "app", "member")]);
    expect(deleteRefusal(p)).toBeUndefined();
    p.pause.Config.Labels["org.docker-pod.stack"] = "docker-pod-play/web";
    expect(deleteRefusal(p)).toMatch(/belongs to Pulumi stack docker-pod-play\/web.*docker-pod play --down --stack web FILE/);
    p.pause.Config.Labels["org.docker-pod.stack"] = "shop/prod";
    expect(deleteRefusal(p)).toMatch(/pulumi destroy on stack prod of project shop/);
  });
});
