/**
 * The classic pod from Pulumi YAML (issue 18): tests/lang/programs/yaml/Pulumi.yaml names
 * `docker-pod:Pod` with no SDK; a plain `pulumi up` (through the Automation API's local
 * workspace, with set-up's pulumi-language-yaml on PATH) runs it on the real engine. It serves, a
 * second up changes nothing, an app image change replaces only the app, destroy leaves nothing.
 */
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { freePort, images, leftovers, repoRoot, waitForHttp, docker } from "../e2e/harness";
import { TempProject, altAppImage, appPage, pulumiEnv, tempProject } from "./lang";

let p: TempProject;
let stack: Stack;
let alt: Awaited<ReturnType<typeof altAppImage>>;
let hostPort: number;
let ids: { pause: string; nginx: string; app: string };
let destroyed = false;
let log = "";
const onOutput = (out: string) => (log += out);

beforeAll(async () => {
  p = tempProject("yaml", fs.readFileSync(path.join(repoRoot, "tests/lang/programs/yaml/Pulumi.yaml"), "utf8"));
  alt = await altAppImage(`lang-yaml-${p.stack}`);
  hostPort = await freePort();
  stack = await LocalWorkspace.createOrSelectStack({ stackName: p.stack, workDir: p.dir }, { envVars: pulumiEnv });
  await stack.setAllConfig({
    hostPort: { value: String(hostPort) },
    appImage: { value: images.busybox },
    labelValue: { value: p.labelValue },
  });
});

afterAll(async () => {
  if (stack && !destroyed) await stack.destroy().catch(() => undefined);
  await alt.remove();
  p.dispose();
});

const idsOf = (o: Record<string, { value: any }>) => ({ pause: o.pauseContainerId.value, nginx: o.containerIds.value.nginx, app: o.containerIds.value.app });
const changed = (c: Record<string, number> = {}) => Object.fromEntries(Object.entries(c).filter(([op, n]) => op !== "same" && n > 0));

test("pulumi up of the YAML program serves the app through nginx", async () => {
  const up = await stack.up({ onOutput });
  const types = ((await stack.exportStack()).deployment.resources as { type: string }[]).map((r) => r.type);
  expect(types.filter((t) => t.startsWith("docker-pod:"))).toEqual(["docker-pod:index:Pod", "docker-pod:index:PauseImage"]);
  expect(await waitForHttp(`http://127.0.0.1:${hostPort}/`)).toBe(`${appPage}\n`);
  expect(up.outputs.ports.value).toEqual([{ containerPort: 80, hostPort, hostIP: "0.0.0.0", protocol: "TCP" }]);
  expect(up.outputs.ready.value).toBe(true);
  ids = idsOf(up.outputs);
});

test("a second up changes nothing", async () => {
  const up = await stack.up({ onOutput });
  expect(changed(up.summary.resourceChanges)).toEqual({});
  expect(idsOf(up.outputs)).toEqual(ids);
});

test("an app image change replaces only the app", async () => {
  await stack.setConfig("appImage", { value: alt.image });
  const up = await stack.up({ onOutput });
  expect(changed(up.summary.resourceChanges)).toEqual({ replace: 1 });
  const after = idsOf(up.outputs);
  expect(after.pause).toBe(ids.pause);
  expect(after.nginx).toBe(ids.nginx);
  expect(after.app).not.toBe(ids.app);
  expect((await docker.getContainer(after.app).inspect()).Config.Image).toBe(alt.image);
  expect(await waitForHttp(`http://127.0.0.1:${hostPort}/`)).toBe(`${appPage}\n`);
});

test("destroy leaves nothing", async () => {
  await stack.destroy({ onOutput });
  destroyed = true;
  await stack.workspace.removeStack(stack.name);
  expect(await leftovers(p.labelValue)).toEqual([]);
});
