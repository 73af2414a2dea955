/**
 * Field paths as the calling program's language spells them. The TypeScript component names a bad
 * field by its TypeScript path (`containers[0].ports[0].hostPort`); Pulumi YAML uses the same
 * names, but a Python program wrote `host_port`. Guided by the schema, each property name of a
 * path becomes the caller's (map keys, such as a label or a resource name, stay as they are), and
 * so does each field named in backquotes in the reason (`move \`hostPort\` to …`).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PropertySpec, TypeSpecs } from "./inputs";
import { pythonName } from "./python-names";

/** How the calling program names fields: `python` (snake_case) or `schema` (the TypeScript names). */
export type Spelling = "python" | "schema";

/**
 * The spelling of the program the engine runs the provider for. The engine starts a provider in
 * the program's project directory, so its `Pulumi.yaml` tells the runtime (an Automation API
 * inline program has one too, written by the Automation API). Default: `schema`.
 */
export function callerSpelling(dir = process.cwd()): Spelling {
  for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
    let project: unknown;
    try {
      project = parse(fs.readFileSync(path.join(dir, file), "utf8"));
    } catch {
      continue;
    }
    const runtime = (project as { runtime?: unknown } | null)?.runtime;
    const name = typeof runtime === "object" && runtime !== null ? (runtime as { name?: unknown }).name : runtime;
    return name === "python" ? "python" : "schema";
  }
  return "schema";
}

/** One step of a path: a property or map key (`name`), or an index or quoted key (`[0]`, `["a.b"]`). */
const step = /^(?:\.?([A-Za-z_$][\w$-]*)|(\[[^\]]*\]))/;

/**
 * `fieldPath` in the caller's spelling, walking `properties` (a resource's input properties)
 * and `types` along it. A step the schema does not know, and everything after it, stays as it is.
 */
export function spellPath(fieldPath: string, spelling: Spelling, properties: Record<string, PropertySpec>, types: TypeSpecs): string {
  if (spelling === "schema") return fieldPath;
  let rest = fieldPath;
  let out = "";
  // Where the walk is: the fields of an object, a list's or map's item, or unknown ground.
  let fields: Record<string, PropertySpec> | undefined = properties;
  let item: PropertySpec | undefined;
  while (rest) {
    const m = step.exec(rest);
    if (!m) return out + rest;
    rest = rest.slice(m[0].length);
    const dot = m[0].startsWith(".") ? "." : "";
    let next: PropertySpec | undefined;
    if (m[1] !== undefined && fields?.[m[1]]) {
      // A property: the caller's name for it.
      next = fields[m[1]];
      out += dot + pythonName(m[1]);
    } else {
      // A list index or map key (kept as written; the walk goes on into the item), or a step off the schema.
      next = fields ? undefined : item;
      out += m[0];
    }
    fields = undefined;
    item = undefined;
    if (!next) continue;
    const ref: TypeSpecs[string] | undefined = next.$ref?.startsWith("#/types/") ? types[next.$ref.slice("#/types/".length)] : undefined;
    if (ref) fields = ref.properties ?? {};
    else if (next.type === "array") item = next.items;
    else if (next.type === "object") item = next.additionalProperties;
  }
  return out;
}

/** Every property name of the schema (of any resource or type). */
function propertyNames(properties: Record<string, PropertySpec>, types: TypeSpecs): Set<string> {
  const names = new Set(Object.keys(properties));
  for (const t of Object.values(types)) for (const k of Object.keys(t.properties ?? {})) names.add(k);
  return names;
}

/**
 * A reason's text in the caller's spelling: a backquoted field name or path whose every name is a
 * schema property (`hostPort`, `securityContext.runAsUser`) is spelled as the caller's; values
 * (`RuntimeDefault`, `0.0.0.0`) and anything else stay.
 */
export function spellReason(reason: string, spelling: Spelling, properties: Record<string, PropertySpec>, types: TypeSpecs): string {
  if (spelling === "schema") return reason;
  const names = propertyNames(properties, types);
  return reason.replace(/`([A-Za-z_][\w]*(?:(?:\.[A-Za-z_][\w]*)|\[\d+\])*)`/g, (whole, inner: string) => {
    const words = inner.match(/[A-Za-z_]\w*/g) ?? [];
    if (!words.every((w) => names.has(w))) return whole;
    return `\`${inner.replace(/[A-Za-z_]\w*/g, (w) => pythonName(w))}\``;
  });
}
