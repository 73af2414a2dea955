/**
 * Generates the Pulumi package schema (`schema.json`) from the TypeScript source of the component
 * package, so that other languages see exactly the TypeScript API: every component class exported by
 * `components/index.ts` becomes a resource (`isComponent`), its `args` interface the input
 * properties, its public `pulumi.Output` fields the output properties, and every interface they
 * reach a type. Descriptions are the JSDoc of each declaration (defaults and exclusions included).
 *
 * Mapping of TypeScript to schema types:
 * - `string`, `boolean` → themselves; `number` → `integer` (every numeric PodSpec field is one);
 * - `pulumi.Input<T>` → `T`, may be an output in other languages; any other field is `plain`;
 * - `T[]` → array; `Record<string, T>` → object with `additionalProperties`;
 * - an interface of this package → a `#/types/docker-pod:index:<Name>` reference;
 * - a type from another package (the Kubernetes `Pod` of `manifest`) → `pulumi.json#/Any`;
 * - a union of such types (a Pod's `networks` entry: a name or `{ name, aliases }`) → `oneOf`.
 * Anything else (callbacks, literal types) is an error: the component-package rules forbid it.
 *
 * Usage: `npm run gen:schema` (writes schema.json), or `schemaOf(root)` from the drift test.
 */
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";

/** The package name, the first part of every token. */
export const packageName = "docker-pod";

/** A property of the schema (the subset this package uses). */
export interface SchemaProperty {
  type?: string;
  $ref?: string;
  items?: SchemaProperty;
  oneOf?: SchemaProperty[];
  additionalProperties?: SchemaProperty;
  description?: string;
  plain?: boolean;
}

/** A type of the schema: an object with properties. */
interface SchemaObjectType {
  type: "object";
  description?: string;
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

class SchemaError extends Error {}

/** Reads a package's TypeScript source and builds its schema. */
class Generator {
  private readonly checker: ts.TypeChecker;
  private readonly types: Record<string, SchemaObjectType> = {};

  constructor(
    private readonly program: ts.Program,
    private readonly root: string,
  ) {
    this.checker = program.getTypeChecker();
  }

  /** The schema of every component class exported by `entry`. */
  schema(entry: string, version: string): Record<string, unknown> {
    const source = this.program.getSourceFile(entry);
    if (!source) throw new SchemaError(`${entry} is not part of the program`);
    const moduleSymbol = this.checker.getSymbolAtLocation(source);
    const resources: Record<string, unknown> = {};
    for (const exported of this.checker.getExportsOfModule(moduleSymbol!)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
      const decl = symbol.declarations?.find(ts.isClassDeclaration);
      if (!decl || !this.isComponent(decl)) continue;
      const [token, resource] = this.resource(decl);
      resources[token] = resource;
    }
    const sortedTypes = Object.fromEntries(Object.entries(this.types).sort(([a], [b]) => a.localeCompare(b)));
    return {
      name: packageName,
      displayName: "docker-pod",
      version,
      description: "Kubernetes-style Pods on a plain Docker engine, as a Pulumi component package",
      keywords: ["pulumi", "docker", "pod", "kubernetes", "kind/component", "category/infrastructure"],
      license: "Apache-2.0",
      language: {
        python: {
          packageName: "pulumi_docker_pod",
          requires: { pulumi: ">=3.0.0,<4.0.0" },
          respectSchemaVersion: true,
          pyproject: { enabled: true },
        },
        nodejs: { packageName: "docker-pod" },
      },
      resources: Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))),
      types: sortedTypes,
    };
  }

  /** A class extending `pulumi.ComponentResource` (directly). */
  private isComponent(decl: ts.ClassDeclaration): boolean {
    return (decl.heritageClauses ?? []).some((h) => h.types.some((t) => t.expression.getText() === "pulumi.ComponentResource"));
  }

  /** One component: its token (the string given to `super`), inputs (the `args` interface) and outputs. */
  private resource(decl: ts.ClassDeclaration): [string, unknown] {
    const className = decl.name!.text;
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    const argsParam = ctor?.parameters.find((p) => p.name.getText() === "args");
    if (!ctor || !argsParam?.type) throw new SchemaError(`${className}: the constructor needs a typed \`args\` parameter`);
    let token: string | undefined;
    ctor.body?.forEachChild(function find(node): void {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
        const first = node.arguments[0];
        if (first && ts.isStringLiteral(first)) token = first.text;
      }
      node.forEachChild(find);
    });
    if (!token?.startsWith(`${packageName}:index:`)) throw new SchemaError(`${className}: super() must name a \`${packageName}:index:<Type>\` token`);

    const argsType = this.declaredInterface(argsParam.type, `${className} args`);
    const inputs = this.objectType(argsType, `${className}.args`);
    const outputs: Record<string, SchemaProperty> = {};
    for (const member of decl.members) {
      if (!ts.isPropertyDeclaration(member) || !member.type) continue;
      const modifiers = ts.getCombinedModifierFlags(member);
      if (!(modifiers & ts.ModifierFlags.Public) || modifiers & ts.ModifierFlags.Static) continue;
      const inner = this.unwrap(member.type, "Output");
      if (!inner) continue;
      const name = member.name.getText();
      outputs[name] = { ...this.property(inner, `${className}.${name}`), ...this.doc(member.name) };
      delete outputs[name].plain;
    }
    return [
      token,
      {
        isComponent: true,
        ...this.doc(decl.name!),
        inputProperties: inputs.properties,
        ...(inputs.required?.length ? { requiredInputs: inputs.required } : {}),
        properties: outputs,
        required: Object.keys(outputs),
      },
    ];
  }

  /** The interface a type node names (`PodArgs`), or an error. */
  private declaredInterface(node: ts.TypeNode, where: string): ts.InterfaceDeclaration {
    if (ts.isTypeReferenceNode(node)) {
      let symbol = this.checker.getSymbolAtLocation(node.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const decl = symbol?.declarations?.find(ts.isInterfaceDeclaration);
      if (decl) return decl;
    }
    throw new SchemaError(`${where}: \`${node.getText()}\` is not an interface`);
  }

  /** The properties of an interface, each with its JSDoc; `required` lists those without `?`. */
  private objectType(decl: ts.InterfaceDeclaration, where: string): SchemaObjectType {
    const properties: Record<string, SchemaProperty> = {};
    const required: string[] = [];
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.type) throw new SchemaError(`${where}: only typed properties are supported (${member.getText()})`);
      // A quoted name (`"nvidia.com/gpu"`) is the property's name without its quotes.
      const name = ts.isStringLiteral(member.name) ? member.name.text : member.name.getText();
      properties[name] = { ...this.property(member.type, `${where}.${name}`), ...this.doc(member.name) };
      if (!member.questionToken) required.push(name);
    }
    return { type: "object", ...this.doc(decl.name), properties, ...(required.length ? { required } : {}) };
  }

  /** The schema of one declared type (a field, an array element, a map value); `plain` unless it is a `pulumi.Input`. */
  private property(node: ts.TypeNode, where: string): SchemaProperty {
    const input = this.unwrap(node, "Input");
    const prop = this.shape(input ?? node, where);
    // A union says per branch whether it may be an output.
    return input || prop.oneOf ? prop : { ...prop, plain: true };
  }

  /** The schema type of a type node, without the plain flag. */
  private shape(node: ts.TypeNode, where: string): SchemaProperty {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: "string" };
      case ts.SyntaxKind.NumberKeyword:
        return { type: "integer" };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: "boolean" };
    }
    if (ts.isParenthesizedTypeNode(node)) return this.shape(node.type, where);
    if (ts.isUnionTypeNode(node)) {
      return { oneOf: node.types.map((t, i) => this.property(t, `${where}|${i}`)) };
    }
    if (ts.isArrayTypeNode(node)) return { type: "array", items: this.property(node.elementType, `${where}[]`) };
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      const args = node.typeArguments ?? [];
      if (name === "Array" && args.length === 1) return { type: "array", items: this.property(args[0], `${where}[]`) };
      if (name === "Record" && args.length === 2 && args[0].kind === ts.SyntaxKind.StringKeyword) {
        return { type: "object", additionalProperties: this.property(args[1], `${where}{}`) };
      }
      let symbol = this.checker.getSymbolAtLocation(node.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const decl = symbol?.declarations?.[0];
      if (decl && !this.isOwn(decl)) return { $ref: "pulumi.json#/Any" };
      if (decl && ts.isInterfaceDeclaration(decl)) {
        const typeName = decl.name.text;
        const token = `${packageName}:index:${typeName}`;
        if (!this.types[token]) {
          this.types[token] = { type: "object", properties: {} }; // placeholder: types may refer to themselves
          this.types[token] = this.objectType(decl, typeName);
        }
        return { $ref: `#/types/${token}` };
      }
    }
    throw new SchemaError(`${where}: type \`${node.getText()}\` has no schema equivalent (use string, number, boolean, arrays, Record<string, T> or an interface)`);
  }

  /** `T` of a `pulumi.<wrapper><T>` type node, or undefined. */
  private unwrap(node: ts.TypeNode, wrapper: "Input" | "Output"): ts.TypeNode | undefined {
    if (ts.isTypeReferenceNode(node) && node.typeName.getText() === `pulumi.${wrapper}` && node.typeArguments?.length === 1) {
      return node.typeArguments[0];
    }
    return undefined;
  }

  /** A declaration of this package (not of node_modules). */
  private isOwn(decl: ts.Declaration): boolean {
    const file = decl.getSourceFile().fileName;
    return !file.includes("/node_modules/") && path.resolve(file).startsWith(this.root);
  }

  /** `{ description }` from the JSDoc of a declaration's name, when it has one. */
  private doc(name: ts.Node): { description?: string } {
    const symbol = this.checker.getSymbolAtLocation(name);
    const text = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim() : "";
    return text ? { description: text } : {};
  }
}

/** The schema of the package at `root` (its `components/index.ts` and `package.json` version). */
export function schemaOf(root: string): Record<string, unknown> {
  const entry = path.join(root, "components", "index.ts");
  const program = ts.createProgram([entry], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, esModuleInterop: true });
  const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
  return new Generator(program, root).schema(entry, version);
}

/** The text `schema.json` holds: the schema as indented JSON with a final newline. */
export function schemaText(root: string): string {
  return `${JSON.stringify(schemaOf(root), null, 2)}\n`;
}

if (require.main === module) {
  const root = path.resolve(__dirname, "../..");
  try {
    fs.writeFileSync(path.join(root, "schema.json"), schemaText(root));
    console.log("gen:schema: wrote schema.json");
  } catch (err) {
    if (!(err instanceof SchemaError)) throw err;
    console.error(`gen:schema: ${err.message}`);
    process.exit(1);
  }
}
