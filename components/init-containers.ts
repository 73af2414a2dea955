/**
 * Init containers: each is created in the pod's namespaces and run to completion by pulumi-docker
 * itself (`attach: true`: started, waited for, exit code and logs kept), in order, through the
 * pod's docker provider. A non-zero exit fails `up` with the exit code and the last log lines, and
 * nothing after it is created: no later init container and no member (see the gates of `runs.ts`).
 * Native sidecars (`restartPolicy: Always`) start in that order and keep running.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { AgentContext } from "./agent";
import { Container } from "./args";
import { PodContext, containerArgs } from "./container-args";
import { lifecycleHooks } from "./hooks";
import { restartPolicyLabel } from "./mapping/labels";
import { readinessHealthcheck } from "./mapping/probes";
import { userResourceName } from "./names";
import { imageUser } from "./image-user";
import { effectiveSecurityContext } from "./mapping/security";
import { Gate, after, completed, runToCompletion } from "./runs";

/** The error of a failed init container (tests/e2e/lifecycle-failures.test.ts checks its wording). */
export function initFailure(podName: string, name: string, index: number, exitCode: number, lastLogLines: string): string {
  return `init container "${name}" (initContainers[${index}]) of pod "${podName}" failed with exit code ${exitCode}; ` +
    `no container of the pod was started. Last log lines:\n${lastLogLines}`;
}

/** Where the init containers start from. */
export interface InitStart {
  /** What each must be created after (pause, volumes). */
  dependsOn: pulumi.Input<pulumi.Resource>[];
  /** Gates each must wait for (the fsGroup step). */
  gates: Gate[];
  /** The engine check, which sidecars' hooks wait for. */
  checked: Gate[];
  /** The pod's podlet-program containers (sidecars' hooks). */
  agents: AgentContext;
}

/**
 * Creates and runs the init containers in order; returns the gates and the sidecars members must
 * wait for.
 */
export function runInitContainers(
  parent: pulumi.Resource,
  inits: Container[],
  ctx: PodContext,
  start: InitStart,
): { gates: Gate[]; sidecars: pulumi.Resource[] } {
  let gates = start.gates;
  const sidecars: pulumi.Resource[] = [];
  inits.forEach((c, i) => {
    const user = imageUser(parent, start.agents, c, effectiveSecurityContext(ctx.podSecurity, c.securityContext));
    gates = [...gates, ...user.gates];
    const dependsOn = after(gates, [...start.dependsOn, ...sidecars]);
    if (isSidecar(c)) {
      const sidecar = new docker.Container(
        userResourceName(ctx.podName, c.name),
        sidecarArgs(c, ctx, user.user),
        // Created (started, and healthy when it has a startupProbe) before the next init container;
        // members depend on it, so Pulumi deletes them first: a sidecar stops after the members.
        { parent, dependsOn, deleteBeforeReplace: true },
      );
      const hooks = lifecycleHooks(parent, ctx, start.agents, c, sidecar, [...gates, ...start.checked]);
      if (hooks.length > 0) gates = hooks;
      sidecars.push(sidecar);
      return;
    }
    const container = new docker.Container(
      userResourceName(ctx.podName, c.name),
      { ...containerArgs(c, "init", ctx, {}, user.user), ...runToCompletion },
      // Its logs may hold what the program keeps secret: they stay encrypted in the state.
      { parent, dependsOn, deleteBeforeReplace: true, additionalSecretOutputs: ["containerLogs", "envs"] },
    );
    gates = [completed(container, parent, (code, lines) => initFailure(ctx.podName, c.name, i, code, lines), gates)];
  });
  return { gates, sidecars };
}

/** Whether an init container is a native sidecar (`restartPolicy: Always`). */
export function isSidecar(c: Container): boolean {
  return c.restartPolicy === "Always";
}

/**
 * A sidecar's container: started at once and kept running; restarted by the podlet as a member is
 * (role `sidecar`, restart policy `Always` whatever the pod's); its Docker health check is its
 * `startupProbe` (else its `readinessProbe`), which `up` waits for before the next init container.
 */
function sidecarArgs(c: Container, ctx: PodContext, user: pulumi.Output<string> | undefined): docker.ContainerArgs {
  const args = containerArgs(c, "sidecar", ctx, { [restartPolicyLabel]: "Always" }, user);
  if (!c.startupProbe) return args;
  return { ...args, healthcheck: readinessHealthcheck(c.startupProbe), wait: true, waitTimeout: ctx.readinessTimeout };
}
