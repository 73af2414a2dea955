/**
 * The probe helper (native/build/probe), run from outside against servers in this process: tcp
 * and http checks (grpc: probe-grpc.test.ts), the 200–399 rule, the request it sends, its timeout, and every exit status
 * (0 success, 1 failure, 2 timeout, 64 usage).
 */
import * as http from "http";
import * as net from "net";
import { build, packageVersion } from "./built";
import { listening, run } from "./probe-run";

const version = packageVersion;

jest.setTimeout(30_000);

beforeAll(() => {
  build("probe");
});


let web: http.Server;
let webPort: number;
const seen: http.IncomingMessage[] = [];
const sockets = new Set<net.Socket>();
let silent: net.Server;
let silentPort: number;
let garbage: net.Server;
let garbagePort: number;

beforeAll(async () => {
  web = http.createServer((req, res) => {
    seen.push(req);
    const code = Number(/^\/status\/(\d+)$/.exec(req.url ?? "")?.[1] ?? 200);
    res.writeHead(code, { "content-type": "text/plain" });
    res.end("ok\n");
  });
  webPort = await listening(web);
  silent = net.createServer((s) => sockets.add(s)); // accepts, never answers
  silentPort = await listening(silent);
  garbage = net.createServer((s) => {
    sockets.add(s);
    s.end("hello there\n");
  });
  garbagePort = await listening(garbage);
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  web.closeAllConnections();
  await Promise.all([web, silent, garbage].map((s) => new Promise((r) => s.close(r))));
});

test("-v prints the version line and exits 0", async () => {
  expect(await run("-v")).toMatchObject({ code: 0, stdout: `probe ${version}\n`, stderr: "" });
});

test.each([
  [[]],
  [["tcp"]],
  [["tcp", "127.0.0.1"]],
  [["tcp", "127.0.0.1", "0"]],
  [["tcp", "127.0.0.1", "65536"]],
  [["tcp", "127.0.0.1", "80x"]],
  [["tcp", "127.0.0.1", "80", "/extra"]],
  [["http", "127.0.0.1", "80", "no-slash"]],
  [["http", "127.0.0.1", "80", "/", "no-colon"]],
  [["http", "127.0.0.1", "80", "/", ": no name"]],
  [["http", "127.0.0.1", "80", "/", "Bad Name: x"]],
  [["http", "127.0.0.1", "80", "/", "X-A: b\r\nInjected: 1"]],
  [["udp", "127.0.0.1", "80"]],
  [["-t", "0", "tcp", "127.0.0.1", "80"]],
  [["-t", "x", "tcp", "127.0.0.1", "80"]],
  [["http", "", "80"]],
  [["grpc", "127.0.0.1", "80", "svc", "extra"]],
  [["grpc", "127.0.0.1", "0"]],
])("usage error %j: exit 64 with the usage lines", async (args) => {
  const r = await run(...(args as string[]));
  expect(r.code).toBe(64);
  expect(r.stderr).toMatch(
    /^usage: probe \[-t SECONDS\] tcp HOST PORT\n {7}probe \[-t SECONDS\] http HOST PORT \[PATH \[HEADER\.\.\.\]\]\n {7}probe \[-t SECONDS\] grpc HOST PORT \[SERVICE\]\n$/,
  );
});

describe("tcp", () => {
  test("a listening port: exit 0, silent", async () => {
    expect(await run("tcp", "127.0.0.1", String(webPort))).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });

  test("a closed port: exit 1, naming the error", async () => {
    const server = net.createServer();
    const closed = await listening(server);
    await new Promise((r) => server.close(r));
    const res = await run("tcp", "127.0.0.1", String(closed));
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`probe: connect to 127.0.0.1 port ${closed}: Connection refused\n`);
  });

  test("a name from /etc/hosts resolves", async () => {
    expect((await run("tcp", "localhost", String(webPort))).code).toBe(0);
  });
});

describe("http", () => {
  test.each([200, 204, 301, 302, 399])("status %d: success (exit 0)", async (code) => {
    expect(await run("http", "127.0.0.1", String(webPort), `/status/${code}`)).toMatchObject({ code: 0, stderr: "" });
  });

  test.each([400, 404, 500, 503])("status %d: failure (exit 1) naming the status and URL", async (code) => {
    const r = await run("http", "127.0.0.1", String(webPort), `/status/${code}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`probe: HTTP ${code} from http://127.0.0.1:${webPort}/status/${code}\n`);
  });

  test("sends one HTTP/1.0 GET of the path (default /) with Host HOST:PORT", async () => {
    seen.length = 0;
    expect((await run("http", "127.0.0.1", String(webPort))).code).toBe(0);
    expect((await run("http", "127.0.0.1", String(webPort), "/healthz?x=1")).code).toBe(0);
    expect(seen.map((r) => [r.method, r.url, r.httpVersion, r.headers.host])).toEqual([
      ["GET", "/", "1.0", `127.0.0.1:${webPort}`],
      ["GET", "/healthz?x=1", "1.0", `127.0.0.1:${webPort}`],
    ]);
    expect(seen[0].headers["user-agent"]).toBe(`docker-pod-probe/${version}`);
  });

  test("sends the httpHeaders given; a Host, User-Agent or Accept among them replaces the default", async () => {
    seen.length = 0;
    expect((await run("http", "127.0.0.1", String(webPort), "/h", "X-Custom: yes", "host: example.test", "Accept: application/json")).code).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers).toMatchObject({ "x-custom": "yes", host: "example.test", accept: "application/json", "user-agent": `docker-pod-probe/${version}` });
    expect(seen[0].rawHeaders.filter((h) => /^(host|accept)$/i.test(h))).toHaveLength(2); // once each
  });

  test("an answer that is not HTTP: exit 1", async () => {
    const r = await run("http", "127.0.0.1", String(garbagePort));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`probe: no HTTP answer from 127.0.0.1 port ${garbagePort}\n`);
  });

  // Found by fuzzing (native/fuzz/corpus/probe/crash-*): the status line was read past the bytes
  // received when the answer ended within it.
  test.each([
    ["cut short after HTTP/", "HTTP/"],
    ["cut short within the status", "HTTP/1.1 2"],
    ["a status of four digits", "HTTP/1.1 2000 OK\r\n\r\n"],
    ["a status below 100", "HTTP/1.1 099 Odd\r\n\r\n"],
  ])("an answer %s is no HTTP answer: exit 1", async (_what, answer) => {
    const mine = new Set<net.Socket>();
    const server = net.createServer((s) => {
      mine.add(s);
      s.end(answer);
    });
    const port = await listening(server);
    try {
      const r = await run("http", "127.0.0.1", String(port));
      expect(r).toMatchObject({ code: 1, stderr: `probe: no HTTP answer from 127.0.0.1 port ${port}\n` });
    } finally {
      for (const s of mine) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  test("a server that never answers: exit 2 after -t seconds", async () => {
    const r = await run("-t", "1", "http", "127.0.0.1", String(silentPort), "/");
    expect(r).toMatchObject({ code: 2, stderr: "probe: timed out\n" });
    expect(r.ms).toBeGreaterThanOrEqual(900);
    expect(r.ms).toBeLessThan(5_000);
  });

  test("a name that does not resolve: exit 1", async () => {
    const r = await run("-t", "10", "http", "nosuch.invalid", "80");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^probe: nosuch\.invalid: /);
  });
});
