/**
 * Pure validation of `PodArgs`: returns every problem at once, each naming the field path
 * (`containers[1].ports[0].hostPort`) and what to do. Runs before any resource exists.
 */
import * as net from "net";
import { Container, PodArgs } from "./args";
import { labelPrefix } from "./mapping/labels";
import { dns1123Label } from "./mapping/network";
import { minMemoryBytes, parseCpu, parseMemory } from "./mapping/resources";
import { restartPolicies } from "./mapping/restart";

/** One problem with a pod's arguments. */
export interface Problem {
  /** Path of the offending field, e.g. `containers[1].ports[0].hostPort`. */
  path: string;
  /** What is wrong and what to do about it. */
  message: string;
}

/** The fields each object accepts; anything else is reported, never silently ignored. */
const knownFields: Record<string, readonly string[]> = {
  pod: ["containers", "shareProcessNamespace", "hostname", "hostAliases", "dnsConfig", "restartPolicy",
    "terminationGracePeriodSeconds", "labels", "pauseImage"],
  container: ["name", "image", "command", "args", "env", "ports", "workingDir", "resources", "securityContext"],
  port: ["containerPort", "hostPort", "hostIP", "protocol", "name"],
  env: ["name", "value"],
  resources: ["limits", "requests"],
  resourceList: ["cpu", "memory"],
  securityContext: ["runAsUser", "runAsGroup", "readOnlyRootFilesystem", "capabilities", "allowPrivilegeEscalation"],
  capabilities: ["add", "drop"],
  hostAlias: ["ip", "hostnames"],
  dnsConfig: ["nameservers", "searches", "options"],
};

const envVarName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const capabilityName = /^(CAP_)?[A-Z_]+$/;
const protocols = ["TCP", "UDP"];

/** Collects problems; `at` builds field paths. */
class Problems {
  readonly list: Problem[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  unknownFields(path: string, value: unknown, kind: keyof typeof knownFields): void {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (!knownFields[kind].includes(key)) {
        this.add(`${path ? `${path}.` : ""}${key}`, `unknown field; supported here: ${knownFields[kind].join(", ")}`);
      }
    }
  }

  integer(path: string, value: unknown, min: number, max: number, what: string): boolean {
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return true;
    this.add(path, `${JSON.stringify(value)} is not a valid ${what}; use a whole number from ${min} to ${max}`);
    return false;
  }

  ip(path: string, value: unknown): void {
    if (typeof value !== "string" || net.isIP(value) === 0) {
      this.add(path, `${JSON.stringify(value)} is not an IP address; use e.g. 127.0.0.1`);
    }
  }

  stringList(path: string, value: unknown): value is string[] {
    if (value === undefined) return false;
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return true;
    this.add(path, "must be a list of strings");
    return false;
  }
}

/** Validates a pod's arguments; returns every problem found (an empty list when they are valid). */
export function validatePodArgs(args: PodArgs): Problem[] {
  const p = new Problems();
  if (args === null || typeof args !== "object") {
    p.add("", "pod arguments are required: give at least `containers`");
    return p.list;
  }
  p.unknownFields("", args, "pod");
  validateContainers(p, args.containers);
  validatePodLevel(p, args);
  return p.list;
}

function validateContainers(p: Problems, containers: unknown): void {
  if (!Array.isArray(containers) || containers.length === 0) {
    p.add("containers", "a pod needs at least one container; add one with a `name` and an `image`");
    return;
  }
  const names = new Map<string, number>();
  const containerPorts = new Map<string, string>();
  const hostPorts = new Map<string, string>();
  containers.forEach((c: Container, i) => {
    const at = `containers[${i}]`;
    if (c === null || typeof c !== "object") {
      p.add(at, "must be an object with at least `name` and `image`");
      return;
    }
    p.unknownFields(at, c, "container");
    if (typeof c.name !== "string" || !dns1123Label.test(c.name)) {
      p.add(`${at}.name`, `${JSON.stringify(c.name)} is not a DNS-1123 label; use lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit`);
    } else if (names.has(c.name)) {
      p.add(`${at}.name`, `"${c.name}" is already the name of containers[${names.get(c.name)}]; container names must be unique in a pod`);
    } else {
      names.set(c.name, i);
    }
    if (c.image === undefined || c.image === null || c.image === "") {
      p.add(`${at}.image`, "an image is required, e.g. \"docker-pod/busybox:local\"");
    }
    p.stringList(`${at}.command`, c.command);
    p.stringList(`${at}.args`, c.args);
    if (c.workingDir !== undefined && (typeof c.workingDir !== "string" || !c.workingDir.startsWith("/"))) {
      p.add(`${at}.workingDir`, "must be an absolute path");
    }
    validatePorts(p, at, c, containerPorts, hostPorts);
    validateEnv(p, at, c);
    validateResources(p, at, c);
    validateSecurity(p, at, c);
  });
}

function validatePorts(p: Problems, at: string, c: Container, containerPorts: Map<string, string>, hostPorts: Map<string, string>): void {
  if (c.ports === undefined) return;
  if (!Array.isArray(c.ports)) {
    p.add(`${at}.ports`, "must be a list of ports");
    return;
  }
  c.ports.forEach((port, j) => {
    const pt = `${at}.ports[${j}]`;
    p.unknownFields(pt, port, "port");
    const protocol = port.protocol ?? "TCP";
    if (!protocols.includes(protocol)) {
      p.add(`${pt}.protocol`, `${JSON.stringify(port.protocol)} is not supported; use TCP or UDP`);
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
  if (c.env === undefined) return;
  if (!Array.isArray(c.env)) {
    p.add(`${at}.env`, "must be a list of { name, value }");
    return;
  }
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
  const rt = `${at}.resources`;
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
  }
  for (const r of ["cpu", "memory"]) {
    if (parsed.requests[r] !== undefined && parsed.limits[r] !== undefined && parsed.requests[r] > parsed.limits[r]) {
      p.add(`${rt}.requests.${r}`, `exceeds ${rt}.limits.${r}; a request must not be more than its limit`);
    }
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

function validateSecurity(p: Problems, at: string, c: Container): void {
  const s = c.securityContext;
  if (s === undefined) return;
  const st = `${at}.securityContext`;
  p.unknownFields(st, s, "securityContext");
  if (s.runAsUser !== undefined) p.integer(`${st}.runAsUser`, s.runAsUser, 0, 2 ** 31 - 1, "user id");
  if (s.runAsGroup !== undefined) {
    p.integer(`${st}.runAsGroup`, s.runAsGroup, 0, 2 ** 31 - 1, "group id");
    if (s.runAsUser === undefined) {
      p.add(`${st}.runAsGroup`, "Docker cannot set a group without a user; set runAsUser too");
    }
  }
  for (const flag of ["readOnlyRootFilesystem", "allowPrivilegeEscalation"] as const) {
    if (s[flag] !== undefined && typeof s[flag] !== "boolean") p.add(`${st}.${flag}`, "must be true or false");
  }
  if (s.capabilities !== undefined) {
    p.unknownFields(`${st}.capabilities`, s.capabilities, "capabilities");
    for (const kind of ["add", "drop"] as const) {
      const caps = s.capabilities[kind];
      if (!p.stringList(`${st}.capabilities.${kind}`, caps)) continue;
      caps.forEach((cap, k) => {
        if (!capabilityName.test(cap)) {
          p.add(`${st}.capabilities.${kind}[${k}]`, `${JSON.stringify(cap)} is not a capability name; use e.g. NET_ADMIN or ALL`);
        }
      });
    }
  }
}

function validatePodLevel(p: Problems, args: PodArgs): void {
  if (args.restartPolicy !== undefined && !(args.restartPolicy in restartPolicies)) {
    p.add("restartPolicy", `${JSON.stringify(args.restartPolicy)} is not a restart policy; use ${Object.keys(restartPolicies).join(", ")}`);
  }
  if (args.terminationGracePeriodSeconds !== undefined) {
    p.integer("terminationGracePeriodSeconds", args.terminationGracePeriodSeconds, 0, 86_400, "number of seconds");
  }
  for (const flag of ["shareProcessNamespace"] as const) {
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
  for (const key of Object.keys(args.labels ?? {})) {
    if (key.startsWith(labelPrefix)) {
      p.add(`labels["${key}"]`, `labels under ${labelPrefix} identify the pod and are set by docker-pod; use another key`);
    }
  }
}

/** One message listing every problem, for the error the Pod raises. */
export function formatProblems(podName: string, problems: Problem[]): string {
  const lines = problems.map((pr) => `  - ${pr.path || "(args)"}: ${pr.message}`);
  return `invalid arguments for pod "${podName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}
