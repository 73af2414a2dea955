/**
 * Persistent volume claims: the `PersistentVolumeClaim` component (a named Docker volume), pods
 * mounting a claim by name (no copy of the image's directory; given to fsGroup), validation, and
 * `play`'s program (claims kept when the stack goes, pods after their claims).
 */
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { PersistentVolumeClaim, Pod, validatePodArgs } from "../../components";
import { playProgram } from "../../cli/play";

const ok = { name: "web", image: "busybox" };

test.each<[string, unknown, string, RegExp]>([
  ["a bad claim name", { name: "d", persistentVolumeClaim: { claimName: "Data_1" } }, "volumes[0].persistentVolumeClaim.claimName", /not a claim name/],
  ["no claim name", { name: "d", persistentVolumeClaim: {} }, "volumes[0].persistentVolumeClaim.claimName", /not a claim name/],
  ["an unknown field", { name: "d", persistentVolumeClaim: { claimName: "c", size: "1Gi" } }, "volumes[0].persistentVolumeClaim.size", /unknown field/],
  ["two sources", { name: "d", emptyDir: {}, persistentVolumeClaim: { claimName: "c" } }, "volumes[0]", /exactly one of emptyDir, hostPath, configMap, secret, downwardAPI, projected, nfs, persistentVolumeClaim/],
])("%s is reported at its path", (_, volume, path, message) => {
  expect(validatePodArgs({ containers: [ok], volumes: [volume as never] })).toContainEqual({ path, message: expect.stringMatching(message) });
});

test("a subPath of a claim is refused, naming the mount", () => {
  const problems = validatePodArgs({
    containers: [{ ...ok, volumeMounts: [{ name: "d", mountPath: "/d", subPath: "x" }] }],
    volumes: [{ name: "d", persistentVolumeClaim: { claimName: "c" } }],
  });
  expect(problems).toEqual([{ path: "containers[0].volumeMounts[0].subPath", message: expect.stringMatching(/not supported on a persistentVolumeClaim/) }]);
});

describe("the graph", () => {
  beforeAll(async () => {
    resetRecorded();
    const claim = new PersistentVolumeClaim("data", { labels: { team: "a" } }, { protect: true });
    const named = new PersistentVolumeClaim("other", { claimName: "shared-cache" });
    const pod = new Pod("p", {
      pauseImage: "pause:test",
      securityContext: { fsGroup: 2000 },
      volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }, { name: "ro", persistentVolumeClaim: { claimName: "shared-cache", readOnly: true } }],
      containers: [{ ...ok, volumeMounts: [{ name: "d", mountPath: "/data" }, { name: "ro", mountPath: "/cache" }] }],
    }, { dependsOn: [claim, named] });
    await valueOf(pod.containerIds);
    await valueOf(claim.claimName);
  });

  test("a claim is a docker-pod:index:PersistentVolumeClaim holding a local Docker volume named after it", () => {
    expect(byName("data").type).toBe("docker-pod:index:PersistentVolumeClaim");
    expect(byName("data.volume").inputs).toMatchObject({
      name: "data",
      driver: "local",
      labels: [{ label: "team", value: "a" }, { label: "org.docker-pod.claim", value: "data" }],
    });
    expect(byName("other.volume").inputs.name).toBe("shared-cache");
    // protect on the claim reaches its volume; a claim in a Pulumi program is not retained.
    expect(byName("data.volume").options).toMatchObject({ protect: true, retainOnDelete: false });
  });

  test("the pod mounts the claims by name; a readOnly claim read-only", () => {
    expect(byName("p-web").inputs.mounts).toEqual([
      { type: "volume", source: "data", target: "/data", readOnly: false },
      { type: "volume", source: "shared-cache", target: "/cache", readOnly: true },
    ]);
    // The pod makes no volume of its own for a claim.
    expect(recorded.filter((r) => r.type === "docker:index/volume:Volume").map((r) => r.name).sort()).toEqual(["data.volume", "other.volume"]);
  });

  test("fsGroup is given to the writable claim", () => {
    expect(byName("p.fsgroup").inputs.command).toEqual(["2000", "/volumes/d"]);
  });

  test("a bad claim name fails before any resource exists", () => {
    expect(() => new PersistentVolumeClaim("Bad_Name", {})).toThrow(/claimName: "Bad_Name" is not a valid claim name/);
  });
});

test("play's program: claims kept when the stack goes (retainOnDelete), pods after the claims they mount", async () => {
  resetRecorded();
  const program = playProgram(
    [{ name: "web", args: { containers: [{ ...ok, volumeMounts: [{ name: "d", mountPath: "/d" }] }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "www" } }] }, warnings: [] }],
    [{ name: "www", args: { claimName: "www" }, warnings: [] }],
  );
  const outputs = (await program()) as { claims: string[] };
  expect(outputs.claims).toEqual(["www"]);
  await new Promise((r) => setTimeout(r, 50));
  expect(byName("claim-www.volume").options.retainOnDelete).toBe(true);
  expect(byName("web").options.dependencies).toEqual([expect.stringMatching(/::claim-www\.volume$/)]);
});
