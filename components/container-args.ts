/**
 * The pulumi-docker arguments of one container of the pod (member or init container): PodSpec
 * container fields mapped by `mapping/`, joined to the pause container's namespaces.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Container } from "./args";
import { builtArtefact } from "./native";
import { dockerEnv } from "./mapping/env";
import { Role, dockerLabels, livenessLabel, postStartLabel, startupLabel } from "./mapping/labels";
import { needsProbeHelper, podletProbe, probeHelperPath, readinessHealthcheck } from "./mapping/probes";
import { dockerResources } from "./mapping/resources";
import { dockerSecurity } from "./mapping/security";
import { MountableVolume, dockerMounts } from "./mapping/volumes";

/** What every container of one pod shares. */
export interface PodContext {
  podName: string;
  /** `container:<pause id>`. */
  joinPause: pulumi.Input<string>;
  sharePid: boolean;
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
}

/** The arguments of one container; `extraLabels` add role-specific labels. */
export function containerArgs(c: Container, role: Role, ctx: PodContext, extraLabels: Record<string, string> = {}): docker.ContainerArgs {
  const probeLabels: Record<string, string> = {};
  if (c.livenessProbe) probeLabels[livenessLabel] = JSON.stringify(podletProbe(c.livenessProbe));
  if (c.startupProbe) probeLabels[startupLabel] = JSON.stringify(podletProbe(c.startupProbe));
  if (c.lifecycle?.postStart) probeLabels[postStartLabel] = JSON.stringify(c.lifecycle.postStart.exec.command);
  return {
    image: c.image,
    entrypoints: c.command,
    command: c.args,
    envs: dockerEnv(c.env),
    workingDir: c.workingDir,
    networkMode: ctx.joinPause,
    ipcMode: ctx.joinPause,
    pidMode: ctx.sharePid ? ctx.joinPause : undefined,
    ...dockerResources(c.resources),
    ...dockerSecurity(c.securityContext),
    ...dockerMounts(c, ctx.volumes),
    ...(c.readinessProbe
      ? { healthcheck: readinessHealthcheck(c.readinessProbe), wait: true, waitTimeout: ctx.readinessTimeout }
      : {}),
    ...(needsProbeHelper(c)
      ? { uploads: [{ file: probeHelperPath, contentBase64: builtArtefact("probe").toString("base64"), executable: true }] }
      : {}),
    restart: role === "init" ? "no" : ctx.restart,
    stopTimeout: ctx.grace,
    destroyGraceSeconds: ctx.grace,
    labels: dockerLabels(ctx.podName, c.name, role, ctx.labels, { ...extraLabels, ...probeLabels }),
  };
}
