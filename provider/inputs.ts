/**
 * Turns the inputs a `construct` call receives into the `args` the TypeScript components take,
 * guided by the package schema. The engine hands over plain values, `Output`s (values of other
 * resources, secrets, unknowns during preview) and whole properties wrapped as outputs. Where the
 * schema says a field is an input (`pulumi.Input<T>` in args.ts: images, env values, configMap
 * data…), the value is kept as it comes, so secrets stay secrets and unknowns stay unknown. Where
 * a field is plain (names, ports, policies: they shape the resource graph and are validated
 * before anything exists), its value is awaited; a secret there makes every input below it
 * secret, and a value not yet known is an error naming the field.
 */
import * as pulumi from "@pulumi/pulumi";

/** The parts of a schema property this conversion reads. */
export interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  plain?: boolean;
}

/** The object types of the schema, by token. */
export type TypeSpecs = Record<string, { properties?: Record<string, PropertySpec> }>;

/** An input that cannot be given to the component (its path in the inputs and the reason). */
export class InputError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

interface Walk {
  types: TypeSpecs;
  /** A secret was met at a plain position above: inputs below become secret. */
  secret: boolean;
}

/** The component args for `inputs` given the schema's input properties. */
export async function componentArgs(
  inputs: Record<string, unknown>,
  properties: Record<string, PropertySpec>,
  types: TypeSpecs,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inputs)) {
    const spec = properties[key];
    out[key] = spec ? await convert(value, spec, key, { types, secret: false }) : value;
  }
  return out;
}

async function convert(value: unknown, spec: PropertySpec, path: string, walk: Walk): Promise<unknown> {
  if (!spec.plain) {
    // An input position: anything goes through as an Input, secret when a container of it was.
    if (value === undefined || value === null) return undefined;
    return walk.secret ? pulumi.secret(value as pulumi.Input<unknown>) : value;
  }
  if (pulumi.Output.isInstance(value)) {
    // `isKnown` is how the SDK itself tells a computed value during preview.
    const known = await (value as unknown as { isKnown: Promise<boolean> }).isKnown;
    if (!known) throw new InputError(path, "must be known before the update (it is computed by another resource); pass a value");
    const secret = await pulumi.isSecret(value);
    const inner = await (value as unknown as { promise(): Promise<unknown> }).promise();
    return convert(inner, spec, path, { ...walk, secret: walk.secret || secret });
  }
  return shape(value, spec, path, walk);
}

/** A plain value of a plain position, walked into by its schema type. */
async function shape(value: unknown, spec: PropertySpec, path: string, walk: Walk): Promise<unknown> {
  if (value === undefined || value === null) return undefined;
  if (spec.type === "array" && Array.isArray(value) && spec.items) {
    return Promise.all(value.map((v, i) => convert(v, spec.items!, `${path}[${i}]`, walk)));
  }
  if (spec.type === "object" && spec.additionalProperties && isRecord(value)) {
    const item = spec.additionalProperties;
    return entries(value, (k) => [item, `${path}.${k}`], walk);
  }
  const ref = spec.$ref?.startsWith("#/types/") ? walk.types[spec.$ref.slice("#/types/".length)] : undefined;
  if (ref && isRecord(value)) {
    const fields = ref.properties ?? {};
    return entries(value, (k) => [fields[k], `${path}.${k}`], walk);
  }
  if (walk.secret) {
    // A scalar that only the TypeScript API takes as plain data cannot be kept secret.
    throw new InputError(path, "is secret, but docker-pod takes it as plain data; only images, env values, configMap data and pauseImage can be secrets");
  }
  return value;
}

async function entries(
  value: Record<string, unknown>,
  specOf: (key: string) => [PropertySpec | undefined, string],
  walk: Walk,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const [spec, path] = specOf(k);
    out[k] = spec ? await convert(v, spec, path, walk) : v;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !pulumi.Output.isInstance(value);
}
