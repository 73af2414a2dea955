/**
 * Init containers: each is created (not started) in the pod's namespaces, then run to completion by
 * a `command.local.Command` (`docker start --attach`, the `docker` CLI where Pulumi runs), in order.
 * A non-zero exit fails that command resource with the exit code and the last log lines, so the
 * engine creates nothing that depends on it: no later init container and no member.
 */
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Container } from "./args";
import { PodContext, containerArgs } from "./container-args";
import { lifecycleHooks } from "./hooks";
import { restartPolicyLabel } from "./mapping/labels";
import { readinessHealthcheck } from "./mapping/probes";
import { legacyAliases, ownedResourceName, userResourceName } from "./names";
import { imageUser } from "./image-user";
import { effectiveSecurityContext } from "./mapping/security";

/** How many log lines a failure shows. */
export const tailLines = 20;

/**
 * Runs the created init container named by `$INIT_CONTAINER` to completion; on a non-zero exit,
 * fails with `$INIT_WHAT`, the exit code and the last log lines. One line, since Pulumi repeats the
 * command when it fails.
 */
export const initRunScript =
  'out=$(docker start --attach "$INIT_CONTAINER" 2>&1) && { printf "%s\\n" "$out"; exit 0; }; code=$?; ' +
  `printf "%s failed with exit code %s; no container of the pod was started. Last log lines:\\n%s\\n" ` +
  `"$INIT_WHAT" "$code" "$(printf "%s\\n" "$out" | tail -n ${tailLines})" >&2; exit "$code"`;

/** Creates and runs the init containers in order; returns what members must depend on. */
export function runInitContainers(
  parent: pulumi.Resource,
  inits: Container[],
  ctx: PodContext,
  dependsOn: pulumi.Resource[],
): pulumi.Resource[] {
  let previous: pulumi.Resource[] = [];
  const all: pulumi.Resource[] = [];
  inits.forEach((c, i) => {
    const user = imageUser(parent, ctx.podName, c, effectiveSecurityContext(ctx.podSecurity, c.securityContext));
    if (isSidecar(c)) {
      const sidecar = new docker.Container(
        userResourceName(ctx.podName, c.name),
        sidecarArgs(c, ctx, user.user),
        // Created (started, and healthy when it has a startupProbe) before the next init container;
        // members depend on it, so Pulumi deletes them first: a sidecar stops after the members.
        { parent, dependsOn: [...dependsOn, ...previous, ...user.dependsOn], deleteBeforeReplace: true },
      );
      const hooks = lifecycleHooks(parent, ctx, c, sidecar);
      previous = [sidecar, ...hooks];
      all.push(sidecar, ...hooks);
      return;
    }
    const container = new docker.Container(
      userResourceName(ctx.podName, c.name),
      { ...containerArgs(c, "init", ctx, {}, user.user), start: false, mustRun: false },
      { parent, dependsOn: [...dependsOn, ...previous, ...user.dependsOn], deleteBeforeReplace: true },
    );
    const runName = ownedResourceName(ctx.podName, c.name, "run");
    const run = new command.local.Command(
      runName,
      {
        create: initRunScript,
        environment: { INIT_CONTAINER: container.id, INIT_WHAT: `init container "${c.name}" (initContainers[${i}]) of pod "${ctx.podName}"` },
        triggers: [container.id],
      },
      { parent, dependsOn: [container], deleteBeforeReplace: true, ...legacyAliases(ctx.podName, runName) },
    );
    previous = [run];
    all.push(container, run);
  });
  return all;
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
