/**
 * The commands that run Pulumi stacks or read their previews: `play`, `play --down`, `preview`,
 * `generate`, `review`. Loaded only when one of them is typed (Pulumi takes a second to load).
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { ConfigObjectsArgs, ManifestClaim, ManifestError, ManifestPod, ManifestServiceArgs, allPodArgsFromManifest, claimsFromManifest, configObjectsFromManifest, publishServicePorts, serviceArgsFromManifest } from "../components";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { connect, resolveEngine } from "../components/ops";
import { NotAPreviewError, ReviewFormat, reviewFormats, reviewText } from "../components/review";
import { operationOptions } from "./automation";
import { OperationError, UsageError, errorGist } from "./errors";
import { help } from "./help";
import { capturingOutputs, plainOutputs, runInline } from "./inline-operation";
import { backendDescription, describePorts, manifestYaml, playProgram, playStack, stackNameForFile } from "./play";

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

/** A failed `review` input is an operation that failed (exit code 1). */
const reviewing =
  (command: (argv: string[]) => Promise<void>) =>
  async (argv: string[]): Promise<void> => {
    try {
      await command(argv);
    } catch (err) {
      if (err instanceof NotAPreviewError) throw new OperationError(err.message);
      throw err;
    }
  };

/** The stack commands, by name. */
export const stackCommands: Record<string, (argv: string[]) => Promise<void>> = {
  play,
  preview: reviewing(preview),
  generate,
  review: reviewing(review),
};
