/**
 * `PersistentVolumeClaim` documents of a manifest → `PersistentVolumeClaimArgs`: each becomes a
 * named Docker volume (`PersistentVolumeClaim`) that the pods' `persistentVolumeClaim` volumes
 * mount by its name, as `podman kube play` makes a volume of each claim.
 */
import type { PersistentVolumeClaim as KubernetesClaim } from "kubernetes-types/core/v1";
import type { PersistentVolumeClaimArgs } from "../persistent-volume-claim";
import { Context, ManifestError, checkApiVersion, checkName, claimOfTemplate, formatManifestProblem, isObject, manifestDocuments, maxReplicas, walk } from "./from-manifest";
import { persistentVolumeClaimTable, replicaNames } from "./fields";

/** One claim read from a manifest. */
export interface ManifestClaim {
  /** `metadata.name`: the claim's name, and its Docker volume's. */
  name: string;
  /** The claim's arguments (`claimName`, and `metadata.labels` as `labels`). */
  args: PersistentVolumeClaimArgs;
  /** One line per dropped field (`spec.resources: …; ignored`), prefixed `document N: ` in a file of several documents. */
  warnings: string[];
}

/**
 * Reads every `PersistentVolumeClaim` document of a manifest, in order, then the claims of each
 * StatefulSet's `volumeClaimTemplates`: one per template and replica, `<template>-<pod>`, as the
 * StatefulSet controller makes them (their fields are checked, and their dropped fields told, by
 * `allPodArgsFromManifest` with the StatefulSet's pods). Other kinds are left to
 * `allPodArgsFromManifest`. Throws a `ManifestError` naming every bad field.
 */
export function claimsFromManifest(text: string): ManifestClaim[] {
  const ctx = new Context();
  const claims: ManifestClaim[] = [];
  // `kind: List` items included.
  manifestDocuments(text).forEach(({ value: doc, ...at }) => {
    if (!isObject(doc) || doc.kind !== "PersistentVolumeClaim") return;
    ctx.at({ value: doc, ...at });
    checkApiVersion(ctx, doc, "PersistentVolumeClaim", "v1");
    const before = ctx.warnings.length;
    const claim = walk(ctx, doc, persistentVolumeClaimTable, "") as KubernetesClaim | undefined;
    const name = claim?.metadata?.name;
    if (!checkName(ctx, name, "metadata.name", "PersistentVolumeClaim")) return;
    if (claims.some((c) => c.name === name)) {
      ctx.error("metadata.name", `"${name}" is already the name of another PersistentVolumeClaim in the file`);
      return;
    }
    const labels = claim?.metadata?.labels;
    claims.push({
      name,
      args: { claimName: name, ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}) },
      warnings: ctx.warnings.slice(before).map(formatManifestProblem),
    });
  });
  if (ctx.errors.length > 0) throw new ManifestError(ctx.errors);
  for (const { value: doc } of manifestDocuments(text)) {
    if (!isObject(doc) || doc.kind !== "StatefulSet" || !isObject(doc.metadata) || !isObject(doc.spec) || !Array.isArray(doc.spec.volumeClaimTemplates)) continue;
    const replicas = doc.spec.replicas ?? 1;
    if (typeof doc.metadata.name !== "string" || typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0 || replicas > maxReplicas) continue;
    for (const pod of replicaNames(doc.metadata.name, replicas, "ordinal")) {
      for (const template of doc.spec.volumeClaimTemplates) {
        const meta = isObject(template) && isObject(template.metadata) ? template.metadata : {};
        if (typeof meta.name !== "string") continue;
        const name = claimOfTemplate(meta.name, pod);
        if (claims.some((c) => c.name === name)) continue;
        const labels = isObject(meta.labels) ? (meta.labels as Record<string, string>) : undefined;
        claims.push({ name, args: { claimName: name, ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}) }, warnings: [] });
      }
    }
  }
  return claims;
}
