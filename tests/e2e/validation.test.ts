/** A bad pod spec fails the update before any Docker object exists. */
import { Pod } from "../../components";
import { TestStack, leftovers } from "./harness";

let t: TestStack;

beforeAll(async () => {
  t = await TestStack.create("bad-spec", async () => {
    new Pod("bad", {
      containers: [
        { name: "web", image: "docker-pod/busybox:local", ports: [{ containerPort: 80, hostPort: 8080 }] },
        { name: "web", image: "docker-pod/busybox:local", ports: [{ containerPort: 80, hostPort: 70000 }] },
      ],
      restartPolicy: "Sometimes",
      labels: t.labels,
    });
  });
});

afterAll(async () => {
  await t?.dispose();
});

test("up fails naming every bad field, and no container, volume or network is created", async () => {
  const failure = await t.up().then(
    () => new Error("up succeeded"),
    (err: Error) => err,
  );
  expect(failure.message).toMatch(/up of stack .* failed/);
  for (const field of ["containers[1].name", "containers[1].ports[0].containerPort", "containers[1].ports[0].hostPort", "restartPolicy"]) {
    expect(failure.message).toContain(field);
  }
  expect(await leftovers(t.id)).toEqual([]);
  const state = await t.stack.exportStack();
  const resources = (state.deployment.resources ?? []) as { type: string }[];
  expect(resources.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
});
