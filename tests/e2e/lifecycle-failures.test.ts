/**
 * Lifecycle failures on the real engine: a failing init container stops the pod before its
 * members; a member that never becomes ready fails `up`, naming it. Each `up` runs in a child
 * process (see programs/failing-up.ts).
 */
import { TestStack, docker, failingUp, leftovers, testLabel } from "./harness";

const stacks: TestStack[] = [];
afterAll(async () => {
  for (const t of stacks) await t.dispose();
  for (const t of stacks) expect(await leftovers(t.id)).toEqual([]);
});

async function containersOf(t: TestStack): Promise<Record<string, { state: string; exitCode?: number }>> {
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${t.id}`] }) });
  const out: Record<string, { state: string }> = {};
  for (const c of list) out[c.Labels["org.docker-pod.container"]] = { state: c.State };
  return out;
}

test("a failing init container fails up with its exit code and last log lines; no member starts", async () => {
  const t = await TestStack.create("init-fails", async () => undefined);
  stacks.push(t);
  const run = await failingUp(t, "failing-init");
  expect(run.status).toBe(1);
  expect(run.output).toMatch(/init container "migrate" \(initContainers\[1\]\) of pod "failing-init" failed with exit code 3; no container of the pod was started/);
  // Its last log lines (stdout and stderr, in whichever order Docker delivered them).
  const lastLines = run.output.slice(run.output.indexOf("Last log lines:"));
  expect(lastLines).toContain("connecting");
  expect(lastLines).toContain("migration failed: no database");
  const containers = await containersOf(t);
  expect(containers.first?.state).toBe("exited");
  expect(containers.migrate?.state).toBe("exited");
  const migrate = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${t.id}`, "org.docker-pod.container=migrate"] }) });
  expect(migrate[0].Status).toMatch(/Exited \(3\)/);
  expect(containers.third).toBeUndefined();
  expect(containers.web).toBeUndefined();
});

test("up fails clearly on a member that never becomes ready", async () => {
  const t = await TestStack.create("never-ready", async () => undefined);
  stacks.push(t);
  const started = Date.now();
  const run = await failingUp(t, "never-ready");
  expect(run.status).toBe(1);
  expect(run.output).toMatch(/docker:index:Container \(never-ready-stuck\):\s+error:[^\n]*container failed to be in healthy state/);
  expect(run.output).not.toMatch(/never-ready-ok\):\s+error/);
  expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
});
