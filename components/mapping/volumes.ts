/** `volumeMounts` → pulumi-docker mounts (named volumes) and binds (host paths, sub-paths). */
import * as docker from "@pulumi/docker";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Container } from "../args";

/** A pod volume as containers mount it. */
export interface MountableVolume {
  /** `emptyDir`, `files` (configMap, secret, downwardAPI, projected: read-only), `nfs` and `persistentVolumeClaim` are Docker volumes; `hostPath` is a path on the host. */
  kind: "emptyDir" | "hostPath" | "files" | "nfs" | "persistentVolumeClaim";
  /** Every mount is read-only (a claim mounted `readOnly`). */
  readOnly?: boolean;
  /** Docker volume name, or the host path. */
  source: pulumi.Input<string>;
  /** Where the Docker volume lives on the host (for sub-path binds). Absent for host paths. */
  mountpoint?: pulumi.Input<string>;
}

/** The mount settings of a container for its validated `volumeMounts`. */
export function dockerMounts(
  c: Container,
  volumes: ReadonlyMap<string, MountableVolume>,
): { mounts?: docker.types.input.ContainerMount[]; volumes?: docker.types.input.ContainerVolume[] } {
  const mounts: docker.types.input.ContainerMount[] = [];
  const binds: docker.types.input.ContainerVolume[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.get(m.name)!;
    const readOnly = v.kind === "files" || v.readOnly === true || m.readOnly === true;
    if (v.kind === "hostPath") {
      binds.push({ hostPath: path.posix.join(v.source as string, m.subPath ?? ""), containerPath: m.mountPath, readOnly });
    } else if (m.subPath) {
      binds.push({ hostPath: pulumi.interpolate`${v.mountpoint}/${m.subPath}`, containerPath: m.mountPath, readOnly });
    } else {
      // No volumeOptions (not even nocopy): pulumi-docker 5.2.0 refuses any volume options on an
      // engine older than API 1.45 ("Setting VolumeOptions.Subpath requires docker version 1.45").
      mounts.push({ type: "volume", source: v.source, target: m.mountPath, readOnly });
    }
  }
  return { ...(mounts.length ? { mounts } : {}), ...(binds.length ? { volumes: binds } : {}) };
}
