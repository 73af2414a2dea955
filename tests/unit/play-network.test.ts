/**
 * `play`'s program makes the file's Docker network only where a pod has someone to reach: several
 * pods, or a Service. One pod alone stays on Docker's default bridge (no network to create and
 * remove, each ≈ 2 s in pulumi-docker).
 */
import { byName, recorded, resetRecorded } from "./mocks";
import { playProgram } from "../../cli/play";
import { ManifestPod } from "../../components";

const pod = (name: string): ManifestPod => ({ name, args: { containers: [{ name: "web", image: "busybox" }], labels: { app: name } }, warnings: [] });
const networks = () => recorded.filter((r) => r.type === "docker:index/network:Network");

async function play(...args: Parameters<typeof playProgram>): Promise<Record<string, unknown>> {
  resetRecorded();
  const outputs = (await playProgram(...args)()) as Record<string, unknown>;
  await new Promise((r) => setTimeout(r, 50));
  return outputs;
}

test("one pod, no Service: no network; the pod on Docker's default bridge", async () => {
  const outputs = await play([pod("a")]);
  expect(networks()).toEqual([]);
  expect(byName("a.pause").inputs).toMatchObject({ networkMode: "bridge" });
  expect(byName("a.pause").inputs.networksAdvanced).toBeUndefined();
  expect(outputs.network).toBeUndefined();
});

test("two pods: one network docker-pod-<stack>, both pods on it", async () => {
  const outputs = await play([pod("a"), pod("b")]);
  expect(networks().map((n) => n.inputs.name)).toEqual([expect.stringMatching(/^docker-pod-/)]);
  for (const p of ["a", "b"]) {
    expect(byName(`${p}.pause`).inputs.networksAdvanced).toEqual([expect.objectContaining({ name: networks()[0].inputs.name })]);
  }
  expect(outputs.network).toBeDefined();
});

test("one pod and a Service: the network, with the Service on it", async () => {
  await play([pod("a")], [], [{ name: "svc", selector: { app: "a" }, ports: [{ port: 80, targetPort: 80, protocol: "TCP" }], type: "ClusterIP", warnings: [] } as never]);
  expect(networks()).toHaveLength(1);
  expect(byName("a.pause").inputs.networksAdvanced).toEqual([expect.objectContaining({ name: networks()[0].inputs.name })]);
});
