/**
 * The `Service` component: Kubernetes Service semantics (ClusterIP) on one Docker engine. Every pod
 * whose labels match `selector` answers to the service's name on `network`: the name is a network
 * alias of each matching pod's pause container, and Docker's embedded DNS returns all containers
 * that share an alias (round-robin). An alias can only be set when a container connects to a
 * network, and pods come and go after the Service exists, so the Service runs a small agent
 * (`/podlet service …` from the pause image, in `<name>.servicelet`) that gives the name to every
 * matching pod when it starts or joins the network, and takes it off them when the Service goes.
 * Before the agent exists, `<name>.engine-check` checks that the socket it mounts leads to the
 * Service's engine (as a Pod's check does), so a wrong socket fails `up` naming it.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { labelPrefix, roleLabel } from "./mapping/labels";
import { noNewPrivileges } from "./mapping/security";
import { PauseImage } from "./pause-image";
import { podletPath } from "./agent";
import { defaultDockerSocket, engineSocket } from "./engine";
import { after, completed, runToCompletion } from "./runs";
import { ServiceArgs, ServicePort } from "./service-args";
import { formatServiceProblems, validateServiceArgs } from "./validation/service";

/** Label naming the Service an object belongs to (its agent container). */
export const serviceLabel = `${labelPrefix}service`;

/** The agent's command line: `service NAME NETWORK KEY=VALUE...` (selector pairs sorted by key). */
export function serviceletCommand(name: string, network: string, selector: Record<string, string>): string[] {
  return ["service", name, network, ...Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`)];
}

/** The error of a Service's failed engine check: the socket, what the check saw, and what to do. */
export function serviceSocketFailure(name: string, socket: string, exitCode: number, lastLogLines: string): string {
  return `service "${name}" cannot use the Docker engine socket ${socket} (on the engine's host; ${name}.engine-check exited ${exitCode}): ` +
    `${lastLogLines}\nIts agent (${name}.servicelet) reaches the Service's engine through that socket: set the Service arg dockerSocket ` +
    `to the socket of the engine the Service's docker provider names (default: the path of a unix:// host; ${defaultDockerSocket} for tcp:// and ssh:// hosts).`;
}

/** A DNS name for a set of pods on one Docker network (Kubernetes `Service`, ClusterIP semantics). */
export class Service extends pulumi.ComponentResource {
  /** The DNS name the selected pods answer to on the network: the Service's resource name. */
  public readonly serviceName: pulumi.Output<string>;
  /** The network the name lives on, as given. */
  public readonly network: pulumi.Output<string>;
  /** The ports, with `targetPort` and `protocol` filled in. */
  public readonly ports: pulumi.Output<ServicePort[]>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("docker-pod:index:Service", name, {}, opts);
    const problems = validateServiceArgs(name, args);
    if (problems.length > 0) throw new pulumi.ResourceError(formatServiceProblems(name, problems), this);

    const image = args.pauseImage ?? new PauseImage(`${name}.pause-image`, {}, { parent: this }).imageName;
    // The socket of the engine this Service's docker provider names (see engine.ts).
    const socket = engineSocket(this, args.dockerSocket);
    const hardened = (role: string, command: pulumi.Input<pulumi.Input<string>[]>): docker.ContainerArgs => ({
      image,
      entrypoints: [podletPath],
      command,
      // The Docker socket and nothing else, as the podlet (README: the podlet's privileges).
      mounts: [{ type: "bind", source: socket, target: defaultDockerSocket }],
      networkMode: "none",
      readOnly: true,
      user: "0:0",
      capabilities: { drops: ["ALL"] },
      securityOpts: [noNewPrivileges],
      labels: Object.entries({ ...(args.labels ?? {}), [serviceLabel]: name, [roleLabel]: role }).map(([label, value]) => ({ label, value })),
    });
    // An agent that cannot reach its engine would restart for ever, unseen: the socket is checked first.
    const check = new docker.Container(
      `${name}.engine-check`,
      { ...hardened("check", pulumi.output(socket).apply((s) => ["check", s])), ...runToCompletion },
      { parent: this, deleteBeforeReplace: true },
    );
    const checked = pulumi.output(socket).apply((s) => completed(check, this, (code, lines) => serviceSocketFailure(name, s, code, lines)));
    new docker.Container(
      `${name}.servicelet`,
      {
        ...hardened("service", pulumi.output(args.network).apply((network) => serviceletCommand(name, network, args.selector))),
        restart: "always",
        // SIGTERM makes it take the name off the pods before it exits.
        stopTimeout: 30,
      },
      // Never two agents for one name: the old one takes the name off before the new one gives it.
      { parent: this, deleteBeforeReplace: true, dependsOn: after([checked]) },
    );

    this.serviceName = pulumi.output(name);
    this.network = pulumi.output(args.network);
    this.ports = pulumi.output(
      (args.ports ?? []).map((p) => ({ ...p, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? "TCP" })),
    );
    this.registerOutputs({ serviceName: this.serviceName, network: this.network, ports: this.ports });
  }
}
