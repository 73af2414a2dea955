/**
 * The downward API on a Docker host: the value of each pod field (`fieldRef`) and container
 * resource (`resourceFieldRef`) Kubernetes exposes, from what the pod knows (name, labels,
 * annotations, resources) and what the engine tells (the pause container's id and network, the
 * engine's host name and capacity). Pure: the engine's facts come in as inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Container, ResourceFieldSelector } from "../args";
import { parseCpu, parseMemory } from "./resources";

/** The namespace every pod is in: one Docker host has no namespaces. */
export const podNamespace = "default";
/** The service account every pod runs as (Kubernetes' default one; docker-pod has no service accounts). */
export const podServiceAccount = "default";

/** Field paths env may read; `metadata.labels['…']` and `metadata.annotations['…']` besides. */
export const envFieldPaths = [
  "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
  "status.podIP", "status.podIPs", "status.hostIP", "status.hostIPs",
];
/** Field paths a downwardAPI volume file may read (Kubernetes allows only metadata there). */
export const volumeFieldPaths = ["metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels", "metadata.annotations"];
/** Resources a resourceFieldRef may read. */
export const resourceNames = ["limits.cpu", "limits.memory", "requests.cpu", "requests.memory"];
/** Divisors Kubernetes allows, by resource kind. */
export const divisors: Record<string, string[]> = {
  cpu: ["1m", "1"],
  memory: ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"],
};

const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** Whether `path` is a field path the downward API gives in env (`volume`: in a downwardAPI volume). */
export function knownFieldPath(path: unknown, volume: boolean): boolean {
  if (typeof path !== "string") return false;
  return (volume ? volumeFieldPaths : envFieldPaths).includes(path) || subscript.test(path);
}

/** What the engine knows about the pod, once pause exists. */
export interface PodFacts {
  /** The pause container's id. */
  pauseId: pulumi.Input<string>;
  /** The pod's addresses on its Docker network (IPv4 first). */
  podIPs: pulumi.Input<string[]>;
  /** The gateway of that network: the Docker host as the pod reaches it. */
  hostIP: pulumi.Input<string>;
}

/** What the engine tells about itself (`docker info`), asked only when a value needs it. */
export interface NodeFacts {
  name: pulumi.Input<string>;
  /** CPUs. */
  cpus: pulumi.Input<number>;
  /** Memory in bytes. */
  memory: pulumi.Input<number>;
}

/** Everything the downward API reads. */
export interface DownwardContext {
  podName: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: Container[];
  pod: PodFacts;
  /** The engine's facts; called only when needed (it may create a resource). */
  node: () => NodeFacts;
}

/** A UUID made of a container id (64 hex digits): its first 32, grouped 8-4-4-4-12. */
export function uidOf(containerId: string): string {
  const h = containerId.replace(/[^0-9a-f]/g, "").padEnd(32, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `key="value"` lines, sorted by key, as Kubernetes writes whole labels and annotations to a file. */
export function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map((k) => `${k}=${JSON.stringify(map[k])}`)
    .join("\n");
}

/** The value of a (valid) field path. */
export function fieldValue(path: string, ctx: DownwardContext): pulumi.Input<string> {
  const m = subscript.exec(path);
  if (m) return (m[1] === "labels" ? ctx.labels : ctx.annotations)[m[2]] ?? "";
  switch (path) {
    case "metadata.name":
      return ctx.podName;
    case "metadata.namespace":
      return podNamespace;
    case "metadata.uid":
      return pulumi.output(ctx.pod.pauseId).apply(uidOf);
    case "metadata.labels":
      return formatMap(ctx.labels);
    case "metadata.annotations":
      return formatMap(ctx.annotations);
    case "spec.nodeName":
      return ctx.node().name;
    case "spec.serviceAccountName":
      return podServiceAccount;
    case "status.podIP":
      return pulumi.output(ctx.pod.podIPs).apply((ips) => ips[0] ?? "");
    case "status.podIPs":
      return pulumi.output(ctx.pod.podIPs).apply((ips) => ips.join(","));
    case "status.hostIP":
    case "status.hostIPs":
      return ctx.pod.hostIP;
  }
  throw new Error(`fieldValue: ${path} is not a downward API field path`);
}

/** The value of a (valid) resource of container `self` (or of `sel.containerName`). */
export function resourceValue(sel: ResourceFieldSelector, self: Container | undefined, ctx: DownwardContext): pulumi.Input<string> {
  const c = sel.containerName !== undefined ? ctx.containers.find((x) => x.name === sel.containerName) : self;
  const [kind, resource] = sel.resource.split(".") as ["limits" | "requests", "cpu" | "memory"];
  const parse = resource === "cpu" ? parseCpu : parseMemory;
  // A zero divisor is an unset one (the API server stores "0" when none is given): 1.
  const divisor = parse(sel.divisor ?? "1") || 1;
  const limit = c?.resources?.limits?.[resource];
  const request = c?.resources?.requests?.[resource];
  const round = (v: number) => String(Math.ceil(v / divisor - 1e-9));
  // Kubernetes defaults a missing request to the limit, and a missing limit to the node's allocatable.
  const given = kind === "limits" ? limit : (request ?? limit);
  if (given !== undefined) return round(parse(given));
  if (kind === "requests") return "0";
  const node = ctx.node();
  return pulumi.output(resource === "cpu" ? node.cpus : node.memory).apply(round);
}
