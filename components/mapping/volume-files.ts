/**
 * The files of the volumes whose content the pod writes: `configMap`, `secret`, `downwardAPI` and
 * `projected`. Each file has a path in the volume, a content and a mode, as the kubelet would
 * write it; a volume holding Secret data is marked secret (kept in memory, content secret).
 */
import * as pulumi from "@pulumi/pulumi";
import { DownwardAPIVolumeFile, KeyToPath, Volume } from "../args";
import { DownwardContext, fieldValue, resourceValue } from "./downward";
import { KeyValues } from "./env";

/** Kubernetes' default mode of the files of these volumes (0644). */
export const defaultFileMode = 0o644;

/** One file of a volume. */
export interface VolumeFile {
  content: pulumi.Input<string>;
  /** Mode bits, 0–0777. */
  mode: number;
}

/** The files of one volume. */
export interface VolumeFiles {
  /** By relative path. */
  files: Record<string, VolumeFile>;
  /** Whether any file comes from a Secret: the volume is then in memory and its content secret. */
  secret: boolean;
}

/** Where the files' contents come from. */
export interface FilesContext {
  configMaps: KeyValues;
  /** Values already made Pulumi secrets. */
  secrets: KeyValues;
  downward: DownwardContext;
}

/** Whether a volume's content is written by the pod (rather than a directory or a host path). */
export function hasFiles(v: Volume): boolean {
  return v.configMap !== undefined || v.secret !== undefined || v.downwardAPI !== undefined || v.projected !== undefined;
}

/** The keys of `data` as files: those of `items` (missing ones skipped: validation allows that only when optional), else all. */
function keyFiles(data: Record<string, pulumi.Input<string>> | undefined, items: KeyToPath[] | undefined, mode: number): Record<string, VolumeFile> {
  const files: Record<string, VolumeFile> = {};
  if (data === undefined) return files;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  for (const item of items ?? Object.keys(data).sort().map((key) => ({ key, path: key }) as KeyToPath)) {
    if (has(item.key)) files[item.path] = { content: data[item.key], mode: item.mode ?? mode };
  }
  return files;
}

function downwardFiles(items: DownwardAPIVolumeFile[], mode: number, ctx: DownwardContext): Record<string, VolumeFile> {
  return Object.fromEntries(
    items.map((item) => [
      item.path,
      {
        content: item.fieldRef ? fieldValue(item.fieldRef.fieldPath, ctx) : resourceValue(item.resourceFieldRef!, undefined, ctx),
        mode: item.mode ?? mode,
      },
    ]),
  );
}

const entry = (source: KeyValues, name: string) => (Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined);

/** The files of a validated volume whose content the pod writes. */
export function volumeFiles(v: Volume, ctx: FilesContext): VolumeFiles {
  if (v.configMap) {
    const cm = v.configMap;
    const data = cm.data ?? (cm.name !== undefined ? entry(ctx.configMaps, cm.name) : undefined);
    return { files: keyFiles(data, cm.items, cm.defaultMode ?? defaultFileMode), secret: false };
  }
  if (v.secret) {
    const s = v.secret;
    return { files: keyFiles(entry(ctx.secrets, s.secretName), s.items, s.defaultMode ?? defaultFileMode), secret: true };
  }
  if (v.downwardAPI) {
    return { files: downwardFiles(v.downwardAPI.items, v.downwardAPI.defaultMode ?? defaultFileMode, ctx.downward), secret: false };
  }
  const mode = v.projected!.defaultMode ?? defaultFileMode;
  let files: Record<string, VolumeFile> = {};
  let secret = false;
  for (const source of v.projected!.sources) {
    if (source.configMap) files = { ...files, ...keyFiles(entry(ctx.configMaps, source.configMap.name), source.configMap.items, mode) };
    if (source.secret) {
      secret = true;
      files = { ...files, ...keyFiles(entry(ctx.secrets, source.secret.name), source.secret.items, mode) };
    }
    if (source.downwardAPI) files = { ...files, ...downwardFiles(source.downwardAPI.items, mode, ctx.downward) };
  }
  return { files, secret };
}
