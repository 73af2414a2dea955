/**
 * `docker-pod review` against what `up` then really does. One stack with two pods; each step
 * changes the program, previews it (`pulumi preview --json`, and the engine events of an
 * Automation API preview), reviews both through the real CLI, applies the change, and checks the
 * review against the Docker engine: the containers it names as restarting are exactly those whose
 * ids changed, the ones it creates and deletes appeared and went, and the whole pod restarted
 * (pause's id changed) exactly when it said so.
 *
 * With DOCKER_POD_RECORD_REVIEW_FIXTURES=1 the previews are also written to
 * tests/unit/fixtures/review/ (the unit tests' recorded inputs).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { Pod, PauseImage } from "../../components";
import { TestStack, docker, freePort, images, leftovers, repoRoot, runTs, testLabel } from "./harness";
import { previewJson } from "./preview-json";

/** What the steps change. */
const spec = { hostPort: 0, sideImage: images.busybox, token: "first-token-value-1f2e", extra: false, aux: true };
const altImage = "docker-pod/busybox:review-alt";
const secrets = ["first-token-value-1f2e", "second-token-value-9c8d"];
const fixtures = path.join(repoRoot, "tests/unit/fixtures/review");
const record = process.env.DOCKER_POD_RECORD_REVIEW_FIXTURES === "1";

let t: TestStack;

const program = async () => {
  const pause = new PauseImage("pause-image", {});
  const sleeper = (name: string, image = images.busybox) => ({ name, image, command: ["sleep", "3600"] });
  new Pod("web", {
    containers: [
      {
        name: "app",
        image: images.busybox,
        command: ["sh", "-c"],
        args: ["mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www"],
        env: [
          { name: "MODE", value: "prod" },
          { name: "TOKEN", value: pulumi.secret(spec.token) },
        ],
        ports: [{ containerPort: 80, hostPort: spec.hostPort }],
      },
      sleeper("side", spec.sideImage),
      ...(spec.extra ? [sleeper("extra")] : []),
    ],
    pauseImage: pause.imageName,
    terminationGracePeriodSeconds: 1,
    labels: t.labels,
  });
  if (spec.aux) new Pod("aux", { containers: [sleeper("solo")], pauseImage: pause.imageName, terminationGracePeriodSeconds: 1, labels: t.labels });
};

beforeAll(async () => {
  await docker.getImage(images.busybox).tag({ repo: "docker-pod/busybox", tag: "review-alt" });
  spec.hostPort = await freePort();
  t = await TestStack.create("review", program);
  await t.up();
});

afterAll(async () => {
  if (t) {
    await t.dispose();
    expect(await leftovers(t.id)).toEqual([]);
  }
  await docker.getImage(altImage).remove().catch(() => undefined);
});

/** `pod/container` → id of this stack's members; `pod/POD` → the pause container's id. */
async function containerIds(): Promise<Map<string, string>> {
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${testLabel}=${t.id}`] }) });
  const ids = new Map<string, string>();
  for (const c of list) {
    const role = c.Labels["org.docker-pod.role"];
    if (role === "member") ids.set(`${c.Labels["org.docker-pod.pod"]}/${c.Labels["org.docker-pod.container"]}`, c.Id);
    if (role === "pause") ids.set(`${c.Labels["org.docker-pod.pod"]}/POD`, c.Id);
  }
  return ids;
}

interface JsonReview {
  pods: { name: string; action: string; podRestarts: boolean; reasons: string[]; containers: { name: string; action: string; changes: string[] }[] }[];
}

/** `docker-pod review` through the real CLI, from a file. */
async function cliReview(file: string, format: string): Promise<string> {
  const run = await runTs("cli/docker-pod.ts", ["review", "--format", format, file]);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  return run.stdout;
}

/**
 * Pulumi's engine events also carry the SDK's debug diagnostics, and the Node SDK's debug line for
 * each RegisterResource response prints the resource's inputs, secret values in plain text. The
 * review never reads diagnostics; the recorded fixtures leave the debug ones out.
 */
const withoutDebug = (events: EngineEvent[]) => events.filter((e) => (e.diagnosticEvent?.severity as string | undefined) !== "debug");
const lines = (events: EngineEvent[]) => events.map((e) => JSON.stringify(e)).join("\n") + "\n";

/** Previews the current program both ways, reviews both through the CLI, and returns the JSON review. */
async function previewAndReview(step: string): Promise<JsonReview> {
  const json = await previewJson(t.stack, program);
  const events: EngineEvent[] = [];
  await t.stack.preview({ onEvent: (e) => events.push(e) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-review-"));
  try {
    fs.writeFileSync(path.join(dir, "preview.json"), json);
    fs.writeFileSync(path.join(dir, "events.jsonl"), lines(events));
    // Secret values are in neither recorded form.
    for (const s of secrets) {
      expect(json).not.toContain(s);
      expect(lines(withoutDebug(events))).not.toContain(s);
    }
    if (record) {
      fs.mkdirSync(fixtures, { recursive: true });
      fs.writeFileSync(path.join(fixtures, `${step}.preview.json`), json);
      fs.writeFileSync(path.join(fixtures, `${step}.events.jsonl`), lines(withoutDebug(events)));
    }
    // The reviews: of the JSON, and of every event as streamed (debug diagnostics included).
    const fromJson = await cliReview(path.join(dir, "preview.json"), "json");
    const fromEvents = await cliReview(path.join(dir, "events.jsonl"), "json");
    const markdown = await cliReview(path.join(dir, "events.jsonl"), "markdown");
    const text = await cliReview(path.join(dir, "preview.json"), "text");
    for (const s of secrets) for (const out of [fromJson, fromEvents, markdown, text]) expect(out).not.toContain(s);
    const a = JSON.parse(fromJson) as JsonReview;
    const b = JSON.parse(fromEvents) as JsonReview;
    // Both forms say the same of what changes (the events also list unchanged containers as "same").
    const changing = (r: JsonReview) =>
      r.pods
        .filter((p) => p.action !== "same")
        .map(({ name, action, podRestarts, reasons, containers }) => ({ name, action, podRestarts, reasons, containers: containers.filter((c) => c.action !== "same") }));
    expect(changing(b)).toEqual(changing(a));
    return a;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What the review says happens to the members: restarting (replaced), created, deleted, as `pod/container`. */
function said(review: JsonReview) {
  const of = (action: string) => review.pods.flatMap((p) => p.containers.filter((c) => c.action === action).map((c) => `${p.name}/${c.name}`)).sort();
  return { restart: of("replace"), create: of("create"), delete: of("delete"), podRestarts: review.pods.filter((p) => p.podRestarts).map((p) => p.name).sort() };
}

/** Applies the change and returns what really happened to the members and pause containers. */
async function upAndObserve(): Promise<ReturnType<typeof said>> {
  const before = await containerIds();
  await t.up();
  const after = await containerIds();
  const members = (m: Map<string, string>) => [...m.keys()].filter((k) => !k.endsWith("/POD"));
  return {
    restart: members(before).filter((k) => after.has(k) && after.get(k) !== before.get(k)).sort(),
    create: members(after).filter((k) => !before.has(k)).sort(),
    delete: members(before).filter((k) => !after.has(k)).sort(),
    podRestarts: [...before.keys()].filter((k) => k.endsWith("/POD") && after.has(k) && after.get(k) !== before.get(k)).map((k) => k.split("/")[0]).sort(),
  };
}

/** Reviews the change, checks the review's own claims, then checks them against `up`. */
async function step(name: string, change: () => void, expected: ReturnType<typeof said>): Promise<JsonReview> {
  change();
  const review = await previewAndReview(name);
  const saidByReview = said(review);
  const observed = await upAndObserve();
  // The figures of the resolving note: what the review said, what up then did.
  console.log(`review ${name}: said ${JSON.stringify(saidByReview)}; up changed ${JSON.stringify(observed)}`);
  expect(saidByReview).toEqual(expected);
  expect(observed).toEqual(expected);
  return review;
}

const none = { restart: [], create: [], delete: [], podRestarts: [] };

test("a member's image change restarts only that member", async () => {
  const review = await step("member-image", () => (spec.sideImage = altImage), { ...none, restart: ["web/side"] });
  const side = review.pods[0].containers.find((c) => c.name === "side")!;
  expect(side.changes).toContain(`image: ${images.busybox} → ${altImage}`);
});

test("a host-port change restarts the whole pod, and says the port is why", async () => {
  const old = spec.hostPort;
  const port = await freePort();
  const review = await step("host-port", () => (spec.hostPort = port), { ...none, restart: ["web/app", "web/side"], podRestarts: ["web"] });
  expect(review.pods[0].reasons).toEqual([`ports: containerPort 80/tcp hostPort ${old} → ${port}`]);
});

test("an env change with a secret value names the variable, never the value", async () => {
  const review = await step("secret-env", () => (spec.token = secrets[1]), { ...none, restart: ["web/app"] });
  expect(review.pods[0].containers.find((c) => c.name === "app")!.changes).toEqual(["env: TOKEN changed (secret value, not shown)"]);
});

test("adding a member creates it and restarts nothing", async () => {
  await step("add-member", () => (spec.extra = true), { ...none, create: ["web/extra"] });
});

test("deleting a pod deletes its containers and touches no other pod", async () => {
  const review = await step("delete-pod", () => (spec.aux = false), { ...none, delete: ["aux/solo"] });
  expect(review.pods.map((p) => [p.name, p.action])).toEqual([["aux", "delete"]]);
});

test("a preview without changes says nothing changes", async () => {
  const review = await step("no-op", () => undefined, none);
  expect(review.pods.filter((p) => p.action !== "same")).toEqual([]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-review-"));
  try {
    fs.writeFileSync(path.join(dir, "preview.json"), await previewJson(t.stack, program));
    expect(await cliReview(path.join(dir, "preview.json"), "markdown")).toContain("No changes: nothing changes in any pod (no container is created, restarted, updated or deleted).");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
