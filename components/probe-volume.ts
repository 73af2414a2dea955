/**
 * The probe helper for members whose root filesystem is read-only (`readOnlyRootFilesystem`):
 * Docker refuses to copy a file into such a container (pulumi-docker's `uploads` write through its
 * root), so the helper comes from a volume instead. The volume is created empty and filled by
 * Docker itself when pause, whose image holds the helper at `/.docker-pod/probe`, is created with it
 * mounted there (Docker copies an image's files into an empty volume on first mount); the members
 * mount it read-only at the same path. A new pause image makes a new volume (its label names the
 * image), so the helper always matches the image's.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Container, PodSecurityContext } from "./args";
import { effectiveSecurityContext } from "./mapping/security";
import { needsProbeHelper, probeHelperDir } from "./mapping/probes";
import { dockerLabels } from "./mapping/labels";
import { probeVolumeResourceName } from "./names";

/** Whether the container runs the probe helper from the pod's probe volume (read-only root). */
export function probeFromVolume(c: Container, pod: PodSecurityContext | undefined): boolean {
  return needsProbeHelper(c) && effectiveSecurityContext(pod, c.securityContext).readOnlyRootFilesystem === true;
}

/** The probe volume of a pod where some container needs it, else undefined. */
export function probeVolume(
  podName: string,
  containers: Container[],
  pod: PodSecurityContext | undefined,
  image: pulumi.Input<string>,
  labels: Record<string, string>,
  parent: pulumi.Resource,
): pulumi.Output<string> | undefined {
  if (!containers.some((c) => probeFromVolume(c, pod))) return undefined;
  const volume = new docker.Volume(
    probeVolumeResourceName(podName),
    { labels: pulumi.output(image).apply((i) => [...dockerLabels(podName, "probe", "volume", labels), { label: "org.docker-pod.image", value: i }]) },
    { parent },
  );
  return volume.name;
}

/** The mount of the probe volume: read-write in pause (Docker fills it), read-only in members. */
export const probeMount = (source: pulumi.Input<string>, readOnly: boolean): docker.types.input.ContainerMount => ({
  type: "volume",
  source,
  target: probeHelperDir,
  readOnly,
});
