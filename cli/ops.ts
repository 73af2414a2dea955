/**
 * The day-to-day commands, as kubectl users type them: `get pods`, `describe pod`, `logs`, `exec`,
 * `delete pod`. They parse flags and print; what they compute is in components/ops/.
 */
import { parseArgs } from "util";
import { stringify } from "yaml";
import type Docker from "dockerode";
import type { Pod } from "kubernetes-types/core/v1";
import {
  ContainerChoiceError,
  EngineError,
  ResolvedEngine,
  NoPreviousRunError,
  PodFacts,
  SelectorError,
  chooseContainer,
  connect,
  deleteRefusal,
  describePod,
  execIn,
  matches,
  memberName,
  parseDuration,
  parseSelector,
  podHeaders,
  podObject,
  podRow,
  readPods,
  removePod,
  resolveEngine,
  table,
  userLabels,
  watchPods,
  wideHeaders,
  writeLogs,
} from "../components/ops";
import { OperationError, UsageError } from "./errors";
import { pflagArgs } from "./kubectl-args";
import { opsHelp } from "./ops-help";

type Options = Record<string, { type: "boolean" | "string"; short?: string; multiple?: boolean }>;

/**
 * Flags every command takes: the engine (the Docker CLI's), and kubectl's namespace flags, accepted
 * and ignored (one Docker host has no namespaces: every pod is in view).
 */
const engineOptions: Options = {
  host: { type: "string", short: "H" },
  context: { type: "string" },
  namespace: { type: "string", short: "n" },
  "all-namespaces": { type: "boolean", short: "A" },
};

/** Parses a command's flags (kubectl's); the first positional is the resource type when `resource`. */
function parse(command: string, argv: string[], options: Options) {
  try {
    const all: Options = { ...options, ...engineOptions, help: { type: "boolean", short: "h" } };
    const parsed = parseArgs({ args: pflagArgs(argv, all), options: all, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message.split(/\.( |$)/)[0]}; see docker-pod ${command} --help`);
  }
}

/** Accepts kubectl's spellings of the pod resource: `pods`, `pod`, `po`, and `pod/NAME` arguments. */
function podNames(command: string, positionals: string[]): string[] {
  const [resource, ...rest] = positionals;
  const [type, first] = (resource ?? "").split("/", 2);
  if (!["pods", "pod", "po"].includes(type)) {
    throw new UsageError(`${command}: ${resource === undefined ? "missing the resource type" : `unknown resource type "${resource}"`}; docker-pod knows pods (docker-pod ${command} pods ...)`);
  }
  return [...(first ? [first] : []), ...rest.map((n) => n.replace(/^(pods?|po)\//, ""))];
}

/** The engine the command talks to, for the message when it does not answer. */
let engineInUse: ResolvedEngine = { source: "default" };

function engine(values: Record<string, unknown>): Docker {
  try {
    engineInUse = resolveEngine({ host: values.host as string | undefined, context: values.context as string | undefined });
    return connect(engineInUse);
  } catch (err) {
    if (err instanceof EngineError) throw new UsageError(err.message);
    throw err;
  }
}

function selector(values: Record<string, unknown>) {
  try {
    return parseSelector((values.selector as string | undefined) ?? "");
  } catch (err) {
    if (err instanceof SelectorError) throw new UsageError(`unable to parse requirement: ${err.message}`);
    throw err;
  }
}

/** Pods by name (every one when no name), filtered by the selector; names not found are reported. */
async function find(docker: Docker, names: string[], values: Record<string, unknown>, volumes = false): Promise<{ pods: PodFacts[]; missing: string[] }> {
  const sel = selector(values);
  const pods = (await readPods(docker, { names, volumes })).filter((p) => matches(sel, userLabels(p.pause)));
  return { pods, missing: names.filter((n) => !pods.some((p) => p.name === n)) };
}

const notFound = (names: string[]) => names.map((n) => `Error from server (NotFound): pods "${n}" not found`).join("\n");

/** The one pod NAME names (logs, exec). */
async function onePod(docker: Docker, name: string, volumes = false): Promise<PodFacts> {
  const pods = await readPods(docker, { names: [name], volumes });
  if (pods.length === 0) throw new OperationError(notFound([name]).replace(/^Error from server \(NotFound\): /, ""));
  if (pods.length > 1) {
    throw new OperationError(`${pods.length} pods are named ${name} (pause containers ${pods.map((p) => p.pause.Id.slice(0, 12)).join(", ")}); stop one, or use docker directly`);
  }
  return pods[0];
}

function printObjects(format: string, objects: Pod[], single: boolean): void {
  const doc = single && objects.length === 1 ? objects[0] : { apiVersion: "v1", kind: "List", items: objects, metadata: { resourceVersion: "" } };
  // kubectl's YAML comes through JSON, with every map's keys sorted.
  process.stdout.write(format === "json" ? `${JSON.stringify(doc, null, 4)}\n` : stringify(doc, { sortMapEntries: true }));
}

async function get(argv: string[]): Promise<void> {
  const a = parse("get", argv, { selector: { type: "string", short: "l" }, output: { type: "string", short: "o" }, watch: { type: "boolean", short: "w" } });
  if (a.values.help) return void console.log(opsHelp.get);
  const names = podNames("get", a.positionals);
  const format = (a.values.output as string | undefined) ?? "";
  if (!["", "wide", "json", "yaml", "name"].includes(format)) {
    throw new UsageError(`unable to match a printer suitable for the output format "${format}", allowed formats are: json,name,wide,yaml`);
  }
  const docker = engine(a.values);
  const wide = format === "wide";
  const objects = format === "json" || format === "yaml";
  const { pods, missing } = await find(docker, names, a.values, objects);
  const now = new Date();
  const headers = wide ? wideHeaders : podHeaders;
  if (objects) printObjects(format, pods.map(podObject), names.length === 1 && !a.values.watch);
  else if (format === "name") process.stdout.write(pods.map((p) => `pod/${p.name}\n`).join(""));
  else if (pods.length) process.stdout.write(table([headers, ...pods.map((p) => podRow(p, now, wide))]));
  if (missing.length) console.error(notFound(missing));
  else if (!pods.length && !a.values.watch && names.length === 0) console.error("No resources found.");
  if (!a.values.watch) {
    if (missing.length) throw new OperationError("");
    return;
  }
  // kubectl prints a changed pod's row again (same columns; the header only once).
  const sel = selector(a.values);
  const last = new Map(pods.map((p) => [p.pause.Id, JSON.stringify(podRow(p, now, wide).filter((_, i) => i !== 4))]));
  let headerShown = pods.length > 0;
  await watchPods(docker, { names, volumes: objects }, (_, changed) => {
    const t = new Date();
    for (const p of changed.filter((x) => matches(sel, userLabels(x.pause)))) {
      const row = podRow(p, t, wide);
      const key = JSON.stringify(row.filter((_, i) => i !== 4));
      if (last.get(p.pause.Id) === key) continue;
      last.set(p.pause.Id, key);
      if (objects) printObjects(format, [podObject(p)], true);
      else if (format === "name") process.stdout.write(`pod/${p.name}\n`);
      else {
        const lines = table([headers, row]).split("\n");
        process.stdout.write(`${headerShown ? "" : `${lines[0]}\n`}${lines[1]}\n`);
        headerShown = true;
      }
    }
  });
}

async function describe(argv: string[]): Promise<void> {
  const a = parse("describe", argv, { selector: { type: "string", short: "l" } });
  if (a.values.help) return void console.log(opsHelp.describe);
  const names = podNames("describe", a.positionals);
  const docker = engine(a.values);
  const { pods, missing } = await find(docker, names, a.values, true);
  const now = new Date();
  process.stdout.write(pods.map((p) => describePod(p, now)).join("\n\n"));
  if (missing.length) {
    console.error(notFound(missing));
    throw new OperationError("");
  }
  if (!pods.length) console.error("No resources found.");
}

async function logs(argv: string[]): Promise<void> {
  const a = parse("logs", argv, {
    container: { type: "string", short: "c" },
    follow: { type: "boolean", short: "f" },
    previous: { type: "boolean", short: "p" },
    tail: { type: "string" },
    since: { type: "string" },
    "all-containers": { type: "boolean" },
    timestamps: { type: "boolean" },
  });
  if (a.values.help) return void console.log(opsHelp.logs);
  // kubectl's older form `logs NAME CONTAINER` still works there.
  if (a.positionals.length < 1 || a.positionals.length > 2) throw new UsageError(`logs: expected one pod NAME (and at most a CONTAINER), got ${a.positionals.length}; see docker-pod logs --help`);
  if (a.positionals.length === 2 && a.values.container) throw new UsageError("logs: only one of -c or an inline container name is allowed");
  const name = a.positionals[0].replace(/^(pods?|po)\//, "");
  const container = (a.values.container as string | undefined) ?? a.positionals[1];
  const tail = a.values.tail === undefined ? -1 : Number(a.values.tail);
  if (!Number.isInteger(tail) || tail < -1) throw new UsageError(`logs: --tail must be a whole number (-1: all), not "${a.values.tail}"`);
  let sinceMs: number | undefined;
  try {
    sinceMs = a.values.since === undefined ? undefined : parseDuration(a.values.since as string);
  } catch (err) {
    throw new UsageError(`logs: --since: ${(err as Error).message}`);
  }
  if (a.values["all-containers"] && container) throw new UsageError("logs: --all-containers and --container cannot be used together");
  const docker = engine(a.values);
  const pod = await onePod(docker, name);
  const opts = { follow: !!a.values.follow, previous: !!a.values.previous, tail, sinceMs, timestamps: !!a.values.timestamps };
  try {
    if (a.values["all-containers"]) {
      const all = [...pod.inits, ...pod.members];
      if (opts.follow) await Promise.all(all.map((c) => writeLogs(docker, pod, c, opts, process.stdout)));
      else for (const c of all) await writeLogs(docker, pod, c, opts, process.stdout);
      return;
    }
    await writeLogs(docker, pod, chooseContainer(pod, container), opts, process.stdout);
  } catch (err) {
    if (err instanceof ContainerChoiceError || err instanceof NoPreviousRunError) throw new OperationError(err.message);
    throw err;
  }
}

/** `exec NAME [flags] -- COMMAND…`: the command is everything after `--`. */
async function exec(argv: string[]): Promise<number> {
  const dash = argv.indexOf("--");
  const a = parse("exec", dash < 0 ? argv : argv.slice(0, dash), {
    container: { type: "string", short: "c" },
    stdin: { type: "boolean", short: "i" },
    tty: { type: "boolean", short: "t" },
  });
  if (a.values.help) {
    console.log(opsHelp.exec);
    return 0;
  }
  const command = dash < 0 ? a.positionals.slice(1) : argv.slice(dash + 1);
  if (a.positionals.length < 1 || (dash >= 0 && a.positionals.length !== 1)) throw new UsageError("exec: expected a pod NAME, then -- COMMAND; see docker-pod exec --help");
  if (command.length === 0) throw new UsageError("exec: you must specify at least one command for the container (after --)");
  const docker = engine(a.values);
  const pod = await onePod(docker, a.positionals[0].replace(/^(pods?|po)\//, ""));
  let c;
  try {
    c = chooseContainer(pod, a.values.container as string | undefined);
  } catch (err) {
    throw new OperationError((err as Error).message);
  }
  let tty = !!a.values.tty;
  if (tty && !process.stdin.isTTY) {
    console.error("Unable to use a TTY - input is not a terminal or the right kind of file");
    tty = false;
  }
  let code: number;
  try {
    code = await execIn(docker, c, pod.name, { command, stdin: !!a.values.stdin, tty }, process);
  } catch (err) {
    throw new OperationError(`exec in ${memberName(c)} of pod ${pod.name}: ${(err as Error).message}`);
  }
  if (code !== 0) console.error(`command terminated with exit code ${code}`);
  return code;
}

async function del(argv: string[]): Promise<void> {
  const a = parse("delete", argv, {});
  if (a.values.help) return void console.log(opsHelp.delete);
  const names = podNames("delete", a.positionals);
  if (!names.length) throw new UsageError("delete: resource(s) were provided, but no name was specified");
  const docker = engine(a.values);
  const { pods, missing } = await find(docker, names, {});
  const refusals = pods.map(deleteRefusal).filter((r): r is string => r !== undefined);
  if (refusals.length) throw new OperationError(refusals.join("\n"));
  for (const p of pods) {
    await removePod(docker, p);
    console.log(`pod "${p.name}" deleted`);
  }
  if (missing.length) {
    console.error(notFound(missing));
    throw new OperationError("");
  }
}

/** An engine that does not answer is said as the Docker CLI says it, naming the engine and where it came from. */
function reachable(command: (argv: string[]) => Promise<number>): (argv: string[]) => Promise<number> {
  return async (argv) => {
    try {
      return await command(argv);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { address?: string; host?: string };
      if (e.syscall !== "connect" && e.syscall !== "getaddrinfo") throw err;
      const at = engineInUse.host ?? "unix:///var/run/docker.sock";
      throw new OperationError(`Cannot connect to the Docker daemon at ${at} (${engineInUse.source}): ${e.message}. Is the docker daemon running?`);
    }
  };
}

/** The commands, each resolving with its exit status. */
export const opsCommands: Record<string, (argv: string[]) => Promise<number>> = {
  get: reachable(async (argv) => (await get(argv), 0)),
  describe: reachable(async (argv) => (await describe(argv), 0)),
  logs: reachable(async (argv) => (await logs(argv), 0)),
  exec: reachable(exec),
  delete: reachable(async (argv) => (await del(argv), 0)),
};
