/**
 * Kubernetes status from Docker facts: each container's `ContainerStatus` (state, last state,
 * restart count, readiness), the pod's `phase` and conditions, and kubectl's STATUS, READY and
 * RESTARTS columns, computed the way kubectl's pod printer does.
 */
import type { ContainerState, ContainerStatus, PodCondition, PodStatus } from "kubernetes-types/core/v1";
import { containerLabel, restartPolicyLabel, roleLabel } from "../mapping/labels";
import { PodEvent, isAbout } from "./events";
import type { ContainerFacts, PodFacts } from "./facts";
import { kubeTime } from "./format";

/** Docker's zero time (`0001-01-01T00:00:00Z`) means never started or never finished. */
const isSet = (t: string | undefined): t is string => !!t && !t.startsWith("0001-");

/** The member's name in the pod (its `org.docker-pod.container` label). */
export const memberName = (c: ContainerFacts): string => c.Config.Labels[containerLabel] ?? c.Id.slice(0, 12);

/** The restarts the podlet made of this container (`member … ; started in N ms` lines), oldest first. */
export function podletRestarts(c: ContainerFacts, events: PodEvent[]): PodEvent[] {
  return events.filter((e) => e.restart && e.subject.kind === "member" && isAbout(e, c.Id));
}

/** Docker's state as a Kubernetes `terminated` state. */
function terminatedOf(c: ContainerFacts): ContainerState {
  const s = c.State;
  return {
    terminated: {
      exitCode: s.ExitCode,
      reason: s.OOMKilled ? "OOMKilled" : s.ExitCode === 0 ? "Completed" : "Error",
      ...(s.Error ? { message: s.Error } : {}),
      ...(isSet(s.StartedAt) ? { startedAt: kubeTime(s.StartedAt) } : {}),
      ...(isSet(s.FinishedAt) ? { finishedAt: kubeTime(s.FinishedAt) } : {}),
      containerID: `docker://${c.Id}`,
    },
  };
}

/** The last event about the container, if it is a crash-loop back-off still pending. */
function pendingBackOff(c: ContainerFacts, events: PodEvent[]): PodEvent | undefined {
  const about = events.filter((e) => isAbout(e, c.Id));
  const last = about[about.length - 1];
  return last?.reason === "BackOff" ? last : undefined;
}

/** A container's Kubernetes status; `podName` only words the back-off message as the kubelet does. */
export function containerStatus(c: ContainerFacts, events: PodEvent[], podName: string): ContainerStatus {
  const name = memberName(c);
  const s = c.State;
  const restarts = podletRestarts(c, events);
  const restartCount = restarts.length + (c.RestartCount ?? 0);
  let state: ContainerState;
  let lastState: ContainerState = {};
  const backOff = !s.Running ? pendingBackOff(c, events) : undefined;
  if (s.Running) {
    state = { running: { startedAt: kubeTime(s.StartedAt) } };
  } else if (s.Restarting || backOff) {
    const delay = backOff ? /restarting in (\S+ s)/.exec(backOff.message)?.[1] : undefined;
    state = {
      waiting: {
        reason: "CrashLoopBackOff",
        message: `back-off ${delay ?? ""} restarting failed container=${name} pod=${podName}`.replace(/ {2,}/g, " "),
      },
    };
    lastState = terminatedOf(c);
  } else if (s.Status === "created" || !isSet(s.StartedAt)) {
    state = { waiting: { reason: "ContainerCreating" } };
  } else {
    state = terminatedOf(c);
  }
  if (s.Running && restartCount > 0) lastState = previousTermination(c, events, restarts);
  const ready = s.Running && !s.Paused && (!s.Health || s.Health.Status === "healthy");
  return {
    name,
    image: c.Config.Image,
    imageID: c.Image,
    containerID: `docker://${c.Id}`,
    ready,
    started: s.Running,
    restartCount,
    state,
    lastState,
  };
}

/** How the run before the current one ended, from the podlet's lines (Docker forgets it on start). */
function previousTermination(c: ContainerFacts, events: PodEvent[], restarts: PodEvent[]): ContainerState {
  const lastStart = restarts[restarts.length - 1];
  if (!lastStart) {
    // Restarted by Docker's own restart policy (self-healing off): only the time is known.
    return isSet(c.State.FinishedAt) ? { terminated: { exitCode: c.State.ExitCode, reason: "Error", finishedAt: kubeTime(c.State.FinishedAt) } } : {};
  }
  const about = events.filter((e) => isAbout(e, c.Id) && e.time <= lastStart.time && e.exitCode !== undefined);
  const exit = about[about.length - 1];
  if (!exit || exit.exitCode === undefined) return {};
  return {
    terminated: {
      exitCode: exit.exitCode,
      reason: exit.exitCode === 0 ? "Completed" : "Error",
      message: exit.message,
      // A start line that reports the exit too (`exited 137, pause restarted; started in N ms`) was
      // written after the start: the exit came before it.
      finishedAt: kubeTime(new Date(exit.time.getTime() - (exit.restart ? (exit.durationMs ?? 0) : 0)).toISOString()),
      containerID: `docker://${c.Id}`,
    },
  };
}

/** Whether a container of the pod's init list is a native sidecar (`restartPolicy: Always`). */
export const isSidecar = (c: ContainerFacts): boolean => c.Config.Labels[roleLabel] === "sidecar";

/** Whether the pod looks after itself (it has a podlet) or relies on Docker's restart policies. */
export function selfHealing(pod: PodFacts): boolean {
  if (pod.podlet) return true;
  // Without a podlet: self-healing pods give pause Docker's policy `no`; pods without it map
  // `Always`/`OnFailure` to `always`/`on-failure` (`Never` is `no` either way).
  const policy = pod.members[0]?.Config.Labels[restartPolicyLabel];
  return (pod.pause.HostConfig.RestartPolicy?.Name ?? "no") === "no" && policy !== undefined && policy !== "Never";
}

/**
 * Whether the pod is being taken down: a container of it is being removed, or a self-healing pod
 * lost its podlet (Pulumi deletes the podlet first) more than a minute after it was created (while
 * a pod is created, its podlet comes last).
 */
export function terminating(pod: PodFacts, now: Date): boolean {
  const all = [pod.pause, ...pod.members, ...pod.inits, ...(pod.podlet ? [pod.podlet] : [])];
  if (all.some((c) => c.State.Status === "removing")) return true;
  return !pod.podlet && selfHealing(pod) && now.getTime() - new Date(pod.pause.Created).getTime() > 60_000;
}

/** The pod's Kubernetes status. */
export function podStatus(pod: PodFacts): PodStatus {
  const initContainerStatuses = pod.inits.map((c) => {
    // Native sidecars are restarted by the podlet, as members are.
    const st = containerStatus(c, isSidecar(c) ? pod.events : [], pod.name);
    // An init container created but not run yet waits, as the kubelet says, for the pod to initialise.
    if (st.state?.waiting?.reason === "ContainerCreating") st.state = { waiting: { reason: "PodInitializing" } };
    return st;
  });
  const containerStatuses = pod.members.map((c) => containerStatus(c, pod.events, pod.name));
  const initialized = initContainerStatuses.every((s, i) => s.state?.terminated?.exitCode === 0 || (isSidecar(pod.inits[i]) && s.started));
  const allReady = containerStatuses.length > 0 && containerStatuses.every((s) => s.ready);
  const created = containerStatuses.length > 0 && containerStatuses.every((s) => s.state?.waiting?.reason !== "ContainerCreating");
  const terminated = containerStatuses.map((s) => s.state?.terminated).filter((t) => t !== undefined);
  let phase: string;
  if (!initialized || !created) phase = "Pending";
  else if (terminated.length === containerStatuses.length) phase = terminated.every((t) => t.exitCode === 0) ? "Succeeded" : "Failed";
  else phase = "Running";
  const condition = (type: string, ok: boolean): PodCondition => ({ type, status: ok ? "True" : "False" });
  const ip = podIP(pod.pause);
  return {
    phase,
    conditions: [
      condition("PodScheduled", true),
      condition("Initialized", initialized),
      condition("ContainersReady", allReady),
      condition("Ready", allReady),
    ],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: kubeTime(pod.pause.Created),
    ...(initContainerStatuses.length ? { initContainerStatuses } : {}),
    containerStatuses,
  };
}

/** The pod's IP on its Docker network (empty while pause is not running). */
export function podIP(pause: ContainerFacts): string {
  const ns = pause.NetworkSettings;
  return ns?.IPAddress || Object.values(ns?.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress || "";
}

/** kubectl's READY, STATUS and RESTARTS of a pod (its printer's rules), and the last restart's time. */
export function podColumns(pod: PodFacts, status: PodStatus, now: Date): { ready: string; status: string; restarts: number; lastRestart?: Date } {
  let reason = status.phase ?? "Unknown";
  let restarts = 0;
  let lastRestart: Date | undefined;
  const noteRestart = (s: ContainerStatus) => {
    restarts += s.restartCount;
    // Docker's own restarts (self-healing off) leave no last state: the current run began with the last one.
    const t = s.lastState?.terminated?.finishedAt ?? (s.restartCount > 0 ? s.state?.running?.startedAt : undefined);
    if (t && (!lastRestart || new Date(t) > lastRestart)) lastRestart = new Date(t);
  };
  let initializing = false;
  let readyCount = 0;
  const inits = status.initContainerStatuses ?? [];
  const sidecar = (i: number) => pod.inits[i] !== undefined && isSidecar(pod.inits[i]);
  for (let i = 0; i < inits.length; i++) {
    const s = inits[i];
    noteRestart(s);
    // A started native sidecar counts as a container of the pod (kubectl ≥ 1.29).
    if (sidecar(i) && s.started) {
      if (s.ready) readyCount++;
      continue;
    }
    const t = s.state?.terminated;
    const w = s.state?.waiting;
    if (t && t.exitCode === 0) continue;
    if (t) reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    else if (w?.reason && w.reason !== "PodInitializing") reason = `Init:${w.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }
  const members = status.containerStatuses ?? [];
  const sidecars = inits.filter((_, i) => sidecar(i));
  if (!initializing) {
    restarts = 0;
    lastRestart = undefined;
    sidecars.forEach(noteRestart);
    let hasRunning = false;
    for (let i = members.length - 1; i >= 0; i--) {
      const s = members[i];
      noteRestart(s);
      const w = s.state?.waiting;
      const t = s.state?.terminated;
      if (w?.reason) reason = w.reason;
      else if (t) reason = t.reason || `ExitCode:${t.exitCode}`;
      else if (s.ready && s.state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      reason = status.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? "Running" : "NotReady";
    }
  }
  if (terminating(pod, now)) reason = "Terminating";
  return { ready: `${readyCount}/${members.length + sidecars.length}`, status: reason, restarts, ...(lastRestart ? { lastRestart } : {}) };
}
