/** A bad pod spec fails the update, naming every bad field, before any Docker object exists. */
import { spawnSync } from "child_process";
import * as path from "path";
import { TestStack, leftovers, testLabel } from "./harness";

let t: TestStack;

beforeAll(async () => {
  // The stack (backend, name, label) is the harness's; the failing `up` runs in a child process.
  t = await TestStack.create("bad-spec", async () => undefined);
});

afterAll(async () => {
  await t?.dispose();
});

test("up fails naming every bad field, and no container, volume or network is created", async () => {
  const program = path.join(__dirname, "programs", "bad-pod.ts");
  const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", program], {
    env: {
      ...process.env,
      E2E_BACKEND: (await t.stack.workspace.projectSettings()).backend?.url,
      E2E_STACK: t.stack.name,
      E2E_LABEL: `${testLabel}=${t.id}`,
    },
    encoding: "utf8",
    timeout: 300_000,
  });
  expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 1 });
  expect(run.stdout).toMatch(/invalid arguments for pod "bad" \(4 problems\)/);
  for (const field of [
    "containers[1].name: \"web\" is already the name of containers[0]",
    "containers[1].ports[0].containerPort: 80/TCP is already used",
    "containers[1].ports[0].hostPort: 70000 is not a valid port",
    "restartPolicy: \"Sometimes\" is not a restart policy",
  ]) {
    expect(run.stdout).toContain(field);
  }
  expect(await leftovers(t.id)).toEqual([]);
  const state = await t.stack.exportStack();
  const resources = (state.deployment.resources ?? []) as { type: string }[];
  expect(resources.map((r) => r.type)).toContain("pulumi:pulumi:Stack"); // the child's run is in this backend
  expect(resources.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
});
