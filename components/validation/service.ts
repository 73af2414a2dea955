/** Pure validation of a Service's name and `ServiceArgs`: every problem at once, each naming its field. */
import * as pulumi from "@pulumi/pulumi";
import { ServiceArgs } from "../service-args";
import { labelPrefix } from "../mapping/labels";
import { dns1123Label } from "../mapping/network";
import { Problem, Problems } from "./problems";

/** DNS-1035 label: what Kubernetes accepts as a Service name (a letter first). */
export const dns1035Label = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A label key: an optional DNS prefix and `/`, then a name of letters, digits, `-`, `_`, `.` (at most 63). */
const labelKey = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A label value: empty, or letters, digits, `-`, `_`, `.` (at most 63), alphanumeric at both ends. */
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

const serviceFields = ["selector", "ports", "network", "labels", "pauseImage", "dockerSocket"];
const portFields = ["port", "targetPort", "name", "protocol"];

/** Validates a Service named `name` with `args`; returns every problem (empty when valid). */
export function validateServiceArgs(name: string, args: ServiceArgs): Problem[] {
  const p = new Problems();
  if (typeof name !== "string" || !dns1035Label.test(name)) {
    p.add("(name)", `${JSON.stringify(name)} is not a valid Service name: it becomes a DNS name, so use a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63)`);
  }
  if (args === null || typeof args !== "object") {
    p.add("", "service arguments are required: give `selector` and `network`");
    return p.list;
  }
  fields(p, "", args, serviceFields);
  const selector = args.selector;
  if (selector === null || typeof selector !== "object" || Array.isArray(selector) || Object.keys(selector).length === 0) {
    p.add("selector", "give at least one pod label, e.g. { app: \"db\" }; a Service without a selector selects no pod");
  } else {
    for (const [key, value] of Object.entries(selector)) {
      if (!labelKey.test(key)) p.add(`selector["${key}"]`, "is not a label key; use letters, digits, '-', '_' and '.'");
      else if (key.startsWith(labelPrefix)) p.add(`selector["${key}"]`, `labels under ${labelPrefix} are docker-pod's own; select by the pods' labels`);
      if (typeof value !== "string" || !labelValue.test(value)) {
        p.add(`selector["${key}"]`, `${JSON.stringify(value)} is not a label value; use at most 63 letters, digits, '-', '_' and '.'`);
      }
    }
  }
  const network = args.network;
  if (network === undefined || network === null || network === "") {
    p.add("network", "give the Docker network the service's name lives on, e.g. `net.name` of a docker.Network");
  } else if (typeof network === "string" && ["bridge", "host", "none", "default"].includes(network)) {
    p.add("network", `"${network}" is one of Docker's own networks, where containers have no DNS names; create a network (docker.Network) and give its name`);
  } else if (typeof network !== "string" && !pulumi.Output.isInstance(network) && !(network instanceof Promise)) {
    p.add("network", `${JSON.stringify(network)} is not a network name`);
  }
  validateServicePorts(p, args);
  if (args.dockerSocket !== undefined && (typeof args.dockerSocket !== "string" || !args.dockerSocket.startsWith("/"))) {
    p.add("dockerSocket", `${JSON.stringify(args.dockerSocket)} is not an absolute path; give the socket's path on the engine's host, e.g. /run/user/1000/docker.sock`);
  }
  for (const key of Object.keys(args.labels ?? {})) {
    if (key.startsWith(labelPrefix)) p.add(`labels["${key}"]`, `labels under ${labelPrefix} are set by docker-pod; use another key`);
  }
  return p.list;
}

function validateServicePorts(p: Problems, args: ServiceArgs): void {
  if (!p.optionalList("ports", args.ports, "{ port, targetPort, name, protocol }")) return;
  const seen = new Map<string, string>();
  const names = new Map<string, string>();
  args.ports.forEach((port, i) => {
    const at = `ports[${i}]`;
    if (port === null || typeof port !== "object") {
      p.add(at, "must be an object with at least `port`");
      return;
    }
    fields(p, at, port, portFields);
    const protocol = port.protocol ?? "TCP";
    if (!["TCP", "UDP"].includes(protocol)) p.add(`${at}.protocol`, `${JSON.stringify(port.protocol)} is not supported; use TCP or UDP`);
    if (p.integer(`${at}.port`, port.port, 1, 65535, "port")) {
      const key = `${port.port}/${protocol}`;
      if (seen.has(key)) p.add(`${at}.port`, `${key} is already offered by ${seen.get(key)}; give each port once`);
      else seen.set(key, at);
    }
    if (port.targetPort !== undefined) {
      if (typeof port.targetPort === "string") {
        p.add(`${at}.targetPort`, `named target ports ("${port.targetPort}") are not supported; give the port number`);
      } else if (p.integer(`${at}.targetPort`, port.targetPort, 1, 65535, "port") && port.targetPort !== port.port) {
        p.add(`${at}.targetPort`, `${port.targetPort} differs from port ${port.port}: the service's name resolves to the pods' own addresses (no proxy re-maps ports), so clients reach the pods on the port they dial; set port to ${port.targetPort} (or drop targetPort)`);
      }
    }
    if (port.name !== undefined) {
      if (typeof port.name !== "string" || port.name.length > 15 || !dns1123Label.test(port.name)) {
        p.add(`${at}.name`, `${JSON.stringify(port.name)} is not a port name; use a DNS-1123 label of at most 15 characters`);
      } else if (names.has(port.name)) {
        p.add(`${at}.name`, `"${port.name}" already names ${names.get(port.name)}; port names must be unique`);
      } else {
        names.set(port.name, at);
      }
    } else if (args.ports!.length > 1) {
      p.add(`${at}.name`, "a Service with more than one port must name each one");
    }
  });
}

function fields(p: Problems, at: string, value: object, known: string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) p.add(`${at ? `${at}.` : ""}${key}`, `unknown field; supported here: ${known.join(", ")}`);
  }
}

/** One message listing every problem, for the error the Service raises. */
export function formatServiceProblems(name: string, problems: Problem[]): string {
  const lines = problems.map((pr) => `  - ${pr.path || "(args)"}: ${pr.message}`);
  return `invalid arguments for service "${name}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}
