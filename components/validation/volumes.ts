/** Validation of the pod's volumes and of each container's volume mounts. */
import { Container, PodArgs } from "../args";
import { dns1123Label } from "../mapping/network";
import { parseMemory } from "../mapping/resources";
import { claimNamePattern } from "../persistent-volume-claim";
import { Problems } from "./problems";
import { SuppliedLater, validateFilesVolume } from "./references";

const emptyDirMedia = ["", "Memory"];
const hostPathTypes = ["", "Directory", "DirectoryOrCreate", "File", "Socket", "CharDevice", "BlockDevice"];

/** The pod's volumes; returns the names of the valid ones (mounts may refer only to those). */
export function validateVolumes(p: Problems, args: PodArgs, later?: SuppliedLater): Set<string> {
  const names = new Set<string>();
  if (!p.optionalList("volumes", args.volumes, "volumes")) return names;
  args.volumes.forEach((v, i) => {
    const at = `volumes[${i}]`;
    p.unknownFields(at, v, "volume");
    if (typeof v?.name !== "string" || !dns1123Label.test(v.name)) {
      p.add(`${at}.name`, `${JSON.stringify(v?.name)} is not a DNS-1123 label; use lower-case letters, digits and '-'`);
    } else if (names.has(v.name)) {
      p.add(`${at}.name`, `"${v.name}" names another volume already; volume names must be unique`);
    } else {
      names.add(v.name);
    }
    const kinds = ["emptyDir", "hostPath", "configMap", "secret", "downwardAPI", "projected", "nfs", "persistentVolumeClaim"] as const;
    const sources = kinds.filter((s) => v?.[s] !== undefined);
    if (sources.length !== 1) {
      p.add(at, `give exactly one of ${kinds.join(", ")} (found ${sources.length ? sources.join(", ") : "none"})`);
    }
    if (v?.nfs !== undefined) {
      p.unknownFields(`${at}.nfs`, v.nfs, "nfs");
      if (typeof v.nfs?.server !== "string" || !/^[A-Za-z0-9.:[\]-]+$/.test(v.nfs.server)) {
        p.add(`${at}.nfs.server`, `${JSON.stringify(v.nfs?.server)} is not a host name or IP address`);
      }
      p.absolutePath(`${at}.nfs.path`, v.nfs?.path);
      if (typeof v.nfs?.path === "string" && /[,\s]/.test(v.nfs.path)) p.add(`${at}.nfs.path`, "must not hold commas or spaces (Docker's mount options)");
      if (v.nfs?.readOnly !== undefined && typeof v.nfs.readOnly !== "boolean") p.add(`${at}.nfs.readOnly`, "must be true or false");
    }
    if (v?.persistentVolumeClaim !== undefined) {
      const pvc = v.persistentVolumeClaim;
      p.unknownFields(`${at}.persistentVolumeClaim`, pvc, "persistentVolumeClaim");
      if (typeof pvc?.claimName !== "string" || pvc.claimName.length > 253 || !claimNamePattern.test(pvc.claimName)) {
        p.add(`${at}.persistentVolumeClaim.claimName`, `${JSON.stringify(pvc?.claimName)} is not a claim name; use lower-case letters, digits, '-' and '.'`);
      }
      if (pvc?.readOnly !== undefined && typeof pvc.readOnly !== "boolean") p.add(`${at}.persistentVolumeClaim.readOnly`, "must be true or false");
    }
    if (v?.emptyDir !== undefined) {
      p.unknownFields(`${at}.emptyDir`, v.emptyDir, "emptyDir");
      if (!emptyDirMedia.includes(v.emptyDir.medium ?? "")) {
        p.add(`${at}.emptyDir.medium`, `${JSON.stringify(v.emptyDir.medium)} is not supported; use "" or "Memory"`);
      }
      if (v.emptyDir.sizeLimit !== undefined) {
        try {
          if (parseMemory(v.emptyDir.sizeLimit) <= 0) throw new Error();
        } catch {
          p.add(`${at}.emptyDir.sizeLimit`, `${JSON.stringify(v.emptyDir.sizeLimit)} is not a positive quantity; use e.g. "64Mi"`);
        }
      }
    }
    if (v?.hostPath !== undefined) {
      p.unknownFields(`${at}.hostPath`, v.hostPath, "hostPath");
      p.absolutePath(`${at}.hostPath.path`, v.hostPath.path);
      if (!hostPathTypes.includes(v.hostPath.type ?? "")) {
        const hint = v.hostPath.type === "FileOrCreate" ? "create the file on the host and use File" : `use one of ${hostPathTypes.map((t) => JSON.stringify(t)).join(", ")}`;
        p.add(`${at}.hostPath.type`, `${JSON.stringify(v.hostPath.type)} is not supported; ${hint}`);
      }
    }
    if (v !== null && typeof v === "object") validateFilesVolume(p, at, v, args, later);
    if (v?.configMap?.data !== undefined) {
      const cm = v.configMap;
      p.unknownFields(`${at}.configMap`, cm, "configMap");
      if (cm.data === null || typeof cm.data !== "object" || Array.isArray(cm.data) || Object.keys(cm.data).length === 0) {
        p.add(`${at}.configMap.data`, "give the files as { fileName: content }");
      } else {
        for (const key of Object.keys(cm.data)) p.relativePath(`${at}.configMap.data["${key}"]`, key);
      }
      (cm.items ?? []).forEach((item, k) => {
        p.unknownFields(`${at}.configMap.items[${k}]`, item, "keyToPath");
        if (!(item?.key in (cm.data ?? {}))) p.add(`${at}.configMap.items[${k}].key`, `${JSON.stringify(item?.key)} is not a key of data`);
        p.relativePath(`${at}.configMap.items[${k}].path`, item?.path);
        if (item?.mode !== undefined) p.integer(`${at}.configMap.items[${k}].mode`, item.mode, 0, 0o777, "file mode (0 to 0777 octal, 511 decimal)");
      });
      if (cm.defaultMode !== undefined) p.integer(`${at}.configMap.defaultMode`, cm.defaultMode, 0, 0o777, "file mode (0 to 0777 octal, 511 decimal)");
    }
  });
  return names;
}

/** One container's volume mounts against the pod's valid volume names. */
export function validateMounts(p: Problems, at: string, c: Container, volumes: Set<string>, claims: ReadonlySet<string> = new Set()): void {
  if (!p.optionalList(`${at}.volumeMounts`, c.volumeMounts, "{ name, mountPath }")) return;
  const paths = new Map<string, number>();
  c.volumeMounts.forEach((m, k) => {
    const mt = `${at}.volumeMounts[${k}]`;
    p.unknownFields(mt, m, "volumeMount");
    if (!volumes.has(m?.name)) {
      p.add(`${mt}.name`, `${JSON.stringify(m?.name)} is not one of the pod's volumes; add it to volumes or fix the name`);
    }
    p.absolutePath(`${mt}.mountPath`, m?.mountPath);
    if (paths.has(m?.mountPath)) {
      p.add(`${mt}.mountPath`, `${m.mountPath} is already mounted by ${at}.volumeMounts[${paths.get(m.mountPath)}]`);
    } else {
      paths.set(m?.mountPath, k);
    }
    if (m?.subPath !== undefined) p.relativePath(`${mt}.subPath`, m.subPath);
    if (m?.subPath !== undefined && claims.has(m.name)) {
      p.add(`${mt}.subPath`, "is not supported on a persistentVolumeClaim or nfs volume (its host path is the Docker engine's); mount the whole volume");
    }
    if (m?.readOnly !== undefined && typeof m.readOnly !== "boolean") p.add(`${mt}.readOnly`, "must be true or false");
  });
}
