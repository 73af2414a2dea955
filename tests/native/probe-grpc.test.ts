/**
 * The probe helper's grpc mode (native/build/probe grpc), run from outside: against grpc-go's own
 * grpc.health.v1 server (tests/fixtures/grpc-health, built by scripts/setup/grpc-health.sh) for
 * what the kubelet's grpc probe means (SERVING is success; NOT_SERVING, an unknown service, no
 * health service, a closed port, a silent server are failures, the last within -t), and against
 * Node's own HTTP/2 server for the exact request it sends and the frames it must cope with
 * (PING, padding, split messages, trailers-only answers, resets).
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as http2 from "http2";
import * as net from "net";
import * as path from "path";
import { build, packageVersion } from "./built";
import { listening, run } from "./probe-run";


jest.setTimeout(60_000);


// --- grpc-go's health server ------------------------------------------------------------------

let grpcHealth: string;
const servers: ChildProcess[] = [];

/** Starts grpc-health with args on a free port; resolves with its port once it listens. */
function grpcServer(...args: string[]): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(grpcHealth, ["-port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.on("exit", (code) => reject(new Error(`grpc-health exited (${code}) before listening: ${out}`)));
  });
}

/** Sends sig to a grpc-health and waits for the status line it prints in answer. */
function flip(child: ChildProcess, sig: "SIGUSR1" | "SIGUSR2"): Promise<void> {
  const want = sig === "SIGUSR1" ? "status NOT_SERVING" : "status SERVING";
  return new Promise((resolve) => {
    const on = (d: Buffer) => {
      if (d.toString().includes(want)) {
        child.stdout!.off("data", on);
        resolve();
      }
    };
    child.stdout!.on("data", on);
    child.kill(sig);
  });
}

let serving: number;
let notServing: number;
let noHealth: number;
let servingChild: ChildProcess;

beforeAll(async () => {
  build("probe");
  const out = execFileSync("bash", [path.resolve(__dirname, "../../scripts/setup/grpc-health.sh")], { encoding: "utf8" });
  grpcHealth = out.trim().split("\n").pop() ?? "";
  if (!grpcHealth) throw new Error("grpc-health could not be built: see scripts/setup/grpc-health.sh's messages");
  ({ port: serving, child: servingChild } = await grpcServer("-service", "shop.Cart"));
  ({ port: notServing } = await grpcServer("-status", "NOT_SERVING", "-service", "shop.Cart"));
  ({ port: noHealth } = await grpcServer("-no-health"));
});

afterAll(() => {
  for (const s of servers) s.kill("SIGKILL");
});

describe("against grpc-go's health server", () => {
  test("the server as a whole (service \"\") SERVING: exit 0, silent", async () => {
    expect(await run("grpc", "127.0.0.1", String(serving))).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });

  test("a named service SERVING: exit 0; a name from /etc/hosts resolves", async () => {
    expect(await run("grpc", "localhost", String(serving), "shop.Cart")).toMatchObject({ code: 0, stderr: "" });
  });

  test.each([[""], ["shop.Cart"]])("NOT_SERVING (service %j): exit 1, with the kubelet's wording", async (service) => {
    const r = await run("grpc", "127.0.0.1", String(notServing), ...(service ? [service] : []));
    expect(r).toMatchObject({ code: 1, stderr: 'probe: service unhealthy (responded with "NOT_SERVING")\n' });
  });

  test("a server that flips to NOT_SERVING fails the next probe, and passes again once SERVING", async () => {
    await flip(servingChild, "SIGUSR1");
    expect((await run("grpc", "127.0.0.1", String(serving), "shop.Cart")).code).toBe(1);
    expect((await run("grpc", "127.0.0.1", String(serving))).code).toBe(1);
    await flip(servingChild, "SIGUSR2");
    expect((await run("grpc", "127.0.0.1", String(serving), "shop.Cart")).code).toBe(0);
  });

  test("an unknown service: exit 1 (the server answers NOT_FOUND, without a status)", async () => {
    const r = await run("grpc", "127.0.0.1", String(serving), "no.Such");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `probe: 127.0.0.1 port ${serving}: the call ended without a health status (an unknown service, or no grpc.health.v1 service)\n`,
    );
  });

  test("a gRPC server without the health service: exit 1", async () => {
    const r = await run("grpc", "127.0.0.1", String(noHealth));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the call ended without a health status/);
  });

  test("-t takes any timeoutSeconds a probe may have (1–86400)", async () => {
    expect((await run("-t", "86400", "grpc", "127.0.0.1", String(serving))).code).toBe(0);
    expect((await run("-t", "86401", "grpc", "127.0.0.1", String(serving))).code).toBe(64);
  });

  test("a closed port: exit 1, naming the error", async () => {
    const server = net.createServer();
    const closed = await listening(server);
    await new Promise((r) => server.close(r));
    const r = await run("grpc", "127.0.0.1", String(closed));
    expect(r).toMatchObject({ code: 1, stderr: `probe: connect to 127.0.0.1 port ${closed}: Connection refused\n` });
  });
});

// --- peers in this process ---------------------------------------------------------------------

describe("against peers in this process", () => {
  const sockets = new Set<net.Socket>();
  let silent: net.Server;
  let silentPort: number;
  let http1: net.Server;
  let http1Port: number;
  let h2: http2.Http2Server;
  let h2Padded: http2.Http2Server;
  let h2Port: number;
  let h2PaddedPort: number;
  /** What the HTTP/2 peers saw, and how the next call is answered. */
  const seen: { headers: http2.IncomingHttpHeaders; body: Buffer }[] = [];
  let answer: (stream: http2.ServerHttp2Stream) => void;
  let pingAcked: Promise<boolean> | undefined;

  /** A gRPC message: not compressed, its length, the bytes. */
  const message = (...bytes: number[]) => Buffer.from([0, 0, 0, 0, bytes.length, ...bytes]);
  const ok = { ":status": 200, "content-type": "application/grpc" };
  const reply = (msg: Buffer) => (stream: http2.ServerHttp2Stream) => {
    stream.respond(ok, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(msg);
  };

  beforeAll(async () => {
    silent = net.createServer((s) => sockets.add(s)); // accepts, never answers
    silentPort = await listening(silent);
    http1 = net.createServer((s) => {
      sockets.add(s);
      s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    http1Port = await listening(http1);
    const onStream = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        seen.push({ headers, body: Buffer.concat(chunks) });
        answer(stream);
      });
    };
    h2 = http2.createServer();
    h2.on("stream", onStream);
    h2.on("session", (session) => {
      if (pingAcked === undefined) return;
      pingAcked = new Promise((resolve) => session.ping(Buffer.from("12345678"), (err) => resolve(!err)));
    });
    h2Port = await listening(h2);
    h2Padded = http2.createServer({ paddingStrategy: http2.constants.PADDING_STRATEGY_MAX });
    h2Padded.on("stream", onStream);
    h2PaddedPort = await listening(h2Padded);
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await Promise.all([silent, http1, h2, h2Padded].map((s) => new Promise((r) => s.close(r))));
  });

  beforeEach(() => {
    seen.length = 0;
    pingAcked = undefined;
  });

  test("sends POST /grpc.health.v1.Health/Check with gRPC's headers and HealthCheckRequest{service}", async () => {
    answer = reply(message(0x08, 1));
    expect((await run("-t", "3", "grpc", "127.0.0.1", String(h2Port), "shop.Cart")).code).toBe(0);
    expect((await run("grpc", "127.0.0.1", String(h2Port))).code).toBe(0);
    expect(seen).toHaveLength(2);
    expect(seen[0].headers).toMatchObject({
      ":method": "POST",
      ":scheme": "http",
      ":path": "/grpc.health.v1.Health/Check",
      ":authority": `127.0.0.1:${h2Port}`,
      "content-type": "application/grpc",
      te: "trailers",
      "user-agent": `docker-pod-probe/${packageVersion}`,
      "grpc-timeout": "3S",
    });
    // field 1 (service), length-delimited: 0x0a, 9, "shop.Cart"; "" is the empty message.
    expect(seen[0].body).toEqual(Buffer.concat([Buffer.from([0, 0, 0, 0, 11, 0x0a, 9]), Buffer.from("shop.Cart")]));
    expect(seen[1].body).toEqual(Buffer.from([0, 0, 0, 0, 0]));
    expect(seen[1].headers["grpc-timeout"]).toBe("10S"); // the default -t
  });

  test("a service name of 200 bytes (a two-byte length) is sent whole", async () => {
    answer = reply(message(0x08, 1));
    const name = "s".repeat(200);
    expect((await run("grpc", "127.0.0.1", String(h2Port), name)).code).toBe(0);
    expect(seen[0].body).toEqual(Buffer.concat([Buffer.from([0, 0, 0, 0, 203, 0x0a, 0xc8, 0x01]), Buffer.from(name)]));
  });

  test("answers the server's PING before the answer (the peer sees the ack)", async () => {
    pingAcked = Promise.resolve(false);
    answer = (stream) => setTimeout(() => reply(message(0x08, 1))(stream), 200);
    expect((await run("grpc", "127.0.0.1", String(h2Port))).code).toBe(0);
    expect(await pingAcked).toBe(true);
  });

  test("a status split over DATA frames, after unknown fields of every wire type: read whole", async () => {
    // field 2 varint 300, field 3 fixed64, field 4 bytes "ab", field 5 fixed32, then status SERVING.
    const msg = message(0x10, 0xac, 0x02, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x22, 2, 0x61, 0x62, 0x2d, 1, 2, 3, 4, 0x08, 1);
    answer = (stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      const bytes = [...msg];
      const next = () => (bytes.length ? stream.write(Buffer.from([bytes.shift()!]), () => setTimeout(next, 2)) : stream.end());
      next();
    };
    expect(await run("grpc", "127.0.0.1", String(h2Port))).toMatchObject({ code: 0, stderr: "" });
  });

  test("padded DATA frames are read past their padding", async () => {
    answer = reply(message(0x08, 1));
    expect((await run("grpc", "127.0.0.1", String(h2PaddedPort))).code).toBe(0);
    answer = reply(message(0x08, 2));
    expect((await run("grpc", "127.0.0.1", String(h2PaddedPort))).code).toBe(1);
  });

  test.each([
    [[], "UNKNOWN"],
    [[0x08, 0], "UNKNOWN"],
    [[0x08, 3], "SERVICE_UNKNOWN"],
    [[0x08, 1, 0x08, 2], "NOT_SERVING"], // the last value of a field wins, as protobuf reads it
    [[0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], "UNKNOWN"], // -1
  ])("status bytes %j: exit 1, responded with %s", async (bytes, name) => {
    answer = reply(message(...bytes));
    const r = await run("grpc", "127.0.0.1", String(h2Port));
    expect(r).toMatchObject({ code: 1, stderr: `probe: service unhealthy (responded with "${name}")\n` });
  });

  test.each([
    ["a compressed message", Buffer.from([1, 0, 0, 0, 2, 0x08, 1])],
    ["a truncated varint", message(0x08, 0x81)],
    ["a field length past the message", message(0x12, 5, 0x61)],
    ["a group", message(0x0b, 0x0c)],
    ["status as bytes", message(0x0a, 1, 1)],
    ["a length over 4096", Buffer.from([0, 0, 0, 0x10, 0x01, 0x08, 1])],
  ])("%s: exit 1, not a HealthCheckResponse", async (_what, msg) => {
    answer = (stream) => {
      stream.respond(ok);
      stream.end(msg);
    };
    const r = await run("grpc", "127.0.0.1", String(h2Port));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/: (the answer is not a grpc\.health\.v1\.HealthCheckResponse|the health answer is too big|the stream ended inside the health answer)\n$/);
  });

  test("a trailers-only answer (grpc-status UNIMPLEMENTED): exit 1", async () => {
    answer = (stream) => stream.respond({ ...ok, "grpc-status": "12", "grpc-message": "unknown service" }, { endStream: true });
    const r = await run("grpc", "127.0.0.1", String(h2Port), "x");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the call ended without a health status/);
  });

  test("a reset stream: exit 1", async () => {
    answer = (stream) => {
      stream.on("error", () => {}); // Node reports the reset it sent as the stream's error
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    };
    expect(await run("grpc", "127.0.0.1", String(h2Port))).toMatchObject({
      code: 1,
      stderr: `probe: 127.0.0.1 port ${h2Port}: the server reset the stream\n`,
    });
  });

  test("an HTTP/1.1 server: exit 1", async () => {
    const r = await run("grpc", "127.0.0.1", String(http1Port));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^probe: 127\.0\.0\.1 port \d+: /);
  });

  test("a server that never answers: exit 2 after -t seconds", async () => {
    const r = await run("-t", "1", "grpc", "127.0.0.1", String(silentPort));
    expect(r).toMatchObject({ code: 2, stderr: "probe: timed out\n" });
    expect(r.ms).toBeGreaterThanOrEqual(900);
    expect(r.ms).toBeLessThan(5_000);
  });
});
