/**
 * The Pod on the real engine: the classic pod (nginx proxying to an app on 127.0.0.1:2368) serves
 * through pause's host port, shares one PID namespace under /pause, converges with no drift, and
 * replaces only what a change touches.
 */
import { Pod } from "../../components";
import { TestStack, changesOf, docker, execIn, freePort, images, leftovers, waitForHttp } from "./harness";

/** What the test changes between updates. */
const spec = { hostPort: 0, appImage: images.busybox };
const page = "classic pod e2e page";
let t: TestStack;
let disposed = false;

const appImageAlt = "docker-pod/busybox:e2e-alt";

beforeAll(async () => {
  await docker.getImage(images.busybox).tag({ repo: "docker-pod/busybox", tag: "e2e-alt" });
  spec.hostPort = await freePort();
  t = await TestStack.create("pod", async () => {
    const pod = new Pod("classic", {
      containers: [
        {
          name: "nginx",
          image: images.nginx,
          command: ["sh", "-c"],
          args: [`printf '%s\\n' "$SITE" > /etc/nginx/sites-enabled/default && exec nginx -g 'daemon off;'`],
          env: [{ name: "SITE", value: "server { listen 80; location / { proxy_pass http://127.0.0.1:2368; } }" }],
          ports: [{ containerPort: 80, hostPort: spec.hostPort }],
        },
        {
          name: "app",
          image: spec.appImage,
          command: ["sh", "-c"],
          args: [`mkdir -p /www && echo '${page}' > /www/index.html && exec httpd -f -p 127.0.0.1:2368 -h /www`],
        },
      ],
      labels: t.labels,
    });
    return { pauseContainerId: pod.pauseContainerId, containerIds: pod.containerIds, ports: pod.ports, podIP: pod.podIP };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
  await docker.getImage(appImageAlt).remove().catch(() => undefined);
});

type Ids = { pause: string; nginx: string; app: string };
let ids: Ids;
const idsOf = (outputs: Record<string, { value: any }>): Ids => ({
  pause: outputs.pauseContainerId.value,
  nginx: outputs.containerIds.value.nginx,
  app: outputs.containerIds.value.app,
});

test("the classic pod serves the app's page through nginx on the host port", async () => {
  const up = await t.up();
  ids = idsOf(up.outputs);
  expect(await waitForHttp(`http://127.0.0.1:${spec.hostPort}/`)).toBe(`${page}\n`);
  expect(up.outputs.ports.value).toEqual([{ containerPort: 80, hostPort: spec.hostPort, hostIP: "0.0.0.0", protocol: "TCP" }]);
  const pause = await docker.getContainer(ids.pause).inspect();
  expect(up.outputs.podIP.value).toBe(pause.NetworkSettings.Networks.bridge.IPAddress);
  expect(pause.HostConfig).toMatchObject({ IpcMode: "shareable", ReadonlyRootfs: true, CapDrop: expect.arrayContaining([expect.stringMatching(/ALL/)]) });
  expect(pause.Config.User).toBe("65535:65535");
  for (const member of [ids.nginx, ids.app]) {
    const info = await docker.getContainer(member).inspect();
    expect(info.HostConfig.NetworkMode).toBe(`container:${ids.pause}`);
    expect(info.HostConfig.IpcMode).toBe(`container:${ids.pause}`);
    expect(info.HostConfig.PidMode).toBe(`container:${ids.pause}`);
  }
});

test("members share one PID namespace with /pause as PID 1, which reaps their orphans", async () => {
  const ps = await execIn(ids.app, ["ps", "-o", "pid,comm,args"]);
  expect(ps.output).toMatch(/^\s*1\s+pause\s+\/pause -a\s*$/m);
  expect(ps.output).toMatch(/nginx: master process/);
  expect(ps.output).toMatch(/httpd -f -p 127\.0\.0\.1:2368/);
  // 50 orphans: each subshell backgrounds a short sleep and exits, so PID 1 adopts the sleep.
  const made = await execIn(ids.app, ["sh", "-c", "for i in $(seq 50); do (sleep 0.3 &); done; echo made"]);
  expect(made.output.trim()).toBe("made");
  await new Promise((r) => setTimeout(r, 2_000));
  const zombies = await execIn(ids.app, ["sh", "-c", "cat /proc/[0-9]*/stat 2>/dev/null | grep -c ') Z ' || true"]);
  expect(zombies.output.trim()).toBe("0");
});

test("a second up changes nothing, preview shows no diff, refresh finds no drift", async () => {
  const up = await t.up();
  expect(changesOf(up.summary.resourceChanges)).toEqual({});
  expect(changesOf((await t.preview()).changeSummary)).toEqual({});
  expect(changesOf(await t.refresh())).toEqual({});
});

test("changing one member's image replaces only that member", async () => {
  spec.appImage = appImageAlt;
  const preview = await t.preview();
  expect(changesOf(preview.changeSummary)).toEqual({ replace: 1 });
  const up = await t.up();
  const after = idsOf(up.outputs);
  expect(after.pause).toBe(ids.pause);
  expect(after.nginx).toBe(ids.nginx);
  expect(after.app).not.toBe(ids.app);
  expect((await docker.getContainer(after.app).inspect()).Config.Image).toBe(appImageAlt);
  expect(await waitForHttp(`http://127.0.0.1:${spec.hostPort}/`)).toBe(`${page}\n`);
  ids = after;
});

test("changing a port replaces pause and the members, and the pod serves on the new port", async () => {
  const oldPort = spec.hostPort;
  spec.hostPort = await freePort();
  const preview = await t.preview();
  // pause, its two members and the podlet that looks after them (all name pause's id).
  expect(changesOf(preview.changeSummary)).toEqual({ replace: 4 });
  // The diff lists exactly the changed resources, each by URN.
  for (const name of ["classic\\.pause", "classic-nginx", "classic-app", "classic\\.podlet"]) {
    expect(t.output).toMatch(new RegExp(`\\(replace\\)\\s+\\[id=\\w+\\]\\s+\\[urn=[^\\]]*Container::${name}\\]`));
  }
  const up = await t.up();
  const after = idsOf(up.outputs);
  expect(after.pause).not.toBe(ids.pause);
  expect(after.nginx).not.toBe(ids.nginx);
  expect(after.app).not.toBe(ids.app);
  expect(await waitForHttp(`http://127.0.0.1:${spec.hostPort}/`)).toBe(`${page}\n`);
  await expect(fetch(`http://127.0.0.1:${oldPort}/`)).rejects.toThrow();
  ids = after;
});

test("destroy leaves no container of the pod", async () => {
  await t.dispose();
  disposed = true;
  expect(await leftovers(t.id)).toEqual([]);
  const byPod = await docker.listContainers({ all: true, filters: JSON.stringify({ id: [ids.pause, ids.nginx, ids.app] }) });
  expect(byPod).toEqual([]);
});
