/** Validation of probes and lifecycle hooks. */
import { Container, Probe } from "../args";
import { Problems } from "./problems";

const probeKinds = ["livenessProbe", "readinessProbe", "startupProbe"] as const;

/** Probes and hooks of one container; `init` containers may have none, and liveness needs the podlet. */
export function validateLifecycle(p: Problems, at: string, c: Container, init: boolean, selfHealing: boolean): void {
  for (const kind of probeKinds) {
    const probe = c[kind];
    if (probe === undefined) continue;
    if (init) {
      p.add(`${at}.${kind}`, "init containers run to completion and cannot have probes; remove it");
      continue;
    }
    if (kind !== "readinessProbe" && !selfHealing) {
      p.add(`${at}.${kind}`, "is run by the podlet, which selfHealing: false turns off; enable selfHealing or remove the probe");
    }
    validateProbe(p, `${at}.${kind}`, probe, kind !== "readinessProbe");
  }
  if (c.lifecycle === undefined) return;
  if (init) {
    p.add(`${at}.lifecycle`, "init containers cannot have lifecycle hooks; remove it");
    return;
  }
  p.unknownFields(`${at}.lifecycle`, c.lifecycle, "lifecycle");
  for (const hook of ["postStart", "preStop"] as const) {
    const handler = c.lifecycle[hook];
    if (handler === undefined) continue;
    p.unknownFields(`${at}.lifecycle.${hook}`, handler, "handler");
    execAction(p, `${at}.lifecycle.${hook}.exec`, handler?.exec);
  }
}

function execAction(p: Problems, path: string, exec: unknown): void {
  if (exec === null || typeof exec !== "object") {
    p.add(path, "an exec action is required: { command: [\"sh\", \"-c\", \"...\"] }");
    return;
  }
  p.unknownFields(path, exec, "exec");
  const command = (exec as { command?: unknown }).command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === "string")) {
    p.add(`${path}.command`, "must be a non-empty list of strings");
  }
}

function validateProbe(p: Problems, at: string, probe: Probe, successMustBeOne: boolean): void {
  p.unknownFields(at, probe, "probe");
  const handlers = (["exec", "httpGet", "tcpSocket", "grpc"] as const).filter((h) => probe[h] !== undefined);
  if (handlers.length !== 1) {
    p.add(at, `give exactly one of exec, httpGet, tcpSocket, grpc (found ${handlers.length ? handlers.join(", ") : "none"})`);
  }
  if (probe.exec !== undefined) execAction(p, `${at}.exec`, probe.exec);
  for (const net of ["httpGet", "tcpSocket"] as const) {
    const action = probe[net];
    if (action === undefined) continue;
    p.unknownFields(`${at}.${net}`, action, net);
    p.integer(`${at}.${net}.port`, action.port, 1, 65535, "port");
    if (action.host !== undefined && (typeof action.host !== "string" || action.host === "")) {
      p.add(`${at}.${net}.host`, "must be a host name or IP address");
    }
  }
  if (probe.grpc !== undefined) {
    p.unknownFields(`${at}.grpc`, probe.grpc, "grpc");
    p.integer(`${at}.grpc.port`, probe.grpc?.port, 1, 65535, "port");
    const service: unknown = probe.grpc?.service;
    if (service !== undefined && (typeof service !== "string" || service.includes("\0") || Buffer.byteLength(service) > 4096)) {
      p.add(`${at}.grpc.service`, "must be a gRPC service name: a string of at most 4096 bytes, without NUL");
    }
  }
  if (probe.httpGet?.scheme !== undefined && probe.httpGet.scheme !== "HTTP") {
    p.add(`${at}.httpGet.scheme`, `${JSON.stringify(probe.httpGet.scheme)} is not supported; use HTTP`);
  }
  if (p.optionalList(`${at}.httpGet.httpHeaders`, probe.httpGet?.httpHeaders, "{ name, value }")) {
    probe.httpGet!.httpHeaders.forEach((h, i) => {
      const ht = `${at}.httpGet.httpHeaders[${i}]`;
      p.unknownFields(ht, h, "httpHeader");
      if (typeof h?.name !== "string" || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h.name)) {
        p.add(`${ht}.name`, `${JSON.stringify(h?.name)} is not an HTTP header name`);
      }
      if (typeof h?.value !== "string" || /[\r\n]/.test(h.value)) p.add(`${ht}.value`, "must be a string without line breaks");
    });
  }
  if (probe.httpGet?.path !== undefined && (typeof probe.httpGet.path !== "string" || !probe.httpGet.path.startsWith("/"))) {
    p.add(`${at}.httpGet.path`, "must start with /");
  }
  const limits = { initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 1, successThreshold: 1 };
  for (const [field, min] of Object.entries(limits) as [keyof typeof limits, number][]) {
    if (probe[field] !== undefined) p.integer(`${at}.${field}`, probe[field], min, 86_400, `value for ${field}`);
  }
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    p.add(`${at}.successThreshold`, "must be 1 for liveness and startup probes");
  }
}
