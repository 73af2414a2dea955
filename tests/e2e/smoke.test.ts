/**
 * Smoke test of the harness itself: one docker.Container and one command.local.Command go up
 * for real, a second preview shows no changes, refresh finds no drift, destroy leaves nothing.
 */
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import { TestStack, changesOf, freePort, images, leftovers, waitForHttp, docker as api } from "./harness";

let t: TestStack;
let port: number;
let disposed = false;

beforeAll(async () => {
  port = await freePort();
  t = await TestStack.create("smoke", async () => {
    const web = new docker.Container("web", {
      image: images.busybox,
      command: ["sh", "-c", "mkdir -p /www && echo smoke-ok > /www/index.html && exec httpd -f -p 8000 -h /www"],
      ports: [{ internal: 8000, external: port }],
      labels: Object.entries(t.labels).map(([label, value]) => ({ label, value })),
    });
    const hello = new command.local.Command("hello", { create: "echo hello from command" });
    return { containerId: web.id, stdout: hello.stdout };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
});

test("up creates a running container that serves, and runs the command", async () => {
  const result = await t.up();
  expect(result.summary.result).toBe("succeeded");
  expect(result.outputs.stdout.value).toBe("hello from command");
  const info = await api.getContainer(result.outputs.containerId.value).inspect();
  expect(info.State.Running).toBe(true);
  expect(info.Config.Labels).toMatchObject(t.labels);
  expect(await waitForHttp(`http://127.0.0.1:${port}/`)).toBe("smoke-ok\n");
});

test("a second preview reports no changes", async () => {
  const preview = await t.preview();
  expect(changesOf(preview.changeSummary)).toEqual({});
});

test("refresh finds no drift", async () => {
  expect(changesOf(await t.refresh())).toEqual({});
});

test("destroy removes everything (leak check by label)", async () => {
  await t.dispose();
  disposed = true;
  expect(await leftovers(t.id)).toEqual([]);
});
