/**
 * The `Pod` component: assembles a Kubernetes-shaped pod from Docker resources. A pause container
 * owns the network, IPC and (by default) PID namespaces and publishes every port; members join it
 * in `container:<pause id>` modes. Validation and mapping live in `validate.ts` and `mapping/`.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Pod as KubernetesPod } from "kubernetes-types/core/v1";
import { Container, PodArgs, PublishedPort } from "./args";
import { dockerLabels, pauseContainerName, restartPolicyLabel, stackLabel } from "./mapping/labels";
import { dockerNetwork } from "./mapping/network";
import { networkEndpoints } from "./mapping/pod-networks";
import { pausePorts, publishedPorts } from "./mapping/ports";
import { defaultRestartPolicy, dockerRestart } from "./mapping/restart";
import { effectiveSecurityContext, pauseSecurity, podSysctls } from "./mapping/security";
import { PodContext, containerArgs } from "./container-args";
import { withPodLimits } from "./mapping/resources";
import { AgentContext, engineCheck } from "./agent";
import { engineSocket } from "./engine";
import { lifecycleHooks } from "./hooks";
import { Gate, after, gated } from "./runs";
import { isSidecar, runInitContainers } from "./init-containers";
import { podManifest } from "./manifest/to-manifest";
import { PauseImage } from "./pause-image";
import { createPodlet } from "./podlet";
import { createVolumes } from "./pod-volumes";
import { legacyAliases, pauseResourceName, userResourceName } from "./names";
import { applyFsGroup } from "./fs-group";
import { imageUser } from "./image-user";
import { lazyNodeFacts } from "./node-facts";
import { DownwardContext } from "./mapping/downward";
import { EnvContext, KeyValues } from "./mapping/env";
import { formatProblems, validatePodArgs } from "./validate";
import { probeMount, probeVolume } from "./probe-volume";

/** Kubernetes' default grace period between SIGTERM and SIGKILL. */
export const defaultTerminationGracePeriodSeconds = 30;
/** How long `up` waits for readiness by default. */
export const defaultReadinessTimeoutSeconds = 300;

/** The pod's Secrets with every value a Pulumi secret. */
function secretValues(secrets: PodArgs["secrets"]): KeyValues {
  return Object.fromEntries(
    Object.entries(secrets ?? {}).map(([name, data]) => [name, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, pulumi.secret(v)]))]),
  );
}

/** A pod of containers sharing one pause container's namespaces on a Docker engine. */
export class Pod extends pulumi.ComponentResource {
  /** Id of the pause (infra) container. */
  public readonly pauseContainerId: pulumi.Output<string>;
  /** Container id of each member, by member name. */
  public readonly containerIds: pulumi.Output<Record<string, string>>;
  /** The ports the pod publishes on the host. */
  public readonly ports: pulumi.Output<PublishedPort[]>;
  /** The pod's IP address on its Docker network (the first of `networks` when given). */
  public readonly podIP: pulumi.Output<string>;
  /**
   * `true` once every member with a `readinessProbe` has passed it: `up` waits for that (up to
   * `readinessTimeoutSeconds`) and fails, naming the member, when one never becomes ready.
   */
  public readonly ready: pulumi.Output<boolean>;
  /**
   * The Kubernetes Pod manifest equivalent to this pod (`kube generate`): `apiVersion: v1`,
   * `kind: Pod`, `metadata.name` (this resource's name), `metadata.labels`, and the spec; see
   * `podManifest`. Secret when an input it holds (an env value) is secret.
   */
  public readonly manifest: pulumi.Output<KubernetesPod>;

  constructor(name: string, args: PodArgs, opts?: pulumi.ComponentResourceOptions) {
    super("docker-pod:index:Pod", name, {}, opts);
    const problems = validatePodArgs(args);
    if (problems.length > 0) throw new pulumi.ResourceError(formatProblems(name, problems), this);

    // Docker has no pod cgroup: pod-level limits bound each container without its own (resources.ts).
    const containers = withPodLimits(args.containers, args.resources);
    const initContainers = withPodLimits(args.initContainers ?? [], args.resources);
    const selfHealing = args.selfHealing ?? true;
    // With self-healing the podlet owns restarts: Docker's restart manager must never race it.
    const restart = selfHealing ? "no" : dockerRestart(args.restartPolicy);
    const sharePid = args.shareProcessNamespace ?? true;
    const grace = args.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds;
    // Every Docker object of the pod names the stack that owns it (`docker-pod delete pod` refuses those).
    const labels = { ...args.labels, [stackLabel]: `${pulumi.getProject()}/${pulumi.getStack()}` };
    const pauseImage = args.pauseImage ?? new PauseImage(`${name}-pause-image`, {}, { parent: this }).imageName;
    // The user's containers' resource names: the pod's own resources never take one (names.ts).
    const taken = new Set([...args.containers, ...(args.initContainers ?? [])].map((c) => userResourceName(name, c.name)));
    const endpoints = networkEndpoints(name, args);
    // Every child inherits this Pod's docker provider through `parent: this`: images, containers,
    // volumes and runs all act on the engine it names. The containers that talk to that engine
    // themselves (the podlet, hook runs) reach it through its socket on the engine's host.
    const agents: AgentContext = { podName: name, image: pauseImage, socket: engineSocket(this, args.dockerSocket), labels };
    const hooked = [...args.containers, ...(args.initContainers ?? [])].some((c) => c.lifecycle?.postStart || c.lifecycle?.preStop);
    // Gates (runs.ts): runs that must pass before what follows them is created.
    const checked: Gate[] = selfHealing || hooked ? [engineCheck(agents, this, args.dockerSocket)] : [];
    const probes = probeVolume(name, [...containers, ...initContainers], args.securityContext, pauseImage, labels, this);

    // Host ports cannot be bound twice, so pause is deleted before its replacement is created
    // (pulumi-docker #1356); its members, whose modes name its id, are replaced with it.
    const pause = new docker.Container(
      pauseResourceName(name),
      {
        image: pauseImage,
        // `-a`: pause announces the pod's address to its gateways when it starts (native/pause.c),
        // so a restarted pod is reachable at once; not on the host's network, which is not the pod's.
        ...(args.hostNetwork ? {} : { command: ["-a"] }),
        // hostNetwork: the host's network, whose ports need no publishing (Docker drops them).
        // Otherwise explicit "bridge" (pulumi-docker #1272); with `networks`, pulumi-docker connects
        // pause to them after creating it and disconnects it from the default bridge.
        networkMode: args.hostNetwork ? "host" : "bridge",
        ...(endpoints.length ? { networksAdvanced: endpoints } : {}),
        ...(args.subdomain ? { domainname: args.subdomain } : {}),
        ipcMode: args.hostIPC ? "host" : "shareable",
        ...(args.hostPID ? { pidMode: "host" } : {}),
        ports: args.hostNetwork ? [] : pausePorts([...args.containers, ...(args.initContainers ?? []).filter(isSidecar)]),
        ...dockerNetwork(name, args),
        ...pauseSecurity,
        // Namespaced sysctls live in the namespaces pause owns and the members share.
        sysctls: podSysctls(args.securityContext),
        // Creating pause fills the empty probe volume from its image (probe-volume.ts).
        ...(probes ? { mounts: [probeMount(probes, false)] } : {}),
        restart,
        stopTimeout: grace,
        labels: dockerLabels(name, pauseContainerName, "pause", labels),
      },
      // Nothing of the pod starts on an engine its podlet and hooks could not reach.
      { parent: this, deleteBeforeReplace: true, dependsOn: after(checked), ...legacyAliases(name, pauseResourceName(name), taken) },
    );
    // Modes name the pause container by id: Docker rewrites a name to an id, which would show as
    // a perpetual diff (pulumi-docker #1354).
    const joinPause = pulumi.interpolate`container:${pause.id}`;

    const network = pause.networkDatas.apply((n) => n?.[0]);
    const downward: DownwardContext = {
      podName: name,
      labels: args.labels ?? {},
      annotations: args.annotations ?? {},
      containers: [...containers, ...initContainers],
      pod: {
        pauseId: pause.id,
        podIPs: network.apply((n) => [n?.ipAddress, n?.globalIpv6Address].filter((ip): ip is string => !!ip)),
        hostIP: network.apply((n) => n?.gateway ?? ""),
      },
      node: lazyNodeFacts(this, agents),
    };
    const env: EnvContext = { configMaps: args.configMaps ?? {}, secrets: secretValues(args.secrets), downward };
    const fsGroup = args.securityContext?.fsGroup;
    const volumes = createVolumes(args.volumes ?? [], { parent: this, podName: name, labels, holderImage: pauseImage, taken, fsGroup, files: env });
    const owned: Gate[] =
      fsGroup === undefined
        ? []
        : applyFsGroup({ podName: name, fsGroup, volumes: volumes.writable, image: pauseImage, labels, parent: this, dependsOn: volumes.ready });
    const ctx: PodContext = {
      podName: name,
      joinPause,
      domainname: args.subdomain,
      sharePid,
      hostPID: args.hostPID === true,
      hostIPC: args.hostIPC === true,
      restart,
      grace,
      readinessTimeout: args.readinessTimeoutSeconds ?? defaultReadinessTimeoutSeconds,
      labels,
      volumes: volumes.byName,
      taken,
      podSecurity: args.securityContext,
      env,
      probeVolume: probes,
    };
    const inits = runInitContainers(this, initContainers, ctx, { dependsOn: [pause, ...volumes.ready], gates: [...checked, ...owned], checked, agents });

    const hooks: Gate[] = [];
    const users: Gate[] = [];
    const members = containers.map((c: Container) => {
      const user = imageUser(this, agents, c, effectiveSecurityContext(args.securityContext, c.securityContext));
      users.push(...user.gates);
      const member = new docker.Container(
        userResourceName(name, c.name),
        containerArgs(c, "member", ctx, { [restartPolicyLabel]: args.restartPolicy ?? defaultRestartPolicy }, user.user),
        // Two copies of a member cannot run in one network namespace (their ports clash).
        {
          parent: this,
          dependsOn: after([...inits.gates, ...user.gates], [pause, ...volumes.ready, ...inits.sidecars]),
          deleteBeforeReplace: true,
          additionalSecretOutputs: ["envs"],
        },
      );
      hooks.push(...lifecycleHooks(this, ctx, agents, c, member, [...inits.gates, ...user.gates, ...checked]));
      return [c.name, member] as const;
    });
    const gates = [...inits.gates, ...checked, ...users, ...hooks];
    if (selfHealing) createPodlet(agents, { pause, dependsOn: [...inits.sidecars, ...members.map(([, m]) => m)], gates, parent: this, taken });

    this.pauseContainerId = gated(checked, pause.id);
    // Outputs behind members wait for the gates too: they fail (never hang) when one fails.
    this.containerIds = gated(gates, pulumi.all(Object.fromEntries(members.map(([n, m]) => [n, m.id]))));
    this.ports = gated(checked, pause.ports).apply(publishedPorts);
    // On the first of `networks` when given, else on the default bridge (Docker lists a container's
    // networks in no fixed order, and a Service may connect pause to its network).
    const firstNetwork = endpoints.length ? pulumi.output(endpoints[0].name) : pulumi.output("bridge");
    this.podIP = pulumi.all([gated(checked, pause.networkDatas), firstNetwork]).apply(
      ([n, first]) => (n?.find((d) => d.networkName === first) ?? n?.[0])?.ipAddress ?? "",
    );
    // Members with a readiness probe are waited for by `up` (which fails otherwise), postStart
    // hooks too (a failed one fails `up`).
    this.ready = gated(gates, pulumi.all(members.map(([, m]) => m.id))).apply(() => true);
    // Secrets are referred to by name only: the manifest holds none of their values.
    this.manifest = pulumi.output({ ...args, pauseImage: undefined, secrets: undefined, configMaps: undefined }).apply((a) => podManifest(name, a as PodArgs));
    this.registerOutputs({
      manifest: this.manifest,
      pauseContainerId: this.pauseContainerId,
      containerIds: this.containerIds,
      ports: this.ports,
      podIP: this.podIP,
      ready: this.ready,
    });
  }
}
