/**
 * The podlet: a per-pod mini-kubelet (native/podlet.c) in its own container beside the pod. When
 * the pause container dies it starts it again, then the members; it applies the pod's restart
 * policy with crash-loop back-off, runs liveness and startup probes and postStart hooks after its
 * own restarts, and brings the pod back after the Docker daemon restarts. It ships in the pause
 * image (`/podlet`), so nothing is installed on the host, and it talks to the pod's own engine
 * through that engine's socket (see `agent.ts` for how it is locked down).
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { AgentContext, agentArgs } from "./agent";
import { legacyAliases, podletResourceName } from "./names";
import { Gate, after } from "./runs";

/** Value of the `org.docker-pod.container` label on the podlet's container. */
export const podletContainerName = "podlet";

/** What the podlet of one pod needs beside its {@link AgentContext}. */
export interface PodletOptions {
  /** The pod's pause container; the podlet is given its id. */
  pause: docker.Container;
  /** The members (and anything else) the podlet must be created after and deleted before. */
  dependsOn: pulumi.Input<pulumi.Resource>[];
  /** The gates (init containers, hooks, the engine check) it must wait for. */
  gates: Gate[];
  /** The Pod (parent of the podlet). */
  parent: pulumi.Resource;
  /** The resource names of the user's containers (see `names.ts`). */
  taken: ReadonlySet<string>;
}

/**
 * Creates the podlet container of a pod. It is created after pause and the members and, since it
 * depends on them, deleted before them: a podlet never sees its pod being taken down by Pulumi.
 * It is replaced delete-first (a pod never has two podlets).
 */
export function createPodlet(ctx: AgentContext, o: PodletOptions): docker.Container {
  return new docker.Container(
    podletResourceName(ctx.podName),
    {
      ...agentArgs(ctx, podletContainerName, "podlet", [o.pause.id]),
      // dockerd starts it again after its own crash and after a daemon restart.
      restart: "always",
      // SIGTERM ends it at once (exit 0).
      stopTimeout: 5,
    },
    {
      parent: o.parent,
      dependsOn: after(o.gates, [o.pause, ...o.dependsOn]),
      deleteBeforeReplace: true,
      ...legacyAliases(ctx.podName, podletResourceName(ctx.podName), o.taken),
    },
  );
}
