/**
 * `kind: Service` documents of a manifest → `Service` arguments (ClusterIP semantics: the service's
 * name on the played file's network resolves to every selected pod), and the host ports that
 * `NodePort` and `LoadBalancer` Services publish through their one selected pod. Every field of a
 * Kubernetes Service has a rule here (the compiler insists): used, dropped with a warning, or an error.
 */
import type * as core from "kubernetes-types/core/v1";
import { ServicePort } from "../service-args";
import { validateServiceArgs } from "../validation/service";
import { ManifestError, ManifestPod, ManifestProblem, formatManifestProblem, manifestDocuments } from "./from-manifest";

/** A Service of a manifest, read into `Service` arguments. */
export interface ManifestServiceArgs {
  /** `metadata.name`: the DNS name. */
  name: string;
  /** `ClusterIP` (also for a headless `clusterIP: None`), `NodePort` or `LoadBalancer`. */
  type: string;
  selector: Record<string, string>;
  /** The ports, named target ports resolved to numbers. */
  ports: (ServicePort & { nodePort?: number })[];
  /** Dropped fields, as `document N: path: why` lines. */
  warnings: string[];
}

/** `use`: read here; a string: dropped with that reason; `null`: an error. */
type Rule = "use" | string | null;
type Rows<T> = { readonly [K in keyof Required<T>]: Rule };

const noProxy = "there is no service proxy: the name resolves to the pods' own addresses; ignored";
const specRows: Rows<core.ServiceSpec> = {
  selector: "use",
  ports: "use",
  type: "use",
  clusterIP: "use",
  clusterIPs: "use",
  sessionAffinity: noProxy,
  sessionAffinityConfig: noProxy,
  externalTrafficPolicy: noProxy,
  internalTrafficPolicy: noProxy,
  trafficDistribution: noProxy,
  ipFamilies: "one Docker network has the address families it was made with; ignored",
  ipFamilyPolicy: "one Docker network has the address families it was made with; ignored",
  publishNotReadyAddresses: "every selected pod answers, ready or not (Docker's DNS does not know readiness); ignored",
  allocateLoadBalancerNodePorts: "the host port is the one published; ignored",
  loadBalancerClass: "the Docker host is the load balancer; ignored",
  loadBalancerIP: null,
  loadBalancerSourceRanges: null,
  externalIPs: null,
  externalName: null,
  healthCheckNodePort: null,
};
const portRows: Rows<core.ServicePort> = {
  port: "use",
  targetPort: "use",
  name: "use",
  protocol: "use",
  nodePort: "use",
  appProtocol: "a hint for proxies, which there are none of; ignored",
};
const metaKeys = ["name", "labels", "namespace", "annotations", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields", "ownerReferences", "finalizers", "generateName"];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Reads the `kind: Service` documents of `text` (other kinds are left to `allPodArgsFromManifest`),
 * resolving named target ports against `pods` (the file's pods that a Service selects). Throws a
 * `ManifestError` listing every bad field.
 */
export function serviceArgsFromManifest(text: string, pods: ManifestPod[]): ManifestServiceArgs[] {
  const errors: ManifestProblem[] = [];
  const services: ManifestServiceArgs[] = [];
  for (const doc of manifestDocuments(text)) {
    if (!isObject(doc.value) || doc.value.kind !== "Service") continue;
    const tag = (path: string, message: string): ManifestProblem => {
      const at = doc.prefix ? (path ? `${doc.prefix}.${path}` : doc.prefix) : path;
      return doc.number !== undefined ? { document: doc.number, path: at, message } : { path: at, message };
    };
    const warnings: ManifestProblem[] = [];
    const svc = readService(doc.value, pods, (p, m) => errors.push(tag(p, m)), (p, m) => warnings.push(tag(p, m)));
    if (!svc) continue;
    if (services.some((s) => s.name === svc.name)) errors.push(tag("metadata.name", `"${svc.name}" is already the name of another Service in the file`));
    else services.push({ ...svc, warnings: warnings.map(formatManifestProblem) });
  }
  if (errors.length) throw new ManifestError(errors);
  return services;
}

type Report = (path: string, message: string) => void;

function readService(doc: Record<string, unknown>, pods: ManifestPod[], error: Report, warn: Report): Omit<ManifestServiceArgs, "warnings"> | undefined {
  if (doc.apiVersion !== "v1") error("apiVersion", `${JSON.stringify(doc.apiVersion ?? null)} is not the apiVersion of a Service; use v1`);
  for (const key of Object.keys(doc)) if (!["apiVersion", "kind", "metadata", "spec", "status"].includes(key)) error(key, "not a field of a Kubernetes Service");
  if (doc.status !== undefined) warn("status", "the status is written by the cluster, not by a manifest's author; ignored");
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  for (const key of Object.keys(meta)) {
    if (!metaKeys.includes(key)) error(`metadata.${key}`, "not a field of a Kubernetes ObjectMeta");
    else if (!["name", "labels"].includes(key) && meta[key] !== null) warn(`metadata.${key}`, "has no meaning for a Service on one Docker host; ignored");
  }
  const name = meta.name as string;
  const spec = isObject(doc.spec) ? (doc.spec as core.ServiceSpec & Record<string, unknown>) : undefined;
  if (!spec) {
    error("spec", "a Service needs a spec with a selector");
    return undefined;
  }
  for (const [key, value] of Object.entries(spec)) {
    if (value === null || value === undefined) continue;
    const rule = Object.prototype.hasOwnProperty.call(specRows, key) ? specRows[key as keyof core.ServiceSpec] : undefined;
    if (rule === undefined) error(`spec.${key}`, "not a field of a Kubernetes ServiceSpec");
    else if (rule === null) error(`spec.${key}`, "not supported by docker-pod: a Service here is a DNS name on one Docker network");
    else if (rule !== "use") warn(`spec.${key}`, rule);
  }
  const type = spec.type ?? "ClusterIP";
  if (!["ClusterIP", "NodePort", "LoadBalancer"].includes(type)) {
    error("spec.type", `${JSON.stringify(type)} is not supported; use ClusterIP, NodePort or LoadBalancer`);
  }
  for (const ip of [spec.clusterIP, ...(spec.clusterIPs ?? [])]) {
    if (ip !== undefined && ip !== "" && ip !== "None") {
      warn(spec.clusterIP === ip ? "spec.clusterIP" : "spec.clusterIPs", "there are no virtual IPs: the name resolves to the pods' own addresses (as for clusterIP: None); ignored");
      break;
    }
  }
  const selector = (isObject(spec.selector) ? spec.selector : {}) as Record<string, string>;
  const selected = pods.filter((p) => Object.entries(selector).every(([k, v]) => p.args.labels?.[k] === v));
  const ports = (Array.isArray(spec.ports) ? spec.ports : []).map((port, j) => readPort(port, j, selected, error, warn));
  // No proxy re-maps ports on the network: the name answers on the pods' own port (a warning here,
  // where a file written for a cluster should still play; an error for the Service component).
  ports.forEach((p, j) => {
    if (p.targetPort !== undefined && Number.isInteger(p.targetPort) && p.targetPort !== p.port) {
      warn(`spec.ports[${j}].port`, `${p.port} differs from targetPort ${p.targetPort}: no proxy re-maps ports on the network, so "${name}" answers on ${p.targetPort}, the pods' own port${type === "LoadBalancer" ? ` (the host publishes ${p.port})` : ""}`);
    }
  });
  // The Service component's own checks, on the fields at their manifest paths.
  for (const p of validateServiceArgs(name, { selector, network: "-", ports: serviceComponentPorts(ports) })) {
    error(p.path === "(name)" ? "metadata.name" : `spec.${p.path}`, p.message);
  }
  if (type !== "ClusterIP" && spec.selector && selected.length !== 1) {
    error("spec.type", selected.length === 0
      ? `a ${type} is published on the host through the pod it selects, and no pod of the file has the labels ${JSON.stringify(selector)}`
      : `a ${type} is published on the host through one pod, and ${selected.length} pods of the file match (${selected.map((p) => p.name).join(", ")}): a host port can be bound once; use ClusterIP, or select one pod`);
  }
  return { name, type, selector, ports };
}

/** The ports as the `Service` component takes them: `port` is the pods' own (`targetPort`), no `nodePort`. */
export function serviceComponentPorts(ports: ManifestServiceArgs["ports"]): ServicePort[] {
  return ports.map(({ nodePort: _nodePort, ...p }) => ({ ...p, ...(p.targetPort !== undefined ? { port: p.targetPort } : {}) }));
}

function readPort(port: core.ServicePort, j: number, selected: ManifestPod[], error: Report, warn: Report): ServicePort & { nodePort?: number } {
  const at = `spec.ports[${j}]`;
  const out: ServicePort & { nodePort?: number } = { port: port?.port };
  if (!isObject(port)) return out;
  for (const key of Object.keys(port)) {
    const rule = Object.prototype.hasOwnProperty.call(portRows, key) ? portRows[key as keyof core.ServicePort] : undefined;
    if (rule === undefined) error(`${at}.${key}`, "not a field of a Kubernetes ServicePort");
    else if (rule !== "use") warn(`${at}.${key}`, rule!);
  }
  if (port.name !== undefined) out.name = port.name;
  if (port.protocol !== undefined) out.protocol = port.protocol;
  if (port.nodePort !== undefined) out.nodePort = port.nodePort;
  if (typeof port.targetPort === "string" && !/^\d+$/.test(port.targetPort)) {
    // A named port: the containerPort of that name in every selected pod, which must agree.
    const numbers = new Set(selected.flatMap((p) => p.args.containers.flatMap((c) => (c.ports ?? []).filter((cp) => cp.name === port.targetPort).map((cp) => cp.containerPort))));
    if (numbers.size === 1) out.targetPort = [...numbers][0];
    else error(`${at}.targetPort`, numbers.size === 0
      ? `no selected pod of the file has a container port named "${port.targetPort}"; name one, or give the number`
      : `the selected pods give the port named "${port.targetPort}" different numbers (${[...numbers].join(", ")}); give the number`);
  } else if (port.targetPort !== undefined) {
    out.targetPort = Number(port.targetPort);
  }
  return out;
}

/**
 * The pods with the host ports that the `NodePort` (`nodePort`; Docker picks one when it is unset)
 * and `LoadBalancer` (`port`) Services publish through the one pod each selects: the container
 * port equal to `targetPort` gets that `hostPort`. Throws a `ManifestError` when the pod does not
 * declare the port or already publishes it on another host port.
 */
export function publishServicePorts(pods: ManifestPod[], services: ManifestServiceArgs[]): ManifestPod[] {
  const errors: ManifestProblem[] = [];
  const out = pods.map((p) => ({ ...p, args: { ...p.args, containers: p.args.containers.map((c) => ({ ...c, ports: c.ports?.map((cp) => ({ ...cp })) })) } }));
  for (const svc of services) {
    if (svc.type === "ClusterIP") continue;
    const pod = out.find((p) => Object.entries(svc.selector).every(([k, v]) => p.args.labels?.[k] === v))!;
    svc.ports.forEach((sp, j) => {
      const target = sp.targetPort ?? sp.port;
      const protocol = sp.protocol ?? "TCP";
      const hostPort = svc.type === "LoadBalancer" ? sp.port : sp.nodePort;
      const cp = pod.args.containers.flatMap((c) => c.ports ?? []).find((p) => p.containerPort === target && (p.protocol ?? "TCP") === protocol);
      const at = `Service ${svc.name}: spec.ports[${j}]`;
      if (!cp) {
        errors.push({ path: at, message: `pod ${pod.name} declares no containerPort ${target}/${protocol} to publish; add it to the container that listens on it` });
      } else if (hostPort !== undefined && cp.hostPort !== undefined && cp.hostPort !== hostPort) {
        errors.push({ path: at, message: `pod ${pod.name} already publishes ${target}/${protocol} on host port ${cp.hostPort}, not ${hostPort}` });
      } else if (hostPort !== undefined) {
        cp.hostPort = hostPort;
      }
    });
  }
  if (errors.length) throw new ManifestError(errors);
  return out;
}
