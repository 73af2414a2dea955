/** A bad pod spec fails the update, naming every bad field, before any Docker object exists. */
import { TestStack, failingUp, leftovers, stateTypes } from "./harness";

let t: TestStack;

beforeAll(async () => {
  // The stack (backend, name, label) is the harness's; the failing `up` runs in a child process.
  t = await TestStack.create("bad-spec", async () => undefined);
});

afterAll(async () => {
  await t?.dispose();
});

test("up fails naming every bad field, and no container, volume or network is created", async () => {
  const run = await failingUp(t, "bad-spec");
  expect(run.status).toBe(1);
  expect(run.output).toMatch(/invalid arguments for pod "bad-spec" \(4 problems\)/);
  for (const field of [
    "containers[1].name: \"web\" is already the name of containers[0]",
    "containers[1].ports[0].containerPort: 80/TCP is already used",
    "containers[1].ports[0].hostPort: 70000 is not a valid port",
    "restartPolicy: \"Sometimes\" is not a restart policy",
  ]) {
    expect(run.output).toContain(field);
  }
  expect(await leftovers(t.id)).toEqual([]);
  const types = await stateTypes(t);
  expect(types).toContain("pulumi:pulumi:Stack"); // the child's run is in this backend
  expect(types.filter((type) => type.startsWith("docker:"))).toEqual([]);
});
