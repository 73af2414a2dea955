/**
 * Kubernetes manifests → `PodArgs` (`podman kube play`'s reading side). A manifest is YAML or JSON,
 * one or more documents: `Pod`s, the pod templates of `Deployment`, `ReplicaSet`, `StatefulSet`,
 * `DaemonSet` and `Job` (one replica), and `ConfigMap`s that `configMap` volumes name.
 *
 * Every field is classified by the table in `fields.ts`: supported fields are carried over,
 * fields with no meaning on one Docker host are dropped with a warning, and any other field is an
 * error. All errors of a text, with their field paths, are thrown at once as one `ManifestError`;
 * the result is then checked by `validatePodArgs` too, so a manifest that reads is one that runs.
 */
import { Document as YamlDocument, LineCounter, SchemaOptions, isPair, isScalar, isSeq, parseAllDocuments, visit } from "yaml";
import type { ConfigMap, Secret } from "kubernetes-types/core/v1";
import type { PodArgs } from "../args";
import { Problem, SuppliedLater, validatePodArgs } from "../validate";
import { clone } from "./clone";
import { FieldTable, PodKind, Rule, configMapTable, podKinds, replicaNames, secretTable } from "./fields";
import { resolveNamedProbePorts } from "./named-ports";

/** One pod read from a manifest. */
export interface ManifestPod {
  /** The pod's name: `metadata.name` (of the workload, for a Deployment and the like). */
  name: string;
  /**
   * The Pod arguments. `shareProcessNamespace` is always set: a manifest without it means `false`
   * (the Kubernetes default), not docker-pod's default `true`.
   */
  args: PodArgs;
  /**
   * One line per field that was dropped because it has no meaning on one Docker host, e.g.
   * `spec.nodeSelector: a scheduling field: ...`; prefixed with `document N: ` in a file of several
   * documents. Empty when nothing was dropped.
   */
  warnings: string[];
}

/** A problem of a manifest: the field path inside its document, and the document's number. */
export interface ManifestProblem extends Problem {
  /** 1-based number of the document in the text; set only when the text has several documents. */
  document?: number;
}

/** Thrown for a manifest that cannot be played; `problems` lists every bad field. */
export class ManifestError extends Error {
  constructor(readonly problems: ManifestProblem[]) {
    super(formatManifestProblems(problems));
    this.name = "ManifestError";
  }
}

/** `document N: path: message` (without `document N: ` for a text of one document, without `path: ` for the whole document). */
export function formatManifestProblem(p: ManifestProblem): string {
  return `${p.document !== undefined ? `document ${p.document}: ` : ""}${p.path ? `${p.path}: ` : ""}${p.message}`;
}

function formatManifestProblems(problems: ManifestProblem[]): string {
  const n = problems.length;
  return `invalid manifest (${n} problem${n === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${formatManifestProblem(p)}`).join("\n")}`;
}

/** ConfigMaps and Secrets by name → key → value (the shape of the `configMaps` and `secrets` pod args). */
export interface ConfigObjectsArgs {
  /** ConfigMaps: name → key → value. */
  configMaps: Record<string, Record<string, string>>;
  /** Secrets: name → key → value (plain text; the `Pod` makes them Pulumi secrets). */
  secrets: Record<string, Record<string, string>>;
}

/** How `allPodArgsFromManifest` reads a file. */
export interface ManifestOptions {
  /**
   * ConfigMaps and Secrets from outside the file (`podman kube play --configmap FILE`; read them
   * with `configObjectsFromManifest`): the pods' references to names the file does not hold are
   * filled from them. The file's own documents win. Default: none.
   */
  configObjects?: ConfigObjectsArgs;
  /**
   * A non-optional reference to a ConfigMap or Secret that neither the file nor `configObjects`
   * holds: `"warn"` (default) reads the pod with one warning per missing object, keeping the
   * reference (the object must then be supplied when the pod runs: a `Pod` refuses it until its
   * `configMaps`/`secrets` hold it); `"refuse"` makes it an error in Kubernetes' words
   * (`secret "NAME" not found`), as a `Pod` would, for every pod of the file at once.
   */
  missingObjects?: "warn" | "refuse";
}

/**
 * The ConfigMap and Secret documents of a manifest (`kind: List` items included), for
 * `ManifestOptions.configObjects`. Any other kind of document is an error, as are bad fields,
 * names, keys, base64 or two objects of one kind and name; all are thrown at once as a
 * `ManifestError`.
 */
export function configObjectsFromManifest(text: string): ConfigObjectsArgs {
  const ctx = new Context();
  const objects: ConfigObjects = { ConfigMap: new Map(), Secret: new Map() };
  for (const doc of manifestDocuments(text)) {
    ctx.at(doc);
    if (doc.value === undefined) continue;
    if (isConfigObject(doc.value)) readConfigObject(ctx, doc.value, objects);
    else ctx.error(isObject(doc.value) && doc.value.kind !== undefined ? "kind" : "", `${isObject(doc.value) && typeof doc.value.kind === "string" ? `a ${doc.value.kind}` : "not a Kubernetes object"}: this file may hold only ConfigMap and Secret documents`);
  }
  const result: ConfigObjectsArgs = { configMaps: {}, secrets: {} };
  for (const kind of configKinds) {
    for (const [name, o] of objects[kind]) result[kind === "ConfigMap" ? "configMaps" : "secrets"][name] = o.data;
  }
  // Keys Kubernetes refuses (`a b`) are told at the object's data.
  for (const problem of validatePodArgs({ containers: [], ...result }).filter((p) => p.path !== "containers")) {
    ctx.errors.push(configObjectProblem(problem, objects) ?? { path: problem.path, message: problem.message });
  }
  if (ctx.errors.length > 0) throw new ManifestError(ctx.errors);
  return result;
}

/**
 * Reads the one pod of a manifest (beside any ConfigMaps it uses). Throws a `ManifestError`
 * listing every bad field; a text with several pods is an error too (see `allPodArgsFromManifest`).
 */
export function podArgsFromManifest(text: string): ManifestPod {
  const pods = allPodArgsFromManifest(text);
  if (pods.length > 1) {
    throw new ManifestError([
      { path: "", message: `the manifest holds ${pods.length} pods (${pods.map((p) => p.name).join(", ")}); read it with allPodArgsFromManifest` },
    ]);
  }
  return pods[0];
}

/**
 * Reads every pod of a manifest of one or more documents, in document order. `kind: List`
 * documents are read item by item. ConfigMaps are not pods: they fill the `configMap` volumes that
 * name them; Services are read by `serviceArgsFromManifest` and claims by `claimsFromManifest`.
 * A workload with `replicas: N` gives N pods (see `replicaNames`). Documents of any
 * other kind (`ServiceAccount`, RBAC, `Ingress`, `NetworkPolicy`, CRDs …) are skipped,
 * each named in a warning (on the first pod). Empty and comment-only documents are fine. Throws a
 * `ManifestError` listing every bad field of every document, or when there is no pod at all.
 */
export function allPodArgsFromManifest(text: string, options: ManifestOptions = {}): ManifestPod[] {
  const parsed = parseDocumentsNoting(text);
  const docs = documentsOf(parsed.values);
  const ctx = new Context();
  // ConfigMaps and Secrets first: a pod may name one that comes later in the file.
  const objects: ConfigObjects = { ConfigMap: new Map(), Secret: new Map() };
  for (const doc of docs) {
    ctx.at(doc);
    if (isConfigObject(doc.value)) readConfigObject(ctx, doc.value, objects);
  }
  // Then the supplied ones the file does not hold (the file's own win).
  for (const kind of configKinds) {
    for (const [name, data] of Object.entries(options.configObjects?.[kind === "ConfigMap" ? "configMaps" : "secrets"] ?? {})) {
      if (!objects[kind].has(name)) objects[kind].set(name, { data: { ...data }, warnings: [], at: { path: "metadata.name", message: "" }, supplied: true });
    }
  }
  const refuseMissing = options.missingObjects === "refuse";
  const pods: ManifestPod[] = [];
  const names = new Map<string, string>();
  const used = new Set<ReadConfigObject>();
  const skipped: ManifestProblem[] = [];
  /** The pod documents read so far, by `Kind/name`: where, and their pods' names. */
  const objectsRead = new Map<string, { at: string; pods: string[] }>();
  let workloads = 0;
  for (const doc of docs) {
    ctx.at(doc);
    const value = doc.value;
    if (value === undefined || isConfigObject(value) || (isObject(value) && ["PersistentVolumeClaim", "Service"].includes(value.kind as string))) continue;
    if (isObject(value) && typeof value.kind === "string" && !Object.prototype.hasOwnProperty.call(podKinds, value.kind)) {
      skipped.push(ctx.tag("", skippedKind(value)));
      continue;
    }
    const before = ctx.warnings.length;
    const object = objectKey(value);
    const earlier = object !== undefined ? objectsRead.get(object) : undefined;
    if (earlier) {
      // As `kubectl apply -f` of the file leaves it: the last document of a kind and name wins.
      const here = doc.number !== undefined ? `document ${doc.number}` : "the manifest";
      ctx.warn("metadata.name", `${object!.replace("/", ' "')}" is defined again (by ${earlier.at} and ${here}): the later one wins, as kubectl apply of the file would leave it; ${earlier.at} is ignored`);
      for (const name of earlier.pods) names.delete(name);
      pods.splice(0, pods.length, ...pods.filter((p) => !earlier.pods.includes(p.name)));
    }
    const pod = readPodDocument(ctx, value, objects, refuseMissing);
    workloads++;
    if (!pod) continue;
    if (object !== undefined) objectsRead.set(object, { at: doc.number !== undefined ? `document ${doc.number}` : "the manifest", pods: pod.names });
    // A ConfigMap's or Secret's dropped fields are told to each pod that uses it.
    const warnings = [...ctx.warnings.slice(before), ...pod.uses.flatMap((o) => o.warnings)].map(formatManifestProblem);
    pod.uses.forEach((o) => used.add(o));
    for (const name of pod.names) {
      const first = names.get(name);
      if (first !== undefined) {
        ctx.error("metadata.name", `"${name}" is already the name of the pod of ${first}; pod names must be unique in a file`);
        continue;
      }
      names.set(name, doc.number !== undefined ? `document ${doc.number}` : "the manifest");
      const args = pod.names.length > 1 ? clone(pod.args) : pod.args;
      // Each replica of a StatefulSet mounts its own claims: `<template>-<pod>`, as in Kubernetes.
      for (const v of Array.isArray(args.volumes) ? args.volumes : []) {
        if (isObject(v) && pod.claimTemplates.includes(v.name) && v.persistentVolumeClaim) v.persistentVolumeClaim.claimName = claimOfTemplate(v.name, name);
      }
      pods.push({ name, args, warnings: [...warnings] });
    }
  }
  if (workloads === 0 && ctx.errors.length === 0) {
    ctx.at(undefined);
    const kinds = Object.keys(podKinds).join(", ");
    ctx.error("", `no pod in the manifest: give a document of kind ${kinds}${skipped.length ? ` (the file has only ${[...new Set(skipped.map((s) => s.message.split(" ")[0]))].join(", ")})` : ""}`);
  }
  if (ctx.errors.length > 0) throw new ManifestError(ctx.errors);
  // What concerns the file, not one pod, is told to the first pod: skipped documents, unused ConfigMaps and Secrets.
  const fileWarnings = [...parsed.duplicates, ...skipped];
  for (const kind of configKinds) {
    for (const [name, o] of objects[kind]) {
      if (used.has(o) || o.supplied) continue;
      fileWarnings.push(...o.warnings, { ...o.at, message: `${kind} "${name}" is named by no pod; ignored` });
    }
  }
  pods[0]?.warnings.push(...fileWarnings.map(formatManifestProblem));
  return pods;
}

/**
 * The Services of a manifest, in document order (`kind: List` items included), each with its
 * name and its `spec` as written (`serviceArgsFromManifest` reads them into `Service` arguments).
 * Throws a `ManifestError` for text that is not YAML or JSON.
 */
export function servicesFromManifest(text: string): ManifestService[] {
  return manifestDocuments(text).flatMap((doc) => {
    const v = doc.value;
    if (!isObject(v) || v.kind !== "Service") return [];
    const metadata = isObject(v.metadata) ? v.metadata : {};
    return [{
      name: typeof metadata.name === "string" ? metadata.name : "",
      spec: isObject(v.spec) ? clone(v.spec) : {},
      ...(doc.number !== undefined ? { document: doc.number } : {}),
      path: doc.prefix,
    }];
  });
}

/** A `kind: Service` document of a manifest. */
export interface ManifestService {
  /** `metadata.name` ("" when missing). */
  name: string;
  /** `spec` as written (selector, ports, type, …). */
  spec: Record<string, unknown>;
  /** 1-based number of its document; set only when the text has several documents. */
  document?: number;
  /** Where in its document it is: "" for the document itself, `items[N]` for an item of a List. */
  path: string;
}

/** `Kind/name` of a document with a string kind and name, else undefined. */
function objectKey(doc: unknown): string | undefined {
  if (!isObject(doc) || typeof doc.kind !== "string" || !isObject(doc.metadata) || typeof doc.metadata.name !== "string") return undefined;
  return `${doc.kind}/${doc.metadata.name}`;
}

/** The warning for a document of a kind docker-pod does not run. */
function skippedKind(doc: Record<string, unknown>): string {
  const name = isObject(doc.metadata) && typeof doc.metadata.name === "string" ? ` "${doc.metadata.name}"` : "";
  return `${doc.kind}${name}: a kind docker-pod does not run (it needs a Kubernetes cluster); skipped`;
}

/** One document to read: its value, its number in the text, and its place in it (`items[N]` of a List). */
export interface ManifestDocument {
  value: unknown;
  number: number | undefined;
  prefix: string;
}

/** The documents of a text, each `kind: List` replaced by its items. */
export function manifestDocuments(text: string): ManifestDocument[] {
  return documentsOf(parseDocuments(text));
}

/** The documents of parsed values, each `kind: List` replaced by its items. */
function documentsOf(docs: unknown[]): ManifestDocument[] {
  // Documents are numbered as in the file, empty ones included; only a file of several says which.
  const multi = docs.filter((d) => d !== undefined).length > 1;
  return docs.flatMap((value, i) => {
    const number = multi ? i + 1 : undefined;
    if (isObject(value) && value.kind === "List" && Array.isArray(value.items)) {
      return value.items.map((item, j) => ({ value: item ?? undefined, number, prefix: `items[${j}]` }));
    }
    return [{ value, number, prefix: "" }];
  });
}

/**
 * YAML as Kubernetes reads it where it matters here: an integer with a leading 0 is octal, as in
 * YAML 1.1 (`defaultMode: 0400` is 256, as Kubernetes' own examples mean); the rest is YAML 1.2
 * (`n`, `yes`, `on` stay strings).
 */
export const yamlOptions = {
  customTags: (tags: Tags) => [
    { identify: (v: unknown) => typeof v === "number", default: true, tag: "tag:yaml.org,2002:int", test: /^[-+]?0[0-7]+$/, resolve: (s: string) => parseInt(s, 8) },
    ...tags,
  ],
};
type Tags = Parameters<Extract<NonNullable<SchemaOptions["customTags"]>, (...a: never[]) => unknown>>[0];

/**
 * The documents of a YAML (or JSON) text, empty ones as `undefined`; YAML errors are thrown at once.
 * A key given twice in one map is read as Kubernetes' YAML-to-JSON conversion (`sigs.k8s.io/yaml`)
 * reads it, the last one winning; each is told in `duplicates`, at its path and line.
 */
export function parseDocuments(text: string): unknown[] {
  return parseDocumentsNoting(text).values;
}

/** `parseDocuments`, and the keys given twice (as warnings of their documents). */
export function parseDocumentsNoting(text: string): { values: unknown[]; duplicates: ManifestProblem[] } {
  if (typeof text !== "string") throw new ManifestError([{ path: "", message: "the manifest must be a string of YAML or JSON" }]);
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...yamlOptions, uniqueKeys: false, lineCounter });
  const docs = Array.isArray(parsed) ? parsed : [];
  const multi = docs.length > 1 && docs.filter((d) => d.contents !== null).length > 1;
  const errors: ManifestProblem[] = docs.flatMap((d, i) =>
    d.errors.map((e) => ({
      ...(multi ? { document: i + 1 } : {}),
      path: "",
      message: `not valid YAML: ${e.message.split("\n")[0].replace(/:$/, "")}`,
    })),
  );
  if (errors.length > 0) throw new ManifestError(errors);
  const duplicates = docs.flatMap((d, i) => duplicateKeys(d, lineCounter).map((p) => ({ ...(multi ? { document: i + 1 } : {}), ...p })));
  return { values: docs.map((d) => (d.toJS({ maxAliasCount: 100 }) as unknown) ?? undefined), duplicates };
}

/** The keys a map of the document gives more than once: at the later one's path and line. */
function duplicateKeys(doc: YamlDocument, lines: LineCounter): ManifestProblem[] {
  const found: ManifestProblem[] = [];
  visit(doc, {
    Map(_, map, ancestors) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const line = lines.linePos(pair.key.range?.[0] ?? 0).line;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, line);
          continue;
        }
        found.push({
          path: [...yamlPath(ancestors, map), key].filter((k) => k !== "").join(".").replace(/\.\[/g, "["),
          message: `the key "${key}" is given twice in one map (lines ${first} and ${line}); the last one is used, as Kubernetes' YAML-to-JSON conversion reads it`,
        });
      }
    },
  });
  return found;
}

/** The field path of a node from its ancestors (`spec.template.spec.containers[0]`). */
function yamlPath(ancestors: readonly unknown[], node: unknown): string[] {
  const path: string[] = [];
  const chain = [...ancestors, node];
  chain.forEach((n, i) => {
    const child = chain[i + 1];
    if (isPair(n) && isScalar(n.key)) path.push(String(n.key.value));
    else if (isSeq(n) && child !== undefined) path.push(`[${n.items.indexOf(child as never)}]`);
  });
  return path;
}

/** Errors and warnings, each tagged with the document being read. */
export class Context {
  document: number | undefined;
  /** Where the document being read is in its document (`items[N]` of a List), prefixed to every path. */
  prefix = "";
  readonly errors: ManifestProblem[] = [];
  readonly warnings: ManifestProblem[] = [];

  /** Reads `doc` next (undefined: the whole text). */
  at(doc: ManifestDocument | undefined): void {
    this.document = doc?.number;
    this.prefix = doc?.prefix ?? "";
  }

  tag(path: string, message: string): ManifestProblem {
    const at = join(this.prefix, path);
    return this.document !== undefined ? { document: this.document, path: at, message } : { path: at, message };
  }

  error(path: string, message: string): void {
    this.errors.push(this.tag(path, message));
  }

  warn(path: string, message: string): void {
    this.warnings.push(this.tag(path, message));
  }

  /** Whether an error was reported at `local` or below it in this document. */
  reportedWithin(local: string): boolean {
    const path = join(this.prefix, local);
    return this.errors.some((e) => e.document === this.document && (e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`)));
  }

  /** Whether an error was reported at `path` or above it in this document. */
  reportedAt(local: string): boolean {
    const path = join(this.prefix, local);
    return this.errors.some(
      (e) => e.document === this.document && (path === e.path || path.startsWith(`${e.path}.`) || path.startsWith(`${e.path}[`)),
    );
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const join = (path: string, key: string) => (path && key ? `${path}.${key}` : path || key);

/**
 * Walks `value` by `table`: returns a copy holding only the supported fields; reports dropped
 * fields as warnings and unsupported or unknown ones as errors. A field set to `null` is unset,
 * as in Kubernetes.
 */
export function walk(ctx: Context, value: unknown, table: FieldTable, path: string): Record<string, unknown> | undefined {
  if (!isObject(value)) {
    ctx.error(path, `must be an object (a Kubernetes ${table.what})`);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    const at = join(path, key);
    const rule: Rule | undefined = Object.prototype.hasOwnProperty.call(table.fields, key) ? table.fields[key] : undefined;
    if (!rule) {
      ctx.error(at, table.unknown ?? `not a field of a Kubernetes ${table.what}`);
      continue;
    }
    const copied = applyRule(ctx, rule, field, at);
    if (copied !== undefined) out[key] = copied;
  }
  return out;
}

function applyRule(ctx: Context, rule: Rule, value: unknown, at: string): unknown {
  switch (rule.kind) {
    case "copy":
      return clone(value);
    case "quantity":
      return typeof value === "number" ? String(value) : value;
    case "upperCase": {
      const upper = typeof value === "string" ? value.toUpperCase() : undefined;
      if (upper === undefined || upper === value || !rule.values.includes(upper)) return clone(value);
      ctx.warn(at, `${JSON.stringify(value)} read as ${JSON.stringify(upper)}: Kubernetes spells it in upper case (the API server refuses ${JSON.stringify(value)})`);
      return upper;
    }
    case "strings":
      if (!isObject(value)) {
        ctx.error(at, "must be a map of strings");
        return undefined;
      }
      for (const [k, v] of Object.entries(value)) {
        if (typeof v === "string") continue;
        // `key: {{value}}` (a template left unfilled) is YAML for a map: the API server refuses it too.
        if (isPlaceholder(v)) ctx.error(`${at}["${k}"]`, "is a template placeholder ({{…}}), not a value: fill it in first (the Kubernetes API server refuses a map here too)");
        else ctx.error(`${at}["${k}"]`, rule.secret ? "is not a string; quote it" : `${JSON.stringify(v)} is not a string; quote it`);
      }
      return { ...value };
    case "object":
      if (rule.note) ctx.warn(at, rule.note);
      return walk(ctx, value, rule.table, at);
    case "list":
      if (!Array.isArray(value)) {
        ctx.error(at, `must be a list (of Kubernetes ${rule.table.what})`);
        return undefined;
      }
      return value.map((item, i) => walk(ctx, item, rule.table, `${at}[${i}]`) ?? {});
    case "warn":
      if (!rule.unless?.(value)) ctx.warn(at, rule.reason);
      return undefined;
    case "unsupported":
      ctx.error(at, `not supported by docker-pod${rule.hint ? `; ${rule.hint}` : ""}`);
      return undefined;
  }
}

/** `{{name}}` as YAML reads it: a map of one map key (stringified `{ name }`) to null. */
function isPlaceholder(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 1 && /^\{.*\}$/.test(Object.keys(v)[0]) && Object.values(v)[0] === null;
}

/** What a Kubernetes object name must be (a DNS-1123 subdomain). */
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkName(ctx: Context, name: unknown, path: string, kind: string): name is string {
  if (name === undefined) {
    ctx.error(path, `a ${kind} needs a name`);
    return false;
  }
  if (typeof name !== "string" || name.length > 253 || !dns1123Subdomain.test(name)) {
    ctx.error(path, `${JSON.stringify(name)} is not a valid name; use lower-case letters, digits, '-' and '.'`);
    return false;
  }
  return true;
}

export function checkApiVersion(ctx: Context, doc: Record<string, unknown>, kind: string, want: string): void {
  if (doc.apiVersion !== want) {
    ctx.error("apiVersion", `${JSON.stringify(doc.apiVersion ?? null)} is not the apiVersion of a ${kind}; use ${want}`);
  }
}

/** The kinds of document a pod refers to by name. */
const configKinds = ["ConfigMap", "Secret"] as const;
type ConfigKind = (typeof configKinds)[number];

/** A ConfigMap or Secret of the file: its data, its dropped fields, and where its name is. */
interface ReadConfigObject {
  data: Record<string, string>;
  warnings: ManifestProblem[];
  at: ManifestProblem;
  /** Given by `ManifestOptions.configObjects`, not by the file. */
  supplied?: boolean;
}

type ConfigObjects = Record<ConfigKind, Map<string, ReadConfigObject>>;

function isConfigObject(doc: unknown): doc is Record<string, unknown> & { kind: ConfigKind } {
  return isObject(doc) && (doc.kind === "ConfigMap" || doc.kind === "Secret");
}

/** The string values of a map (others were reported by the walk). */
function strings(map: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** A Secret's `data` (base64) decoded, with `stringData` over it; values must be UTF-8 text. */
function secretData(ctx: Context, secret: Secret): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, encoded] of Object.entries(secret.data ?? {})) {
    if (typeof encoded !== "string") continue; // reported by the walk
    const bytes = Buffer.from(encoded, "base64");
    // Never quote the value: it is secret.
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(encoded) || bytes.toString("base64") !== encoded.replace(/\s/g, "")) {
      ctx.error(`data["${key}"]`, "illegal base64 data; give the value base64-encoded, or as text in stringData");
    } else if (!Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes)) {
      ctx.error(`data["${key}"]`, "binary data is not supported: docker-pod's Secret values are text (UTF-8)");
    } else {
      data[key] = bytes.toString("utf8");
    }
  }
  return { ...data, ...strings(secret.stringData) };
}

function readConfigObject(ctx: Context, doc: Record<string, unknown> & { kind: ConfigKind }, objects: ConfigObjects): void {
  const kind = doc.kind;
  checkApiVersion(ctx, doc, kind, "v1");
  const before = ctx.warnings.length;
  const obj = walk(ctx, doc, kind === "ConfigMap" ? configMapTable : secretTable, "") as (ConfigMap & Secret) | undefined;
  const name = obj?.metadata?.name;
  if (!checkName(ctx, name, "metadata.name", kind)) return;
  if (objects[kind].has(name)) {
    ctx.error("metadata.name", `"${name}" is already the name of another ${kind} in the file`);
    return;
  }
  const data = kind === "ConfigMap" ? strings(obj?.data) : secretData(ctx, obj ?? {});
  const at = ctx.tag("metadata.name", "");
  objects[kind].set(name, { data, warnings: ctx.warnings.splice(before), at });
}

/** The pod of one document (under one name per replica), or undefined after reporting why there is none. */
function readPodDocument(
  ctx: Context,
  doc: unknown,
  objects: ConfigObjects,
  refuseMissing: boolean,
): { names: string[]; args: PodArgs; uses: ReadConfigObject[]; claimTemplates: string[] } | undefined {
  if (!isObject(doc)) {
    ctx.error("", "a document must be a Kubernetes object with apiVersion, kind, metadata and spec");
    return undefined;
  }
  if (typeof doc.kind !== "string") {
    ctx.error("kind", `${doc.kind === undefined ? "a document needs a kind" : `${JSON.stringify(doc.kind)} is not a kind`}; use ${[...Object.keys(podKinds), ...configKinds, "PersistentVolumeClaim"].join(", ")}`);
    return undefined;
  }
  const kind = doc.kind;
  const podKind = podKinds[kind];
  if (podKind.legacyApiVersions.includes(doc.apiVersion as string)) {
    ctx.warn("apiVersion", `${doc.apiVersion} is an old apiVersion of ${kind} (removed from Kubernetes); read as ${podKind.apiVersion}`);
  } else if (doc.apiVersion !== podKind.apiVersion) {
    ctx.error("apiVersion", `${JSON.stringify(doc.apiVersion ?? null)} is not the apiVersion of a ${kind}; use ${podKind.apiVersion}`);
  }
  const obj = walk(ctx, doc, podKind.table, "") as WalkedPod & { spec?: Record<string, unknown> };
  const nameOk = checkName(ctx, obj.metadata?.name, "metadata.name", kind);

  // A Pod is the pod; a workload holds it as its pod template.
  const podPath = podKind.template.join(".");
  let pod: WalkedPod | undefined = obj;
  for (const key of podKind.template) pod = isObject(pod) ? ((pod as Record<string, unknown>)[key] as WalkedPod | undefined) : undefined;
  const specPath = join(podPath, "spec");
  if (!pod?.spec) {
    const [at, message] = pod
      ? [specPath, "a pod needs a spec with at least one container"]
      : [podPath, `a ${kind} needs a pod template with a spec`];
    if (!ctx.reportedAt(at)) ctx.error(at, message);
    return undefined;
  }
  const args = {
    ...pod.spec,
    // Kubernetes' default is false, docker-pod's true: a manifest means Kubernetes', so say it.
    shareProcessNamespace: pod.spec.shareProcessNamespace ?? false,
    ...(pod.metadata?.labels ? { labels: pod.metadata.labels } : {}),
    ...(pod.metadata?.annotations ? { annotations: pod.metadata.annotations } : {}),
  } as PodArgs;
  defaultVolumeSources(ctx, args, specPath);
  resolveNamedProbePorts(ctx, args as unknown as Record<string, unknown>, specPath);
  const uses = attachConfigObjects(args, objects);
  const later = refuseMissing ? undefined : missingObjects(ctx, args, objects, specPath);
  const claimTemplates = addClaimTemplates(args, obj.spec?.volumeClaimTemplates);

  // A manifest that reads is one that runs: report what validation finds, at manifest paths. A
  // volume refused above is checked as an emptyDir, so that its refusal is not told again (as a
  // volume without a source, and as an unknown volume in each mount of it).
  const checked = Array.isArray(args.volumes)
    ? { ...args, volumes: args.volumes.map((v, i) => (ctx.reportedWithin(`${specPath}.volumes[${i}]`) && isObject(v) ? { name: v.name, emptyDir: {} } : v)) }
    : args;
  for (const problem of validatePodArgs(checked, later)) {
    const own = configObjectProblem(problem, objects);
    if (own) {
      ctx.errors.push(own);
      continue;
    }
    const path = /^(labels|annotations)\b/.test(problem.path)
      ? `${join(podPath, "metadata")}.${problem.path}`
      : problem.path
        ? join(specPath, problem.path)
        : specPath;
    // Not told again: a problem at or under a refused field, nor one of what a refused field
    // leaves behind (a probe whose only handler was refused is a probe without a handler).
    if (!ctx.reportedAt(path) && !ctx.reportedWithin(path)) ctx.error(path, problem.message);
  }
  const replicas = readReplicas(ctx, obj.spec?.replicas, podKind, args, specPath);
  if (!nameOk || replicas === undefined) return undefined;
  return { names: replicaNames(obj.metadata!.name as string, replicas, podKind.replicas), args, uses, claimTemplates };
}

/** A volume with no source at all is an `emptyDir`, as the Kubernetes API server defaults it. */
function defaultVolumeSources(ctx: Context, args: PodArgs, specPath: string): void {
  (Array.isArray(args.volumes) ? args.volumes : []).forEach((v, i) => {
    if (isObject(v) && Object.keys(v).every((k) => k === "name") && !ctx.reportedWithin(`${specPath}.volumes[${i}]`)) {
      (v as Record<string, unknown>).emptyDir = {};
    }
  });
}

/** The claim a StatefulSet's pod `pod` mounts for its claim template `template` (Kubernetes' name). */
export function claimOfTemplate(template: string, pod: string): string {
  return `${template}-${pod}`;
}

/**
 * A StatefulSet's `volumeClaimTemplates` become `persistentVolumeClaim` volumes of its pods, in
 * place of any pod volume of the same name (as the StatefulSet controller does); the claim names
 * are set per replica. Returns the templates' names.
 */
function addClaimTemplates(args: PodArgs, templates: unknown): string[] {
  if (!Array.isArray(templates)) return [];
  const names = templates.flatMap((t) => (isObject(t) && isObject(t.metadata) && typeof t.metadata.name === "string" ? [t.metadata.name] : []));
  if (names.length === 0) return [];
  const volumes = Array.isArray(args.volumes) ? args.volumes.filter((v) => !names.includes(v?.name)) : [];
  args.volumes = [...volumes, ...names.map((name) => ({ name, persistentVolumeClaim: { claimName: name } }))];
  return names;
}

/** The most replicas a workload may ask for (each is a pod with its own containers on one host). */
export const maxReplicas = 1000;

/**
 * How many pods a workload runs: `spec.replicas` (default 1) for the kinds that have it. N > 1
 * pods share one Docker host, so a `hostPort` (which only one of them could bind) is an error.
 */
function readReplicas(ctx: Context, value: unknown, podKind: PodKind, args: PodArgs, specPath: string): number | undefined {
  if (!podKind.replicas || value === undefined) return 1;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    ctx.error("spec.replicas", `${JSON.stringify(value)} is not a number of replicas; use a whole number, 0 or more`);
    return undefined;
  }
  if (value > maxReplicas) {
    ctx.error("spec.replicas", `${value} pods are more than docker-pod runs on one Docker host; use at most ${maxReplicas}`);
    return undefined;
  }
  if (value === 0) ctx.warn("spec.replicas", "0 replicas: no pod is run");
  if (value > 1) {
    (Array.isArray(args.containers) ? args.containers : []).forEach((c, i) =>
      (Array.isArray(c?.ports) ? c.ports : []).forEach((port, j) => {
        if (!isObject(port) || port.hostPort === undefined) return;
        ctx.error(
          `${specPath}.containers[${i}].ports[${j}].hostPort`,
          `the ${value} replicas would all bind host port ${port.hostPort} of the one Docker host; remove hostPort (Docker then picks a free port for each pod) or use replicas: 1`,
        );
      }),
    );
    if (ctx.reportedAt(specPath)) return undefined;
  }
  return value;
}

/** A problem of a ConfigMap's or Secret's own data is one of its document: say so there. */
function configObjectProblem(problem: Problem, objects: ConfigObjects): ManifestProblem | undefined {
  const m = /^(configMaps|secrets)\["([^"]*)"\](.*)$/.exec(problem.path);
  if (!m) return undefined;
  const o = objects[m[1] === "configMaps" ? "ConfigMap" : "Secret"].get(m[2]);
  if (!o) return undefined;
  return { ...o.at, path: m[3] ? `data${m[3]}` : "metadata.name", message: problem.message };
}

/** A pod (or pod template) as `walk` returns it: supported fields only. */
interface WalkedPod {
  metadata?: { name?: unknown; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown> & { shareProcessNamespace?: boolean };
}

/** One reference of a pod spec to a ConfigMap or Secret: its kind, name, field path (in the args) and whether it is optional. */
interface Reference {
  kind: ConfigKind;
  name: string;
  path: string;
  optional: boolean;
}

/** The references of a pod spec to ConfigMaps and Secrets, in field order. */
function references(spec: PodArgs): Reference[] {
  const refs: Reference[] = [];
  const add = (kind: ConfigKind, ref: unknown, nameField: string, path: string) => {
    if (!isObject(ref) || typeof ref[nameField] !== "string") return;
    refs.push({ kind, name: ref[nameField] as string, path: `${path}.${nameField}`, optional: ref.optional === true });
  };
  const list = <T>(v: T[] | undefined): [T, number][] => (Array.isArray(v) ? v.map((x, i) => [x, i] as [T, number]).filter(([x]) => isObject(x)) : []);
  for (const [v, i] of list(spec.volumes)) {
    if (isObject(v.configMap) && v.configMap.data === undefined) add("ConfigMap", v.configMap, "name", `volumes[${i}].configMap`);
    add("Secret", v.secret, "secretName", `volumes[${i}].secret`);
    for (const [s, k] of list(isObject(v.projected) ? v.projected.sources : undefined)) {
      add("ConfigMap", s.configMap, "name", `volumes[${i}].projected.sources[${k}].configMap`);
      add("Secret", s.secret, "name", `volumes[${i}].projected.sources[${k}].secret`);
    }
  }
  for (const key of ["containers", "initContainers"] as const) {
    for (const [c, i] of list(spec[key])) {
      for (const [e, k] of list(c.env)) {
        add("ConfigMap", e.valueFrom?.configMapKeyRef, "name", `${key}[${i}].env[${k}].valueFrom.configMapKeyRef`);
        add("Secret", e.valueFrom?.secretKeyRef, "name", `${key}[${i}].env[${k}].valueFrom.secretKeyRef`);
      }
      for (const [f, k] of list(c.envFrom)) {
        add("ConfigMap", f.configMapRef, "name", `${key}[${i}].envFrom[${k}].configMapRef`);
        add("Secret", f.secretRef, "name", `${key}[${i}].envFrom[${k}].secretRef`);
      }
    }
  }
  return refs;
}

/**
 * The ConfigMaps and Secrets the pod refers to that neither the file nor the supplied objects
 * hold: they must be supplied when the pod runs (`play --configmap FILE`, or a `Pod`'s
 * `configMaps`/`secrets` args), as in a cluster they are created beside the manifest
 * (`kubectl create secret`). Each one a reference needs (not `optional`) is told in one warning, at
 * its first reference; the references stay in the args, which lack that name.
 */
function missingObjects(ctx: Context, args: PodArgs, objects: ConfigObjects, specPath: string): SuppliedLater {
  const missing = references(args).filter((r) => !objects[r.kind].has(r.name));
  const told = new Set<string>();
  for (const r of missing) {
    if (r.optional || told.has(`${r.kind}/${r.name}`)) continue;
    told.add(`${r.kind}/${r.name}`);
    const how = r.kind === "Secret" ? "secrets" : "configMaps";
    ctx.warn(
      join(specPath, r.path),
      `${r.kind} "${r.name}" is not in the file: supply it when the pod runs (docker-pod play --configmap FILE with a ${r.kind} document, or the Pod's ${how} arg), as in a cluster you would create it beside the manifest (kubectl create ${r.kind === "Secret" ? "secret" : "configmap"}); until then the pod is refused`,
    );
  }
  const names = (kind: ConfigKind) => [...new Set(missing.filter((r) => r.kind === kind).map((r) => r.name))];
  return { configMaps: names("ConfigMap"), secrets: names("Secret") };
}

/**
 * Gives the pod the file's ConfigMaps and Secrets it refers to (as `configMaps` and `secrets`);
 * returns them. One it names that the file lacks is supplied when the pod runs (see `missingObjects`).
 */
function attachConfigObjects(args: PodArgs, objects: ConfigObjects): ReadConfigObject[] {
  const refs = references(args);
  const names = { ConfigMap: new Set(refs.filter((r) => r.kind === "ConfigMap").map((r) => r.name)), Secret: new Set(refs.filter((r) => r.kind === "Secret").map((r) => r.name)) };
  const uses: ReadConfigObject[] = [];
  for (const kind of configKinds) {
    const found = [...objects[kind].keys()].filter((n) => names[kind].has(n)); // in file order
    if (found.length === 0) continue;
    args[kind === "ConfigMap" ? "configMaps" : "secrets"] = Object.fromEntries(found.map((n) => [n, { ...objects[kind].get(n)!.data }]));
    uses.push(...found.map((n) => objects[kind].get(n)!));
  }
  return uses;
}
