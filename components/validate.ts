/**
 * Pure validation of `PodArgs`: returns every problem at once, each naming the field path
 * (`containers[1].ports[0].hostPort`) and what to do. Runs before any resource exists.
 */
import { Container, PodArgs } from "./args";
import { labelPrefix } from "./mapping/labels";
import { dns1123Label } from "./mapping/network";
import { gpuResource, minMemoryBytes, parseCpu, parseMemory } from "./mapping/resources";
import { restartPolicies } from "./mapping/restart";
import { validateLifecycle } from "./validation/lifecycle";
import { validateNetworks } from "./validation/networks";
import { Problem, Problems } from "./validation/problems";
import { validateContainerSecurity, validatePodSecurity } from "./validation/security";
import { validateMounts, validateVolumes } from "./validation/volumes";
import { SuppliedLater, validateConfigObjects, validateEnvSources } from "./validation/references";

export type { Problem } from "./validation/problems";
export type { SuppliedLater } from "./validation/references";

const envVarName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const protocols = ["TCP", "UDP", "SCTP"];

/**
 * Validates a pod's arguments; returns every problem found (an empty list when they are valid).
 * `later`: ConfigMaps and Secrets the args do not hold yet but that will be supplied before the
 * pod runs (a manifest read on its own); references to them are not checked. Default: none (a
 * `Pod` checks every reference).
 */
export function validatePodArgs(args: PodArgs, later?: SuppliedLater): Problem[] {
  const p = new Problems();
  if (args === null || typeof args !== "object") {
    p.add("", "pod arguments are required: give at least `containers`");
    return p.list;
  }
  p.unknownFields("", args, "pod");
  const volumes = validateVolumes(p, args, later);
  const names = new Map<string, string>();
  const selfHealing = (args as { selfHealing?: unknown }).selfHealing !== false;
  const claims = new Set((Array.isArray(args.volumes) ? args.volumes : []).filter((v) => v?.persistentVolumeClaim !== undefined || v?.nfs !== undefined).map((v) => v.name));
  const podSecurity = args.securityContext !== null && typeof args.securityContext === "object" ? args.securityContext : undefined;
  validateConfigObjects(p, args);
  if (!Array.isArray(args.containers) || args.containers.length === 0) {
    p.add("containers", "a pod needs at least one container; add one with a `name` and an `image`");
  } else {
    validateContainers(p, "containers", args.containers, { names, volumes, claims, init: false, selfHealing, podSecurity, args, later });
  }
  if (p.optionalList("initContainers", args.initContainers, "containers")) {
    validateContainers(p, "initContainers", args.initContainers, { names, volumes, claims, init: true, selfHealing, podSecurity, args, later });
  }
  validatePodLevel(p, args);
  validateNetworks(p, args);
  return p.list;
}

/** What the containers of one pod share while being validated. */
interface ContainerContext {
  /** Container names seen so far (members and init containers share one namespace), to their paths. */
  names: Map<string, string>;
  /** Valid volume names. */
  volumes: Set<string>;
  /** Names of the `persistentVolumeClaim` and `nfs` volumes (no subPath). */
  claims: ReadonlySet<string>;
  /** Validating init containers (no ports, probes or hooks). */
  init: boolean;
  /** Whether the podlet runs (liveness and startup probes need it). */
  selfHealing: boolean;
  /** The pod's security context, which containers inherit from. */
  podSecurity: PodArgs["securityContext"];
  /** The pod's arguments (ConfigMaps, Secrets and containers that references name). */
  args: PodArgs;
  /** ConfigMaps and Secrets supplied later (not checked). */
  later: SuppliedLater | undefined;
}

function validateContainers(p: Problems, list: string, containers: Container[], ctx: ContainerContext): void {
  const containerPorts = new Map<string, string>();
  const hostPorts = new Map<string, string>();
  containers.forEach((c: Container, i) => {
    const at = `${list}[${i}]`;
    if (c === null || typeof c !== "object") {
      p.add(at, "must be an object with at least `name` and `image`");
      return;
    }
    p.unknownFields(at, c, "container");
    if (typeof c.name !== "string" || !dns1123Label.test(c.name)) {
      p.add(`${at}.name`, `${JSON.stringify(c.name)} is not a DNS-1123 label; use lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit`);
    } else if (ctx.names.has(c.name)) {
      p.add(`${at}.name`, `"${c.name}" is already the name of ${ctx.names.get(c.name)}; container names must be unique in a pod`);
    } else {
      ctx.names.set(c.name, at);
    }
    if (c.image === undefined || c.image === null || c.image === "") {
      p.add(`${at}.image`, "an image is required, e.g. \"docker-pod/busybox:local\"");
    }
    p.stringList(`${at}.command`, c.command);
    p.stringList(`${at}.args`, c.args);
    for (const flag of ["stdin", "tty"] as const) {
      if (c[flag] !== undefined && typeof c[flag] !== "boolean") p.add(`${at}.${flag}`, "must be true or false");
    }
    if (c.workingDir !== undefined && (typeof c.workingDir !== "string" || !c.workingDir.startsWith("/"))) {
      p.add(`${at}.workingDir`, "must be an absolute path");
    }
    // A native sidecar (an init container with restartPolicy Always) runs beside the members.
    const sidecar = ctx.init && c.restartPolicy === "Always";
    if (c.restartPolicy !== undefined && !ctx.init) {
      p.add(`${at}.restartPolicy`, "only init containers have a restartPolicy (Always: a native sidecar); the pod's restartPolicy applies to its containers");
    } else if (c.restartPolicy !== undefined && !sidecar) {
      p.add(`${at}.restartPolicy`, `${JSON.stringify(c.restartPolicy)} is not supported; use Always (a native sidecar) or leave it out`);
    }
    if (sidecar && c.startupProbe !== undefined && c.readinessProbe !== undefined) {
      p.add(`${at}.readinessProbe`, "a sidecar's one Docker health check holds its startupProbe (which the next init container waits for); drop the readinessProbe or the startupProbe");
    }
    if (ctx.init && !sidecar && c.ports !== undefined) {
      p.add(`${at}.ports`, "init containers cannot publish ports; move them to a container in `containers`");
    } else {
      validatePorts(p, at, c, containerPorts, hostPorts);
    }
    validateEnv(p, at, c);
    validateEnvSources(p, at, c, ctx.args, ctx.later);
    validateResources(p, at, c);
    validateContainerSecurity(p, at, c, ctx.podSecurity);
    validateMounts(p, at, c, ctx.volumes, ctx.claims);
    validateLifecycle(p, at, c, ctx.init && !sidecar, ctx.selfHealing);
  });
}

function validatePorts(p: Problems, at: string, c: Container, containerPorts: Map<string, string>, hostPorts: Map<string, string>): void {
  if (!p.optionalList(`${at}.ports`, c.ports, "ports")) return;
  c.ports.forEach((port, j) => {
    const pt = `${at}.ports[${j}]`;
    p.unknownFields(pt, port, "port");
    const protocol = port.protocol ?? "TCP";
    if (!protocols.includes(protocol)) {
      p.add(`${pt}.protocol`, `Unsupported value: ${JSON.stringify(port.protocol)}: supported values: "TCP", "UDP", "SCTP"`);
    }
    if (p.integer(`${pt}.containerPort`, port.containerPort, 1, 65535, "port")) {
      const key = `${port.containerPort}/${protocol}`;
      const first = containerPorts.get(key);
      if (first) {
        p.add(`${pt}.containerPort`, `${key} is already used by ${first}; containers of a pod share one network namespace, so give each a different port`);
      } else {
        containerPorts.set(key, `${pt}.containerPort`);
      }
    }
    if (port.hostIP !== undefined) p.ip(`${pt}.hostIP`, port.hostIP);
    if (port.hostPort !== undefined && p.integer(`${pt}.hostPort`, port.hostPort, 1, 65535, "port")) {
      const key = `${port.hostIP ?? "0.0.0.0"}:${port.hostPort}/${protocol}`;
      const first = hostPorts.get(key);
      if (first) {
        p.add(`${pt}.hostPort`, `host port ${key} is already published by ${first}; choose another hostPort`);
      } else {
        hostPorts.set(key, `${pt}.hostPort`);
      }
    }
  });
}

function validateEnv(p: Problems, at: string, c: Container): void {
  if (!p.optionalList(`${at}.env`, c.env, "{ name, value }")) return;
  const seen = new Map<string, number>();
  c.env.forEach((e, k) => {
    const et = `${at}.env[${k}]`;
    p.unknownFields(et, e, "env");
    if (typeof e?.name !== "string" || !envVarName.test(e.name)) {
      p.add(`${et}.name`, `${JSON.stringify(e?.name)} is not a valid variable name; use letters, digits, '_', '-' and '.', not starting with a digit`);
    } else if (seen.has(e.name)) {
      p.add(`${et}.name`, `"${e.name}" is already set by ${at}.env[${seen.get(e.name)}]; set each variable once`);
    } else {
      seen.set(e.name, k);
    }
  });
}

function validateResources(p: Problems, at: string, c: Container): void {
  if (c.resources === undefined) return;
  const rt = at ? `${at}.resources` : "resources";
  if (c.resources === null || typeof c.resources !== "object") return void p.add(rt, "must be { limits, requests }");
  p.unknownFields(rt, c.resources, "resources");
  const parsed: Record<string, Record<string, number>> = { limits: {}, requests: {} };
  for (const kind of ["limits", "requests"] as const) {
    const list = c.resources[kind];
    if (list === undefined) continue;
    p.unknownFields(`${rt}.${kind}`, list, "resourceList");
    if (list.cpu !== undefined) {
      const cpu = quantity(p, `${rt}.${kind}.cpu`, list.cpu, parseCpu, "\"500m\" or \"1.5\"");
      if (cpu !== undefined && cpu <= 0) p.add(`${rt}.${kind}.cpu`, "must be more than 0");
      else if (cpu !== undefined) parsed[kind].cpu = cpu;
    }
    if (list.memory !== undefined) {
      const memory = quantity(p, `${rt}.${kind}.memory`, list.memory, parseMemory, "\"128Mi\" or \"1G\"");
      if (memory !== undefined && memory < minMemoryBytes) {
        p.add(`${rt}.${kind}.memory`, `${list.memory} is below Docker's minimum; use at least 6Mi`);
      } else if (memory !== undefined) {
        parsed[kind].memory = memory;
      }
    }
    if (list[gpuResource] !== undefined) {
      const gpus = quantity(p, `${rt}.${kind}.${gpuResource}`, list[gpuResource], parseCpu, "\"1\"");
      if (gpus !== undefined && (!Number.isInteger(gpus) || gpus < 0)) p.add(`${rt}.${kind}.${gpuResource}`, `${JSON.stringify(list[gpuResource])}: must be an integer (a number of GPUs)`);
      else if (gpus !== undefined) parsed[kind][gpuResource] = gpus;
    }
  }
  for (const r of ["cpu", "memory"]) {
    if (parsed.requests[r] !== undefined && parsed.limits[r] !== undefined && parsed.requests[r] > parsed.limits[r]) {
      p.add(`${rt}.requests.${r}`, `exceeds ${rt}.limits.${r}; a request must not be more than its limit`);
    }
  }
  // GPUs are not overcommitted (Kubernetes' extended resources): a request is its limit.
  const gpus = { request: parsed.requests[gpuResource], limit: parsed.limits[gpuResource] };
  if (gpus.request !== undefined && c.resources.limits?.[gpuResource] === undefined) {
    p.add(`${rt}.limits.${gpuResource}`, "Limit must be set for non overcommitable resources (give the same number in limits)");
  } else if (gpus.request !== undefined && gpus.limit !== undefined && gpus.request !== gpus.limit) {
    p.add(`${rt}.requests.${gpuResource}`, `must be equal to ${gpuResource} limit of ${gpus.limit}`);
  }
}

/** Pod-level `resources`: cpu and memory, bounding the containers' own (Kubernetes' PodLevelResources rules). */
function validatePodResources(p: Problems, args: PodArgs): void {
  const pod = args.resources;
  if (pod === undefined) return;
  const before = p.list.length;
  validateResources(p, "", { name: "", image: "", resources: pod });
  for (const kind of ["limits", "requests"] as const) {
    if (pod?.[kind]?.[gpuResource] !== undefined) p.add(`resources.${kind}.${gpuResource}`, "pod-level resources are cpu and memory only; give GPUs to a container");
  }
  if (p.list.length > before || pod === null || typeof pod !== "object") return;
  const containers = Array.isArray(args.containers) ? args.containers : [];
  for (const r of ["cpu", "memory"] as const) {
    const parse = r === "cpu" ? parseCpu : parseMemory;
    const amount = (q: unknown) => { try { return typeof q === "string" || typeof q === "number" ? parse(String(q)) : undefined; } catch { return undefined; } };
    const limit = amount(pod.limits?.[r]);
    if (limit !== undefined) {
      for (const [i, c] of containers.entries()) {
        const own = amount(c?.resources?.limits?.[r]);
        if (own !== undefined && own > limit) p.add(`containers[${i}].resources.limits.${r}`, `must be less than or equal to pod limits (resources.limits.${r}: ${pod.limits![r]})`);
        // Without its own limit the container is bounded by the pod's: its request must fit in it.
        const asked = amount(c?.resources?.requests?.[r]);
        if (own === undefined && asked !== undefined && asked > limit) p.add(`containers[${i}].resources.requests.${r}`, `must be less than or equal to pod limits (resources.limits.${r}: ${pod.limits![r]})`);
      }
    }
    const request = amount(pod.requests?.[r]);
    const sum = containers.reduce((n, c) => n + (amount(c?.resources?.requests?.[r]) ?? 0), 0);
    if (request !== undefined && sum > request) p.add(`resources.requests.${r}`, `must be greater than or equal to the aggregate container requests of ${r}`);
  }
}

function quantity(p: Problems, path: string, value: unknown, parse: (q: string) => number, example: string): number | undefined {
  try {
    if (typeof value !== "string" && typeof value !== "number") throw new Error();
    return parse(String(value));
  } catch {
    p.add(path, `${JSON.stringify(value)} is not a Kubernetes quantity; use e.g. ${example}`);
    return undefined;
  }
}

function validatePodLevel(p: Problems, args: PodArgs): void {
  validatePodSecurity(p, args.securityContext);
  validatePodResources(p, args);
  if (args.restartPolicy !== undefined && !(args.restartPolicy in restartPolicies)) {
    p.add("restartPolicy", `${JSON.stringify(args.restartPolicy)} is not a restart policy; use ${Object.keys(restartPolicies).join(", ")}`);
  }
  if (args.readinessTimeoutSeconds !== undefined) {
    p.integer("readinessTimeoutSeconds", args.readinessTimeoutSeconds, 1, 86_400, "number of seconds");
  }
  if (args.terminationGracePeriodSeconds !== undefined) {
    p.integer("terminationGracePeriodSeconds", args.terminationGracePeriodSeconds, 0, 86_400, "number of seconds");
  }
  validateHostModes(p, args);
  for (const flag of ["shareProcessNamespace", "selfHealing"] as const) {
    if (args[flag] !== undefined && typeof args[flag] !== "boolean") p.add(flag, "must be true or false");
  }
  if (args.hostname !== undefined && (typeof args.hostname !== "string" || !dns1123Label.test(args.hostname))) {
    p.add("hostname", `${JSON.stringify(args.hostname)} is not a DNS-1123 label; use lower-case letters, digits and '-'`);
  }
  (args.hostAliases ?? []).forEach((a, i) => {
    const at = `hostAliases[${i}]`;
    p.unknownFields(at, a, "hostAlias");
    p.ip(`${at}.ip`, a?.ip);
    if (!Array.isArray(a?.hostnames) || a.hostnames.length === 0) p.add(`${at}.hostnames`, "give at least one host name");
  });
  if (args.dnsConfig !== undefined) {
    p.unknownFields("dnsConfig", args.dnsConfig, "dnsConfig");
    (args.dnsConfig.nameservers ?? []).forEach((ip, i) => p.ip(`dnsConfig.nameservers[${i}]`, ip));
    p.stringList("dnsConfig.searches", args.dnsConfig.searches);
    (args.dnsConfig.options ?? []).forEach((o, i) => {
      if (typeof o?.name !== "string" || o.name === "") p.add(`dnsConfig.options[${i}].name`, "an option name is required, e.g. ndots");
    });
  }
  if (args.dockerSocket !== undefined && (typeof args.dockerSocket !== "string" || !args.dockerSocket.startsWith("/"))) {
    p.add("dockerSocket", `${JSON.stringify(args.dockerSocket)} is not an absolute path; give the socket's path on the engine's host, e.g. /run/user/1000/docker.sock`);
  }
  for (const key of Object.keys(args.labels ?? {})) {
    if (key.startsWith(labelPrefix)) {
      p.add(`labels["${key}"]`, `labels under ${labelPrefix} identify the pod and are set by docker-pod; use another key`);
    }
  }
}

/** `hostNetwork`, `hostPID`, `hostIPC`, and what cannot go with them. */
function validateHostModes(p: Problems, args: PodArgs): void {
  for (const flag of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (args[flag] !== undefined && typeof args[flag] !== "boolean") p.add(flag, "must be true or false");
  }
  const sysctls = Array.isArray(args.securityContext?.sysctls) ? args.securityContext!.sysctls : [];
  sysctls.forEach((s, i) => {
    if (args.hostNetwork === true && typeof s?.name === "string" && s.name.startsWith("net.")) {
      p.add(`securityContext.sysctls[${i}].name`, `${s.name} would change the Docker host's network: not allowed with hostNetwork`);
    }
    if (args.hostIPC === true && typeof s?.name === "string" && /^(kernel\.(shm|msg|sem)|fs\.mqueue\.)/.test(s.name)) {
      p.add(`securityContext.sysctls[${i}].name`, `${s.name} would change the Docker host's IPC: not allowed with hostIPC`);
    }
  });
  if (args.hostNetwork !== true) return;
  if (args.hostname !== undefined) p.add("hostname", "cannot be set with hostNetwork: the pod has the Docker host's name (Docker refuses a host name in host network mode)");
  if (args.dnsConfig !== undefined) p.add("dnsConfig", "cannot be set with hostNetwork: the pod uses the Docker host's resolver (Docker refuses DNS options in host network mode)");
  const lists = [["containers", args.containers], ["initContainers", args.initContainers]] as const;
  for (const [list, containers] of lists) {
    (Array.isArray(containers) ? containers : []).forEach((c, i) => {
      (Array.isArray(c?.ports) ? c.ports : []).forEach((port, j) => {
        if (port?.hostPort !== undefined && port.hostPort !== port.containerPort) {
          p.add(`${list}[${i}].ports[${j}].hostPort`, "must equal containerPort with hostNetwork: the pod listens on the Docker host's ports (nothing is published)");
        }
      });
    });
  }
}

/** One message listing every problem, for the error the Pod raises. */
export function formatProblems(podName: string, problems: Problem[]): string {
  const lines = problems.map((pr) => `  - ${pr.path || "(args)"}: ${pr.message}`);
  return `invalid arguments for pod "${podName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}
