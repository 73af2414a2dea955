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
import { Problem } from "../components/validate";
import { formatServiceProblems } from "../components/validation/service";
import { Spelling, callerSpelling, spellPath, spellReason } from "./field-paths";
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

/**
 * The components whose args are validated before they are constructed (pure: nothing exists yet),
 * so the error names each bad field as the calling program spells it. The component itself runs
 * the same validation first thing; this only words its findings for the caller's language.
 */
const validators: Record<string, { validate(name: string, args: never): Problem[]; format(name: string, problems: Problem[]): string }> = {
  "docker-pod:index:Pod": { validate: (_name, args) => components.validatePodArgs(args), format: components.formatProblems },
  "docker-pod:index:Service": { validate: components.validateServiceArgs, format: formatServiceProblems },
};

/**
 * The provider for the package at `root`. `spelling`: how the calling program names fields in
 * errors. Default: from the `Pulumi.yaml` of the directory the engine starts the provider in.
 */
export function dockerPodProvider(root = packageRoot(), spelling: Spelling = callerSpelling()): provider.Provider {
  const text = fs.readFileSync(path.join(root, "schema.json"), "utf8");
  const schema = JSON.parse(text) as Schema;
  return {
    version: schema.version,
    schema: text,
    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<provider.ConstructResult> {
      const spec = schema.resources[type];
      const Component = componentClass(type);
      if (!spec || !Component) throw new Error(`docker-pod: unknown resource type ${type}`);
      const properties = spec.inputProperties ?? {};
      const spell = (problem: Problem): Problem => ({
        path: spellPath(problem.path, spelling, properties, schema.types),
        message: spellReason(problem.message, spelling, properties, schema.types),
      });
      let args: Record<string, unknown>;
      try {
        args = await componentArgs(inputs, properties, schema.types);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        // A plain error (the engine prefixes the resource): given an InputPropertiesError's property
        // path, the engine would print the value found there, a secret's in plain text.
        const { path: fieldPath, message: reason } = spell({ path: err.path, message: err.reason });
        throw new Error(`${fieldPath}: ${reason}`);
      }
      const validator = validators[type];
      const problems = validator?.validate(name, args as never) ?? [];
      if (validator && problems.length > 0) throw new Error(validator.format(name, problems.map(spell)));
      const resource = new Component(name, args as never, options) as pulumi.ComponentResource & Record<string, unknown>;
      const state = Object.fromEntries(Object.keys(spec.properties ?? {}).map((key) => [key, resource[key]]));
      return { urn: resource.urn, state };
    },
  };
}
