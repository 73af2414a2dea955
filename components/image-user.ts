/**
 * The user an image runs as, read at `up` where the kubelet reads it: before the container is
 * created, on the pod's own engine. A run of the podlet program (`<pod>-<container>.image-user`,
 * `podlet image-user IMAGE`, see `agent.ts`) inspects the image through the engine's socket
 * (pulling it first when the engine lacks it) and prints its `Config.User`; no `docker` CLI is
 * involved. With `runAsNonRoot`, a root or non-numeric user fails `up` with the kubelet's words, so
 * the container is never created.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { AgentContext, agentArgs } from "./agent";
import { Container, SecurityContext } from "./args";
import { needsImageUser } from "./mapping/security";
import { ownedResourceName } from "./names";
import { Gate, completed, runToCompletion } from "./runs";

/**
 * What the kubelet's `verifyRunAsNonRoot` says of an image user (`Config.User`) under
 * `runAsNonRoot`: an empty user or uid 0 is root; a user name cannot be verified. `undefined`: fine.
 */
export function runAsNonRootProblem(user: string, pod: string, container: string): string | undefined {
  const uid = user.split(":")[0];
  if (uid === "" || /^0+$/.test(uid)) return `container has runAsNonRoot and image will run as root (pod: "${pod}", container: ${container})`;
  if (!/^[0-9]+$/.test(uid)) {
    return `container has runAsNonRoot and image has non-numeric user (${uid}), cannot verify user is non-root (pod: "${pod}", container: ${container})`;
  }
  return undefined;
}

/** The `user=` line `podlet image-user` prints, from a run's logs (stdout and stderr together). */
export function userOfLogs(logs: string | undefined): string | undefined {
  const line = (logs ?? "").split("\n").reverse().find((l) => l.startsWith("user="));
  return line === undefined ? undefined : line.slice("user=".length);
}

/** The image's user, and the gate the container (and what waits for it) must wait for; nothing when not needed. */
export interface ImageUser {
  /** The image's `Config.User` (`""` for root); rejects with the kubelet's words under `runAsNonRoot`. */
  user?: pulumi.Output<string>;
  /** The read run, once the user was read and accepted (see `runs.ts`). */
  gates: Gate[];
}

/** Reads (and with `runAsNonRoot` checks) the image user of container `c` with effective context `sc`. */
export function imageUser(parent: pulumi.Resource, agents: AgentContext, c: Container, sc: SecurityContext): ImageUser {
  if (!needsImageUser(sc)) return { gates: [] };
  const pod = agents.podName;
  const run = new docker.Container(
    ownedResourceName(pod, c.name, "image-user"),
    { ...agentArgs(agents, `${c.name}-image-user`, "check", ["image-user", c.image]), ...runToCompletion },
    { parent, deleteBeforeReplace: true },
  );
  const gate = completed(run, parent, (code, lines) =>
    `cannot read the image user of container "${c.name}" of pod "${pod}" (image ${c.image}, on the pod's engine; exit ${code}): ${lines}`);
  const user = pulumi.all([gate, run.containerLogs]).apply(([, logs]) => {
    const found = userOfLogs(logs);
    if (found === undefined) throw new pulumi.ResourceError(`cannot read the image user of container "${c.name}" of pod "${pod}": no user= line in ${JSON.stringify(logs)}`, parent, true);
    const problem = sc.runAsNonRoot === true ? runAsNonRootProblem(found, pod, c.name) : undefined;
    if (problem) throw new pulumi.ResourceError(problem, parent, true);
    return found;
  });
  // A gate too: a refused user fails everything behind the container, which never hangs.
  return { user, gates: [user.apply(() => run)] };
}
