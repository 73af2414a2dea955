/**
 * The review of a preview: per pod (the resources whose parent is a `docker-pod:index:Pod`), what
 * changes in PodSpec terms, what each container goes through, whether the whole pod restarts
 * (its pause container is replaced) and why, and how long the pod is expected to be interrupted.
 */
import { classifyChild, Child } from "./children";
import { containerChanges, containerSummary, joinsNewPause, unknownValue } from "./container-diff";
import { Preview, Step, StepOp } from "./steps";
import { measured } from "./timings";

/** The type token of the Pod component. */
export const podType = "docker-pod:index:Pod";

/** What happens to one container of a pod. */
export type ContainerAction = "create" | "update" | "replace" | "delete" | "same";

/** One container (member or init container) of a pod in a review. */
export interface ContainerReview {
  /** The container's name as the user wrote it. */
  name: string;
  action: ContainerAction;
  /** What changes, in PodSpec terms (`image: app:1 → app:2`, `env: + DEBUG`). */
  changes: string[];
  /** `true` for an init container (a native sidecar, `restartPolicy: Always`, too). */
  init?: boolean;
}

/** One pod in a review. */
export interface PodReview {
  /** The pod's name (its Pulumi resource name). */
  name: string;
  /** What happens to the pod as a whole. */
  action: "create" | "update" | "delete" | "same";
  /** Whether the whole pod restarts: its pause container (and so every member) is replaced. */
  podRestarts: boolean;
  /** Why the whole pod restarts (the changes that force pause's replacement); empty otherwise. */
  reasons: string[];
  /** The pod's containers the preview shows: init containers, then members, each by name. */
  containers: ContainerReview[];
  /** Pod volumes that are created, replaced (new content) or deleted: `data (configMap): replace`. */
  volumes: string[];
  /** The expected interruption: seconds without service (0: none), and what it means. */
  interruption: { seconds: number; text: string };
}

/** A whole review. */
export interface Review {
  pods: PodReview[];
  totals: {
    /** Pods that change (created, updated, deleted). */
    pods: number;
    podsRestarting: number;
    podsCreated: number;
    podsDeleted: number;
    containers: Record<ContainerAction, number>;
    /** Resources of the stack outside any pod that change. */
    otherResources: number;
  };
  /** Which form the preview came in. */
  source: Preview["source"];
}

const containerAction = (op: StepOp): ContainerAction => op;

/** The pod URN a step belongs to: its own (a Pod) or its nearest Pod ancestor's. */
function podOf(step: Step, parents: Map<string, string | undefined>, types: Map<string, string>): string | undefined {
  let urn: string | undefined = step.urn;
  for (let depth = 0; urn && depth < 64; depth++) {
    if (types.get(urn) === podType || urn.split("::")[2]?.endsWith(podType)) return urn;
    urn = parents.get(urn);
  }
  return undefined;
}

interface PodSteps {
  urn: string;
  name: string;
  self?: Step;
  children: Step[];
}

function groupByPod(preview: Preview): { pods: PodSteps[]; other: Step[] } {
  const parents = new Map(preview.steps.map((s) => [s.urn, s.new?.parent ?? s.old?.parent]));
  const types = new Map(preview.steps.map((s) => [s.urn, s.type]));
  const pods = new Map<string, PodSteps>();
  const other: Step[] = [];
  const podFor = (urn: string, name: string) => {
    if (!pods.has(urn)) pods.set(urn, { urn, name, children: [] });
    return pods.get(urn)!;
  };
  for (const step of preview.steps) {
    if (step.type === podType) {
      podFor(step.urn, step.name).self = step;
      continue;
    }
    const parent = step.new?.parent ?? step.old?.parent;
    const pod = parent ? podOf({ ...step, urn: parent }, parents, types) : undefined;
    if (pod) podFor(pod, pod.split("::").slice(3).join("::")).children.push(step);
    else if (step.op !== "same" && step.type !== "pulumi:pulumi:Stack") other.push(step);
  }
  return { pods: [...pods.values()], other };
}

/** Whether a child is one of the containers the user wrote: a member, an init container or a native sidecar. */
const isContainer = (c: Child) => c.kind === "member" || c.kind === "init" || c.kind === "sidecar";

/** Reviews one pod's steps. */
function reviewPod(pod: PodSteps): PodReview {
  const known = new Set<string>();
  const classified: [Step, Child][] = [];
  // Containers first (labels name them), so the commands can be matched to their names.
  for (const step of pod.children) {
    if (step.type !== "command:local:Command") {
      const c = classifyChild(pod.name, step, known);
      if (isContainer(c) && c.name) known.add(c.name);
      classified.push([step, c]);
    }
  }
  for (const step of pod.children) {
    if (step.type === "command:local:Command") classified.push([step, classifyChild(pod.name, step, known)]);
  }
  const pause = classified.find(([, c]) => c.kind === "pause")?.[0];
  const podRestarts = pause?.op === "replace";
  const action: PodReview["action"] =
    pod.self?.op === "create" || pause?.op === "create"
      ? "create"
      : pod.self?.op === "delete" || pause?.op === "delete"
        ? "delete"
        : classified.some(([s, c]) => s.op !== "same" && c.kind !== "podlet") || pod.self?.op === "update"
          ? "update"
          : "same";

  const reasons = podRestarts ? pauseReasons(pause!) : [];
  const containers: ContainerReview[] = [];
  const byName = new Map<string, ContainerReview>();
  for (const [step, c] of classified) {
    if (!isContainer(c) || !c.name) continue;
    const review: ContainerReview = { name: c.name, action: containerAction(step.op), changes: changesOf(step, podRestarts), ...(c.kind !== "member" ? { init: true } : {}) };
    byName.set(c.name, review);
    containers.push(review);
  }
  for (const [step, c] of classified) {
    if (c.kind !== "hook" || !c.name || step.op === "same") continue;
    const owner = byName.get(c.name);
    if (owner && (owner.action === "replace" || owner.action === "create" || owner.action === "delete")) continue;
    const what = c.role === "run" ? "runs again" : step.op === "delete" ? "removed" : step.op === "create" ? "added" : "runs again";
    const line = c.role === "run" ? `init container ${what}` : `lifecycle.${c.role === "post-start" ? "postStart" : "preStop"} hook ${what}`;
    if (owner) owner.changes.push(line);
    else {
      const review: ContainerReview = { name: c.name, action: "same", changes: [line] };
      byName.set(c.name, review);
      containers.push(review);
    }
  }
  containers.sort((a, b) => Number(!!b.init) - Number(!!a.init) || a.name.localeCompare(b.name));
  const volumes = classified
    .filter(([s, c]) => c.kind === "volume" && s.op !== "same")
    .map(([s, c]) => `${c.name}: ${s.op === "replace" ? "replaced (new content)" : s.op}`);
  return { name: pod.name, action, podRestarts, reasons, containers, volumes, interruption: interruption(action, podRestarts, containers) };
}

/** A container's changes; members that only follow a new pause say so. */
function changesOf(step: Step, podRestarts: boolean): string[] {
  if (step.op === "create" || step.op === "delete") return step.op === "create" ? containerSummary(step.new?.inputs) : [];
  if (step.op === "same") return [];
  const changes = containerChanges(step.old?.inputs, step.new?.inputs, step.diffs, step.detailedDiff);
  if (podRestarts && joinsNewPause(step.old?.inputs, step.new?.inputs)) return ["restarts with the pod (joins the new pause container)", ...changes];
  return changes;
}

/** Why pause is replaced, in PodSpec terms. */
function pauseReasons(pause: Step): string[] {
  const keys = new Set([...pause.replaceKeys, ...pause.diffs]);
  const changes = containerChanges(pause.old?.inputs, pause.new?.inputs, [...keys], pause.detailedDiff).map((c) =>
    c.startsWith("image:") ? (pause.new?.inputs.image === unknownValue ? "the pause image is rebuilt" : `pause image: ${c.slice("image: ".length)}`) : c,
  );
  // What the pause container carries for the whole pod, beyond what containers share.
  const podFields: Record<string, string> = { networkMode: "hostNetwork", pidMode: "hostPID", ipcMode: "hostIPC", sysctls: "securityContext.sysctls" };
  for (const k of keys) if (podFields[k]) changes.push(`${podFields[k]} changed`);
  if (changes.length) return changes;
  return [`the pause container's ${[...keys].join(", ") || "settings"} change${keys.size === 1 ? "s" : ""}`];
}

const round = (s: number) => Math.round(s * 10) / 10;
const seconds = (s: number) => `≈ ${round(s).toFixed(1)} s`;

/** The expected interruption of a pod, from the project's measured restart times. */
function interruption(action: PodReview["action"], podRestarts: boolean, containers: ContainerReview[]): PodReview["interruption"] {
  if (action === "create") return { seconds: 0, text: "a new pod: nothing running is interrupted" };
  if (action === "delete") return { seconds: 0, text: "the pod is removed: it stops serving for good" };
  if (podRestarts) {
    return {
      seconds: round(measured.podRestartSeconds),
      text: `the whole pod: ${seconds(measured.podRestartSeconds)} without service; every connection to it is cut and its IP address may change`,
    };
  }
  const restarting = containers.filter((c) => c.action === "replace" || (c.action === "delete" && !c.init)).map((c) => c.name);
  if (restarting.length) {
    return {
      seconds: round(measured.memberReplaceSeconds),
      text: `${restarting.join(", ")}: ${seconds(measured.memberReplaceSeconds)} without ${restarting.length === 1 ? "that container" : "those containers"}; the pod, its IP address, its ports and the other containers stay up`,
    };
  }
  if (action === "same") return { seconds: 0, text: "nothing changes" };
  return { seconds: 0, text: "no container restarts" };
}

/** Reviews a preview: every pod it touches, then the totals. */
export function reviewPreview(preview: Preview): Review {
  const { pods, other } = groupByPod(preview);
  const reviews = pods.map(reviewPod);
  const count = (a: ContainerAction) => reviews.reduce((n, p) => n + p.containers.filter((c) => c.action === a).length, 0);
  return {
    pods: reviews,
    totals: {
      pods: reviews.filter((p) => p.action !== "same").length,
      podsRestarting: reviews.filter((p) => p.podRestarts).length,
      podsCreated: reviews.filter((p) => p.action === "create").length,
      podsDeleted: reviews.filter((p) => p.action === "delete").length,
      containers: { create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete"), same: count("same") },
      otherResources: other.length,
    },
    source: preview.source,
  };
}
