/**
 * `npm run bench:play`: the Kubernetes docs' two-container pod (Tasks › Communicate Between
 * Containers in the Same Pod Using a Shared Volume: nginx, and a debian container writing the page
 * into a shared emptyDir) with a hostPort, from nothing to serving and back, three ways side by
 * side in one run, alternating:
 *   docker-pod play FILE → serving → docker-pod play --down FILE (the built command line)
 *   podman kube play FILE → serving → podman kube down FILE (Debian's Podman)
 *   the docker CLI by hand (volume create, two docker run; docker rm -f, volume rm)
 * Each: wall time, CPU (user + sys of the command's process tree) and peak memory (summed RSS of
 * the tree). Images are local (scripts/bench/setup-peers.sh). Env: RUNS (default 5), WARMUP
 * (untimed rounds first, default 1).
 * Prints figures, asserts nothing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { freePort } from "../../tests/e2e/harness";
import { Cycle, CycleCost, dockerPodCli, printTable, runCycle } from "./peers";

const RUNS = Number(process.env.RUNS ?? 5);
const WARMUP = Number(process.env.WARMUP ?? 1);
const page = "Hello from the debian container";

/** The docs' manifest, images replaced by the local ones, nginx's port published on `port`. */
function manifest(port: number): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx-container
    image: docker-pod/nginx:bench
    ports:
    - containerPort: 80
      hostPort: ${port}
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: docker-pod/debian:bench
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo ${page} > /pod-data/index.html"]
`;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-play-"));
  const log = path.join(dir, "commands.log");
  const file = async (sub: string): Promise<{ file: string; port: number }> => {
    const port = await freePort();
    fs.mkdirSync(path.join(dir, sub));
    const f = path.join(dir, sub, "two-containers.yaml");
    fs.writeFileSync(f, manifest(port));
    return { file: f, port };
  };
  const a = await file("docker-pod");
  const b = await file("podman");
  const c = await freePort();
  const hand = "bench-play-by-hand";
  const cycles: Cycle[] = [
    {
      name: "docker-pod play / play --down",
      up: [[...dockerPodCli, "play", a.file]],
      down: [[...dockerPodCli, "play", "--down", a.file]],
      urls: [`http://127.0.0.1:${a.port}/`],
      expect: page,
      cwd: path.dirname(a.file),
      env: { ...process.env, PULUMI_BACKEND_URL: `file://${dir}/state` },
      logFile: log,
    },
    {
      name: "podman kube play / down",
      up: [["podman", "kube", "play", b.file]],
      down: [["podman", "kube", "down", b.file]],
      urls: [`http://127.0.0.1:${b.port}/`],
      expect: page,
      logFile: log,
    },
    {
      name: "docker CLI by hand",
      up: [
        ["docker", "volume", "create", `${hand}-data`],
        ["docker", "run", "-d", "--name", `${hand}-nginx`, "-p", `${c}:80`, "-v", `${hand}-data:/usr/share/nginx/html`, "docker-pod/nginx:bench"],
        ["docker", "run", "-d", "--name", `${hand}-debian`, "--network", `container:${hand}-nginx`, "-v", `${hand}-data:/pod-data`,
          "docker-pod/debian:bench", "/bin/sh", "-c", `echo ${page} > /pod-data/index.html`],
      ],
      down: [
        ["docker", "rm", "-f", `${hand}-nginx`, `${hand}-debian`],
        ["docker", "volume", "rm", `${hand}-data`],
      ],
      urls: [`http://127.0.0.1:${c}/`],
      expect: page,
      logFile: log,
    },
  ];
  fs.mkdirSync(path.join(dir, "state"));
  const results = new Map<string, CycleCost[]>(cycles.map((cy) => [cy.name, []]));
  // Untimed rounds first: Podman builds its pause image, the compile caches fill.
  for (let i = 0; i < WARMUP; i++) for (const cy of cycles) await runCycle(cy);
  for (let i = 0; i < RUNS; i++) {
    for (const cy of cycles) results.get(cy.name)?.push(await runCycle(cy));
  }
  printTable(
    `bench:play — the Kubernetes docs' two-container pod (nginx + debian, shared emptyDir, hostPort): ` +
      `nothing → serving → nothing, ${RUNS} runs each, alternating, after ${WARMUP} warm-up round(s); medians`,
    results,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
