/** The problem list that validation fills, and the fields each part of `PodArgs` accepts. */
import * as net from "net";

/** One problem with a pod's arguments. */
export interface Problem {
  /** Path of the offending field, e.g. `containers[1].ports[0].hostPort`. */
  path: string;
  /** What is wrong and what to do about it. */
  message: string;
}

/** The fields each object accepts; anything else is reported, never silently ignored. */
export const knownFields: Record<string, readonly string[]> = {
  pod: ["containers", "shareProcessNamespace", "selfHealing", "hostname", "hostAliases", "dnsConfig", "restartPolicy",
    "terminationGracePeriodSeconds", "labels", "pauseImage", "initContainers", "volumes", "readinessTimeoutSeconds", "securityContext", "hostNetwork", "hostPID", "hostIPC",
    "subdomain", "networks", "dockerSocket",
    "configMaps", "secrets", "annotations", "resources"],
  podNetwork: ["name", "aliases"],
  container: ["name", "image", "command", "args", "env", "ports", "workingDir", "resources", "securityContext",
    "volumeMounts", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "restartPolicy", "stdin", "tty", "envFrom"],
  port: ["containerPort", "hostPort", "hostIP", "protocol", "name"],
  env: ["name", "value", "valueFrom"],
  valueFrom: ["configMapKeyRef", "secretKeyRef", "fieldRef", "resourceFieldRef"],
  keySelector: ["name", "key", "optional"],
  fieldRef: ["fieldPath", "apiVersion"],
  resourceFieldRef: ["resource", "containerName", "divisor"],
  envFrom: ["prefix", "configMapRef", "secretRef"],
  envSource: ["name", "optional"],
  resources: ["limits", "requests"],
  resourceList: ["cpu", "memory", "nvidia.com/gpu"],
  securityContext: ["runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem", "capabilities", "allowPrivilegeEscalation",
    "privileged", "procMount", "seccompProfile", "appArmorProfile", "seLinuxOptions"],
  podSecurityContext: ["runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "fsGroupChangePolicy", "supplementalGroups", "sysctls",
    "seccompProfile", "appArmorProfile", "seLinuxOptions"],
  sysctl: ["name", "value"],
  seccompProfile: ["type", "localhostProfile"],
  appArmorProfile: ["type", "localhostProfile"],
  seLinuxOptions: ["user", "role", "type", "level"],
  capabilities: ["add", "drop"],
  hostAlias: ["ip", "hostnames"],
  dnsConfig: ["nameservers", "searches", "options"],
  volumeMount: ["name", "mountPath", "readOnly", "subPath"],
  volume: ["name", "emptyDir", "hostPath", "configMap", "secret", "downwardAPI", "projected", "nfs", "persistentVolumeClaim"],
  nfs: ["server", "path", "readOnly"],
  persistentVolumeClaim: ["claimName", "readOnly"],
  emptyDir: ["medium", "sizeLimit"],
  hostPath: ["path", "type"],
  configMap: ["data", "items", "name", "defaultMode", "optional"],
  secret: ["secretName", "items", "defaultMode", "optional"],
  downwardAPI: ["items", "defaultMode"],
  downwardAPIFile: ["path", "fieldRef", "resourceFieldRef", "mode"],
  projected: ["sources", "defaultMode"],
  projection: ["configMap", "secret", "downwardAPI"],
  projectionSource: ["name", "items", "optional"],
  downwardAPIProjection: ["items"],
  keyToPath: ["key", "path", "mode"],
  probe: ["exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold",
    "successThreshold"],
  exec: ["command"],
  httpGet: ["path", "port", "host", "scheme", "httpHeaders"],
  httpHeader: ["name", "value"],
  tcpSocket: ["port", "host"],
  grpc: ["port", "service"],
  lifecycle: ["postStart", "preStop"],
  handler: ["exec"],
};

/** Collects problems, with the checks every part of the validation shares. */
export class Problems {
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

  /** A relative path inside a volume: not absolute, no `..` segment. */
  relativePath(path: string, value: unknown): void {
    if (typeof value !== "string" || value === "" || value.startsWith("/") || value.split("/").includes("..")) {
      this.add(path, `${JSON.stringify(value)} must be a relative path without '..'`);
    }
  }

  /** An absolute path. */
  absolutePath(path: string, value: unknown): void {
    if (typeof value !== "string" || !value.startsWith("/")) this.add(path, `${JSON.stringify(value)} must be an absolute path`);
  }

  /** An optional list: false when absent (nothing to check) or not a list (reported as `must be a list of WHAT`). */
  optionalList<T>(path: string, value: T[] | undefined, what: string): value is T[] {
    if (value === undefined) return false;
    if (Array.isArray(value)) return true;
    this.add(path, `must be a list of ${what}`);
    return false;
  }

  /** A map of strings (labels, annotations). */
  stringMap(path: string, value: unknown): value is Record<string, string> {
    if (value === undefined) return false;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.add(path, "must be a map of strings");
      return false;
    }
    let ok = true;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== "string") {
        this.add(`${path}["${k}"]`, `${JSON.stringify(v)} is not a string; quote it`);
        ok = false;
      }
    }
    return ok;
  }

  stringList(path: string, value: unknown): value is string[] {
    if (value === undefined) return false;
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return true;
    this.add(path, "must be a list of strings");
    return false;
  }
}
