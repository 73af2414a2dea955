#!/usr/bin/env node
/**
 * The `docker-pod` command line (`podman kube play` for a plain Docker engine, through Pulumi):
 *
 *   docker-pod play FILE           bring the pods of a Kubernetes manifest up (one stack per file)
 *   docker-pod play --down FILE    remove them, and the stack
 *   docker-pod preview FILE        show what `play` would change
 *   docker-pod generate STACK      print the Kubernetes manifest of a played stack
 *   docker-pod get pods | describe pod | logs | exec | delete pod   operate pods, as with kubectl
 *   docker-pod review [FILE]       review a `pulumi preview --json` (or its engine events): what restarts
 *
 * Exit status: 0 success, 1 the operation failed, 2 a usage error or a manifest that cannot be read
 * (`exec`: the command's; `review`: 0, or 1 when the input is not a preview).
 */
import "./compile-cache";
import "./pulumi-version";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { ConfigObjectsArgs, ManifestClaim, ManifestError, ManifestPod, ManifestServiceArgs, allPodArgsFromManifest, claimsFromManifest, configObjectsFromManifest, publishServicePorts, serviceArgsFromManifest } from "../components";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { connect, resolveEngine } from "../components/ops";
import { NotAPreviewError, ReviewFormat, reviewFormats, reviewText } from "../components/review";
import { defaultPassphrase, operationOptions } from "./automation";
import { capturingOutputs, plainOutputs, runInline } from "./inline-operation";
import {
  OperationError,
  UsageError,
  backendDescription,
  describePorts,
  errorGist,
  manifestYaml,
  playProgram,
  playStack,
  stackNameForFile,
} from "./play";
import { opsCommands, opsHelp } from "./ops";

const environment = `Environment:
  PULUMI_BACKEND_URL        where the stacks are kept (default: file://$PWD/.pulumi)
  PULUMI_CONFIG_PASSPHRASE  passphrase of stack secrets (default: ${defaultPassphrase}; local use only)

Exit status: 0 success, 1 the operation failed, 2 a usage error or an unreadable or invalid manifest.`;

const stackOption = `  --stack NAME   the stack to use (default: FILE's name without .yaml/.yml/.json, e.g. web.yaml → web)`;

const reviewHelp = `Usage: docker-pod review [--format FORMAT] [FILE | --event-log FILE]

Reviews a Pulumi preview of any stack that uses Pod (any language): per pod, what changes at the
PodSpec level, which containers are created, updated in place, replaced or deleted, whether the
whole pod restarts (its pause container is replaced) and which change forces it, the expected
interruption (docker-pod's measured restart times), then the totals. Secret values never appear.

FILE (default: standard input; - too) is one of:
  the JSON of \`pulumi preview --json\`
  the engine event log of \`pulumi preview --event-log FILE\` (JSON lines; the Pulumi CLI takes
    that flag when PULUMI_DEBUG_COMMANDS=true is set, as the Automation API does)
  the engine events of an Automation API preview (\`onEvent\`), as JSON lines or a JSON array

Options:
  --format FORMAT  markdown (default: a pull-request comment), text, or json:
                   { "pods": [ { "name", "action", "podRestarts", "reasons", "containers":
                   [ { "name", "action", "changes" } ], "volumes", "interruption" } ], "totals" }
  --event-log FILE the same as FILE, named as with \`pulumi preview --event-log FILE\`
  -h, --help       show this help

Exit status: 0 the review was printed; 1 the input is not a preview (or cannot be read);
2 a usage error.`;

const help: Record<string, string> = {
  main: `Usage: docker-pod COMMAND [options]

Kubernetes Pod manifests on a plain Docker engine, through Pulumi (one stack per manifest file).

Commands:
  play FILE          bring the pods of FILE up, streaming Pulumi's progress
  play --down FILE   remove what \`play FILE\` made, and its stack (claims' volumes are kept
                     unless --force is given)
  preview FILE       show what \`play FILE\` would change
  generate STACK     print the Kubernetes manifest of a played stack as YAML
  review [FILE]      review a Pulumi preview of any stack using Pod: what restarts, why, how long

Operating pods (any docker-pod pod on the engine, from any stack or play; kubectl's flags):
  get pods [NAME...]      NAME READY STATUS RESTARTS AGE (-o wide|json|yaml|name, -l, -w)
  describe pod NAME       state, last state, probes, volumes and the podlet's events
  logs NAME               a container's output (-c, -f, --previous, --tail, --since, ...)
  exec NAME -- COMMAND    run COMMAND in a member; exits with its status
  delete pod NAME         only pods no Pulumi stack owns (else: play --down / pulumi destroy)
  These use the Docker engine of --host, else --context, else DOCKER_HOST, as the Docker CLI.

Options:
  -h, --help         show help (\`docker-pod COMMAND --help\` for a command)
  --version          print docker-pod's version

FILE is YAML or JSON: Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets or Jobs (one replica
each), and the ConfigMaps their configMap volumes name.

${environment}`,
  play: `Usage: docker-pod play [--stack NAME] [--configmap FILE2]... FILE
       docker-pod play --down [--force] [--stack NAME] FILE

Brings the pods of the Kubernetes manifest FILE up as one Pulumi stack (created when missing,
updated when FILE changed), streaming Pulumi's progress, then prints the ports each pod publishes.
Fields with no meaning on one Docker host are ignored with a warning; any other field docker-pod
cannot honour makes it stop before anything changes.

PersistentVolumeClaim documents become named Docker volumes (named after the claim) that outlive
the stack: \`play --down\` keeps them, so the next \`play\` finds the data again.

A ConfigMap or Secret the pods refer to (env, envFrom, volumes) comes from FILE, else from a
--configmap file; one that neither holds (and is not optional) stops play before anything
changes, every missing one named at once. In a cluster you would \`kubectl create secret\` it;
here you give it in a --configmap file.

Options:
  --configmap FILE2  a file of ConfigMap and/or Secret documents the pods refer to (repeatable;
                 FILE's own documents of the same name win)
  --down         remove the pods instead (destroy), then the stack; only FILE's name is used
  --force        with --down: also remove the Docker volumes of the claims (podman kube down --force)
${stackOption}
  -h, --help     show this help

${environment}`,
  preview: `Usage: docker-pod preview [--stack NAME] [--configmap FILE2]... [--review [--format FORMAT]] FILE

Shows what \`docker-pod play FILE\` would create, change or remove, field by field. Changes nothing
(a stack it had to create for the preview is removed again).

Options:
${stackOption}
  --configmap FILE2  ConfigMaps and Secrets the pods refer to, as with play (repeatable)
  --review           print the review of the preview instead (see docker-pod review --help):
                     per pod, what restarts, why, and the expected interruption
  --format FORMAT    with --review: markdown (default), text or json
  -h, --help         show this help

${environment}`,
  review: reviewHelp,
  generate: `Usage: docker-pod generate STACK

Prints the Kubernetes manifest of the pods a \`docker-pod play\` made in STACK (the stack name
\`play\` derives from the file: web.yaml → web), as YAML documents: ConfigMaps, then Pods.
Secrets are not printed (their values stay secret): the pods refer to them by name, and a line
on stderr names them; keep your own Secret documents beside the output.

Options:
  -h, --help     show this help

${environment}`,
};


const onOutput = (out: string): void => {
  process.stdout.write(out);
};

/** Parses a command's options; unknown options and wrong positional counts are usage errors. */
function parse(command: string, argv: string[], options: Record<string, { type: "boolean" | "string"; short?: string; multiple?: boolean }>, positional: string) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs: "Unknown option '--x'. To specify a positional argument ...": keep the first sentence.
    throw new UsageError(`${command}: ${(err as Error).message.split(/\.( |$)/)[0]}; see docker-pod ${command} --help`);
  }
  if (parsed.values.help) return undefined;
  if (parsed.positionals.length !== 1) {
    const what = parsed.positionals.length === 0 ? `missing ${positional}` : `expected one ${positional}, got ${parsed.positionals.length}`;
    throw new UsageError(`${command}: ${what}; see docker-pod ${command} --help`);
  }
  return { values: parsed.values as Record<string, string | boolean | string[] | undefined>, arg: parsed.positionals[0] };
}

/** A file's text; an unreadable file is a usage error. */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
}

/**
 * The ConfigMaps and Secrets of the `--configmap` files (podman kube play's flag), a later file's
 * object over an earlier one's of the same kind and name.
 */
function readConfigObjects(files: string[]): ConfigObjectsArgs {
  const all: ConfigObjectsArgs = { configMaps: {}, secrets: {} };
  for (const file of files) {
    try {
      const objects = configObjectsFromManifest(readText(file));
      Object.assign(all.configMaps, objects.configMaps);
      Object.assign(all.secrets, objects.secrets);
    } catch (err) {
      if (err instanceof ManifestError) throw new UsageError(`--configmap ${file}: ${err.message}`);
      throw err;
    }
  }
  return all;
}

/**
 * The pods, claims and Services of a manifest file, the ConfigMaps and Secrets it names but does
 * not hold taken from the `--configmap` files. An unreadable or invalid file, or a reference to a
 * ConfigMap or Secret that none of them holds (every one, of every pod, at once), is a usage error.
 */
function readManifest(
  file: string,
  configMapFiles: string[] = [],
  missingObjects: "warn" | "refuse" = "refuse",
): { pods: ManifestPod[]; claims: ManifestClaim[]; services: ManifestServiceArgs[] } {
  const text = readText(file);
  const configObjects = readConfigObjects(configMapFiles);
  try {
    const pods = allPodArgsFromManifest(text, { configObjects, missingObjects });
    const services = serviceArgsFromManifest(text, pods);
    return { pods: publishServicePorts(pods, services), claims: claimsFromManifest(text), services };
  } catch (err) {
    if (err instanceof ManifestError) {
      const missing = err.problems.some((p) => / not found; /.test(p.message) && /\.(name|secretName)$/.test(p.path));
      const hint = missing ? "\n  give the missing ConfigMaps and Secrets in a file of ConfigMap/Secret documents with --configmap FILE (in a cluster: kubectl create secret/configmap)" : "";
      throw new UsageError(`${file}: ${err.message}${hint}`);
    }
    throw err;
  }
}

/** The `--configmap` values (repeatable). */
const configMapFiles = (values: Record<string, unknown>): string[] => (values.configmap as string[] | undefined) ?? [];

async function play(argv: string[]): Promise<void> {
  const a = parse("play", argv, { down: { type: "boolean" }, force: { type: "boolean" }, stack: { type: "string" }, configmap: { type: "string", multiple: true } }, "FILE");
  if (!a) return void console.log(help.play);
  const stackName = (a.values.stack as string | undefined) ?? stackNameForFile(a.arg);
  if (a.values.force && !a.values.down) throw new UsageError("play: --force goes with --down; see docker-pod play --help");
  if (a.values.configmap && a.values.down) throw new UsageError("play: --configmap does not go with --down; see docker-pod play --help");
  if (a.values.down) {
    const stack = await playStack(stackName, async () => undefined, false);
    const claims = [...new Set([...(((await plainOutputs(stack)).claims ?? []) as string[]), ...claimsOfFile(a.arg)])];
    await run("play --down", () => runInline(stack, "destroy", { onOutput, remove: true }));
    if (a.values.force) {
      for (const claim of claims) await removeVolume(claim);
    }
    const kept = claims.length && !a.values.force ? ` Kept the claims' volumes (${claims.join(", ")}); --force removes them.` : "";
    const removed = claims.length && a.values.force ? ` Removed the claims' volumes (${claims.join(", ")}).` : "";
    console.log(`\nRemoved the pods of stack ${stackName}, and the stack.${kept}${removed}`);
    return;
  }
  const { pods, claims, services } = readManifest(a.arg, configMapFiles(a.values));
  let published: Parameters<typeof describePorts>[0] = {};
  const program = capturingOutputs(playProgram(pods, claims, services), (outputs) => (published = outputs.pods ?? {}));
  const stack = await playStack(stackName, program, true);
  await run("play", () => runInline(stack, "up", { onOutput }));
  console.log(`\nStack ${stackName} (${backendDescription()}):`);
  for (const line of describePorts(published)) console.log(`  ${line}`);
}

/** The value of `--format`; anything else is a usage error. */
function reviewFormat(command: string, value: string | boolean | undefined): ReviewFormat {
  const format = (value ?? "markdown") as ReviewFormat;
  if (!reviewFormats.includes(format)) {
    throw new UsageError(`${command}: --format must be one of ${reviewFormats.join(", ")}, not "${value}"`);
  }
  return format;
}

async function preview(argv: string[]): Promise<void> {
  const a = parse("preview", argv, { stack: { type: "string" }, review: { type: "boolean" }, format: { type: "string" }, configmap: { type: "string", multiple: true } }, "FILE");
  if (!a) return void console.log(help.preview);
  if (a.values.format !== undefined && !a.values.review) throw new UsageError("preview: --format goes with --review; see docker-pod preview --help");
  const format = a.values.review ? reviewFormat("preview", a.values.format as string | undefined) : undefined;
  const stackName = (a.values.stack as string | undefined) ?? stackNameForFile(a.arg);
  const { pods, claims, services } = readManifest(a.arg, configMapFiles(a.values));
  // Pulumi's diff display leaves out diagnostics: say what is ignored here.
  for (const warning of [...claims, ...pods, ...services].flatMap((p) => p.warnings)) console.error(`docker-pod: warning: ${a.arg}: ${warning}`);
  // Select first (one CLI call when the stack exists); create only when it does not.
  const program = playProgram(pods, claims, services);
  let existed = true;
  const stack = await playStack(stackName, program, false).catch((err: unknown) => {
    if (!(err instanceof OperationError)) throw err;
    existed = false;
    return playStack(stackName, program, true);
  });
  try {
    if (format) {
      // The engine events of the preview are the review's input (no language host needed).
      const events: EngineEvent[] = [];
      await run("preview", () => stack.preview({ onEvent: (e) => events.push(e), ...operationOptions }));
      process.stdout.write(reviewText(events, format));
    } else {
      await run("preview", () => stack.preview({ onOutput, diff: true, ...operationOptions }));
    }
  } finally {
    if (!existed) await stack.workspace.removeStack(stackName);
  }
}

/** The input of `review`: FILE, or standard input. Unreadable input is not a preview (exit 1). */
async function readReviewInput(file: string | undefined): Promise<string> {
  if (file === undefined || file === "-") {
    // A stream, not readFileSync(0): a pipe's non-blocking end can answer EAGAIN to a sync read.
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NotAPreviewError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
}

async function review(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { format: { type: "string" }, "event-log": { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`review: ${(err as Error).message.split(/\.( |$)/)[0]}; see docker-pod review --help`);
  }
  if (parsed.values.help) return void console.log(help.review);
  const eventLog = parsed.values["event-log"];
  const files = [...(eventLog !== undefined ? [eventLog] : []), ...parsed.positionals];
  if (files.length > 1) throw new UsageError(`review: expected at most one FILE (or --event-log FILE), got ${files.length}; see docker-pod review --help`);
  const format = reviewFormat("review", parsed.values.format);
  process.stdout.write(reviewText(await readReviewInput(files[0]), format));
}

async function generate(argv: string[]): Promise<void> {
  const a = parse("generate", argv, {}, "STACK");
  if (!a) return void console.log(help.generate);
  const stack = await playStack(a.arg, async () => undefined, false);
  const outputs = await stack.outputs();
  if (!outputs.manifest?.value) {
    throw new OperationError(`stack ${a.arg} has no manifest output; bring it up with docker-pod play first`);
  }
  process.stdout.write(manifestYaml(outputs.manifest.value));
  const secrets: string[] = outputs.secretNames?.value ?? [];
  if (secrets.length > 0) {
    process.stderr.write(`docker-pod: the pods refer to Secret${secrets.length === 1 ? "" : "s"} ${secrets.join(", ")}: not printed, their values stay secret; keep your own Secret documents beside this manifest\n`);
  }
}

/**
 * The claims FILE names (its claim documents and the claims its pods mount), when it can still be
 * read: with the stack's `claims` output, what `play --down` keeps or `--force` removes (a failed
 * `play` leaves no outputs).
 */
function claimsOfFile(file: string): string[] {
  try {
    // Its ConfigMaps and Secrets do not matter here.
    const { pods, claims } = readManifest(file, [], "warn");
    return [
      ...claims.map((c) => c.name),
      ...pods.flatMap((p) => (p.args.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []))),
    ];
  } catch {
    return [];
  }
}

/**
 * Removes a claim's Docker volume through the Docker API (no docker CLI needed), on the engine
 * `DOCKER_HOST` names, as the stack's docker provider does (unset: the Docker CLI's current
 * context, else the local socket); a missing one is fine.
 */
async function removeVolume(name: string): Promise<void> {
  try {
    await connect(resolveEngine({})).getVolume(name).remove();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return;
    throw new OperationError(`cannot remove the volume of claim ${name}: ${(err as Error).message}`);
  }
}

/** Runs a Pulumi operation; its failure (already streamed) becomes a one-line OperationError. */
async function run<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw new OperationError(`${what} failed: ${errorGist(err)}`);
  }
}

function version(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "docker-pod") return pkg.version ?? "unknown";
    }
  }
  return "unknown";
}

Object.assign(help, opsHelp);

const commands: Record<string, (argv: string[]) => Promise<void>> = { play, preview, generate, review };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "-h" || command === "--help" || command === "help") {
    console.log(rest[0] && help[rest[0]] && rest[0] !== "main" ? help[rest[0]] : help.main);
    return 0;
  }
  if (command === "--version") {
    console.log(version());
    return 0;
  }
  try {
    if (command === undefined) throw new UsageError("missing COMMAND; see docker-pod --help");
    if (Object.prototype.hasOwnProperty.call(opsCommands, command)) return await opsCommands[command](rest);
    if (!Object.prototype.hasOwnProperty.call(commands, command)) {
      throw new UsageError(`unknown command "${command}"; use play, preview, generate or review, or get, describe, logs, exec, delete (docker-pod --help)`);
    }
    await commands[command](rest);
    return 0;
  } catch (err) {
    const code = err instanceof UsageError ? 2 : 1;
    const message = err instanceof UsageError || err instanceof OperationError || err instanceof NotAPreviewError ? err.message : errorGist(err);
    // An empty message: the command printed its errors already (kubectl's NotFound lines).
    if (message) console.error(`docker-pod: ${message}`);
    return code;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`docker-pod: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
