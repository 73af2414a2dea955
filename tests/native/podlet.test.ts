/**
 * The podlet (native/build/podlet), run from outside against a fake Docker Engine API on a unix
 * socket (DOCKER_HOST=unix://...): the fake keeps containers and streams their events (chunked, as
 * dockerd does), so each rule can be checked by the API calls the podlet makes: pause first, then
 * members per restart policy; stops through the API left alone; crash-loop back-off; liveness
 * failures restart; SIGTERM exits 0; every exit status. The real engine is in tests/e2e/heal.test.ts.
 */
import { ChildProcess, spawn } from "child_process";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { parsePodletLog } from "../../components/ops/events";
import { binary, build, packageVersion, sanitizerEnv } from "./built";

const podlet = binary("podlet");
const version = packageVersion;

jest.setTimeout(60_000);

beforeAll(() => {
  build("podlet");
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ctr {
  Id: string;
  labels: Record<string, string>;
  networkMode: string;
  running: boolean;
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  /** Exit code of execs (probes) in it. */
  execExit: number;
  /** Its endpoints: network name → aliases. */
  networks: Record<string, string[]>;
}

/** The one user-defined network the fake engine has. */
const network = { Id: "e".repeat(64), Name: "appnet" };

const zero = "0001-01-01T00:00:00Z";
const iso = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString();
const hex = (c: string) => c.repeat(64);

/** A fake dockerd: containers, their events, and a record of every call. */
class Engine {
  readonly socket = path.join(os.tmpdir(), `podlet-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}.sock`);
  readonly calls: { at: number; call: string }[] = [];
  readonly containers = new Map<string, Ctr>();
  private streams: http.ServerResponse[] = [];
  private seq = 0n;
  private server = http.createServer((req, res) => this.handle(req, res));

  listen(): Promise<void> {
    return new Promise((r) => this.server.listen(this.socket, () => r()));
  }

  close(): Promise<void> {
    for (const s of this.streams) s.end();
    return new Promise((r) => this.server.close(() => r()));
  }

  add(c: Partial<Ctr> & { Id: string }): Ctr {
    const ctr: Ctr = { labels: {}, networkMode: "bridge", running: true, exitCode: 0, startedAt: iso(60_000), finishedAt: zero, execExit: 0, networks: {}, ...c };
    this.containers.set(ctr.Id, ctr);
    return ctr;
  }

  /** Streams an event; `ns`: its timeNano (default: now), for events dockerd stamps out of their publishing order. */
  emit(action: string, id: string, attributes: Record<string, string> = {}, ns = BigInt(Date.now()) * 1_000_000n + this.seq++): void {
    const c = this.containers.get(id);
    const line = `{"status":"${action}","id":"${id}","Type":"container","Action":"${action}","Actor":{"ID":"${id}",` +
      `"Attributes":${JSON.stringify({ ...c?.labels, name: "x", ...attributes })}},"scope":"local","time":${ns / 1_000_000_000n},"timeNano":${ns}}\n`;
    for (const s of this.streams) s.write(line);
  }

  /** A network event, as dockerd sends it when a container connects to or disconnects from the network. */
  emitNetwork(action: string, container: string): void {
    const ns = BigInt(Date.now()) * 1_000_000n + this.seq++;
    const line = JSON.stringify({ Type: "network", Action: action, Actor: { ID: network.Id, Attributes: { container, name: network.Name, type: "bridge" } },
      scope: "local", time: Number(ns / 1_000_000_000n), timeNano: Number(ns) }) + "\n";
    for (const s of this.streams) s.write(line);
  }

  /** The process dies with no API call (kill -9 from the host): only a die event. */
  crash(id: string, exitCode = 137): void {
    const c = this.containers.get(id)!;
    Object.assign(c, { running: false, exitCode, finishedAt: iso() });
    this.emit("die", id, { exitCode: String(exitCode) });
  }

  /** `docker stop`: kill (SIGTERM) and die events, then stop. */
  stop(id: string): void {
    this.emit("kill", id, { signal: "15" });
    this.crash(id, 143);
    this.emit("stop", id);
  }

  /** `docker start`. */
  start(id: string): void {
    Object.assign(this.containers.get(id)!, { running: true, startedAt: iso() });
    this.emit("start", id);
  }

  /** Calls matching a pattern since index `from`. */
  made(pattern: RegExp, from = 0): string[] {
    return this.calls.slice(from).map((c) => c.call).filter((c) => pattern.test(c));
  }

  async until(pattern: RegExp, from = 0, timeoutMs = 5_000): Promise<{ at: number; call: string }> {
    for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(10)) {
      const hit = this.calls.slice(from).find((c) => pattern.test(c.call));
      if (hit) return hit;
    }
    throw new Error(`no call ${pattern} within ${timeoutMs} ms; calls: ${this.calls.slice(from).map((c) => c.call).join(" | ")}`);
  }

  private json(res: http.ServerResponse, status: number, body?: unknown): void {
    // Big enough bodies are chunked by Node, as Go's server chunks them.
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  /** How long each start takes (ms) before it is answered. */
  startDelayMs = 0;

  /** Images the engine has (reference → Config), and the ones a pull would fetch. */
  readonly images = new Map<string, { User?: string | null }>();
  readonly pullable = new Map<string, { User?: string | null }>();

  /** Whether this engine runs the process asking (its host name is a container of this engine). */
  runsCaller = false;

  /** Output frames of attached execs: [stream (1 stdout, 2 stderr), text]. */
  execOutput: [number, string][] = [[1, "to stdout\n"], [2, "to stderr\n"]];

  /** An attached exec's answer, as dockerd writes it on the hijacked connection: raw, not chunked. */
  private attachedExec(res: http.ServerResponse): void {
    const frame = ([stream, text]: [number, string]) => {
      const head = Buffer.alloc(8);
      head[0] = stream;
      head.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([head, Buffer.from(text)]);
    };
    const socket = res.socket!;
    socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n");
    socket.end(Buffer.concat(this.execOutput.map(frame)));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://docker");
    const p = url.pathname.replace(/^\/v1\.41/, "");
    this.calls.push({ at: Date.now(), call: `${req.method} ${p}${url.search ? decodeURIComponent(url.search) : ""}` });
    if (!url.pathname.startsWith("/v1.41/") || req.headers.host !== "docker") return this.json(res, 400, { message: "bad request" });
    let m: RegExpExecArray | null;
    if (req.method === "GET" && p === "/_ping") {
      res.writeHead(200, { "content-type": "text/plain" });
      return void res.end("OK");
    }
    if (req.method === "GET" && p === `/containers/${os.hostname()}/json`) {
      return this.runsCaller ? this.json(res, 200, { Id: hex("5") }) : this.json(res, 404, { message: `No such container: ${os.hostname()}` });
    }
    if (req.method === "GET" && p === "/events") {
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      this.streams.push(res);
      return;
    }
    if (req.method === "GET" && p === "/containers/json") {
      const labels = (JSON.parse(url.searchParams.get("filters") ?? "{}").label ?? []) as string[];
      const all = url.searchParams.get("all") === "1";
      const list = [...this.containers.values()].filter((c) =>
        (all || c.running) && labels.every((l) => c.labels[l.slice(0, l.indexOf("="))] === l.slice(l.indexOf("=") + 1)));
      return this.json(res, 200, list.map((c) => ({
        Id: c.Id, Names: ["/x"], Labels: c.labels, State: c.running ? "running" : c.startedAt === zero ? "created" : "exited",
        HostConfig: { NetworkMode: c.networkMode },
      })));
    }
    if ((m = /^\/containers\/([0-9a-f]{64})\/(json|start|kill|exec)$/.exec(p))) {
      const c = this.containers.get(m[1]);
      if (!c) return void req.resume().on("end", () => this.json(res, 404, { message: `No such container: ${m![1]}` }));
      if (m[2] === "json") {
        return this.json(res, 200, {
          Id: c.Id, Name: "/x",
          State: { Status: c.running ? "running" : "exited", Running: c.running, ExitCode: c.exitCode, StartedAt: c.startedAt, FinishedAt: c.finishedAt },
          Config: { Labels: c.labels, StopTimeout: 1, StopSignal: "SIGQUIT", Env: ["A=\"quoted\" \\u0026 <escaped>"] },
          HostConfig: { NetworkMode: c.networkMode },
          NetworkSettings: { Networks: Object.fromEntries(Object.entries(c.networks).map(([n, aliases]) =>
            [n, { NetworkID: network.Id, Aliases: [...aliases, c.Id.slice(0, 12)] }])) },
        });
      }
      if (m[2] === "start") {
        if (c.running) return this.json(res, 304);
        return void setTimeout(() => {
          this.start(c.Id);
          this.json(res, 204);
        }, this.startDelayMs);
      }
      if (m[2] === "kill") {
        if (!c.running) return this.json(res, 409, { message: `Container ${c.Id} is not running` });
        const sig = url.searchParams.get("signal") ?? "SIGKILL";
        this.emit("kill", c.Id, { signal: sig === "SIGKILL" ? "9" : sig === "SIGQUIT" ? "3" : "15" });
        this.crash(c.Id, sig === "SIGKILL" ? 137 : 131);
        return this.json(res, 204);
      }
      if (!c.running) return this.json(res, 409, { message: "is not running" });
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        const cmd = JSON.parse(body).Cmd as string[];
        this.calls.push({ at: Date.now(), call: `exec ${JSON.stringify(cmd)}` });
        this.json(res, 201, { Id: `e${c.Id.slice(1)}` });
      });
      return;
    }
    if (req.method === "GET" && (p === `/networks/${network.Name}` || p === `/networks/${network.Id}`)) return this.json(res, 200, network);
    if (req.method === "GET" && (m = /^\/images\/(.+)\/json$/.exec(p))) {
      // As dockerd: a reference without a tag or digest means `:latest`.
      const image = this.images.get(m[1]) ?? this.images.get(`${m[1]}:latest`);
      return image ? this.json(res, 200, { Id: hex("1"), Config: image }) : this.json(res, 404, { message: `No such image: ${m[1]}` });
    }
    if (req.method === "POST" && p === "/images/create") {
      const ref = `${url.searchParams.get("fromImage")}:${url.searchParams.get("tag")}`;
      if (!this.pullable.has(ref)) return this.json(res, 404, { message: `pull access denied for ${url.searchParams.get("fromImage")}` });
      this.images.set(ref, this.pullable.get(ref)!);
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"status":"Pulling from library/x"}\n');
      return void res.end('{"status":"Status: Downloaded newer image"}\n');
    }
    if (req.method === "GET" && p === "/info") return this.json(res, 200, { ID: "X", Name: "engine-host", NCPU: 6, MemTotal: 8_254_000_000, Containers: this.containers.size });
    if (req.method === "GET" && p.startsWith("/networks/")) return this.json(res, 404, { message: `network ${p.slice(10)} not found` });
    if (req.method === "POST" && (m = /^\/networks\/([0-9a-f]{64})\/(connect|disconnect)$/.exec(p))) {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        const { Container: id, EndpointConfig } = JSON.parse(body) as { Container: string; EndpointConfig?: { Aliases?: string[] } };
        const c = this.containers.get(id);
        this.calls.push({ at: Date.now(), call: `${m![2]} ${id} ${JSON.stringify(EndpointConfig?.Aliases ?? null)}` });
        if (!c) return this.json(res, 404, { message: `No such container: ${id}` });
        if (m![2] === "connect") {
          if (c.networks[network.Name]) return this.json(res, 403, { message: `endpoint with name x already exists in network ${network.Name}` });
          c.networks[network.Name] = EndpointConfig?.Aliases ?? [];
        } else {
          if (!c.networks[network.Name]) return this.json(res, 403, { message: "container is not connected to the network" });
          delete c.networks[network.Name];
        }
        this.emitNetwork(m![2], id);
        this.json(res, 200);
      });
      return;
    }
    if ((m = /^\/exec\/([0-9a-f]{64})\/(start|json)$/.exec(p))) {
      const owner = [...this.containers.values()].find((c) => `e${c.Id.slice(1)}` === m![1])!;
      if (m[2] === "json") return this.json(res, 200, { Running: false, ExitCode: owner.execExit });
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => (JSON.parse(body).Detach ? this.json(res, 200) : this.attachedExec(res)));
      return;
    }
    this.json(res, 404, { message: `page not found: ${p}` });
  }
}

interface Proc {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runPodlet(engine: Engine | undefined, ...args: string[]): Proc {
  const child = spawn(podlet, args, {
    env: { ...sanitizerEnv(), DOCKER_HOST: `unix://${engine?.socket ?? "/nonexistent.sock"}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  child.stdout!.on("data", (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on("close", (code, signal) => r({ code, signal })));
  return { child, stderr: () => err, exited };
}

async function logged(p: Proc, pattern: RegExp, timeoutMs = 5_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(10)) if (pattern.test(p.stderr())) return;
  throw new Error(`podlet did not log ${pattern}; its log:\n${p.stderr()}`);
}

describe("arguments and exit statuses", () => {
  test("-v prints the version line and exits 0", async () => {
    const p = runPodlet(undefined, "-v");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe(`podlet ${version}\n`);
  });

  test.each([[[]], [["a", "b"]], [["-x"]]])("bad usage %j: exit 64", async (args) => {
    const p = runPodlet(undefined, ...(args as string[]));
    expect(await p.exited).toEqual({ code: 64, signal: null });
    expect(p.stderr()).toBe("usage: podlet PAUSE_CONTAINER_ID | check SOCKET | exec CONTAINER TIMEOUT_S ARGV_JSON | pre-stop CONTAINER GRACE_S ARGV_JSON | service NAME NETWORK KEY=VALUE... | image-user IMAGE | node-info\n");
  });

  test("a pause container that does not exist: exit 2", async () => {
    const engine = new Engine();
    await engine.listen();
    const p = runPodlet(engine, hex("9"));
    expect(await p.exited).toEqual({ code: 2, signal: null });
    expect(p.stderr()).toBe(`podlet: pause container ${hex("9")} does not exist\n`);
    await engine.close();
  });

  test("a container without the pod label: exit 64", async () => {
    const engine = new Engine();
    await engine.listen();
    engine.add({ Id: hex("8") });
    const p = runPodlet(engine, hex("8"));
    expect(await p.exited).toEqual({ code: 64, signal: null });
    expect(p.stderr()).toMatch(/has no org\.docker-pod\.pod label/);
    await engine.close();
  });
});

describe("looking after a pod", () => {
  const P = hex("a");
  const ids = { web: hex("b"), job: hex("c"), once: hex("d"), init: hex("1"), other: hex("2"), live: hex("3"), side: hex("4") };
  const member = (name: string, policy: string, extra: Record<string, string> = {}) => ({
    labels: { "org.docker-pod.pod": "fake", "org.docker-pod.role": "member", "org.docker-pod.container": name, "org.docker-pod.restart-policy": policy, ...extra },
    networkMode: `container:${P}`,
  });
  let engine: Engine;
  let p: Proc;

  beforeAll(async () => {
    engine = new Engine();
    await engine.listen();
    engine.add({ Id: P, labels: { "org.docker-pod.pod": "fake", "org.docker-pod.role": "pause", "org.docker-pod.container": "POD" } });
    engine.add({ Id: ids.web, ...member("web", "Always") });
    engine.add({ Id: ids.job, ...member("job", "OnFailure") });
    engine.add({ Id: ids.once, ...member("once", "Never") });
    engine.add({ Id: ids.init, ...member("init", "Always", { "org.docker-pod.role": "init" }), running: false });
    engine.add({ Id: ids.other, ...member("other", "Always"), networkMode: "container:" + hex("f") });
    // A native sidecar (an init container with restartPolicy Always) is looked after as a member.
    engine.add({ Id: ids.side, ...member("side", "Always", { "org.docker-pod.role": "sidecar" }) });
    p = runPodlet(engine, P);
    await logged(p, /looking after member once/);
  });

  afterAll(async () => {
    p.child.kill("SIGKILL");
    await p.exited;
    await engine.close();
  });

  test("it finds the pod by pause's label and follows its events over HTTP/1.1", async () => {
    expect(p.stderr()).toMatch(new RegExp(`^podlet: podlet ${version} looking after pod fake \\(pause aaaaaaaaaaaa\\)\n`));
    expect(p.stderr()).toMatch(/looking after member web \(bbbbbbbbbbbb\): restartPolicy Always\n/);
    expect(p.stderr()).toMatch(/looking after member job \(cccccccccccc\): restartPolicy OnFailure\n/);
    expect(p.stderr()).toMatch(/looking after member side \(444444444444\): restartPolicy Always\n/);
    expect(p.stderr()).not.toMatch(/member (init|other)/);
    const events = engine.made(/^GET \/events/)[0];
    expect(JSON.parse(events.split("filters=")[1])).toEqual({
      type: ["container"],
      label: ["org.docker-pod.pod=fake"],
      event: ["create", "start", "die", "kill", "stop", "destroy"],
    });
    expect(engine.made(/^(POST|DELETE)/)).toEqual([]);
  });

  test("pause dies: pause is started first, then the members their policy allows (Never stays down)", async () => {
    const from = engine.calls.length;
    engine.crash(P);
    for (const id of [ids.web, ids.job, ids.once]) engine.crash(id); // killed by the kernel with pause
    const pause = await engine.until(new RegExp(`^POST /containers/${P}/start`), from);
    await engine.until(new RegExp(`^POST /containers/${ids.job}/start`), from);
    await engine.until(new RegExp(`^POST /containers/${ids.web}/start`), from);
    await sleep(300);
    const starts = engine.made(/^POST \/containers\/.*\/start/, from);
    expect(starts[0]).toBe(`POST /containers/${P}/start`);
    expect(starts.filter((s) => s.includes(ids.once) || s.includes(ids.init))).toEqual([]);
    expect(pause.at).toBeGreaterThan(0);
    await logged(p, /pause aaaaaaaaaaaa died; started in \d+ ms/);
    await logged(p, /member once exited 137; restartPolicy Never: left stopped/);
  });

  const count = (re: RegExp) => (p.stderr().match(new RegExp(re.source, "g")) ?? []).length;
  const died = () => count(/pause aaaaaaaaaaaa died; started in \d+ ms/);
  const healed = /member (web|job|side) \([0-9a-f]{12}\) exited 137, pause restarted; started in \d+ ms/;
  /** Waits until the podlet has logged `re` `n` times. */
  const loggedTimes = async (re: RegExp, n: number) => {
    for (const end = Date.now() + 5_000; count(re) < n && Date.now() < end; ) await sleep(10);
    expect(count(re)).toBe(n);
  };
  /** The kernel killed pause and its members (shared PID namespace); their die events are not sent yet. */
  const killPod = () => {
    for (const id of [P, ids.web, ids.job, ids.side]) Object.assign(engine.containers.get(id)!, { running: false, exitCode: 137, finishedAt: iso() });
  };

  test("pause's die event read after a member's stamped later (dockerd stamps events before publishing them): pause is started at once; the members together", async () => {
    await engine.until(/^GET \/containers\/json\?all=1/, engine.calls.length, 6_000); // a reconcile ran: the next is 5 s away
    const [from, before, members] = [engine.calls.length, died(), count(healed)];
    engine.startDelayMs = 300;
    try {
      killPod();
      const t = BigInt(Date.now()) * 1_000_000n;
      engine.emit("die", ids.web, { exitCode: "137" }, t + 2_000_000n);
      engine.emit("die", P, { exitCode: "137" }, t);
      engine.emit("die", ids.job, { exitCode: "137" }, t + 1_000_000n);
      await engine.until(new RegExp(`^POST /containers/${P}/start`), from, 1_000);
      const web = await engine.until(new RegExp(`^POST /containers/${ids.web}/start`), from);
      const job = await engine.until(new RegExp(`^POST /containers/${ids.job}/start`), from);
      const side = await engine.until(new RegExp(`^POST /containers/${ids.side}/start`), from);
      // All asked for before any start (300 ms each) was answered.
      expect(Math.max(web.at, job.at, side.at) - Math.min(web.at, job.at, side.at)).toBeLessThan(150);
      await loggedTimes(healed, members + 3);
    } finally {
      engine.startDelayMs = 0;
    }
    expect(died()).toBe(before + 1);
    expect(p.stderr()).not.toMatch(/was not running/);
  });

  test("a pause death the periodic reconcile finds before its die event is logged as a death too; the late event changes nothing", async () => {
    const [from, before, members] = [engine.calls.length, died(), count(healed)];
    killPod();
    const t = BigInt(Date.now()) * 1_000_000n;
    await engine.until(new RegExp(`^POST /containers/${P}/start`), from, 6_000);
    await loggedTimes(healed, members + 3);
    engine.emit("die", P, { exitCode: "137" }, t);
    engine.emit("die", ids.web, { exitCode: "137" }, t);
    await sleep(500);
    // One start each; the kills pause's start sends its members (believed running, no die event
    // read yet) were answered 409 (dead already) and changed nothing.
    expect(engine.made(/^POST \/containers\/.*\/start/, from).sort()).toEqual([P, ids.web, ids.job, ids.side].map((id) => `POST /containers/${id}/start`).sort());
    expect(p.stderr()).not.toMatch(/kill SIGKILL failed|after a stop or kill through the API/);
    expect(died()).toBe(before + 1);
    expect(p.stderr()).not.toMatch(/was not running/);
  });

  test("pause dies alone (members in their own PID namespaces, still running in the old network): their kills go out with pause's start, they start once it has, and those kills are not API stops", async () => {
    await engine.until(/^GET \/containers\/json\?all=1/, engine.calls.length, 6_000); // a reconcile ran: the next is 5 s away
    const [from, before] = [engine.calls.length, died()];
    const stale = /member (web|job|side) \([0-9a-f]{12}\) exited 137, pause restarted; started in \d+ ms/;
    const restarted = count(stale);
    engine.startDelayMs = 300;
    try {
      engine.crash(P);
      const start = await engine.until(new RegExp(`^POST /containers/${P}/start`), from, 2_000);
      const kills = await Promise.all([ids.web, ids.job, ids.side].map((id) => engine.until(new RegExp(`^POST /containers/${id}/kill\\?signal=SIGKILL`), from, 2_000)));
      // Sent with pause's start, not after its answer (300 ms).
      for (const k of kills) expect(Math.abs(k.at - start.at)).toBeLessThan(150);
      const starts = await Promise.all([ids.web, ids.job, ids.side].map((id) => engine.until(new RegExp(`^POST /containers/${id}/start`), from, 2_000)));
      for (const m of starts) expect(m.at).toBeGreaterThanOrEqual(start.at + 300);
      await loggedTimes(stale, restarted + 3);
    } finally {
      engine.startDelayMs = 0;
    }
    await sleep(500); // the kills' kill and die events are read
    for (const id of [ids.web, ids.job, ids.side]) expect(engine.containers.get(id)!.running).toBe(true);
    expect(p.stderr()).not.toMatch(/after a stop or kill through the API|runs in the old pause's namespaces/);
    expect(died()).toBe(before + 1);
  });

  test("a stop through the API is left alone, until the container is started again", async () => {
    const from = engine.calls.length;
    engine.stop(ids.web);
    await logged(p, /member web \(bbbbbbbbbbbb\) exited 143 after a stop or kill through the API: left stopped/);
    await sleep(600);
    expect(engine.made(new RegExp(`^POST /containers/${ids.web}/start`), from)).toEqual([]);
    engine.start(ids.web);
    engine.containers.get(P)!.startedAt = iso(60_000);
    engine.containers.get(ids.web)!.startedAt = iso(20_000); // it then ran 20 s, in this pause
    engine.crash(ids.web);
    const restarted = await engine.until(new RegExp(`^POST /containers/${ids.web}/start`), from);
    expect(restarted.at).toBeGreaterThan(0);
    await logged(p, /member web \(bbbbbbbbbbbb\) exited \(exit 137\) after 20\.\d s; started in \d+ ms/);
  });

  test("a member crashing right after its start: crash-loop back-off 0.5 s, then 1 s", async () => {
    for (const wait of [500, 1000]) {
      const from = engine.calls.length;
      await sleep(100);
      const crashed = Date.now();
      engine.crash(ids.job, 1);
      const start = await engine.until(new RegExp(`^POST /containers/${ids.job}/start`), from, 5_000);
      expect(start.at - crashed).toBeGreaterThanOrEqual(wait - 50);
      expect(start.at - crashed).toBeLessThan(wait + 600);
    }
    await logged(p, /member job \(cccccccccccc\) exited \(exit 1\) after 0\.\d s; restarting in 1\.0 s \(crash-loop back-off\)/);
  });

  test("a new member is picked up; its liveness probe runs by exec and, failing, restarts it with its stop signal", async () => {
    const from = engine.calls.length;
    const probe = { exec: ["probe", "tcp", "127.0.0.1", "80"], initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 2, successThreshold: 1 };
    engine.add({ Id: ids.live, ...member("live", "Always", { "org.docker-pod.liveness": JSON.stringify(probe) }), startedAt: iso() });
    engine.emit("create", ids.live);
    engine.emit("start", ids.live);
    await engine.until(/^exec \["probe","tcp","127.0.0.1","80"\]/, from);
    expect(engine.made(/^POST \/containers\/.*\/kill/, from)).toEqual([]); // passing
    engine.containers.get(ids.live)!.execExit = 1;
    await engine.until(new RegExp(`^POST /containers/${ids.live}/kill\\?signal=SIGQUIT`), from, 5_000);
    await logged(p, /member live: liveness probe failed \(2\/2\): exit 1/);
    await logged(p, /member live \(333333333333\) liveness probe failed 2 times in a row; restarting it \(SIGQUIT, SIGKILL after 1 s\)/);
    await engine.until(new RegExp(`^POST /containers/${ids.live}/start`), from, 5_000);
    engine.containers.get(ids.live)!.execExit = 0;
  });

  test("its log reads as the pod's events (docker-pod describe pod): every line has a reason, restarts and exits are counted", () => {
    const stamped = p
      .stderr()
      .split("\n")
      .filter(Boolean)
      .map((line, i) => `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}.000000000Z ${line}`)
      .join("\n");
    const events = parsePodletLog(stamped);
    expect(events.length).toBe(p.stderr().split("\n").filter(Boolean).length);
    expect(events.filter((e) => e.reason === "Podlet").map((e) => e.message)).toEqual([]);
    expect(events.find((e) => e.reason === "SandboxChanged")).toMatchObject({ subject: { kind: "pause", id12: "aaaaaaaaaaaa" }, restart: true });
    expect(events.filter((e) => e.restart && e.subject.name === "job").length).toBeGreaterThanOrEqual(3);
    expect(events.find((e) => e.reason === "BackOff")).toMatchObject({ subject: { kind: "member", name: "job", id12: "cccccccccccc" }, exitCode: 1 });
    expect(events.find((e) => e.reason === "Unhealthy")).toMatchObject({ subject: { kind: "member", name: "live" } });
    expect(events.find((e) => e.reason === "Killing" && e.subject.name === "live")).toMatchObject({ subject: { kind: "member", name: "live", id12: "333333333333" } });
    expect(events.find((e) => e.reason === "Stopped" && e.subject.name === "web")).toMatchObject({ exitCode: 143, restart: false });
  });

  test("SIGTERM: one line, exit status 0", async () => {
    p.child.kill("SIGTERM");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toMatch(/podlet: got SIGTERM, exiting\n$/);
  });
});

describe("hostile answers (found by fuzzing: native/fuzz/corpus/*/crash-*)", () => {
  test("a StartedAt past 2262 reads as no time (it overflowed nanoseconds): the podlet goes on and heals pause", async () => {
    const engine = new Engine();
    await engine.listen();
    const P = hex("6");
    engine.add({ Id: P, labels: { "org.docker-pod.pod": "far", "org.docker-pod.role": "pause" }, startedAt: "9999-12-31T23:59:59.999999999Z" });
    const p = runPodlet(engine, P);
    try {
      await logged(p, /looking after pod far/);
      await engine.until(new RegExp(`GET /containers/${P}/json`));
      const from = engine.calls.length;
      engine.crash(P);
      await engine.until(new RegExp(`POST /containers/${P}/start`), from);
      await logged(p, /pause 666666666666 died; started in \d+ ms/);
      expect(p.child.exitCode).toBeNull();
    } finally {
      p.child.kill("SIGKILL");
      await p.exited;
      await engine.close();
    }
  });
});

describe("service mode: a Service's name on its network", () => {
  const pause = (pod: string, labels: Record<string, string>) => ({ "org.docker-pod.pod": pod, "org.docker-pod.role": "pause", ...labels });
  const ids = { fresh: hex("4"), joined: hex("5"), other: hex("6"), stopped: hex("7"), member: hex("8"), later: hex("9"), created: hex("0") };
  let engine: Engine;
  let p: Proc;

  test.each([[["service"]], [["service", "db"]], [["service", "db", "appnet"]]])("bad usage %j: exit 64", async (args) => {
    const q = runPodlet(undefined, ...(args as string[]));
    expect(await q.exited).toEqual({ code: 64, signal: null });
    expect(q.stderr()).toBe("usage: podlet service NAME NETWORK KEY=VALUE...\n");
  });

  test("a selector that is not KEY=VALUE: exit 64", async () => {
    const q = runPodlet(undefined, "service", "db", "appnet", "app");
    expect(await q.exited).toEqual({ code: 64, signal: null });
    expect(q.stderr()).toBe("podlet: selector app is not KEY=VALUE\n");
  });

  beforeAll(async () => {
    engine = new Engine();
    await engine.listen();
    engine.add({ Id: ids.fresh, labels: pause("fresh", { app: "db", tier: "back" }) });
    engine.add({ Id: ids.joined, labels: pause("joined", { app: "db", tier: "back" }), networks: { appnet: ["joined", "primary"] } });
    engine.add({ Id: ids.other, labels: pause("other", { app: "web", tier: "back" }) });
    engine.add({ Id: ids.stopped, labels: pause("stopped", { app: "db", tier: "back" }), running: false });
    engine.add({ Id: ids.member, labels: { "org.docker-pod.pod": "fresh", "org.docker-pod.role": "member", app: "db", tier: "back" } });
    p = runPodlet(engine, "service", "db", "appnet", "app=db", "tier=back");
    await logged(p, /pod joined \(555555555555\) answers to db on network appnet \(endpoint renewed\)/);
  });

  afterAll(async () => {
    p.child.kill("SIGKILL");
    await p.exited;
    await engine.close();
  });

  test("at start, every running matching pause gets the name: connected with it, or reconnected keeping its aliases", async () => {
    await logged(p, /pod fresh \(444444444444\) answers to db on network appnet\n/);
    expect(p.stderr()).toMatch(/^podlet: podlet [^ ]+ giving service db to pods with 2 selector labels on network appnet \(eeeeeeeeeeee\)\n/);
    expect(engine.made(/^(connect|disconnect) /)).toEqual(expect.arrayContaining([
      `connect ${ids.fresh} ["db"]`,
      `disconnect ${ids.joined} null`,
      `connect ${ids.joined} ["joined","primary","db"]`,
    ]));
    expect(engine.made(new RegExp(`${ids.other}|${ids.stopped}|${ids.member}`)).filter((c) => /^(connect|disconnect)/.test(c))).toEqual([]);
    expect(JSON.parse(engine.made(/^GET \/events/)[0].split("filters=")[1])).toEqual({ type: ["container"], event: ["start"] });
  });

  test("a matching pause that starts later gets the name at once", async () => {
    const from = engine.calls.length;
    engine.add({ Id: ids.later, labels: pause("later", { app: "db", tier: "back" }) });
    engine.emit("start", ids.later);
    await engine.until(new RegExp(`^connect ${ids.later} \\["db"\\]`), from, 2_000);
  });

  test("a pause just started on the network by itself is renewed with the name only after 5 s (Pulumi reads it first)", async () => {
    const from = engine.calls.length;
    engine.add({ Id: ids.created, labels: pause("created", { app: "db", tier: "back" }), startedAt: iso(), networks: { appnet: ["created"] } });
    engine.emit("start", ids.created);
    await sleep(1_500);
    expect(engine.made(new RegExp(`^(connect|disconnect) ${ids.created}`), from)).toEqual([]);
    const renewed = await engine.until(new RegExp(`^connect ${ids.created} \\["created","db"\\]`), from, 12_000);
    expect(renewed.at - Date.parse(engine.containers.get(ids.created)!.startedAt)).toBeGreaterThanOrEqual(5_000);
    expect(engine.made(/^(connect|disconnect) /, from).filter((c) => c.includes(ids.created))).toEqual([`disconnect ${ids.created} null`, `connect ${ids.created} ["created","db"]`]);
  });

  test("the periodic reconcile puts back a name that was lost", async () => {
    const from = engine.calls.length;
    engine.containers.get(ids.fresh)!.networks = {};
    await engine.until(new RegExp(`^connect ${ids.fresh} \\["db"\\]`), from, 7_000);
  });

  test("SIGTERM: the name comes off every pod (own endpoints kept with their aliases), exit 0", async () => {
    const from = engine.calls.length;
    p.child.kill("SIGTERM");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(engine.made(/^(connect|disconnect) /, from).sort()).toEqual([
      `connect ${ids.created} ["created"]`,
      `connect ${ids.joined} ["joined","primary"]`,
      `disconnect ${ids.created} null`,
      `disconnect ${ids.fresh} null`,
      `disconnect ${ids.joined} null`,
      `disconnect ${ids.later} null`,
    ].sort());
    expect(engine.containers.get(ids.fresh)!.networks).toEqual({});
    expect(engine.containers.get(ids.joined)!.networks).toEqual({ appnet: ["joined", "primary"] });
    expect(p.stderr()).toMatch(/stopping: taking db off the pods on network appnet\n/);
  });
});

describe("one-shot modes: the engine check, the engine facts and the hook runs", () => {
  let engine: Engine;
  const web = hex("b");
  beforeEach(async () => {
    engine = new Engine();
    await engine.listen();
    engine.add({ Id: web, execExit: 7 });
  });
  afterEach(() => engine.close());

  test("check: 0 when the socket leads to the engine running the caller", async () => {
    engine.runsCaller = true;
    const p = runPodlet(engine, "check", "/run/user/1000/docker.sock");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe("podlet: the Docker engine at /run/user/1000/docker.sock answers\n");
  });

  test("check: 3 naming the socket when it leads to another engine", async () => {
    const p = runPodlet(engine, "check", "/var/run/docker.sock");
    expect(await p.exited).toEqual({ code: 3, signal: null });
    expect(p.stderr()).toMatch(/^podlet: the socket \/var\/run\/docker\.sock leads to another Docker engine than the one running this pod/);
  });

  test("check: 3 naming the socket when nothing listens there", async () => {
    const p = runPodlet(undefined, "check", "/srv/engine.sock");
    expect(await p.exited).toEqual({ code: 3, signal: null });
    expect(p.stderr()).toBe("podlet: cannot reach the Docker engine through the socket /srv/engine.sock: No such file or directory\n");
  });

  test("image-user: the image's Config.User on this engine, root as empty", async () => {
    engine.images.set("docker-pod/app:1", { User: "1000:1000" });
    engine.images.set("registry.local:5000/team/base@sha256:abc", { User: null });
    let p = runPodlet(engine, "image-user", "docker-pod/app:1");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe("user=1000:1000\n");
    p = runPodlet(engine, "image-user", "registry.local:5000/team/base@sha256:abc");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe("user=\n");
    expect(engine.made(/images\/create/)).toEqual([]);
  });

  test("image-user: an image the engine lacks is pulled by name and tag (latest when none), then read", async () => {
    engine.pullable.set("team/app:latest", { User: "app" });
    const p = runPodlet(engine, "image-user", "team/app");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe("user=app\n");
    expect(engine.made(/images/)).toEqual(["GET /images/team/app/json", "POST /images/create?fromImage=team/app&tag=latest", "GET /images/team/app/json"]);
  });

  test("image-user: 1 naming the image when it cannot be pulled, or is no image reference", async () => {
    let p = runPodlet(engine, "image-user", "team/missing:2");
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stderr()).toBe("podlet: image team/missing:2 is not on the engine and pulling it failed: pull access denied for team/missing\n");
    p = runPodlet(engine, "image-user", "app?x=1");
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stderr()).toBe("podlet: app?x=1 is not an image reference\n");
  });

  test("node-info: the engine's host name, CPUs and memory", async () => {
    let p = runPodlet(engine, "node-info");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe("name=engine-host\nncpu=6\nmemory=8254000000\n");
    p = runPodlet(undefined, "node-info");
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stderr()).toBe("podlet: cannot read the engine's information: Docker API unreachable\n");
  });

  test("exec: runs the argv in the container, relays both streams, exits with its exit code", async () => {
    const p = runPodlet(engine, "exec", web, "5", JSON.stringify(["sh", "-c", "echo 'it''s up'"]));
    expect(await p.exited).toEqual({ code: 7, signal: null });
    expect(p.stderr()).toBe("to stdout\nto stderr\n");
    expect(engine.made(/^exec /)).toEqual([`exec ${JSON.stringify(["sh", "-c", "echo 'it''s up'"])}`]);
  });

  test("exec: 125 naming the container when the API refuses", async () => {
    const p = runPodlet(engine, "exec", hex("6"), "5", '["true"]');
    expect(await p.exited).toEqual({ code: 125, signal: null });
    expect(p.stderr()).toBe(`podlet: exec in container ${hex("6").slice(0, 12)} failed: No such container: ${hex("6")}\n`);
  });

  test("pre-stop: nothing until SIGTERM, then the hook in the container, exit 0", async () => {
    const p = runPodlet(engine, "pre-stop", web, "3", '["nginx","-s","quit"]');
    await logged(p, /armed/);
    await sleep(200);
    expect(engine.made(/exec/)).toEqual([]);
    p.child.kill("SIGTERM");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(engine.made(/^exec /)).toEqual(['exec ["nginx","-s","quit"]']);
    expect(p.stderr()).toMatch(/running the preStop hook of container b{12} \(at most 3 s\)\nto stdout\nto stderr\npodlet: preStop hook of container b{12}: exit 7\n$/);
  });
});
