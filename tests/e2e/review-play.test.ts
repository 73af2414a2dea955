/**
 * `docker-pod preview FILE --review`: the review of what `docker-pod play FILE` would now change,
 * checked against what the next `play` really does (the member it names as restarting is the one
 * whose id changes; the other member and pause keep theirs).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker, images, leftovers, runTs, testLabel } from "./harness";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-review-play-"));
const id = `review-play-${Math.random().toString(36).slice(2, 8)}`;
const file = path.join(workDir, `${id}.yaml`);
const altImage = "docker-pod/busybox:review-play-alt";

async function dockerPod(...args: string[]) {
  const { status, stdout, stderr } = await runTs("cli/docker-pod.ts", args, { cwd: workDir, env: { PULUMI_BACKEND_URL: `file://${workDir}/state` } });
  return { code: status, stdout, stderr };
}

const manifest = (sideImage: string) => `apiVersion: v1
kind: Pod
metadata:
  name: rv
  labels:
    ${testLabel}: ${id}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${images.busybox}
    command: ["sleep", "3600"]
  - name: side
    image: ${sideImage}
    command: ["sleep", "3600"]
`;

async function ids(): Promise<Record<string, string>> {
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${id}`] }) });
  return Object.fromEntries(list.filter((c) => ["member", "pause"].includes(c.Labels["org.docker-pod.role"])).map((c) => [c.Labels["org.docker-pod.container"], c.Id]));
}

beforeAll(async () => {
  await docker.getImage(images.busybox).tag({ repo: "docker-pod/busybox", tag: "review-play-alt" });
  fs.writeFileSync(file, manifest(images.busybox));
  const play = await dockerPod("play", file);
  expect({ code: play.code, stderr: play.stderr }).toMatchObject({ code: 0 });
});

afterAll(async () => {
  const down = await dockerPod("play", "--down", file);
  expect(down.code).toBe(0);
  expect(await leftovers(id)).toEqual([]);
  await docker.getImage(altImage).remove().catch(() => undefined);
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("preview FILE --review names the member that play then replaces, and only it", async () => {
  fs.writeFileSync(file, manifest(altImage));
  const review = await dockerPod("preview", file, "--review", "--format", "json");
  expect(review.code).toBe(0);
  const pods = JSON.parse(review.stdout).pods as { name: string; podRestarts: boolean; containers: { name: string; action: string; changes: string[] }[] }[];
  const rv = pods.find((p) => p.name === "rv")!;
  expect(rv.podRestarts).toBe(false);
  expect(rv.containers.filter((c) => c.action !== "same")).toEqual([{ name: "side", action: "replace", changes: [`image: ${images.busybox} → ${altImage}`] }]);
  const markdown = await dockerPod("preview", file, "--review");
  expect(markdown.code).toBe(0);
  expect(markdown.stdout).toContain("### Pod `rv`: side restarts; the pod stays up");

  const before = await ids();
  const play = await dockerPod("play", file);
  expect(play.code).toBe(0);
  const after = await ids();
  const changed = Object.keys(before).filter((k) => after[k] !== before[k]);
  expect(changed).toEqual(["side"]);
});
