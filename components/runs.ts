/**
 * Containers that run to completion while `up` waits: init containers, the fsGroup step, postStart
 * hook runs and the engine check. Each is a `docker.Container` with `attach: true` (pulumi-docker
 * starts it, waits for its exit and keeps its exit code and logs); a non-zero exit does not fail
 * that resource, so {@link completed} turns it into a gate: an output that rejects with the
 * failure, which fails `up`. No `docker` CLI is involved: the provider talks to its own engine.
 *
 * Whatever must not exist after a failure waits for the gates through {@link after}. A gate's
 * rejection must reach everything downstream: a resource whose registration fails leaves its
 * outputs unresolved forever, and a resource or output waiting on those would keep an inline
 * (Automation API) program from ever finishing. So every resource and output downstream of a gate
 * takes the gate itself, not only the resources behind it.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

/** Resolves to a finished run once it and every earlier gate passed; rejects as soon as one failed. */
export type Gate = pulumi.Output<docker.Container>;

/** How many log lines a failure shows. */
export const tailLines = 20;

/** pulumi-docker arguments that make a container run to completion while `up` waits. */
export const runToCompletion = { attach: true, logs: true, mustRun: false, restart: "no" } as const;

/** The last `n` non-empty lines of a container's logs. */
export function lastLines(logs: string | undefined, n = tailLines): string {
  return (logs ?? "").split("\n").filter((l) => l.trim() !== "").slice(-n).join("\n");
}

/**
 * The gate of a run: `run` once `previous` gates passed and it exited 0; otherwise an error
 * (`failure(exitCode, lastLines)`) raised on `parent`, which fails `up`. While previewing, the exit
 * code is unknown and nothing is raised.
 */
export function completed(
  run: docker.Container,
  parent: pulumi.Resource,
  failure: (exitCode: number, lastLogLines: string) => string,
  previous: Gate[] = [],
): Gate {
  // An array: it rejects as soon as any earlier gate does, even while this run's outputs never come.
  const inputs: pulumi.Input<unknown>[] = [...previous, run.exitCode, run.containerLogs];
  return pulumi.all(inputs).apply((values) => {
    const [code, logs] = values.slice(-2) as unknown as [number | undefined, string | undefined];
    if (code !== 0) throw new pulumi.ResourceError(failure(code ?? -1, lastLines(logs)), parent, true);
    return run;
  });
}

/** A `dependsOn` of `resources` behind `gates`: rejects as soon as a gate does. */
export function after(gates: Gate[], resources: pulumi.Input<pulumi.Resource>[] = []): pulumi.Input<pulumi.Input<pulumi.Resource>[]> {
  return gates.length === 0 ? resources : pulumi.all([...gates, ...resources]);
}

/** `value` once every gate passed; rejects as soon as one failed (for a component's outputs). */
export function gated<T>(gates: Gate[], value: pulumi.Input<T>): pulumi.Output<T> {
  return pulumi.all([...gates, value]).apply((values) => values[values.length - 1] as T);
}
