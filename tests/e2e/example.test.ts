/**
 * The example stack through its runner, as `npm run up` / `npm run down` run it: the printed URL
 * serves the app's page through nginx, and `down` removes every container of the pod.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { appPage } from "../../example/classic-pod";
import { openStack } from "../../cli/automation";
import { docker, freePort, runTs, waitForHttp } from "./harness";

const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-example-"));
const env: NodeJS.ProcessEnv & { DOCKER_POD_STACK: string; PULUMI_BACKEND_URL: string } = {
  ...process.env,
  PULUMI_BACKEND_URL: `file://${backendDir}`,
  DOCKER_POD_STACK: `example-${Math.random().toString(36).slice(2, 8)}`,
};

/** `npm run <action>` without the set-up (the test command ran it): the runner in a child process. */
function runner(action: string) {
  return runTs("scripts/stack.ts", [action], { env });
}

afterAll(async () => {
  await runner("down");
  fs.rmSync(backendDir, { recursive: true, force: true });
});

test("npm run up prints the URL, which serves the app's page through nginx; npm run down removes the pod", async () => {
  env.DOCKER_POD_HOST_PORT = String(await freePort());
  const up = await runner("up");
  expect({ status: up.status, stderr: up.stderr }).toMatchObject({ status: 0 });
  expect(up.stdout).toMatch(/classic\.pause\s+created/); // Pulumi's own progress is streamed
  const url = up.stdout.match(/The pod serves at (\S+)/)?.[1];
  expect(url).toBe(`http://localhost:${env.DOCKER_POD_HOST_PORT}/`);
  expect(await waitForHttp(url!)).toBe(`${appPage}\n`);

  const stack = await openStack({ projectName: "docker-pod-example", stackName: env.DOCKER_POD_STACK, program: async () => undefined, backendUrl: env.PULUMI_BACKEND_URL });
  const outputs = await stack.outputs();
  const ids = [outputs.pauseContainerId.value, ...Object.values(outputs.containerIds.value as Record<string, string>)];
  expect(ids).toHaveLength(3);

  const preview = await runner("preview");
  expect(preview.status).toBe(0);
  expect(preview.stdout).toMatch(/Resources:\s+\d+ unchanged\s*$/m);
  expect(preview.stdout).not.toMatch(/to (create|update|replace|delete)/);

  const down = await runner("down");
  expect({ status: down.status, stderr: down.stderr }).toMatchObject({ status: 0 });
  expect(await docker.listContainers({ all: true, filters: JSON.stringify({ id: ids }) })).toEqual([]);
});
