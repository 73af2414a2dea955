/**
 * Init containers: run in order, each to completion (attached), in the pod's namespaces. Each one's
 * image waits on the previous one's success, and so do the members: a failure stops the `up` with
 * the exit code and the last log lines, and nothing after it is created.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Container } from "./args";
import { PodContext, containerArgs } from "./container-args";

/** How many log lines a failure shows. */
const tailLines = 20;

/** Creates the init containers; returns the gate members wait on and the containers themselves. */
export function runInitContainers(
  parent: pulumi.Resource,
  inits: Container[],
  ctx: PodContext,
  dependsOn: pulumi.Resource[],
): { gate: pulumi.Output<unknown>; containers: docker.Container[] } {
  let gate = ctx.gate;
  const containers: docker.Container[] = [];
  inits.forEach((c, i) => {
    const container = new docker.Container(
      `${ctx.podName}-${c.name}`,
      { ...containerArgs(c, "init", { ...ctx, gate }), attach: true, logs: true, mustRun: false },
      { parent, dependsOn: [...dependsOn, ...containers], deleteBeforeReplace: true },
    );
    gate = pulumi.all([container.exitCode, container.containerLogs]).apply(([code, logs]) => {
      if (code === 0) return true;
      const tail = (logs ?? "").trimEnd().split("\n").slice(-tailLines).join("\n");
      throw new pulumi.ResourceError(
        `init container "${c.name}" (initContainers[${i}]) failed with exit code ${code}; ` +
          `no container of pod "${ctx.podName}" was started. Last log lines:\n${tail || "(no output)"}`,
        parent,
      );
    });
    containers.push(container);
  });
  return { gate, containers };
}
