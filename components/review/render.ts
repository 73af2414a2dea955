/**
 * A review as text for people and tools: `markdown` (a pull-request comment: a summary table, one
 * section per pod, long detail folded), `text` (a terminal), `json` (other tools).
 */
import { ContainerReview, PodReview, Review } from "./review";
import { measured } from "./timings";

/** The output formats of a review. */
export const reviewFormats = ["markdown", "text", "json"] as const;
/** One of {@link reviewFormats}. */
export type ReviewFormat = (typeof reviewFormats)[number];

const verbs: Record<ContainerReview["action"], string> = {
  create: "created",
  update: "updated in place",
  replace: "replaced (restarts)",
  delete: "deleted",
  same: "unchanged",
};

/** One line on what happens to a pod as a whole. */
function podHeadline(p: PodReview): string {
  if (p.action === "create") return "new pod";
  if (p.action === "delete") return "pod deleted";
  if (p.podRestarts) return "whole pod restarts";
  const replaced = p.containers.filter((c) => c.action === "replace").map((c) => c.name);
  if (replaced.length) return `${replaced.join(", ")} restart${replaced.length === 1 ? "s" : ""}; the pod stays up`;
  return p.action === "same" ? "no change" : "changes without a restart";
}

function totalsLine(r: Review): string {
  const t = r.totals;
  const c = t.containers;
  const parts = [
    `${t.pods} pod${t.pods === 1 ? "" : "s"} changed`,
    `${t.podsRestarting} restarting as a whole`,
    `${t.podsCreated} created`,
    `${t.podsDeleted} deleted`,
  ];
  const containers = `containers: ${c.create} created, ${c.replace} replaced, ${c.update} updated in place, ${c.delete} deleted`;
  const other = t.otherResources ? `; ${t.otherResources} other resource${t.otherResources === 1 ? "" : "s"} of the stack change` : "";
  return `${parts.join(", ")}; ${containers}${other}.`;
}

const nothing = "No changes: nothing changes in any pod (no container is created, restarted, updated or deleted).";
const changedPods = (r: Review) => r.pods.filter((p) => p.action !== "same" || p.containers.some((c) => c.changes.length));
const escape = (s: string) => s.replace(/\|/g, "\\|").replace(/</g, "&lt;");
const code = (s: string) => "`" + s.replace(/`/g, "'") + "`";

/** The review as a pull-request comment (GitHub-flavoured Markdown). */
export function renderMarkdown(r: Review): string {
  const out = ["## docker-pod review", ""];
  const pods = changedPods(r);
  if (pods.length === 0) {
    out.push(nothing);
    if (r.totals.otherResources) out.push("", totalsLine(r));
    return out.join("\n") + "\n";
  }
  out.push("| pod | what happens | whole pod restarts | expected interruption |", "| --- | --- | --- | --- |");
  for (const p of pods) {
    const restart = p.podRestarts ? `**yes**: ${escape(p.reasons.join("; "))}` : "no";
    out.push(`| ${code(p.name)} | ${escape(podHeadline(p))} | ${restart} | ${p.interruption.seconds ? `≈ ${p.interruption.seconds.toFixed(1)} s` : "none"} |`);
  }
  out.push("", `**Totals:** ${totalsLine(r)}`, "");
  for (const p of pods) {
    out.push(`### Pod ${code(p.name)}: ${podHeadline(p)}`, "");
    if (p.podRestarts) out.push(`The pause container is replaced, so every container of the pod restarts. Why: ${p.reasons.map(escape).join("; ")}.`, "");
    out.push(`Expected interruption: ${escape(p.interruption.text)}.`, "");
    if (p.containers.length) {
      out.push("| container | action | changes |", "| --- | --- | --- |");
      for (const c of p.containers) {
        const changes = c.changes.length > 3 ? `${c.changes.slice(0, 2).map(escape).join("<br>")}<br>… ${c.changes.length - 2} more below` : c.changes.map(escape).join("<br>");
        out.push(`| ${code(c.name)}${c.init ? " (init)" : ""} | ${verbs[c.action]} | ${changes || "—"} |`);
      }
      out.push("");
    }
    if (p.volumes.length) out.push(`Volumes: ${p.volumes.map(escape).join("; ")}.`, "");
    const long = p.containers.filter((c) => c.changes.length > 3);
    if (long.length) {
      out.push("<details><summary>Every change</summary>", "");
      for (const c of long) out.push(`- ${code(c.name)}:`, ...c.changes.map((x) => `  - ${escape(x)}`));
      out.push("", "</details>", "");
    }
  }
  out.push(`<sub>Interruption figures: docker-pod's own measurements (${measured.source}); add the time your images take to stop and to become ready.</sub>`);
  return out.join("\n") + "\n";
}

/** The review for a terminal. */
export function renderText(r: Review): string {
  const pods = changedPods(r);
  if (pods.length === 0) return `${nothing}\n${r.totals.otherResources ? totalsLine(r) + "\n" : ""}`;
  const out: string[] = [];
  for (const p of pods) {
    out.push(`pod ${p.name}: ${podHeadline(p)}`);
    if (p.podRestarts) out.push(`  whole pod restarts because: ${p.reasons.join("; ")}`);
    out.push(`  expected interruption: ${p.interruption.text}`);
    for (const c of p.containers) {
      out.push(`  ${c.init ? "init container" : "container"} ${c.name}: ${verbs[c.action]}`);
      for (const x of c.changes) out.push(`    ${x}`);
    }
    for (const v of p.volumes) out.push(`  volume ${v}`);
  }
  out.push("", `Totals: ${totalsLine(r)}`);
  return out.join("\n") + "\n";
}

/** The review as JSON: `{ pods: [{ name, action, podRestarts, reasons, containers, volumes, interruption }], totals }`. */
export function renderJson(r: Review): string {
  const pods = r.pods.map((p) => ({ ...p, containers: p.containers.map((c) => ({ name: c.name, action: c.action, changes: c.changes, ...(c.init ? { init: true } : {}) })) }));
  return JSON.stringify({ pods, totals: r.totals, source: r.source }, null, 2) + "\n";
}

/** The review in `format`. */
export function renderReview(r: Review, format: ReviewFormat): string {
  return format === "json" ? renderJson(r) : format === "text" ? renderText(r) : renderMarkdown(r);
}
