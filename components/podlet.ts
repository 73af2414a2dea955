/**
 * The podlet: a per-pod mini-kubelet (native/podlet.c) in its own container beside the pod. When
 * the pause container dies it starts it again, then the members; it applies the pod's restart
 * policy with crash-loop back-off, runs liveness and startup probes and postStart hooks after its
 * own restarts, and brings the pod back after the Docker daemon restarts. It ships in the pause
 * image (`/podlet`), so nothing is installed on the host.
 *
 * It needs the Docker socket, which is root-equivalent on the host; everything else is taken away:
 * read-only root, no network, no capabilities, no-new-privileges, no other mount.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerLabels } from "./mapping/labels";
import { noNewPrivileges } from "./mapping/security";
import { legacyAliases, podletResourceName } from "./names";

/** The Docker Engine socket the podlet talks to, mounted at the same path in its container. */
export const dockerSocket = "/var/run/docker.sock";

/** Where the podlet program lives in the pause image. */
export const podletPath = "/podlet";

/** Value of the `org.docker-pod.container` label on the podlet's container. */
export const podletContainerName = "podlet";

/** What the podlet of one pod needs. */
export interface PodletOptions {
  /** The pod's resource name (its `org.docker-pod.pod` label; the podlet is `<podName>.podlet`). */
  podName: string;
  /** The pod's pause image: a docker-pod pause image, which carries `/podlet`. */
  image: pulumi.Input<string>;
  /** The pod's pause container; the podlet is given its id. */
  pause: docker.Container;
  /** The members (and anything else) the podlet must be created after and deleted before. */
  dependsOn: pulumi.Resource[];
  /** The user's labels, put on the podlet's container too. */
  labels: Record<string, string> | undefined;
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
export function createPodlet(o: PodletOptions): docker.Container {
  return new docker.Container(
    podletResourceName(o.podName),
    {
      image: o.image,
      entrypoints: [podletPath],
      command: [o.pause.id],
      // The Docker socket and nothing else. The socket grants the whole Docker API (root on the
      // host); the podlet calls only the endpoints README lists.
      mounts: [{ type: "bind", source: dockerSocket, target: dockerSocket }],
      networkMode: "none",
      // dockerd starts it again after its own crash and after a daemon restart.
      restart: "always",
      readOnly: true,
      // Root only to open the socket (root:docker, mode 660); no capability at all.
      user: "0:0",
      capabilities: { drops: ["ALL"] },
      securityOpts: [noNewPrivileges],
      // SIGTERM ends it at once (exit 0).
      stopTimeout: 5,
      labels: dockerLabels(o.podName, podletContainerName, "podlet", o.labels),
    },
    { parent: o.parent, dependsOn: [o.pause, ...o.dependsOn], deleteBeforeReplace: true, ...legacyAliases(o.podName, podletResourceName(o.podName), o.taken) },
  );
}
