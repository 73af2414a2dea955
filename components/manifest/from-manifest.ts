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
import { parseAllDocuments } from "yaml";
import type { ConfigMap } from "kubernetes-types/core/v1";
import type { PodArgs } from "../args";
import { Problem, validatePodArgs } from "../validate";
import { clone } from "./clone";
import { FieldTable, Rule, configMapTable, podKinds } from "./fields";

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
 * Reads every pod of a manifest of one or more documents, in document order (ConfigMaps are not
 * pods: they fill the `configMap` volumes that name them). Throws a `ManifestError` listing every
 * bad field of every document, or when there is no pod at all.
 */
export function allPodArgsFromManifest(text: string): ManifestPod[] {
  const docs = parseDocuments(text);
  // Documents are numbered as in the file, empty ones included; only a file of several says which.
  const multi = docs.filter((d) => d !== undefined).length > 1;
  const ctx = new Context();
  // ConfigMaps first: a volume may name one that comes later in the file.
  const configMaps = new Map<string, ReadConfigMap>();
  docs.forEach((doc, i) => {
    ctx.document = multi ? i + 1 : undefined;
    if (isObject(doc) && doc.kind === "ConfigMap") readConfigMap(ctx, doc, configMaps);
  });
  const pods: ManifestPod[] = [];
  const names = new Map<string, number>();
  const used = new Set<string>();
  docs.forEach((doc, i) => {
    ctx.document = multi ? i + 1 : undefined;
    if (doc === undefined || (isObject(doc) && (doc.kind === "ConfigMap" || doc.kind === "PersistentVolumeClaim"))) return;
    const before = ctx.warnings.length;
    const pod = readPodDocument(ctx, doc, configMaps);
    if (!pod) return;
    const first = names.get(pod.name);
    if (first !== undefined) {
      ctx.error("metadata.name", `"${pod.name}" is already the name of the pod of document ${first}; pod names must be unique in a file`);
      return;
    }
    names.set(pod.name, i + 1);
    // A ConfigMap's dropped fields are told to each pod that uses it.
    const warnings = [...ctx.warnings.slice(before), ...pod.configMaps.flatMap((n) => configMaps.get(n)!.warnings)];
    pod.configMaps.forEach((n) => used.add(n));
    pods.push({ name: pod.name, args: pod.args, warnings: warnings.map(formatManifestProblem) });
  });
  if (pods.length === 0 && ctx.errors.length === 0) {
    ctx.document = undefined;
    ctx.error("", `no pod in the manifest: give a document of kind ${Object.keys(podKinds).join(", ")}`);
  }
  if (ctx.errors.length > 0) throw new ManifestError(ctx.errors);
  // ConfigMaps no pod uses are told to the first pod.
  for (const [name, cm] of configMaps) {
    if (used.has(name)) continue;
    const unused = { ...cm.at, message: `ConfigMap "${name}" is named by no configMap volume; ignored` };
    pods[0].warnings.push(...[...cm.warnings, unused].map(formatManifestProblem));
  }
  return pods;
}

/** The documents of a YAML (or JSON) text, empty ones as `undefined`; YAML errors are thrown at once. */
export function parseDocuments(text: string): unknown[] {
  if (typeof text !== "string") throw new ManifestError([{ path: "", message: "the manifest must be a string of YAML or JSON" }]);
  const parsed = parseAllDocuments(text);
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
  return docs.map((d) => (d.toJS({ maxAliasCount: 100 }) as unknown) ?? undefined);
}

/** Errors and warnings, each tagged with the document being read. */
export class Context {
  document: number | undefined;
  readonly errors: ManifestProblem[] = [];
  readonly warnings: ManifestProblem[] = [];

  private tag(path: string, message: string): ManifestProblem {
    return this.document !== undefined ? { document: this.document, path, message } : { path, message };
  }

  error(path: string, message: string): void {
    this.errors.push(this.tag(path, message));
  }

  warn(path: string, message: string): void {
    this.warnings.push(this.tag(path, message));
  }

  /** Whether an error was reported at `path` or above it in this document. */
  reportedAt(path: string): boolean {
    return this.errors.some(
      (e) => e.document === this.document && (path === e.path || path.startsWith(`${e.path}.`) || path.startsWith(`${e.path}[`)),
    );
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

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
    case "strings":
      if (!isObject(value)) {
        ctx.error(at, "must be a map of strings");
        return undefined;
      }
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") ctx.error(`${at}["${k}"]`, `${JSON.stringify(v)} is not a string; quote it`);
      }
      return { ...value };
    case "object":
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

/** A ConfigMap of the file: its data, its dropped fields, and where its name is. */
interface ReadConfigMap {
  data: Record<string, string>;
  warnings: ManifestProblem[];
  at: ManifestProblem;
}

function readConfigMap(ctx: Context, doc: Record<string, unknown>, configMaps: Map<string, ReadConfigMap>): void {
  checkApiVersion(ctx, doc, "ConfigMap", "v1");
  const before = ctx.warnings.length;
  const cm = walk(ctx, doc, configMapTable, "") as ConfigMap | undefined;
  const name = cm?.metadata?.name;
  if (!checkName(ctx, name, "metadata.name", "ConfigMap")) return;
  if (configMaps.has(name)) {
    ctx.error("metadata.name", `"${name}" is already the name of another ConfigMap in the file`);
    return;
  }
  const at = { ...(ctx.document !== undefined ? { document: ctx.document } : {}), path: "metadata.name", message: "" };
  configMaps.set(name, { data: cm?.data ?? {}, warnings: ctx.warnings.splice(before), at });
}

/** The pod of one document, or undefined after reporting why there is none. */
function readPodDocument(
  ctx: Context,
  doc: unknown,
  configMaps: Map<string, ReadConfigMap>,
): { name: string; args: PodArgs; configMaps: string[] } | undefined {
  if (!isObject(doc)) {
    ctx.error("", "a document must be a Kubernetes object with apiVersion, kind, metadata and spec");
    return undefined;
  }
  const kinds = [...Object.keys(podKinds), "ConfigMap", "PersistentVolumeClaim"].join(", ");
  if (typeof doc.kind !== "string" || !Object.prototype.hasOwnProperty.call(podKinds, doc.kind)) {
    const what = doc.kind === undefined ? "a document needs a kind" : `${JSON.stringify(doc.kind)} is not a kind docker-pod reads`;
    ctx.error("kind", `${what}; use ${kinds}`);
    return undefined;
  }
  const kind = doc.kind;
  checkApiVersion(ctx, doc, kind, podKinds[kind].apiVersion);
  const obj = walk(ctx, doc, podKinds[kind].table, "") as WalkedPod & { spec?: { template?: WalkedPod } };
  const nameOk = checkName(ctx, obj.metadata?.name, "metadata.name", kind);

  // A Pod is the pod; a workload holds it as its pod template.
  const podPath = kind === "Pod" ? "" : "spec.template";
  const pod = kind === "Pod" ? obj : obj.spec?.template;
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
  } as PodArgs;
  const usedConfigMaps = resolveConfigMaps(ctx, args, specPath, configMaps);

  // A manifest that reads is one that runs: report what validation finds, at manifest paths.
  const labelsPath = join(podPath, "metadata.labels");
  for (const problem of validatePodArgs(args).map((pr) => configMapDataProblem(pr, args))) {
    const path = problem.path.startsWith("labels")
      ? labelsPath + problem.path.slice("labels".length)
      : problem.path
        ? join(specPath, problem.path)
        : specPath;
    if (!ctx.reportedAt(path)) ctx.error(path, problem.message);
  }
  return nameOk ? { name: obj.metadata!.name as string, args, configMaps: usedConfigMaps } : undefined;
}

/** A problem with a `configMap` volume's data is one of the ConfigMap it names: say so at that name. */
function configMapDataProblem(problem: Problem, args: PodArgs): Problem {
  const m = /^(volumes\[(\d+)\]\.configMap)\.data\b/.exec(problem.path);
  if (!m) return problem;
  const name = args.volumes?.[Number(m[2])]?.configMap?.name;
  return { path: `${m[1]}.name`, message: `ConfigMap "${name}" ${problem.path.slice(m[1].length + 1)}: ${problem.message}` };
}

/** A pod (or pod template) as `walk` returns it: supported fields only. */
interface WalkedPod {
  metadata?: { name?: unknown; labels?: Record<string, string> };
  spec?: Record<string, unknown> & { shareProcessNamespace?: boolean };
}

/** Fills each `configMap` volume's `data` from the ConfigMap it names; returns the names used. */
function resolveConfigMaps(ctx: Context, args: PodArgs, specPath: string, configMaps: Map<string, ReadConfigMap>): string[] {
  const used: string[] = [];
  (args.volumes ?? []).forEach((v, i) => {
    if (!isObject(v) || !isObject(v.configMap)) return;
    const at = `${specPath}.volumes[${i}].configMap.name`;
    const name = v.configMap.name;
    if (name === undefined) {
      ctx.error(at, "name the ConfigMap whose data this volume holds (a document of kind ConfigMap in the same file)");
      return;
    }
    const cm = configMaps.get(name);
    if (!cm) {
      const have = [...configMaps.keys()];
      ctx.error(at, `no ConfigMap "${name}" in the file; add it as a document of kind ConfigMap${have.length ? ` (the file has ${have.join(", ")})` : ""}`);
      return;
    }
    v.configMap.data = { ...cm.data };
    if (!used.includes(name)) used.push(name);
  });
  return used;
}
