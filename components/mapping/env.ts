/**
 * `envFrom` and `env` → Docker's `NAME=value` list, as the kubelet builds it: `envFrom` sources in
 * order (each key with its `prefix`, keys holding `=` skipped), then `env`, a later variable
 * overriding an earlier one of the same name. Values come inline, from the pod's ConfigMaps and
 * Secrets (a missing optional one sets nothing), or from the downward API. A secret value keeps
 * the whole list secret (the docker provider blinds the whole property in state and previews
 * anyway); so that a review of a preview can still name the variables, {@link envNamesLabelValue}
 * gives their names (never their values) for the {@link envNamesLabel} label.
 */
import * as pulumi from "@pulumi/pulumi";
import { Container } from "../args";
import { DownwardContext, fieldValue, resourceValue } from "./downward";

/** Name → key → value. */
export type KeyValues = Record<string, Record<string, pulumi.Input<string>>>;

/** Where referenced values come from. */
export interface EnvContext {
  configMaps: KeyValues;
  /** Values already made Pulumi secrets. */
  secrets: KeyValues;
  downward: DownwardContext;
}

const own = (o: object | undefined, k: string) => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);

/** The value of one key of a ConfigMap or Secret, or undefined when either is missing. */
function lookup(source: KeyValues, name: string, key: string): pulumi.Input<string> | undefined {
  return own(source, name) && own(source[name], key) ? source[name][key] : undefined;
}

/** The variables of a validated container, in order, by name; undefined values are unset. */
export function envVariables(c: Container, ctx: EnvContext): Map<string, pulumi.Input<string>> {
  const vars = new Map<string, pulumi.Input<string>>();
  for (const from of c.envFrom ?? []) {
    const [source, name] = from.configMapRef ? [ctx.configMaps, from.configMapRef.name] : [ctx.secrets, from.secretRef!.name];
    if (!own(source, name)) continue; // optional (validation refuses a missing required one)
    for (const key of Object.keys(source[name]).sort()) {
      if (key.includes("=")) continue;
      vars.set(`${from.prefix ?? ""}${key}`, source[name][key]);
    }
  }
  for (const e of c.env ?? []) {
    const from = e.valueFrom;
    let value: pulumi.Input<string> | undefined = e.value ?? "";
    if (from?.configMapKeyRef) value = lookup(ctx.configMaps, from.configMapKeyRef.name, from.configMapKeyRef.key);
    else if (from?.secretKeyRef) value = lookup(ctx.secrets, from.secretKeyRef.name, from.secretKeyRef.key);
    else if (from?.fieldRef) value = fieldValue(from.fieldRef.fieldPath, ctx.downward);
    else if (from?.resourceFieldRef) value = resourceValue(from.resourceFieldRef, c, ctx.downward);
    if (value === undefined) continue; // an optional reference to nothing
    vars.delete(e.name); // a later definition takes the place of an earlier one
    vars.set(e.name, value);
  }
  return vars;
}

/** The Docker environment of a container, or undefined when it sets none. */
export function dockerEnv(c: Container, ctx: EnvContext): pulumi.Output<string[]> | undefined {
  const vars = envVariables(c, ctx);
  if (vars.size === 0) return undefined;
  return pulumi.all([...vars].map(([name, value]) => pulumi.interpolate`${name}=${value}`));
}

/**
 * When some env value is secret: `{"names":[every name, in order],"secret":[the names whose
 * value is secret]}` as JSON; `undefined` otherwise (a readable env list names itself, and
 * containers without secrets carry no extra label).
 */
export function envNamesLabelValue(c: Container, ctx: EnvContext): pulumi.Output<string | undefined> | undefined {
  const vars = [...envVariables(c, ctx)];
  if (vars.length === 0) return undefined;
  const flags = Promise.all(vars.map(([, value]) => pulumi.isSecret(pulumi.output(value))));
  return pulumi.output(flags).apply((secret) =>
    secret.some((s) => s) ? JSON.stringify({ names: vars.map(([name]) => name), secret: vars.filter((_, i) => secret[i]).map(([name]) => name) }) : undefined,
  );
}
