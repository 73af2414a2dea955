/**
 * What changes in one container of a pod, said in PodSpec terms, from the pulumi-docker inputs a
 * preview shows before and after (the inverse of `mapping/`: `entrypoints` is `command`, `envs`
 * is `env`, the pause container's `ports` are the pod's ports …).
 *
 * Secret values never leave this file: an env entry whose value is secret is known by its name
 * only (from {@link envNamesLabel}), and no env value, secret or not, is ever printed.
 */
import { containerLabel, livenessLabel, postStartLabel, restartPolicyLabel, roleLabel, envNamesLabel, startupLabel, podLabel, contentDigestLabel } from "../mapping/labels";

/** The value Pulumi shows for an output not known until the update runs. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Pulumi's marker key of a secret value in serialized state. */
const secretSig = "4dabf18193072939515e22adb298388d";

/** Whether a preview value is a secret (`[secret]`, or a ciphertext object of an engine event). */
export function isSecretValue(v: unknown): boolean {
  if (v === "[secret]") return true;
  return typeof v === "object" && v !== null && (secretSig in v || "ciphertext" in v);
}

type Inputs = Record<string, unknown>;

/** The Docker labels of a container's inputs, as a map (empty when they are secret or absent). */
export function labelsOf(inputs: Inputs | undefined): Record<string, string> {
  const list = inputs?.labels;
  if (!Array.isArray(list)) return {};
  const out: Record<string, string> = {};
  for (const l of list) {
    if (l && typeof l === "object" && typeof (l as Inputs).label === "string" && typeof (l as Inputs).value === "string") {
      out[(l as Inputs).label as string] = (l as Inputs).value as string;
    }
  }
  return out;
}

/** An env entry: its name, whether its value is secret, and its value when it can be read. */
interface EnvEntry {
  name: string;
  secret: boolean;
  value?: string;
}

/**
 * The env of a container's inputs, by name: readable `NAME=value` entries, and, where the preview
 * blinds entries (or the whole list), the names {@link envNamesLabel} gives. `undefined` when a
 * blinded entry cannot be named.
 */
function envOf(inputs: Inputs | undefined): { entries: EnvEntry[]; blinded: boolean } | undefined {
  const envs = inputs?.envs;
  if (envs === undefined || envs === null) return { entries: [], blinded: false };
  let label: { names?: string[]; secret?: string[] } = {};
  try {
    label = JSON.parse(labelsOf(inputs)[envNamesLabel] ?? "{}");
  } catch {
    label = {};
  }
  const names = Array.isArray(label.names) ? label.names : undefined;
  const secret = new Set(Array.isArray(label.secret) ? label.secret : []);
  if (!Array.isArray(envs)) return names ? { entries: names.map((name) => ({ name, secret: secret.has(name) })), blinded: true } : undefined;
  const entries: EnvEntry[] = [];
  for (const [i, e] of envs.entries()) {
    if (typeof e === "string" && !isSecretValue(e)) {
      const eq = e.indexOf("=");
      entries.push({ name: eq < 0 ? e : e.slice(0, eq), secret: false, value: eq < 0 ? "" : e.slice(eq + 1) });
    } else if (names?.[i] !== undefined) {
      entries.push({ name: names[i], secret: true });
    } else {
      return undefined;
    }
  }
  return { entries, blinded: entries.some((e) => e.secret) };
}

const list = (names: string[]): string => names.join(", ");

/**
 * Env changes by name: added, removed, changed. Whose value changed is read from the values
 * where they are readable, else from the property paths the provider reports (`envs[1]`: the
 * second entry of the new list). Values are never shown.
 */
function envChanges(old: Inputs | undefined, nu: Inputs | undefined, detailed: string[]): string[] {
  const before = envOf(old);
  const after = envOf(nu);
  if (!before || !after) return ["env: changed (the list is secret and its names are not in this preview)"];
  const b = new Map(before.entries.map((e) => [e.name, e]));
  const a = new Map(after.entries.map((e) => [e.name, e]));
  const added = after.entries.filter((e) => !b.has(e.name)).map((e) => e.name);
  const removed = before.entries.filter((e) => !a.has(e.name)).map((e) => e.name);
  const kept = after.entries.filter((e) => b.has(e.name));
  const readable = (e: EnvEntry) => e.value !== undefined && b.get(e.name)!.value !== undefined;
  const changed = new Set(kept.filter((e) => readable(e) && b.get(e.name)!.value !== e.value).map((e) => e.name));
  const indices = detailed.map((p) => /^envs\[(\d+)\]/.exec(p)?.[1]).filter((i): i is string => i !== undefined);
  for (const i of indices) {
    const e = after.entries[Number(i)];
    if (e && b.has(e.name) && !readable(e)) changed.add(e.name);
  }
  const envDiffers = detailed.some((p) => p === "envs" || p.startsWith("envs[") || p.startsWith("envs."));
  if (envDiffers && indices.length === 0 && added.length + removed.length + changed.size === 0) {
    // The provider says only "envs": one of the blinded values changed.
    const blinded = kept.filter((e) => !readable(e)).map((e) => e.name);
    if (blinded.length === 1) changed.add(blinded[0]);
    else if (blinded.length > 1) return [`env: a value of ${list(blinded)} changed (not shown)`];
  }
  const out: string[] = [];
  if (added.length) out.push(`env: + ${list(added)}`);
  if (removed.length) out.push(`env: - ${list(removed)}`);
  for (const name of after.entries.map((e) => e.name).filter((n) => changed.has(n))) {
    const secret = a.get(name)!.secret || b.get(name)!.secret;
    out.push(`env: ${name} changed${secret ? " (secret value, not shown)" : ""}`);
  }
  if (out.length === 0 && envDiffers) out.push("env: order changed");
  return out;
}

const show = (v: unknown): string => {
  if (v === undefined || v === null) return "unset";
  if (v === unknownValue) return "(known after the update)";
  if (isSecretValue(v)) return "[secret]";
  if (Array.isArray(v)) return JSON.stringify(v.map((x) => (isSecretValue(x) ? "[secret]" : x)));
  return typeof v === "string" ? v : JSON.stringify(v);
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The pod's ports, from the pause container's `ports`: `80/tcp`, with hostPort and hostIP. */
function portChanges(old: Inputs | undefined, nu: Inputs | undefined): string[] {
  type Port = { internal?: number; external?: number; ip?: string; protocol?: string };
  const key = (p: Port) => `${p.internal}/${(p.protocol ?? "tcp").toLowerCase()}`;
  const host = (p: Port) => `${p.external ?? "(any free port)"}${p.ip && p.ip !== "0.0.0.0" ? ` on ${p.ip}` : ""}`;
  const before = new Map(((old?.ports as Port[]) ?? []).map((p) => [key(p), p]));
  const after = new Map(((nu?.ports as Port[]) ?? []).map((p) => [key(p), p]));
  const out: string[] = [];
  for (const [k, p] of after) {
    const q = before.get(k);
    if (!q) out.push(`ports: + containerPort ${k} (hostPort ${host(p)})`);
    else if (host(p) !== host(q)) out.push(`ports: containerPort ${k} hostPort ${host(q)} → ${host(p)}`);
  }
  for (const k of before.keys()) if (!after.has(k)) out.push(`ports: - containerPort ${k}`);
  return out;
}

/** volumeMounts by mount path, from `mounts` (volumes) and `volumes` (binds). */
function mountChanges(old: Inputs | undefined, nu: Inputs | undefined): string[] {
  const paths = (inputs: Inputs | undefined) => {
    const m = new Map<string, string>();
    for (const x of (inputs?.mounts as Inputs[]) ?? []) m.set(String(x.target), JSON.stringify([x.source, x.readOnly ?? false]));
    for (const x of (inputs?.volumes as Inputs[]) ?? []) m.set(String(x.containerPath), JSON.stringify([x.hostPath, x.readOnly ?? false]));
    return m;
  };
  const b = paths(old);
  const a = paths(nu);
  const out: string[] = [];
  for (const [p, v] of a) {
    if (!b.has(p)) out.push(`volumeMounts: + ${p}`);
    else if (b.get(p) !== v) out.push(v.includes(unknownValue) ? `volumeMounts: ${p} gets a new volume` : `volumeMounts: ${p} changed`);
  }
  for (const p of b.keys()) if (!a.has(p)) out.push(`volumeMounts: - ${p}`);
  return out;
}

const mib = (v: unknown) => (typeof v === "number" ? `${v}Mi` : show(v));
const cpuLimit = (v: unknown) => (typeof v === "number" ? `${+(v / 100_000).toFixed(3)}` : show(v));
const cpuRequest = (v: unknown) => (typeof v === "number" ? `${Math.round((v * 1000) / 1024)}m` : show(v));

/** Inputs said in PodSpec terms: field name, and how to show a value. */
const fields: Record<string, [string, (v: unknown) => string] | null> = {
  image: ["image", show],
  entrypoints: ["command", show],
  command: ["args", show],
  workingDir: ["workingDir", show],
  memory: ["resources.limits.memory", mib],
  memoryReservation: ["resources.requests.memory", mib],
  cpuQuota: ["resources.limits.cpu", cpuLimit],
  cpuShares: ["resources.requests.cpu", cpuRequest],
  healthcheck: ["readinessProbe", () => ""],
  user: ["securityContext.runAsUser/runAsGroup", show],
  readOnly: ["securityContext.readOnlyRootFilesystem", show],
  capabilities: ["securityContext.capabilities", () => ""],
  securityOpts: ["securityContext", () => ""],
  privileged: ["securityContext.privileged", show],
  hostname: ["hostname", show],
  dns: ["dnsConfig.nameservers", show],
  dnsSearches: ["dnsConfig.searches", show],
  dnsOpts: ["dnsConfig.options", show],
  hosts: ["hostAliases", () => ""],
  stopTimeout: ["terminationGracePeriodSeconds", show],
  waitTimeout: ["readinessTimeoutSeconds", show],
  // Shown through other entries, or no PodSpec meaning of their own:
  memorySwap: null,
  cpuPeriod: null,
  destroyGraceSeconds: null,
  wait: null,
  uploads: null,
  restart: null,
  name: null,
  start: null,
  mustRun: null,
  networkMode: null,
  ipcMode: null,
  pidMode: null,
  labels: null,
  envs: null,
  ports: null,
  mounts: null,
  volumes: null,
  __defaults: null,
};

/** Labels whose change is a PodSpec change of its own. */
const labelFields: Record<string, string> = {
  [livenessLabel]: "livenessProbe",
  [startupLabel]: "startupProbe",
  [postStartLabel]: "lifecycle.postStart",
  [restartPolicyLabel]: "restartPolicy",
};
/** Labels docker-pod sets that are not PodSpec fields (shown through other entries or not at all). */
const internalLabels = new Set([podLabel, containerLabel, roleLabel, envNamesLabel, contentDigestLabel]);

/** Whether a container joins a pause container that is being replaced (its modes become unknown). */
export function joinsNewPause(old: Inputs | undefined, nu: Inputs | undefined): boolean {
  return ["networkMode", "ipcMode", "pidMode"].some((k) => nu?.[k] === unknownValue || (old?.[k] !== undefined && nu?.[k] !== undefined && !same(old?.[k], nu?.[k])));
}

/**
 * What differs between two input sets of one container, in PodSpec terms (`image: a → b`,
 * `env: + DEBUG`, `ports: containerPort 80/tcp hostPort 8080 → 8081`). `diffs` are the top-level
 * properties the preview reports changed and `detailed` its property paths: when given, only
 * those are compared (a property the provider fills in is not a change).
 */
export function containerChanges(old: Inputs | undefined, nu: Inputs | undefined, diffs: string[] = [], detailed: string[] = []): string[] {
  const keys = new Set([...Object.keys(old ?? {}), ...Object.keys(nu ?? {})]);
  const reported = new Set([...diffs, ...detailed.map((p) => p.split(/[.[]/)[0])]);
  const differs = (k: string) => (reported.size ? reported.has(k) : true) && !same(old?.[k], nu?.[k]);
  const out: string[] = [];
  for (const k of keys) {
    const f = fields[k];
    if (f === null || !differs(k)) continue;
    if (f === undefined) {
      out.push(k);
      continue;
    }
    const [name, fmt] = f;
    const a = fmt(old?.[k]);
    out.push(a === "" ? `${name} changed` : `${name}: ${a} → ${fmt(nu?.[k])}`);
  }
  if (reported.has("envs") || (!reported.size && !same(old?.envs, nu?.envs))) out.push(...envChanges(old, nu, [...diffs, ...detailed, "envs"]));
  if (differs("ports")) out.push(...portChanges(old, nu));
  if (differs("mounts") || differs("volumes")) out.push(...mountChanges(old, nu));
  if (differs("labels")) {
    const a = labelsOf(old);
    const b = labelsOf(nu);
    const names = new Set([...Object.keys(a), ...Object.keys(b)]);
    let user = false;
    for (const l of names) {
      if (a[l] === b[l] || internalLabels.has(l)) continue;
      if (labelFields[l]) out.push(`${labelFields[l]} ${a[l] === undefined ? "added" : b[l] === undefined ? "removed" : "changed"}`);
      else user = true;
    }
    if (user) out.push("labels changed");
  }
  return out;
}

/** A summary of a container that is created or deleted: its image. */
export function containerSummary(inputs: Inputs | undefined): string[] {
  return inputs?.image !== undefined ? [`image: ${show(inputs.image)}`] : [];
}
