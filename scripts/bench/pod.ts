/**
 * `npm run bench:pod`: time from nothing to serving for the same pod (pause + nginx proxying to a
 * busybox httpd app, healed by a podlet) brought up three ways, side by side in one run:
 *   (a) the Pod component, (b) the same resources written by hand with @pulumi/docker, both as
 *   Automation API inline programs run the way `npm run up` runs them (one `pulumi up` process,
 *   cli/inline-operation.ts), (c) the raw docker CLI recipe.
 * Runs alternate a, b, c; each is timed from the start of `up` (or the first `docker run`) to the
 * first HTTP 200 on the host port, then torn down (not timed). Env: RUNS (default 7).
 * Prints figures, asserts nothing.
 */
import { execFileSync } from "child_process";
import * as docker from "@pulumi/docker";
import { Pod } from "../../components";
import { runInline } from "../../cli/inline-operation";
import { dockerPlatform, pauseBuild } from "../../components/pause-image";
import { TestStack, freePort, images, testLabel, waitForHttp } from "../../tests/e2e/harness";
import { distribution } from "../../tests/e2e/recovery";

const RUNS = Number(process.env.RUNS ?? 7);
const site = "server { listen 80; location / { proxy_pass http://127.0.0.1:2368; } }";
const nginxCmd = `printf '%s\\n' "$SITE" > /etc/nginx/sites-enabled/default && exec nginx -g 'daemon off;'`;
const appCmd = "mkdir -p /www && echo bench > /www/index.html && exec httpd -f -p 127.0.0.1:2368 -h /www";

interface Setup {
  name: string;
  /** Host port the pod publishes nginx on. */
  port: number;
  up: () => Promise<void>;
  down: () => Promise<void>;
  times: number[];
}

async function componentSetup(port: number): Promise<Setup> {
  const t: TestStack = await TestStack.create("bench-pod-a", async () => {
    new Pod("benchA", {
      containers: [
        { name: "nginx", image: images.nginx, command: ["sh", "-c"], args: [nginxCmd], env: [{ name: "SITE", value: site }], ports: [{ containerPort: 80, hostPort: port }] },
        { name: "app", image: images.busybox, command: ["sh", "-c"], args: [appCmd] },
      ],
      labels: t.labels,
    });
  });
  return { name: "(a) Pod component", port, up: () => runInline(t.stack, "up"), down: () => runInline(t.stack, "destroy"), times: [] };
}

async function handWrittenSetup(port: number): Promise<Setup> {
  const build = pauseBuild();
  const t: TestStack = await TestStack.create("bench-pod-b", async () => {
    const labels = Object.entries(t.labels).map(([label, value]) => ({ label, value }));
    const image = new docker.Image("benchB-pause-image", {
      imageName: `docker-pod/pause:${build.digest.slice(0, 12)}`,
      build: { context: build.context, dockerfile: build.dockerfile, platform: dockerPlatform() },
      skipPush: true,
    });
    const pause = new docker.Container("benchB-pause", {
      image: image.imageName, networkMode: "bridge", ipcMode: "shareable", ports: [{ internal: 80, external: port }],
      user: "65535:65535", readOnly: true, capabilities: { drops: ["ALL"] }, securityOpts: ["no-new-privileges:true"],
      restart: "no", labels,
    }, { deleteBeforeReplace: true });
    const join = pause.id.apply((id) => `container:${id}`);
    const member = (name: string, image: string, args: string[], envs: string[] = []) => new docker.Container(name, {
      image, entrypoints: ["sh", "-c"], command: args, envs, networkMode: join, ipcMode: join, pidMode: join,
      restart: "no", stopTimeout: 30, destroyGraceSeconds: 30, labels,
    }, { dependsOn: [pause], deleteBeforeReplace: true });
    const nginx = member("benchB-nginx", images.nginx, [nginxCmd], [`SITE=${site}`]);
    const app = member("benchB-app", images.busybox, [appCmd]);
    new docker.Container("benchB-podlet", {
      image: image.imageName, entrypoints: ["/podlet"], command: [pause.id],
      mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }],
      networkMode: "none", restart: "always", readOnly: true, user: "0:0", capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"], stopTimeout: 5, labels,
    }, { dependsOn: [pause, nginx, app], deleteBeforeReplace: true });
  });
  return { name: "(b) @pulumi/docker by hand", port, up: () => runInline(t.stack, "up"), down: () => runInline(t.stack, "destroy"), times: [] };
}

function cliSetup(port: number): Setup {
  const run = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();
  const pauseImage = `docker-pod/pause:${pauseBuild().digest.slice(0, 12)}`;
  const label = ["--label", `${testLabel}=bench-pod-c`];
  return {
    name: "(c) docker CLI recipe",
    port,
    up: async () => {
      const pause = run("run", "-d", ...label, "--ipc", "shareable", "-p", `${port}:80`, "--user", "65535:65535",
        "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true", pauseImage);
      const join = `container:${pause}`;
      const ns = ["--network", join, "--ipc", join, "--pid", join];
      run("run", "-d", ...label, ...ns, "-e", `SITE=${site}`, "--entrypoint", "sh", images.nginx, "-c", nginxCmd);
      run("run", "-d", ...label, ...ns, "--entrypoint", "sh", images.busybox, "-c", appCmd);
      run("run", "-d", ...label, "--network", "none", "--restart", "always", "--read-only", "--user", "0:0",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true", "-v", "/var/run/docker.sock:/var/run/docker.sock",
        "--entrypoint", "/podlet", pauseImage, pause);
    },
    down: async () => {
      const ids = run("ps", "-aq", "--filter", `label=${testLabel}=bench-pod-c`).split("\n").filter(Boolean);
      if (ids.length) run("rm", "-f", ...ids);
    },
    times: [],
  };
}


async function main(): Promise<void> {
  const setups = [await componentSetup(await freePort()), await handWrittenSetup(await freePort()), cliSetup(await freePort())];
  // Warm-up: one untimed round builds the pause image and loads the plugins once.
  for (const s of setups) {
    await s.up();
    await waitForHttp(`http://127.0.0.1:${s.port}/`, 60_000);
    await s.down();
  }
  for (let i = 0; i < RUNS; i++) {
    for (const s of setups) {
      const started = performance.now();
      await s.up();
      await waitForHttp(`http://127.0.0.1:${s.port}/`, 60_000);
      s.times.push(performance.now() - started);
      await s.down();
    }
  }
  const ratios = setups[0].times.map((a, i) => a / setups[1].times[i]);
  console.log(`bench:pod: nothing → serving, ${RUNS} runs each, alternating a, b, c (after one warm-up round)`);
  console.log(`${"".padEnd(30)}${"min".padStart(9)}${"median".padStart(9)}${"max".padStart(9)}`);
  for (const s of setups) {
    const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
    const d = distribution(s.times);
    console.log(`${s.name.padEnd(30)}${f(d.min)}${f(d.median)}${f(d.max)}`);
  }
  const r = distribution(ratios);
  console.log(`(a)/(b) pair by pair: median ${r.median.toFixed(3)}, min ${r.min.toFixed(3)}, max ${r.max.toFixed(3)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
