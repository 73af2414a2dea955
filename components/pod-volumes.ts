/**
 * The pod's volumes as Docker objects: an `emptyDir` is a Docker volume (tmpfs for `Memory`) owned by
 * the pod; a `configMap` is a Docker volume filled by a never-started holder container through
 * uploads, mounted read-only (its name changes with its content, so mounting containers are replaced
 * and see the new files); a `hostPath` needs no object.
 */
import * as crypto from "crypto";
import * as path from "path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Volume } from "./args";
import { contentDigestLabel, dockerLabels } from "./mapping/labels";
import { MountableVolume } from "./mapping/volumes";
import { parseMemory } from "./mapping/resources";
import { legacyAliases, ownedResourceName, userResourceName } from "./names";

/** Where the holder container mounts a configMap volume while uploading into it. */
const holderMount = "/content";

/** What creating the volumes needs from the pod. */
export interface VolumeContext {
  parent: pulumi.Resource;
  podName: string;
  labels: Record<string, string> | undefined;
  /** Image for configMap holder containers (never started): the pod's pause image. */
  holderImage: pulumi.Input<string>;
  /** The resource names of the user's containers (see `names.ts`). */
  taken: ReadonlySet<string>;
  /** The pod's `securityContext.fsGroup`: Memory emptyDirs are mounted with it. */
  fsGroup?: number;
}

/** Creates the Docker objects of the pod's validated volumes; returns them by name, and what mounts must wait for. */
export function createVolumes(
  volumes: Volume[],
  ctx: VolumeContext,
): { byName: Map<string, MountableVolume>; ready: pulumi.Resource[]; writable: { name: string; source: pulumi.Input<string> }[] } {
  const byName = new Map<string, MountableVolume>();
  const ready: pulumi.Resource[] = [];
  // Disk volumes the pod writes: given to fsGroup by the pod's fsgroup step.
  const writable: { name: string; source: pulumi.Input<string> }[] = [];
  for (const v of volumes) {
    const resourceName = userResourceName(ctx.podName, v.name);
    if (v.hostPath) {
      byName.set(v.name, { kind: "hostPath", source: v.hostPath.path });
    } else if (v.nfs) {
      // Docker's local driver mounts the export with the host kernel's NFS client when a container starts.
      const { server, path: exportPath, readOnly } = v.nfs;
      const volume = new docker.Volume(
        resourceName,
        {
          driver: "local",
          driverOpts: { type: "nfs", o: `addr=${server}${readOnly ? ",ro" : ""}`, device: `:${exportPath}` },
          labels: dockerLabels(ctx.podName, v.name, "volume", ctx.labels),
        },
        { parent: ctx.parent },
      );
      byName.set(v.name, { kind: "nfs", source: volume.name, readOnly: readOnly === true });
    } else if (v.persistentVolumeClaim) {
      // The claim's Docker volume, owned by its PersistentVolumeClaim: nothing to create here.
      const { claimName, readOnly } = v.persistentVolumeClaim;
      byName.set(v.name, { kind: "persistentVolumeClaim", source: claimName, readOnly: readOnly === true });
      if (readOnly !== true) writable.push({ name: v.name, source: claimName });
    } else if (v.emptyDir) {
      const memory = v.emptyDir.medium === "Memory";
      // tmpfs options: the size limit; with fsGroup, the group and a setgid group-writable root.
      const size = [
        ...(v.emptyDir.sizeLimit !== undefined ? [`size=${parseMemory(v.emptyDir.sizeLimit)}`] : []),
        ...(ctx.fsGroup !== undefined ? [`gid=${ctx.fsGroup}`, "mode=2777"] : []),
      ].join(",");
      const volume = new docker.Volume(
        resourceName,
        {
          ...(memory ? { driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs", ...(size ? { o: size } : {}) } } : {}),
          labels: dockerLabels(ctx.podName, v.name, "volume", ctx.labels),
        },
        { parent: ctx.parent },
      );
      byName.set(v.name, { kind: "emptyDir", source: volume.name, mountpoint: volume.mountpoint });
      if (!memory) writable.push({ name: v.name, source: volume.name });
    } else if (v.configMap) {
      const files = Object.fromEntries(
        (v.configMap.items ?? Object.keys(v.configMap.data).map((key) => ({ key, path: key }))).map((i) => [i.path, v.configMap!.data[i.key]]),
      );
      const digest = pulumi.all(files).apply((f) =>
        crypto.createHash("sha256").update(JSON.stringify(Object.entries(f).sort())).digest("hex").slice(0, 16),
      );
      const volume = new docker.Volume(
        resourceName,
        { labels: [...dockerLabels(ctx.podName, v.name, "volume", ctx.labels), { label: contentDigestLabel, value: digest }] },
        { parent: ctx.parent },
      );
      const holderName = ownedResourceName(ctx.podName, v.name, "content");
      const holder = new docker.Container(
        holderName,
        {
          image: ctx.holderImage,
          start: false,
          mustRun: false,
          mounts: [{ type: "volume", source: volume.name, target: holderMount }],
          uploads: Object.entries(files).map(([file, content]) => ({ file: path.posix.join(holderMount, file), content })),
          labels: dockerLabels(ctx.podName, v.name, "content", ctx.labels),
        },
        { parent: ctx.parent, deleteBeforeReplace: true, ...legacyAliases(ctx.podName, holderName, ctx.taken) },
      );
      ready.push(holder);
      byName.set(v.name, { kind: "configMap", source: volume.name, mountpoint: volume.mountpoint });
    }
  }
  return { byName, ready, writable };
}
