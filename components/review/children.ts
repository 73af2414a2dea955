/**
 * Which part of a pod a child resource is. Containers say so through their Docker labels
 * (`org.docker-pod.role`; `org.docker-pod.container`, the name the user wrote). The commands a pod
 * makes for a container (init run, lifecycle hooks) carry no labels: they are recognised by the
 * names `names.ts` gives them, never by a copy of that scheme.
 */
import { containerLabel, roleLabel } from "../mapping/labels";
import { legacyResourceName, ownedResourceName, pauseResourceName, podletResourceName, userResourceName } from "../names";
import { labelsOf } from "./container-diff";
import { Step } from "./steps";

/** What a child resource of a pod is. */
export type ChildKind = "pause" | "podlet" | "member" | "init" | "sidecar" | "content" | "volume" | "hook" | "other";

/** A pod's child resource, classified. */
export interface Child {
  kind: ChildKind;
  /** The container or volume name as the user wrote it (members, init containers, native sidecars, volumes, hooks). */
  name?: string;
  /** For hooks: `run` (an init container's run), `post-start`, `pre-stop`. */
  role?: string;
}

/** The roles of the commands a pod makes for one of its containers (see `hooks.ts`, `init-containers.ts`). */
export const commandRoles = ["run", "post-start", "pre-stop"];

/**
 * Classifies `step`, a child of pod `pod`. `containers` are the names of the pod's containers
 * known from their labels, to recognise command names (`<pod>-<c>.post-start`, and the name such
 * a resource had before, `<pod>-<c>-post-start`).
 */
export function classifyChild(pod: string, step: Step, containers: ReadonlySet<string>): Child {
  const labels = { ...labelsOf(step.old?.inputs), ...labelsOf(step.new?.inputs) };
  const role = labels[roleLabel];
  const name = labels[containerLabel];
  if (step.type === "docker:index/container:Container" || step.type === "docker:index/volume:Volume") {
    if (role === "member" || role === "init" || role === "sidecar" || role === "content" || role === "volume") return { kind: role, name };
    if (role === "pause" || role === "podlet") return { kind: role };
    // Labels secret or absent: the pod's own containers by their names.
    if (step.name === pauseResourceName(pod)) return { kind: "pause" };
    if (step.name === podletResourceName(pod)) return { kind: "podlet" };
    return { kind: "other" };
  }
  if (step.type === "command:local:Command") {
    for (const c of containers) {
      for (const r of commandRoles) {
        const owned = ownedResourceName(pod, c, r);
        if (step.name === owned || step.name === legacyResourceName(pod, owned)) return { kind: "hook", name: c, role: r };
      }
    }
    // A container with no step of its own: the command's name still says which and what.
    for (const r of commandRoles) {
      const prefix = userResourceName(pod, "");
      for (const sep of [".", "-"]) {
        if (step.name.startsWith(prefix) && step.name.endsWith(`${sep}${r}`)) {
          return { kind: "hook", name: step.name.slice(prefix.length, step.name.length - r.length - 1), role: r };
        }
      }
    }
  }
  return { kind: "other" };
}
