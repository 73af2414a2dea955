/**
 * The docker-pod resource provider: serves the package schema and constructs the TypeScript
 * components (`docker-pod:index:Pod`, `PauseImage`, …) for programs in any Pulumi language. The
 * TypeScript classes are the one implementation; this file only maps tokens to them, turns the
 * engine's inputs into their `args` (see inputs.ts) and hands their public outputs back.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";
import * as components from "../components";
import { InputError, PropertySpec, TypeSpecs, componentArgs } from "./inputs";

/** The parts of schema.json the provider reads. */
interface Schema {
  name: string;
  version: string;
  resources: Record<string, { inputProperties?: Record<string, PropertySpec>; properties?: Record<string, PropertySpec> }>;
  types: TypeSpecs;
}

type ComponentClass = new (name: string, args: never, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

/** The package root: the nearest folder above this module holding schema.json (source or dist/). */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "schema.json")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`docker-pod: schema.json not found above ${from}`);
  }
}

/** The component class of a token (`docker-pod:index:Pod` → `Pod`), from the library's exports. */
function componentClass(token: string): ComponentClass | undefined {
  const exported = (components as Record<string, unknown>)[token.split(":")[2] ?? ""];
  return typeof exported === "function" && exported.prototype instanceof pulumi.ComponentResource ? (exported as ComponentClass) : undefined;
}

/** The provider for the package at `root`. */
export function dockerPodProvider(root = packageRoot()): provider.Provider {
  const text = fs.readFileSync(path.join(root, "schema.json"), "utf8");
  const schema = JSON.parse(text) as Schema;
  return {
    version: schema.version,
    schema: text,
    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<provider.ConstructResult> {
      const spec = schema.resources[type];
      const Component = componentClass(type);
      if (!spec || !Component) throw new Error(`docker-pod: unknown resource type ${type}`);
      let args: Record<string, unknown>;
      try {
        args = await componentArgs(inputs, spec.inputProperties ?? {}, schema.types);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        throw new pulumi.InputPropertiesError({
          message: `${type} ${name}: ${err.message}`,
          errors: [{ propertyPath: err.path, reason: err.reason }],
        });
      }
      const resource = new Component(name, args as never, options) as pulumi.ComponentResource & Record<string, unknown>;
      const state = Object.fromEntries(Object.keys(spec.properties ?? {}).map((key) => [key, resource[key]]));
      return { urn: resource.urn, state };
    },
  };
}
