/**
 * Reviews of recorded previews. The fixtures in fixtures/review/ were recorded from real previews
 * on this project's machine (tests/e2e/review.test.ts and tests/lang/yaml-review.test.ts with
 * DOCKER_POD_RECORD_REVIEW_FIXTURES=1): each step as `pulumi preview --json` printed it and as
 * engine events, of a TypeScript program and of a Pulumi YAML one.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { NotAPreviewError, readPreview, renderReview, reviewPreview, reviewText, PodReview, Review, Step } from "../../components/review";
import { classifyChild } from "../../components/review/children";

// The command-line tests start the CLI under ts-node: seconds each on a busy machine.
jest.setTimeout(60_000);

const dir = path.join(__dirname, "fixtures/review");
const repoRoot = path.resolve(__dirname, "../..");
const secrets = ["first-token-value-1f2e", "second-token-value-9c8d"];
/**
 * Each change recorded four ways: an Automation API program's `pulumi preview --json` and its
 * streamed engine events (tests/e2e/review.test.ts); a Pulumi YAML program's, whose pods come
 * through the component package, `pulumi preview --json` and `pulumi preview --event-log`
 * (tests/lang/yaml-review.test.ts).
 */
const forms = ["preview.json", "events.jsonl", "yaml.preview.json", "yaml.event-log.jsonl"];
/** The side container's second image in each recording. */
const altImage = (form: string) => (form.startsWith("yaml.") ? "docker-pod/busybox:review-yaml-alt" : "docker-pod/busybox:review-alt");
const fixture = (step: string, form: string) => fs.readFileSync(path.join(dir, `${step}.${form}`), "utf8");
const review = (step: string, form: string): Review => reviewPreview(readPreview(fixture(step, form)));
const pod = (r: Review, name: string): PodReview | undefined => r.pods.find((p) => p.name === name);
/** A pod's containers that change (the events also show the unchanged ones, as "same"). */
const changing = (p: PodReview | undefined) => (p?.containers ?? []).filter((c) => c.action !== "same").map(({ name, action, changes }) => ({ name, action, changes }));

describe.each(forms)("recorded %s", (form) => {
  test("a member image change: only that member restarts, the image named", () => {
    const r = review("member-image", form);
    const web = pod(r, "web")!;
    expect(web).toMatchObject({ action: "update", podRestarts: false, reasons: [] });
    expect(changing(web)).toEqual([{ name: "side", action: "replace", changes: [`image: docker-pod/busybox:local → ${altImage(form)}`] }]);
    expect(web.interruption.text).toMatch(/^side: ≈ [\d.]+ s without that container; the pod, its IP address, its ports and the other containers stay up$/);
    expect(r.totals).toMatchObject({ podsRestarting: 0, containers: expect.objectContaining({ replace: 1, create: 0, delete: 0 }) });
    expect(pod(r, "aux")?.action ?? "same").toBe("same");
  });

  test("a host-port change: the whole pod restarts, and the port is the reason", () => {
    const r = review("host-port", form);
    const web = pod(r, "web")!;
    expect(web.podRestarts).toBe(true);
    expect(web.reasons).toEqual([expect.stringMatching(/^ports: containerPort 80\/tcp hostPort \d+ → \d+$/)]);
    expect(changing(web).map((c) => [c.name, c.action, c.changes[0]])).toEqual([
      ["app", "replace", "restarts with the pod (joins the new pause container)"],
      ["side", "replace", "restarts with the pod (joins the new pause container)"],
    ]);
    expect(web.interruption.text).toMatch(/^the whole pod: ≈ [\d.]+ s without service/);
    expect(pod(r, "aux")?.podRestarts ?? false).toBe(false);
    expect(r.totals.podsRestarting).toBe(1);
  });

  test("an env change with a secret value: the name is shown, the value never", () => {
    const text = fixture("secret-env", form);
    for (const s of secrets) expect(text).not.toContain(s);
    const r = review("secret-env", form);
    expect(changing(pod(r, "web"))).toEqual([{ name: "app", action: "replace", changes: ["env: TOKEN changed (secret value, not shown)"] }]);
    for (const format of ["markdown", "text", "json"] as const) {
      const out = renderReview(r, format);
      expect(out).toContain("TOKEN");
      for (const s of secrets) expect(out).not.toContain(s);
    }
  });

  test("adding a member: it is created, nothing restarts", () => {
    const r = review("add-member", form);
    const web = pod(r, "web")!;
    expect(web).toMatchObject({ action: "update", podRestarts: false });
    expect(changing(web)).toEqual([{ name: "extra", action: "create", changes: ["image: docker-pod/busybox:local"] }]);
    expect(web.interruption).toEqual({ seconds: 0, text: "no container restarts" });
  });

  test("deleting a pod: the pod and its container go, the other pod is untouched", () => {
    const r = review("delete-pod", form);
    expect(pod(r, "aux")).toMatchObject({ action: "delete", podRestarts: false, interruption: { seconds: 0, text: "the pod is removed: it stops serving for good" } });
    expect(changing(pod(r, "aux"))).toEqual([{ name: "solo", action: "delete", changes: [] }]);
    expect(pod(r, "web")?.action ?? "same").toBe("same");
    expect(r.totals.podsDeleted).toBe(1);
  });

  test("a no-op: says nothing changes", () => {
    const r = review("no-op", form);
    expect(r.pods.filter((p) => p.action !== "same")).toEqual([]);
    expect(renderReview(r, "markdown")).toContain("No changes: nothing changes in any pod (no container is created, restarted, updated or deleted).");
    expect(renderReview(r, "text")).toBe("No changes: nothing changes in any pod (no container is created, restarted, updated or deleted).\n");
  });
});

test("the JSON form has the documented shape, pause only through podRestarts", () => {
  const out = JSON.parse(reviewText(fixture("host-port", "preview.json"), "json"));
  const web = out.pods.find((p: { name: string }) => p.name === "web");
  expect(Object.keys(web)).toEqual(expect.arrayContaining(["name", "podRestarts", "reasons", "containers"]));
  for (const c of web.containers) expect(Object.keys(c).sort()).toEqual(["action", "changes", "name"]);
  // The pod's own containers (pause, podlet) are not among them: pause only through podRestarts.
  expect(web.containers.map((c: { name: string }) => c.name)).toEqual(["app", "side"]);
});

test("the Markdown form: a summary table, then one section per pod", () => {
  const md = reviewText(fixture("host-port", "preview.json"));
  expect(md).toMatch(/^## docker-pod review\n\n\| pod \| what happens \| whole pod restarts \| expected interruption \|\n/);
  expect(md).toMatch(/\| `web` \| whole pod restarts \| \*\*yes\*\*: ports: containerPort 80\/tcp hostPort \d+ → \d+ \| ≈ [\d.]+ s \|/);
  expect(md).toContain("### Pod `web`: whole pod restarts");
});

test("the Markdown form folds long detail: a container's fourth change on goes under <details>", () => {
  const changes = ["image: a:1 → a:2", "env: + DEBUG", "resources.limits.memory: 64Mi → 128Mi", "readinessProbe changed", "workingDir: / → /app"];
  const r: Review = {
    pods: [
      {
        name: "web",
        action: "update",
        podRestarts: false,
        reasons: [],
        containers: [
          { name: "app", action: "replace", changes },
          { name: "side", action: "update", changes: ["lifecycle.preStop hook runs again"] },
        ],
        volumes: [],
        interruption: { seconds: 1, text: "app: ≈ 1.0 s without that container" },
      },
    ],
    totals: { pods: 1, podsRestarting: 0, podsCreated: 0, podsDeleted: 0, containers: { create: 0, update: 1, replace: 1, delete: 0, same: 0 }, otherResources: 0 },
    source: "preview-json",
  };
  const md = renderReview(r, "markdown");
  expect(md).toContain("| `app` | replaced (restarts) | image: a:1 → a:2<br>env: + DEBUG<br>… 3 more below |");
  expect(md).toContain("| `side` | updated in place | lifecycle.preStop hook runs again |");
  const folded = md.slice(md.indexOf("<details><summary>Every change</summary>"), md.indexOf("</details>"));
  expect(folded).toContain("- `app`:");
  for (const c of changes) expect(folded).toContain(`  - ${c}`);
  expect(folded).not.toContain("side");
});

test("input that is not a preview is refused, naming what was expected", () => {
  expect(() => readPreview("hello")).toThrow(NotAPreviewError);
  expect(() => readPreview('{"kind": "Pod"}')).toThrow(/not a Pulumi preview/);
  expect(() => readPreview("")).toThrow(NotAPreviewError);
  // An update's events (steps not marked as planning) are not a preview.
  const update = fixture("member-image", "events.jsonl").replace(/"planning":true/g, '"planning":false');
  expect(() => readPreview(update)).toThrow(/an update's/);
});

test("engine events as one JSON array read the same as JSON lines", () => {
  const lines = fixture("member-image", "events.jsonl");
  const array = `[${lines.trim().split("\n").join(",")}]`;
  expect(reviewPreview(readPreview(array))).toEqual(reviewPreview(readPreview(lines)));
});

test.each(["preview.json", "events.jsonl"])("pods inside a component of the user's own (%s) are grouped as at the top", (form) => {
  // The stack's own component `my:index:App` holds the pods: every pod URN's type gains a prefix.
  for (const step of ["member-image", "host-port", "delete-pod"]) {
    const text = fixture(step, form);
    const nested = text.replace(/::docker-pod:index:Pod/g, "::my:index:App$docker-pod:index:Pod");
    expect(nested).not.toBe(text);
    expect(reviewPreview(readPreview(nested)).pods).toEqual(reviewPreview(readPreview(text)).pods);
  }
});

test("parsed input reads as its text: an Automation API preview's EngineEvent[] as streamed, the preview document", () => {
  const lines = fixture("member-image", "events.jsonl");
  const events = lines.trim().split("\n").map((l) => JSON.parse(l) as object);
  expect(reviewPreview(readPreview(events))).toEqual(reviewPreview(readPreview(lines)));
  const json = fixture("member-image", "preview.json");
  expect(reviewPreview(readPreview(JSON.parse(json) as object))).toEqual(reviewPreview(readPreview(json)));
  expect(() => readPreview({ kind: "Pod" })).toThrow(NotAPreviewError);
  expect(() => readPreview([])).toThrow(NotAPreviewError);
  expect(() => readPreview(["x"])).toThrow(NotAPreviewError);
});

test("the README shows the review the current code prints for its recorded preview", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const quoted = /\n(> ## docker-pod review\n(?:>.*\n)*)/.exec(readme);
  expect(quoted).not.toBeNull();
  const shown = quoted![1].replace(/^> ?/gm, "");
  expect(readme).toContain("`tests/unit/fixtures/review/host-port.preview.json`");
  expect(shown).toBe(reviewText(fixture("host-port", "preview.json")));
});

describe("docker-pod review (the command line)", () => {
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(repoRoot, "cli/docker-pod.ts"), "review", ...args], {
      input,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json") },
    });

  test("reads a file, or standard input; markdown by default", () => {
    const fromFile = cli([path.join(dir, "member-image.preview.json")]);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toContain("### Pod `web`: side restarts; the pod stays up");
    const fromStdin = cli(["--format", "text"], fixture("member-image", "events.jsonl"));
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toContain("container side: replaced (restarts)");
  });

  test("--event-log FILE names the engine event log", () => {
    const run = cli(["--event-log", path.join(dir, "host-port.events.jsonl"), "--format", "json"]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).pods.find((p: { name: string }) => p.name === "web").podRestarts).toBe(true);
    const both = cli(["--event-log", path.join(dir, "host-port.events.jsonl"), path.join(dir, "no-op.preview.json")]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("expected at most one FILE");
  });

  test("exit 1 only when the input is not a preview; 2 for a bad --format", () => {
    const bad = cli([], "not a preview");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^docker-pod: the input is not a Pulumi preview/);
    expect(cli([path.join(dir, "missing.json")]).status).toBe(1);
    const format = cli(["--format", "html", path.join(dir, "no-op.preview.json")]);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("--format must be one of markdown, text, json");
  });
});

describe("a pod's parts", () => {
  const step = (type: string, name: string, labels: Record<string, string> = {}): Step => ({
    op: "update",
    urn: `urn:pulumi:s::p::docker-pod:index:Pod$${type}::${name}`,
    type,
    name,
    new: { inputs: { labels: Object.entries(labels).map(([label, value]) => ({ label, value })) } },
    diffs: [],
    replaceKeys: [],
    detailedDiff: [],
  });
  const container = "docker:index/container:Container";
  const role = (r: string, c?: string) => ({ "org.docker-pod.role": r, ...(c ? { "org.docker-pod.container": c } : {}) });
  test.each([
    ["a member by its labels", step(container, "web-app", role("member", "app")), { kind: "member", name: "app" }],
    ["a native sidecar", step(container, "web-log", role("sidecar", "log")), { kind: "sidecar", name: "log" }],
    ["a member the user named pause is not the pause container", step(container, "web-pause", role("member", "pause")), { kind: "member", name: "pause" }],
    ["pause", step(container, "web.pause", role("pause")), { kind: "pause" }],
    ["a hook, by the name names.ts gives it", step("command:local:Command", "web-app.post-start"), { kind: "hook", name: "app", role: "post-start" }],
    ["a hook under its name before that scheme", step("command:local:Command", "web-app-pre-stop"), { kind: "hook", name: "app", role: "pre-stop" }],
    ["an init container's run", step("command:local:Command", "web-setup.run"), { kind: "hook", name: "setup", role: "run" }],
  ])("%s", (_what, s, expected) => {
    expect(classifyChild("web", s, new Set(["app"]))).toEqual(expected);
  });
});
