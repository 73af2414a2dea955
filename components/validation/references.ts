/**
 * Validation of the pod's ConfigMaps and Secrets and of everything that refers to them or to the
 * downward API: env `valueFrom`, `envFrom`, and `configMap` (by name), `secret`, `downwardAPI` and
 * `projected` volumes. A reference to a missing ConfigMap, Secret or key is an error in the
 * kubelet's words (`couldn't find key KEY in Secret default/NAME`) unless it is `optional`.
 * Messages name keys, never values (Secret values must not show in an error).
 */
import * as pulumi from "@pulumi/pulumi";
import { Container, DownwardAPIVolumeFile, EnvVarSource, KeyToPath, PodArgs, ResourceFieldSelector } from "../args";
import { divisors, knownFieldPath, podNamespace, resourceNames } from "../mapping/downward";
import { parseCpu, parseMemory } from "../mapping/resources";
import { Problems } from "./problems";

/** A ConfigMap or Secret name (DNS-1123 subdomain). */
const objectName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A ConfigMap or Secret key (Kubernetes' IsConfigMapKey). */
const configKey = /^[-._a-zA-Z0-9]+$/;

type Kind = "ConfigMap" | "Secret";
const field: Record<Kind, "configMaps" | "secrets"> = { ConfigMap: "configMaps", Secret: "secrets" };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const own = (o: unknown, k: unknown) => isObject(o) && typeof k === "string" && Object.prototype.hasOwnProperty.call(o, k);

/**
 * ConfigMaps and Secrets that the pod's args do not hold but that are supplied when the pod runs
 * (a manifest's references to objects outside its file): references to them are not checked.
 */
export interface SuppliedLater {
  /** Names of ConfigMaps supplied later. */
  readonly configMaps?: readonly string[];
  /** Names of Secrets supplied later. */
  readonly secrets?: readonly string[];
}

const suppliedLater = (later: SuppliedLater | undefined, kind: Kind, name: unknown): boolean =>
  typeof name === "string" && (later?.[field[kind]] ?? []).includes(name);

/** The pod's `configMaps`, `secrets` and `annotations`. */
export function validateConfigObjects(p: Problems, args: PodArgs): void {
  for (const kind of ["ConfigMap", "Secret"] as const) {
    const all = args[field[kind]];
    if (all === undefined) continue;
    if (!isObject(all)) {
      p.add(field[kind], `must be a map of ${kind} name → { key: value }`);
      continue;
    }
    for (const [name, data] of Object.entries(all)) {
      const at = `${field[kind]}["${name}"]`;
      if (name.length > 253 || !objectName.test(name)) p.add(at, `"${name}" is not a valid ${kind} name; use lower-case letters, digits, '-' and '.'`);
      if (!isObject(data)) {
        p.add(at, "must be a map of key → value");
        continue;
      }
      for (const [key, value] of Object.entries(data)) {
        if (key.length > 253 || !configKey.test(key)) {
          p.add(`${at}["${key}"]`, `"${key}" is not a valid ${kind} key; use letters, digits, '-', '_' and '.'`);
        }
        if (typeof value !== "string" && !pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
          p.add(`${at}["${key}"]`, "must be a string (or a Pulumi output of one)");
        }
      }
    }
  }
  p.stringMap("annotations", args.annotations);
}

/** Whether ConfigMap/Secret `name` (and `key`, if given) exists; reports the kubelet's error unless optional. */
function reference(p: Problems, at: string, args: PodArgs, kind: Kind, name: unknown, key: unknown, optional: unknown, later?: SuppliedLater): void {
  if (optional !== undefined && typeof optional !== "boolean") p.add(`${at}.optional`, "must be true or false");
  if (typeof name !== "string" || name === "") {
    p.add(`${at}.name`, `name the ${kind}: a key of the pod's ${field[kind]}`);
    return;
  }
  if (key !== undefined && (typeof key !== "string" || key === "")) {
    p.add(`${at}.key`, `name a key of ${kind} "${name}"`);
    return;
  }
  if (optional === true || suppliedLater(later, kind, name)) return;
  const all = args[field[kind]];
  const hint = `; add it to the pod's ${field[kind]} (a ${kind} document in a manifest) or set optional: true`;
  if (!own(all, name)) {
    p.add(`${at}.name`, `${kind.toLowerCase()} "${name}" not found${hint}`);
  } else if (key !== undefined && !own(all![name], key)) {
    p.add(`${at}.key`, `couldn't find key ${key} in ${kind} ${podNamespace}/${name}${hint}`);
  }
}

/** One container's `env[].valueFrom` and `envFrom`. */
export function validateEnvSources(p: Problems, at: string, c: Container, args: PodArgs, later?: SuppliedLater): void {
  (Array.isArray(c.env) ? c.env : []).forEach((e, k) => {
    if (!isObject(e) || e.valueFrom === undefined) return;
    const vt = `${at}.env[${k}].valueFrom`;
    if (e.value !== undefined && e.value !== "") p.add(vt, "may not be given with a non-empty value; give one of value and valueFrom");
    validateValueFrom(p, vt, e.valueFrom, c, args, later);
  });
  if (!p.optionalList(`${at}.envFrom`, c.envFrom, "{ configMapRef } or { secretRef }")) return;
  c.envFrom.forEach((f, k) => {
    const ft = `${at}.envFrom[${k}]`;
    p.unknownFields(ft, f, "envFrom");
    const sources = (["configMapRef", "secretRef"] as const).filter((s) => f?.[s] !== undefined);
    if (sources.length !== 1) {
      p.add(ft, `give exactly one of configMapRef, secretRef (found ${sources.length ? sources.join(", ") : "none"})`);
      return;
    }
    if (f.prefix !== undefined && typeof f.prefix !== "string") p.add(`${ft}.prefix`, "must be a string");
    const source = sources[0];
    p.unknownFields(`${ft}.${source}`, f[source], "envSource");
    reference(p, `${ft}.${source}`, args, source === "configMapRef" ? "ConfigMap" : "Secret", f[source]?.name, undefined, f[source]?.optional, later);
  });
}

function validateValueFrom(p: Problems, at: string, from: EnvVarSource, c: Container, args: PodArgs, later?: SuppliedLater): void {
  p.unknownFields(at, from, "valueFrom");
  const sources = (["configMapKeyRef", "secretKeyRef", "fieldRef", "resourceFieldRef"] as const).filter((s) => from?.[s] !== undefined);
  if (sources.length !== 1) {
    p.add(at, `give exactly one of configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef (found ${sources.length ? sources.join(", ") : "none"})`);
    return;
  }
  if (from.configMapKeyRef || from.secretKeyRef) {
    const [name, sel, kind] = from.configMapKeyRef ? ["configMapKeyRef", from.configMapKeyRef, "ConfigMap" as const] : ["secretKeyRef", from.secretKeyRef!, "Secret" as const];
    p.unknownFields(`${at}.${name}`, sel, "keySelector");
    if (sel?.key === undefined) p.add(`${at}.${name}.key`, `name a key of the ${kind}`);
    else reference(p, `${at}.${name}`, args, kind, sel?.name, sel.key, sel.optional, later);
  } else if (from.fieldRef) {
    fieldRef(p, `${at}.fieldRef`, from.fieldRef, false);
  } else {
    resourceFieldRef(p, `${at}.resourceFieldRef`, from.resourceFieldRef!, args, c);
  }
}

function fieldRef(p: Problems, at: string, ref: { fieldPath: string; apiVersion?: string }, volume: boolean): void {
  p.unknownFields(at, ref, "fieldRef");
  if (ref?.apiVersion !== undefined && ref.apiVersion !== "v1") p.add(`${at}.apiVersion`, `${JSON.stringify(ref.apiVersion)} is not supported; use v1`);
  if (!knownFieldPath(ref?.fieldPath, volume)) {
    const paths = volume
      ? "metadata.name, metadata.namespace, metadata.uid, metadata.labels, metadata.annotations, metadata.labels['KEY'], metadata.annotations['KEY']"
      : "metadata.name, metadata.namespace, metadata.uid, metadata.labels['KEY'], metadata.annotations['KEY'], spec.nodeName, spec.serviceAccountName, status.podIP, status.podIPs, status.hostIP, status.hostIPs";
    p.add(`${at}.fieldPath`, `Unsupported value: ${JSON.stringify(ref?.fieldPath)}: supported values: ${paths}`);
  }
}

/** `self` is the container the reference is in (env); undefined in a volume, which must name one. */
function resourceFieldRef(p: Problems, at: string, ref: ResourceFieldSelector, args: PodArgs, self: Container | undefined): void {
  p.unknownFields(at, ref, "resourceFieldRef");
  if (!resourceNames.includes(ref?.resource)) {
    p.add(`${at}.resource`, `Unsupported value: ${JSON.stringify(ref?.resource)}: supported values: ${resourceNames.join(", ")}`);
    return;
  }
  if (ref.containerName === undefined && !self) p.add(`${at}.containerName`, "name the container whose resources to read (required in a volume)");
  if (ref.containerName !== undefined && ![...args.containers ?? [], ...(args.initContainers ?? [])].some((c) => c?.name === ref.containerName)) {
    p.add(`${at}.containerName`, `${JSON.stringify(ref.containerName)} is not a container of the pod`);
  }
  if (ref.divisor !== undefined) {
    const kind = ref.resource.split(".")[1];
    const parse = kind === "cpu" ? parseCpu : parseMemory;
    let ok = false;
    try {
      // "0" is what the API server stores for a divisor not given (Kubernetes reads it as 1).
      ok = parse(String(ref.divisor)) === 0 || divisors[kind].some((d) => parse(d) === parse(String(ref.divisor)));
    } catch {
      ok = false;
    }
    if (!ok) p.add(`${at}.divisor`, `${JSON.stringify(ref.divisor)} is not a ${kind} divisor; use one of ${divisors[kind].join(", ")}`);
  }
}

function mode(p: Problems, at: string, value: unknown): void {
  if (value !== undefined) p.integer(at, value, 0, 0o777, "file mode (0 to 0777 octal, 511 decimal)");
}

/** `items` of a configMap, secret or projection: keys that exist (unless optional), relative paths, modes. */
function keyItems(p: Problems, at: string, items: KeyToPath[] | undefined, data: unknown, kind: Kind, optional: boolean): void {
  if (!p.optionalList(`${at}.items`, items, "{ key, path }")) return;
  items.forEach((item, k) => {
    const it = `${at}.items[${k}]`;
    p.unknownFields(it, item, "keyToPath");
    if (typeof item?.key !== "string" || item.key === "") p.add(`${it}.key`, "name a key");
    else if (isObject(data) && !own(data, item.key) && !optional) {
      p.add(`${it}.key`, kind === "ConfigMap" ? `configmap references non-existent config key: ${item.key}` : `references non-existent secret key: ${item.key}`);
    }
    p.relativePath(`${it}.path`, item?.path);
    mode(p, `${it}.mode`, item?.mode);
  });
}

function downwardItems(p: Problems, at: string, items: DownwardAPIVolumeFile[] | undefined, args: PodArgs): void {
  if (!Array.isArray(items)) {
    p.add(`${at}.items`, "must be a list of { path, fieldRef } or { path, resourceFieldRef }");
    return;
  }
  items.forEach((item, k) => {
    const it = `${at}.items[${k}]`;
    p.unknownFields(it, item, "downwardAPIFile");
    p.relativePath(`${it}.path`, item?.path);
    mode(p, `${it}.mode`, item?.mode);
    const sources = (["fieldRef", "resourceFieldRef"] as const).filter((s) => item?.[s] !== undefined);
    if (sources.length !== 1) p.add(it, `give exactly one of fieldRef, resourceFieldRef (found ${sources.length ? sources.join(", ") : "none"})`);
    else if (item.fieldRef) fieldRef(p, `${it}.fieldRef`, item.fieldRef, true);
    else resourceFieldRef(p, `${it}.resourceFieldRef`, item.resourceFieldRef!, args, undefined);
  });
}

/** A referenced ConfigMap or Secret in a volume: exists unless optional; its items. */
function volumeSource(p: Problems, at: string, args: PodArgs, kind: Kind, nameField: string, src: Record<string, unknown>, later?: SuppliedLater): void {
  const name = src[nameField];
  if (src.optional !== undefined && typeof src.optional !== "boolean") p.add(`${at}.optional`, "must be true or false");
  const optional = src.optional === true;
  if (typeof name !== "string" || name === "") {
    p.add(`${at}.${nameField}`, `name the ${kind}: a key of the pod's ${field[kind]}`);
    return;
  }
  const all = args[field[kind]];
  if (!own(all, name) && !optional && !suppliedLater(later, kind, name)) {
    p.add(`${at}.${nameField}`, `${kind.toLowerCase()} "${name}" not found; add it to the pod's ${field[kind]} (a ${kind} document in a manifest) or set optional: true`);
  }
  // Only a present object's keys are checked (a missing one is told once, by its name).
  keyItems(p, at, src.items as KeyToPath[] | undefined, own(all, name) ? all![name] : undefined, kind, optional);
}

/** A `configMap` volume by name (without `data`), `secret`, `downwardAPI` or `projected` volume. */
export function validateFilesVolume(p: Problems, at: string, v: Record<string, any>, args: PodArgs, later?: SuppliedLater): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (v.configMap !== undefined && v.configMap?.data === undefined) {
    p.unknownFields(`${at}.configMap`, v.configMap, "configMap");
    volumeSource(p, `${at}.configMap`, args, "ConfigMap", "name", v.configMap ?? {}, later);
    mode(p, `${at}.configMap.defaultMode`, v.configMap?.defaultMode);
  }
  if (v.secret !== undefined) {
    p.unknownFields(`${at}.secret`, v.secret, "secret");
    volumeSource(p, `${at}.secret`, args, "Secret", "secretName", v.secret ?? {}, later);
    mode(p, `${at}.secret.defaultMode`, v.secret?.defaultMode);
  }
  if (v.downwardAPI !== undefined) {
    p.unknownFields(`${at}.downwardAPI`, v.downwardAPI, "downwardAPI");
    downwardItems(p, `${at}.downwardAPI`, v.downwardAPI?.items, args);
    mode(p, `${at}.downwardAPI.defaultMode`, v.downwardAPI?.defaultMode);
  }
  if (v.projected !== undefined) {
    const pt = `${at}.projected`;
    p.unknownFields(pt, v.projected, "projected");
    mode(p, `${pt}.defaultMode`, v.projected?.defaultMode);
    if (!Array.isArray(v.projected?.sources)) {
      p.add(`${pt}.sources`, "must be a list of { configMap }, { secret } or { downwardAPI }");
      return;
    }
    const paths = new Map<string, string>();
    v.projected.sources.forEach((s: Record<string, any>, k: number) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      // Two sources may not give the same file (Kubernetes: "conflicting duplicate paths").
      for (const kind of ["configMap", "secret", "downwardAPI"]) {
        (Array.isArray(s?.[kind]?.items) ? s[kind].items : []).forEach((item: { path?: unknown }, j: number) => {
          const at = `${pt}.sources[${k}].${kind}.items[${j}].path`;
          if (typeof item?.path !== "string") return;
          const first = paths.get(item.path);
          if (first) p.add(at, `conflicting duplicate paths: ${JSON.stringify(item.path)} is already given by ${first}`);
          else paths.set(item.path, at);
        });
      }
      const st = `${pt}.sources[${k}]`;
      p.unknownFields(st, s, "projection");
      const kinds = (["configMap", "secret", "downwardAPI"] as const).filter((x) => s?.[x] !== undefined);
      if (kinds.length !== 1) {
        p.add(st, `give exactly one of configMap, secret, downwardAPI (found ${kinds.length ? kinds.join(", ") : "none"})`);
        return;
      }
      if (s.configMap) {
        p.unknownFields(`${st}.configMap`, s.configMap, "projectionSource");
        volumeSource(p, `${st}.configMap`, args, "ConfigMap", "name", s.configMap, later);
      } else if (s.secret) {
        p.unknownFields(`${st}.secret`, s.secret, "projectionSource");
        volumeSource(p, `${st}.secret`, args, "Secret", "name", s.secret, later);
      } else {
        p.unknownFields(`${st}.downwardAPI`, s.downwardAPI, "downwardAPIProjection");
        downwardItems(p, `${st}.downwardAPI`, s.downwardAPI?.items, args);
      }
    });
  }
}
