/**
 * `npm run bench:replace`: how long a running pod is interrupted by the two kinds of change a
 * review tells apart, the figures `docker-pod review` quotes (components/review/timings.ts):
 *   (a) one member replaced (its args change): time its port does not answer;
 *   (b) the whole pod restarted (pause replaced: its `hostname` changes): time the pod's host
 *       port does not answer;
 * and, side by side, the docker CLI peer of (a): `docker rm -f` and `docker run` of the same
 * member in the same namespaces, by hand. Each run polls the host port every 20 ms during `up`
 * (or the CLI commands) and reports the gap from the first failed request to the first answer of
 * the new container. Env: RUNS (default 5). Prints figures, asserts nothing.
 */
import { execFileSync } from "child_process";
import { Pod } from "../../components";
import { TestStack, freePort, images, testLabel } from "../../tests/e2e/harness";
import { distribution } from "../../tests/e2e/recovery";

const RUNS = Number(process.env.RUNS ?? 5);
const state = { page: 0, hostname: 0, port: 0 };
const serve = (page: number) => `mkdir -p /www && echo page-${page} > /www/index.html && exec httpd -f -p 80 -h /www`;

/** Polls `url` until it answers `want` after at least one failure; returns the gap in seconds. */
async function gap(url: string, want: string, change: () => Promise<void>): Promise<number | undefined> {
  let firstFail: number | undefined;
  let back: number | undefined;
  let done = false;
  let deadline = Infinity;
  const poll = (async () => {
    while (!done || (firstFail !== undefined && back === undefined)) {
      const start = Date.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(500) });
        const body = await res.text();
        if (res.ok && body.trim() === want && firstFail !== undefined && back === undefined) back = Date.now();
        if (!res.ok && firstFail === undefined) firstFail = start;
      } catch {
        if (firstFail === undefined) firstFail = start;
      }
      if (done && Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await change();
  deadline = Date.now() + 30_000;
  done = true;
  await poll;
  return firstFail !== undefined && back !== undefined ? (back - firstFail) / 1000 : undefined;
}

async function main(): Promise<void> {
  state.port = await freePort();
  const t: TestStack = await TestStack.create("bench-replace", async () => {
    new Pod("benchR", {
      hostname: `bench-${state.hostname}`,
      containers: [{ name: "web", image: images.busybox, command: ["sh", "-c"], args: [serve(state.page)], ports: [{ containerPort: 80, hostPort: state.port }] }],
      terminationGracePeriodSeconds: 1,
      labels: t.labels,
    });
  });
  const url = `http://127.0.0.1:${state.port}/`;
  const member: (number | undefined)[] = [];
  const pod: (number | undefined)[] = [];
  const cli: (number | undefined)[] = [];
  try {
    await t.up();
    for (let i = 0; i < RUNS; i++) {
      state.page++;
      member.push(await gap(url, `page-${state.page}`, async () => void (await t.up())));
      state.hostname++;
      pod.push(await gap(url, `page-${state.page}`, async () => void (await t.up())));
    }
  } finally {
    await t.dispose();
  }
  // The docker CLI peer of (a): a sleeping infra container publishing the port, and the same
  // member removed (docker rm -f) and run again (docker run) in its namespaces.
  const cliPort = await freePort();
  const infra = `bench-replace-infra-${t.id}`;
  const web = `bench-replace-web-${t.id}`;
  const run = (page: number) =>
    execFileSync("docker", ["run", "-d", "--name", web, "--label", `${testLabel}=${t.id}`, `--network=container:${infra}`, "--entrypoint", "sh", images.busybox, "-c", serve(page)]);
  try {
    execFileSync("docker", ["run", "-d", "--name", infra, "--label", `${testLabel}=${t.id}`, "-p", `${cliPort}:80`, images.busybox, "sleep", "3600"]);
    run(0);
    for (let i = 1; i <= RUNS; i++) {
      cli.push(
        await gap(`http://127.0.0.1:${cliPort}/`, `page-${i}`, async () => {
          execFileSync("docker", ["rm", "-f", web]);
          run(i);
        }),
      );
    }
  } finally {
    execFileSync("docker", ["rm", "-f", web, infra]);
  }
  const row = (label: string, times: (number | undefined)[]) => {
    const d = distribution(times);
    const f = (s: number) => `${s.toFixed(2)} s`;
    console.log(`| ${label} | ${f(d.min)} | ${f(d.median)} | ${f(d.max)} | ${d.failed}/${times.length} |`);
  };
  console.log(`\nInterruption while up replaces (${RUNS} runs each; gap from the first failed request to the first answer of the new container):\n`);
  console.log("| change | min | median | max | no gap seen / no answer |");
  console.log("| --- | --- | --- | --- | --- |");
  row("(a) one member replaced (Pod, pulumi up)", member);
  row("(b) whole pod restarted (pause replaced, pulumi up)", pod);
  row("docker CLI peer of (a): docker rm -f + docker run", cli);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
