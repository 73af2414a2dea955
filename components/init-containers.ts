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
import { shellQuote } from "./hooks";

/** How many log lines a failure shows. */
export const tailLines = 20;

/** The shell script that runs one created init container and reports its failure. */
export function initRunScript(podName: string, name: string, index: number, containerId: string): string {
  const failure = `init container "${name}" (initContainers[${index}]) of pod "${podName}" failed with exit code`;
  return [
    `out=$(docker start --attach ${containerId} 2>&1); code=$?`,
    `printf '%s\\n' "$out"`,
    `if [ "$code" -ne 0 ]; then`,
    `  echo ${shellQuote(failure)} "$code; no container of the pod was started. Last log lines:" >&2`,
    `  printf '%s\\n' "$out" | tail -n ${tailLines} >&2`,
    `  exit "$code"`,
    `fi`,
  ].join("\n");
}

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
    const resourceName = `${ctx.podName}-${c.name}`;
    const container = new docker.Container(
      resourceName,
      { ...containerArgs(c, "init", ctx), start: false, mustRun: false },
      { parent, dependsOn: [...dependsOn, ...previous], deleteBeforeReplace: true },
    );
    const run = new command.local.Command(
      `${resourceName}-run`,
      { create: container.id.apply((id) => initRunScript(ctx.podName, c.name, i, id)), triggers: [container.id] },
      { parent, dependsOn: [container], deleteBeforeReplace: true },
    );
    previous = [run];
    all.push(container, run);
  });
  return all;
}
