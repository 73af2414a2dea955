/**
 * Containers that run the podlet program (native/podlet.c) from the pod's pause image against the
 * pod's own engine: the podlet itself, the engine check, postStart runs and preStop guards. They
 * reach the engine through its socket on the engine's host (see `engine.ts`), bind-mounted at
 * Docker's default path inside, and get nothing else: the socket is root-equivalent on the Docker
 * host, so everything else is taken away (read-only root, no network, no capabilities,
 * `no-new-privileges`, no other mount).
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { defaultDockerSocket, dockerProvider } from "./engine";
import { Role, dockerLabels, engineCheckName } from "./mapping/labels";
import { noNewPrivileges } from "./mapping/security";
import { engineCheckResourceName } from "./names";
import { Gate, completed, runToCompletion } from "./runs";

/** Where the podlet program lives in the pause image. */
export const podletPath = "/podlet";

/** What every podlet-program container of one pod shares. */
export interface AgentContext {
  /** The pod's resource name (its `org.docker-pod.pod` label). */
  podName: string;
  /** The pod's pause image: a docker-pod pause image, which carries `/podlet`. */
  image: pulumi.Input<string>;
  /** The engine's socket on the engine's host. */
  socket: pulumi.Input<string>;
  /** The user's labels, put on these containers too. */
  labels: Record<string, string> | undefined;
}

/**
 * The arguments of a container running `/podlet <command…>` with the engine socket; `name` is its
 * `org.docker-pod.container` label.
 */
export function agentArgs(ctx: AgentContext, name: string, role: Role, command: pulumi.Input<string>[]): docker.ContainerArgs {
  return {
    image: ctx.image,
    entrypoints: [podletPath],
    command,
    // The socket and nothing else. It grants the whole Docker API (root on the host); the podlet
    // program calls only the endpoints README lists.
    mounts: [{ type: "bind", source: ctx.socket, target: defaultDockerSocket }],
    networkMode: "none",
    readOnly: true,
    // Root only to open the socket (root:docker, mode 660); no capability at all.
    user: "0:0",
    capabilities: { drops: ["ALL"] },
    securityOpts: [noNewPrivileges],
    labels: dockerLabels(ctx.podName, name, role, ctx.labels),
  };
}


/** A check made in this program run, for the pods that share its pause image, engine and socket. */
interface SharedCheck {
  provider: docker.Provider | undefined;
  dockerSocket: string | undefined;
  check: docker.Container;
  name: string;
}

/**
 * The checks made so far, by the pause image output they run. An output belongs to one run of one
 * program (every run makes its own), so a check is never shared across stacks or runs; pods given
 * a plain image name, or each their own `PauseImage`, get a check each.
 */
const checksByImage = new WeakMap<object, SharedCheck[]>();

/**
 * Checks, before anything of the pod starts, that the socket leads to the engine the pod is
 * created on (`podlet check`): a wrong socket fails `up` naming it, instead of a podlet or hook
 * that cannot reach its engine. A socket path that does not exist fails earlier, in Docker itself
 * (`bind source path does not exist: <socket>`).
 *
 * One check serves every pod of the program that runs the same pause image output (as the pods of
 * a played file do: one `PauseImage`) through the same docker provider with the same
 * `dockerSocket` arg: the same podlet program, the same engine, the same socket. It is the first
 * such pod's child, `<first pod>.engine-check`; every pod still waits for it and fails on its
 * own, naming the socket and that check.
 */
export function engineCheck(ctx: AgentContext, parent: pulumi.Resource, dockerSocket?: string): Gate {
  const provider = dockerProvider(parent);
  const image = pulumi.Output.isInstance(ctx.image) ? ctx.image : undefined;
  const known = image ? (checksByImage.get(image) ?? []) : [];
  let shared = known.find((c) => c.provider === provider && c.dockerSocket === dockerSocket);
  if (!shared) {
    const name = engineCheckResourceName(ctx.podName);
    const check = new docker.Container(
      name,
      { ...agentArgs(ctx, engineCheckName, "check", ["check", ctx.socket]), ...runToCompletion },
      { parent, deleteBeforeReplace: true },
    );
    shared = { provider, dockerSocket, check, name };
    if (image) checksByImage.set(image, [...known, shared]);
  }
  const { check, name } = shared;
  return pulumi.output(ctx.socket).apply((socket) => completed(check, parent, (code, lines) => socketFailure(ctx.podName, socket, code, lines, name)));
}

/** The error of a failed engine check: the socket, what the check saw, and what to do. */
export function socketFailure(podName: string, socket: string, exitCode: number, lastLogLines: string, check = engineCheckResourceName(podName)): string {
  return `pod "${podName}" cannot use the Docker engine socket ${socket} (on the engine's host; ${check} ` +
    `exited ${exitCode}): ${lastLogLines}\nThe podlet and the lifecycle hooks reach the pod's engine through that socket: set the ` +
    "pod arg dockerSocket to the socket of the engine the pod's docker provider names (default: the path of a unix:// host; " +
    `${defaultDockerSocket} for tcp:// and ssh:// hosts).`;
}
