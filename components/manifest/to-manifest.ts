/**
 * `PodArgs` → the equivalent Kubernetes manifest (`podman kube generate`): the Pod, the ConfigMaps
 * it refers to (and those its inline `configMap` volumes hold), and, on request only, its Secrets. The fields written are exactly the supported rows of
 * `fields.ts`, so manifest → `PodArgs` → manifest gives the input back, less what was dropped with a
 * warning. docker-pod's own arguments (`pauseImage`, `readinessTimeoutSeconds`) have no Kubernetes
 * field and are not written.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConfigMap, Pod, Secret } from "kubernetes-types/core/v1";
import type { PodArgs } from "../args";
import { clone } from "./clone";
import { FieldTable, podSpecTable } from "./fields";

/**
 * The Kubernetes Pod manifest of a pod named `name` with `args`, whose inputs must be resolved
 * (plain values: the Pod's `manifest` output does that). `shareProcessNamespace` is written only
 * when it is true, which is docker-pod's default (Kubernetes' default, false, needs no field).
 * A `configMap` volume names its ConfigMap: its `name`, else `<pod name>-<volume name>`.
 */
export function podManifest(name: string, args: PodArgs): Pod {
  const spec = exportFields(args, podSpecTable, "") as Pod["spec"] & Record<string, unknown>;
  delete spec.shareProcessNamespace;
  if (args.shareProcessNamespace ?? true) spec.shareProcessNamespace = true;
  (spec.volumes ?? []).forEach((v, i) => {
    if (args.volumes![i].configMap?.data !== undefined) v.configMap!.name = configMapName(name, args, i);
  });
  const labels = args.labels && Object.keys(args.labels).length > 0 ? { labels: { ...args.labels } } : {};
  const annotations = args.annotations && Object.keys(args.annotations).length > 0 ? { annotations: { ...args.annotations } } : {};
  return { apiVersion: "v1", kind: "Pod", metadata: { name, ...labels, ...annotations }, spec };
}

/**
 * The ConfigMap manifests of the pod: its `configMaps`, in order, then those its inline
 * `configMap` volumes (with `data`) hold, in volume order.
 */
export function configMapManifests(name: string, args: PodArgs): ConfigMap[] {
  const named: ConfigMap[] = Object.entries(args.configMaps ?? {}).map(([cm, data]) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: cm },
    data: resolved({ ...data }, `configMaps["${cm}"]`) as Record<string, string>,
  }));
  const inline: ConfigMap[] = (args.volumes ?? []).flatMap((v, i) =>
    v.configMap?.data !== undefined
      ? [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: configMapName(name, args, i) }, data: resolved({ ...v.configMap.data }, `volumes[${i}].configMap.data`) as Record<string, string> }]
      : [],
  );
  return [...named, ...inline];
}

/**
 * The Secret manifests of the pod's `secrets` (resolved, plain values), in order, with their
 * values base64-encoded in `data`: base64 is no encryption, so whoever gets these documents has the
 * secrets. `docker-pod generate` and the Pod's `manifest` output never include them.
 */
export function secretManifests(args: PodArgs): Secret[] {
  return Object.entries(args.secrets ?? {}).map(([name, data]) => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name },
    data: Object.fromEntries(
      Object.entries(resolved({ ...data }, `secrets["${name}"]`) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")]),
    ),
  }));
}

function configMapName(podName: string, args: PodArgs, i: number): string {
  const volume = args.volumes![i];
  return volume.configMap?.name ?? `${podName}-${volume.name}`;
}

/** A copy of `value` with only the fields that `table` supports. */
function exportFields(value: unknown, table: FieldTable, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(resolved(value, path) as Record<string, unknown>)) {
    const rule = Object.prototype.hasOwnProperty.call(table.fields, key) ? table.fields[key] : undefined;
    if (field === undefined || field === null || !rule) continue; // not a Kubernetes field: docker-pod's own
    const at = path ? `${path}.${key}` : key;
    switch (rule.kind) {
      case "copy":
      case "quantity":
      case "upperCase":
      case "strings":
        out[key] = clone(resolved(field, at));
        break;
      case "object":
        out[key] = exportFields(field, rule.table, at);
        break;
      case "list":
        out[key] = (resolved(field, at) as unknown[]).map((item, i) => exportFields(item, rule.table, `${at}[${i}]`));
        break;
      case "warn":
      case "unsupported":
        break; // never in valid PodArgs (the unit tests check that every PodArgs field has a supported row)
    }
  }
  return out;
}

/** `value`, which must not be (nor hold at its top) a Pulumi output. */
function resolved(value: unknown, path: string): unknown {
  const outputs =
    pulumi.Output.isInstance(value) ||
    (value !== null && typeof value === "object" && Object.values(value).some((v) => pulumi.Output.isInstance(v)));
  if (outputs) throw new Error(`podManifest: ${path || "args"} holds a Pulumi output; resolve the args first (the Pod's manifest output does)`);
  return value;
}
