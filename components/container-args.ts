/**
 * The pulumi-docker arguments of one container of the pod (member or init container): PodSpec
 * container fields mapped by `mapping/`, joined to the pause container's namespaces.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Container, PodSecurityContext } from "./args";
import { builtArtefact } from "./native";
import { EnvContext, dockerEnv, envNamesLabelValue } from "./mapping/env";
import { Role, dockerLabels, livenessLabel, postStartLabel, envNamesLabel, startupLabel } from "./mapping/labels";
import { needsProbeHelper, podletProbe, probeHelperPath, readinessHealthcheck } from "./mapping/probes";
import { probeFromVolume, probeMount } from "./probe-volume";
import { dockerResources } from "./mapping/resources";
import { dockerSecurity, dockerUser, effectiveSecurityContext } from "./mapping/security";
import { MountableVolume, dockerMounts } from "./mapping/volumes";

/** What every container of one pod shares. */
export interface PodContext {
  podName: string;
  /** `container:<pause id>`. */
  joinPause: pulumi.Input<string>;
  /**
   * The pod's `subdomain`, set on every container too: Docker reports pause's domain name for a
   * container in its network namespace, which would otherwise show as a perpetual diff.
   */
  domainname?: string;
  sharePid: boolean;
  /** `hostPID` / `hostIPC`: every container in the Docker host's namespace (Docker cannot join a host-mode IPC namespace through pause). */
  hostPID?: boolean;
  hostIPC?: boolean;
  /** Docker restart policy of members. */
  restart: string;
  /** Stop timeout and destroy grace, in seconds. */
  grace: number;
  /** Seconds `up` waits for readiness. */
  readinessTimeout: number;
  labels: Record<string, string> | undefined;
  volumes: ReadonlyMap<string, MountableVolume>;
  /** The resource names of the user's containers (see `names.ts`: the pod's own resources never take one). */
  taken: ReadonlySet<string>;
  /** The pod's security context, which every container inherits from. */
  podSecurity: PodSecurityContext | undefined;
  /** Where env values from ConfigMaps, Secrets and the downward API come from. */
  env: EnvContext;
  /** The pod's probe volume, for containers with a read-only root that run the probe helper. */
  probeVolume?: pulumi.Output<string>;
}

/**
 * The arguments of one container; `extraLabels` add role-specific labels; `imageUser` is the
 * image's user when the security context needs it (see `image-user.ts`).
 */
export function containerArgs(
  c: Container,
  role: Role,
  ctx: PodContext,
  extraLabels: Record<string, string> = {},
  imageUser?: pulumi.Output<string>,
): docker.ContainerArgs {
  const security = effectiveSecurityContext(ctx.podSecurity, c.securityContext);
  // Docker copies no file into a read-only root: the helper is mounted from the pod's probe volume.
  const fromVolume = probeFromVolume(c, ctx.podSecurity);
  const user = imageUser ? imageUser.apply((u) => dockerUser(security, u)) : dockerUser(security);
  const probeLabels: Record<string, string> = {};
  if (c.livenessProbe) probeLabels[livenessLabel] = JSON.stringify(podletProbe(c.livenessProbe));
  if (c.startupProbe) probeLabels[startupLabel] = JSON.stringify(podletProbe(c.startupProbe));
  if (c.lifecycle?.postStart) probeLabels[postStartLabel] = JSON.stringify(c.lifecycle.postStart.exec.command);
  return {
    image: c.image,
    entrypoints: c.command,
    command: c.args,
    envs: dockerEnv(c, ctx.env),
    workingDir: c.workingDir,
    networkMode: ctx.joinPause,
    ...(ctx.domainname ? { domainname: ctx.domainname } : {}),
    ipcMode: ctx.hostIPC ? "host" : ctx.joinPause,
    pidMode: ctx.hostPID ? "host" : ctx.sharePid ? ctx.joinPause : undefined,
    ...(c.stdin ? { stdinOpen: true } : {}),
    ...(c.tty ? { tty: true } : {}),
    ...dockerResources(c.resources),
    ...dockerSecurity(security, ctx.podSecurity),
    user,
    ...withProbeMount(dockerMounts(c, ctx.volumes), fromVolume ? ctx.probeVolume : undefined),
    ...(c.readinessProbe
      ? { healthcheck: readinessHealthcheck(c.readinessProbe), wait: true, waitTimeout: ctx.readinessTimeout }
      : {}),
    ...(needsProbeHelper(c) && !fromVolume
      ? // 0755: a member that runs as another user than root (runAsUser) runs the probe too.
        { uploads: [{ file: probeHelperPath, contentBase64: builtArtefact("probe").toString("base64"), permissions: "0755" }] }
      : {}),
    // Sidecars restart like members (Docker's policy when the podlet is off, else the podlet's).
    restart: role === "init" ? "no" : ctx.restart,
    stopTimeout: ctx.grace,
    destroyGraceSeconds: ctx.grace,
    labels: withEnvNamesLabel(dockerLabels(ctx.podName, c.name, role, ctx.labels, { ...extraLabels, ...probeLabels }), c, ctx.env),
  };
}

/** The labels plus {@link envNamesLabel} when some env value is secret (names only). */
function withEnvNamesLabel(labels: { label: string; value: string }[], c: Container, env: EnvContext): pulumi.Input<docker.types.input.ContainerLabel[]> {
  const names = envNamesLabelValue(c, env);
  if (!names) return labels;
  return names.apply((value) => (value === undefined ? labels : [...labels, { label: envNamesLabel, value }]));
}

/** The container's mounts plus the probe volume's (read-only), when it has one. */
function withProbeMount<T extends { mounts?: docker.types.input.ContainerMount[] }>(m: T, probe: pulumi.Output<string> | undefined): T {
  return probe ? { ...m, mounts: [...(m.mounts ?? []), probeMount(probe, true)] } : m;
}
