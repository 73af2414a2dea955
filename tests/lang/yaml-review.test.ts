/**
 * `docker-pod review` of a stack in another language: a Pulumi YAML program whose pods come
 * through the component package (the docker-pod resource plugin constructs them; no SDK), the same
 * two pods and the same changes as tests/e2e/review.test.ts. After each change the plain Pulumi
 * CLI previews it twice, `pulumi preview --json` and `pulumi preview --event-log FILE`; the real
 * `docker-pod review` reads both, and `pulumi up` then shows whether it told the truth: the
 * containers it names as restarting are exactly those whose ids change, the ones it creates and
 * deletes appear and go, and pause is replaced exactly when it says the whole pod restarts.
 *
 * With DOCKER_POD_RECORD_REVIEW_FIXTURES=1 both previews are also written to
 * tests/unit/fixtures/review/ (`<step>.yaml.preview.json`, `<step>.yaml.event-log.jsonl`).
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { docker, freePort, images, leftovers, repoRoot, runTs, testLabel } from "../e2e/harness";
import { TempProject, altAppImage, pulumiEnv, tempProject } from "./lang";

const secrets = ["first-token-value-1f2e", "second-token-value-9c8d"];
const fixtures = path.join(repoRoot, "tests/unit/fixtures/review");
const record = process.env.DOCKER_POD_RECORD_REVIEW_FIXTURES === "1";

/** What the steps change. */
const spec = { hostPort: 0, sideImage: images.busybox, extra: false, aux: true };

/** The program: pods `web` (app, side, and extra once added) and `aux` (solo), one pause image. */
function program(): string {
  const sleeper = (name: string, image: string) => `        - name: ${name}\n          image: ${image}\n          command: ["sleep", "3600"]\n`;
  const pod = (containers: string) => `    properties:
      labels:
        ${testLabel}: \${labelValue}
      pauseImage: \${pause.imageName}
      terminationGracePeriodSeconds: 1
      containers:
${containers}`;
  return `name: docker-pod-yaml-review
runtime: yaml
config:
  labelValue:
    type: string
  token:
    type: string
    secret: true
resources:
  pause:
    type: docker-pod:PauseImage
  web:
    type: docker-pod:Pod
${pod(`        - name: app
          image: ${images.busybox}
          command: ["sh", "-c"]
          args: ["mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www"]
          env:
            - name: MODE
              value: prod
            - name: TOKEN
              value: \${token}
          ports:
            - containerPort: 80
              hostPort: ${spec.hostPort}
${sleeper("side", spec.sideImage)}${spec.extra ? sleeper("extra", images.busybox) : ""}`)}${
    spec.aux
      ? `  aux:
    type: docker-pod:Pod
${pod(sleeper("solo", images.busybox))}`
      : ""
  }`;
}

let p: TempProject;
let stack: Stack;
let alt: Awaited<ReturnType<typeof altAppImage>>;

beforeAll(async () => {
  spec.hostPort = await freePort();
  p = tempProject("yaml-review", program());
  alt = await altAppImage(`review-yaml-alt`);
  stack = await LocalWorkspace.createOrSelectStack({ stackName: p.stack, workDir: p.dir }, { envVars: pulumiEnv });
  await stack.setAllConfig({ labelValue: { value: p.labelValue }, token: { value: secrets[0], secret: true } });
  await stack.up();
});

afterAll(async () => {
  if (stack) {
    await stack.destroy();
    await stack.workspace.removeStack(stack.name);
    expect(await leftovers(p.labelValue)).toEqual([]);
  }
  await alt?.remove();
  p?.dispose();
});

/** The plain Pulumi CLI in the project's directory; `PULUMI_DEBUG_COMMANDS` lets preview take --event-log. */
function pulumi(args: string[]): Promise<string> {
  const env = { ...process.env, ...pulumiEnv, PULUMI_DEBUG_COMMANDS: "true" };
  return new Promise((resolve, reject) =>
    execFile("pulumi", [...args, "--stack", p.stack, "--non-interactive"], { cwd: p.dir, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`pulumi ${args.join(" ")} failed: ${err.message}\n${stderr}\n${stdout.slice(-4000)}`)) : resolve(stdout),
    ),
  );
}

interface JsonReview {
  pods: { name: string; action: string; podRestarts: boolean; reasons: string[]; containers: { name: string; action: string; changes: string[] }[] }[];
}

/** `docker-pod review` through the real CLI. */
async function cliReview(args: string[]): Promise<string> {
  const run = await runTs("cli/docker-pod.ts", ["review", ...args]);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  return run.stdout;
}

/** Previews the current program both ways with the Pulumi CLI, reviews both, returns the JSON review. */
async function previewAndReview(step: string): Promise<JsonReview> {
  p.write(program());
  const json = await pulumi(["preview", "--json"]);
  const log = path.join(p.dir, `${step}.events.jsonl`);
  await pulumi(["preview", "--event-log", log]);
  const events = fs.readFileSync(log, "utf8");
  for (const s of secrets) {
    expect(json).not.toContain(s);
    expect(events).not.toContain(s);
  }
  if (record) {
    fs.writeFileSync(path.join(fixtures, `${step}.yaml.preview.json`), json);
    fs.writeFileSync(path.join(fixtures, `${step}.yaml.event-log.jsonl`), events);
  }
  const file = path.join(p.dir, `${step}.preview.json`);
  fs.writeFileSync(file, json);
  const fromJson = await cliReview(["--format", "json", file]);
  const fromLog = await cliReview(["--format", "json", "--event-log", log]);
  const markdown = await cliReview([file]);
  for (const s of secrets) for (const out of [fromJson, fromLog, markdown]) expect(out).not.toContain(s);
  const a = JSON.parse(fromJson) as JsonReview;
  const b = JSON.parse(fromLog) as JsonReview;
  // Both forms say the same of what changes (the event log also lists unchanged containers, as "same").
  const changing = (r: JsonReview) =>
    r.pods
      .filter((pod) => pod.action !== "same")
      .map(({ name, action, podRestarts, reasons, containers }) => ({ name, action, podRestarts, reasons, containers: containers.filter((c) => c.action !== "same") }));
  expect(changing(b)).toEqual(changing(a));
  return a;
}

/** `pod/container` → id of the members; `pod/POD` → the pause container's id. */
async function containerIds(): Promise<Map<string, string>> {
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${p.labelValue}`] }) });
  const ids = new Map<string, string>();
  for (const c of list) {
    const role = c.Labels["org.docker-pod.role"];
    if (role === "member") ids.set(`${c.Labels["org.docker-pod.pod"]}/${c.Labels["org.docker-pod.container"]}`, c.Id);
    if (role === "pause") ids.set(`${c.Labels["org.docker-pod.pod"]}/POD`, c.Id);
  }
  return ids;
}

/** What the review says happens to the members, as `pod/container`. */
function said(review: JsonReview) {
  const of = (action: string) => review.pods.flatMap((pod) => pod.containers.filter((c) => c.action === action).map((c) => `${pod.name}/${c.name}`)).sort();
  return { restart: of("replace"), create: of("create"), delete: of("delete"), podRestarts: review.pods.filter((pod) => pod.podRestarts).map((pod) => pod.name).sort() };
}

/** `pulumi up` (the plain CLI) and what really happened to the members and pause containers. */
async function upAndObserve(): Promise<ReturnType<typeof said>> {
  const before = await containerIds();
  await pulumi(["up", "--yes", "--skip-preview"]);
  const after = await containerIds();
  const members = (m: Map<string, string>) => [...m.keys()].filter((k) => !k.endsWith("/POD"));
  return {
    restart: members(before).filter((k) => after.has(k) && after.get(k) !== before.get(k)).sort(),
    create: members(after).filter((k) => !before.has(k)).sort(),
    delete: members(before).filter((k) => !after.has(k)).sort(),
    podRestarts: [...before.keys()].filter((k) => k.endsWith("/POD") && after.has(k) && after.get(k) !== before.get(k)).map((k) => k.split("/")[0]).sort(),
  };
}

async function step(name: string, change: () => void | Promise<void>, expected: ReturnType<typeof said>): Promise<JsonReview> {
  await change();
  const review = await previewAndReview(name);
  const saidByReview = said(review);
  const observed = await upAndObserve();
  console.log(`yaml review ${name}: said ${JSON.stringify(saidByReview)}; up changed ${JSON.stringify(observed)}`);
  expect(saidByReview).toEqual(expected);
  expect(observed).toEqual(expected);
  return review;
}

const none = { restart: [], create: [], delete: [], podRestarts: [] };
const web = (r: JsonReview) => r.pods.find((pod) => pod.name === "web")!;

test("the pods come through the component package", async () => {
  const types = ((await stack.exportStack()).deployment.resources as { type: string }[]).map((r) => r.type);
  expect(types.filter((t) => t.startsWith("docker-pod:")).sort()).toEqual(["docker-pod:index:PauseImage", "docker-pod:index:Pod", "docker-pod:index:Pod"]);
});

test("a member's image change restarts only that member", async () => {
  const review = await step("member-image", () => void (spec.sideImage = alt.image), { ...none, restart: ["web/side"] });
  expect(web(review).containers.find((c) => c.name === "side")!.changes).toEqual([`image: ${images.busybox} → ${alt.image}`]);
});

test("a host-port change restarts the whole pod, and says the port is why", async () => {
  const old = spec.hostPort;
  const port = await freePort();
  const review = await step("host-port", () => void (spec.hostPort = port), { ...none, restart: ["web/app", "web/side"], podRestarts: ["web"] });
  expect(web(review).reasons).toEqual([`ports: containerPort 80/tcp hostPort ${old} → ${port}`]);
});

test("an env change with a secret value names the variable, never the value", async () => {
  const review = await step("secret-env", () => stack.setConfig("token", { value: secrets[1], secret: true }), { ...none, restart: ["web/app"] });
  expect(web(review).containers.find((c) => c.name === "app")!.changes).toEqual(["env: TOKEN changed (secret value, not shown)"]);
});

test("adding a member creates it and restarts nothing", async () => {
  await step("add-member", () => void (spec.extra = true), { ...none, create: ["web/extra"] });
});

test("deleting a pod deletes its containers and touches no other pod", async () => {
  const review = await step("delete-pod", () => void (spec.aux = false), { ...none, delete: ["aux/solo"] });
  expect(review.pods.filter((pod) => pod.action !== "same").map((pod) => [pod.name, pod.action])).toEqual([["aux", "delete"]]);
});

test("a preview without changes says nothing changes", async () => {
  const review = await step("no-op", () => undefined, none);
  expect(review.pods.filter((pod) => pod.action !== "same")).toEqual([]);
  const file = path.join(p.dir, "no-op.preview.json");
  expect(await cliReview(["--format", "text", file])).toBe("No changes: nothing changes in any pod (no container is created, restarted, updated or deleted).\n");
});
