/**
 * The pod's volumes as Docker objects: an `emptyDir` is a Docker volume (tmpfs for `Memory`) owned by
 * the pod; a `configMap`, `secret`, `downwardAPI` or `projected` volume is a Docker volume filled by
 * a never-started holder container through uploads (the Docker API's archive upload), mounted
 * read-only (a new content makes a new volume, so mounting containers are replaced and see the new
 * files); a `hostPath` needs no object.
 *
 * A volume holding Secret data is a tmpfs Docker volume: its files are in memory only, never on the
 * Docker host's disk. A tmpfs volume keeps its files only while mounted, so a keeper container (the
 * pause program, no network, no capabilities) holds it mounted from before the upload on; the
 * upload's content is a Pulumi secret (encrypted in the state, hidden in previews and diffs).
 */
import * as crypto from "crypto";
import * as path from "path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Volume } from "./args";
import { contentDigestLabel, dockerLabels } from "./mapping/labels";
import { MountableVolume } from "./mapping/volumes";
import { FilesContext, VolumeFile, hasFiles, volumeFiles } from "./mapping/volume-files";
import { parseMemory } from "./mapping/resources";
import { legacyAliases, ownedResourceName, userResourceName } from "./names";

/** Where the holder container mounts a configMap volume while uploading into it. */
const holderMount = "/content";

/** What creating the volumes needs from the pod. */
export interface VolumeContext {
  parent: pulumi.Resource;
  podName: string;
  labels: Record<string, string> | undefined;
  /** Image of holder (never started) and keeper containers: the pod's pause image, whose entrypoint is the pause program. */
  holderImage: pulumi.Input<string>;
  /** The resource names of the user's containers (see `names.ts`). */
  taken: ReadonlySet<string>;
  /** The pod's `securityContext.fsGroup`: Memory emptyDirs are mounted with it. */
  fsGroup?: number;
  /** Where volume files' contents come from. */
  files: FilesContext;
}

/** The Docker objects of a volume of files. */
interface FilesVolume {
  volume: docker.Volume;
  /** Ready once the files are in the volume. */
  holder: docker.Container;
}

/** Octal mode bits, as pulumi-docker's upload `permissions` takes them. */
const octal = (mode: number) => mode.toString(8).padStart(4, "0");

function filesVolume(resourceName: string, volumeName: string, files: Record<string, VolumeFile>, secret: boolean, ctx: VolumeContext): FilesVolume {
  const entries = pulumi.all(Object.fromEntries(Object.entries(files).map(([file, f]) => [file, pulumi.all([f.content, f.mode])])));
  // Derived from secret contents, the digest is secret in the state too.
  const digest = entries.apply((f) =>
    crypto.createHash("sha256").update(JSON.stringify(Object.entries(f).sort())).digest("hex").slice(0, 16),
  );
  const labels = dockerLabels(ctx.podName, volumeName, "volume", ctx.labels);
  const volume = new docker.Volume(
    resourceName,
    {
      ...(secret ? { driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs", o: "mode=0755" } } : {}),
      labels: [...labels, { label: contentDigestLabel, value: digest }],
    },
    { parent: ctx.parent },
  );
  const mounts = [{ type: "volume", source: volume.name, target: holderMount }];
  const keeper = secret
    ? new docker.Container(
        ownedResourceName(ctx.podName, volumeName, "keeper"),
        {
          image: ctx.holderImage,
          networkMode: "none",
          capabilities: { drops: ["ALL"] },
          readOnly: true,
          securityOpts: ["no-new-privileges"],
          mounts: mounts.map((m) => ({ ...m, readOnly: true })),
          restart: "unless-stopped",
          labels: dockerLabels(ctx.podName, volumeName, "keeper", ctx.labels),
        },
        { parent: ctx.parent, deleteBeforeReplace: true },
      )
    : undefined;
  const uploads = Object.entries(files).map(([file, f]) => ({
    file: path.posix.join(holderMount, file),
    content: secret ? pulumi.secret(f.content) : f.content,
    permissions: octal(f.mode),
  }));
  const holderName = ownedResourceName(ctx.podName, volumeName, "content");
  const holder = new docker.Container(
    holderName,
    {
      image: ctx.holderImage,
      start: false,
      mustRun: false,
      mounts,
      uploads,
      labels: dockerLabels(ctx.podName, volumeName, "content", ctx.labels),
    },
    {
      parent: ctx.parent,
      deleteBeforeReplace: true,
      ...legacyAliases(ctx.podName, holderName, ctx.taken),
      // The files go into the tmpfs the keeper holds mounted.
      ...(keeper ? { dependsOn: [keeper], additionalSecretOutputs: ["uploads"] } : {}),
    },
  );
  return { volume, holder };
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
    } else if (hasFiles(v)) {
      const { files, secret } = volumeFiles(v, ctx.files);
      const content = filesVolume(resourceName, v.name, files, secret, ctx);
      ready.push(content.holder);
      byName.set(v.name, { kind: "files", source: content.volume.name, mountpoint: content.volume.mountpoint });
    }
  }
  return { byName, ready, writable };
}
