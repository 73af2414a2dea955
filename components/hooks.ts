/**
 * Lifecycle hooks, run on the pod's own engine by the podlet program (`agent.ts`), never by a
 * `docker` CLI where Pulumi runs:
 * - postStart: `<pod>-<c>.post-start`, a container that runs `podlet exec` (Docker exec in the
 *   member) to completion right after the member is created; a failing hook fails `up` with its
 *   exit code and output. After restarts the podlet runs it.
 * - preStop: `<pod>-<c>.pre-stop`, a guard container that waits (`podlet pre-stop`) and, when it
 *   is stopped, runs the hook in the member, bounded by the grace period. It depends on the
 *   member, so Pulumi deletes (stops) it first whenever the member is deleted or replaced; then
 *   Docker sends the member SIGTERM and, `terminationGracePeriodSeconds` later, SIGKILL.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { AgentContext, agentArgs } from "./agent";
import { Container } from "./args";
import { PodContext } from "./container-args";
import { ownedResourceName } from "./names";
import { Gate, after, completed, runToCompletion } from "./runs";

/** Seconds a postStart hook may run before `up` gives up on it. */
export const postStartTimeoutSeconds = 60;

/** The error of a failed postStart hook. */
export function postStartFailure(podName: string, name: string, exitCode: number, lastLogLines: string): string {
  const why = exitCode === 124 ? `did not finish within ${postStartTimeoutSeconds} s` : `failed with exit code ${exitCode}`;
  return `postStart hook of container "${name}" of pod "${podName}" ${why}. Last output lines:\n${lastLogLines}`;
}

/**
 * Creates the hook runs of one member, behind `gates` (the member's own, and the engine check);
 * returns the postStart gate, when there is one.
 */
export function lifecycleHooks(
  parent: pulumi.Resource,
  ctx: PodContext,
  agents: AgentContext,
  c: Container,
  member: docker.Container,
  gates: Gate[],
): Gate[] {
  const done: Gate[] = [];
  const grace = ctx.grace;
  const opts = { parent, dependsOn: after(gates, [member]), deleteBeforeReplace: true };
  const postStart = c.lifecycle?.postStart?.exec.command;
  if (postStart) {
    const label = `${c.name}-post-start`;
    const run = new docker.Container(
      ownedResourceName(ctx.podName, c.name, "post-start"),
      { ...agentArgs(agents, label, "hook", ["exec", member.id, String(postStartTimeoutSeconds), JSON.stringify(postStart)]), ...runToCompletion },
      { ...opts, additionalSecretOutputs: ["containerLogs"] },
    );
    done.push(completed(run, parent, (code, lines) => postStartFailure(ctx.podName, c.name, code, lines), gates));
  }
  const preStop = c.lifecycle?.preStop?.exec.command;
  if (preStop) {
    new docker.Container(
      ownedResourceName(ctx.podName, c.name, "pre-stop"),
      {
        ...agentArgs(agents, `${c.name}-pre-stop`, "hook", ["pre-stop", member.id, String(Math.max(grace, 1)), JSON.stringify(preStop)]),
        // Back after a daemon restart, so the hook still runs when the member is deleted later.
        restart: "unless-stopped",
        // Pulumi stops it (SIGTERM) and waits while the hook runs, then removes it.
        stopTimeout: grace + 5,
        destroyGraceSeconds: grace + 5,
      },
      opts,
    );
  }
  return done;
}
