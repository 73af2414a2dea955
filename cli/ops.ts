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
import { OperationError, UsageError } from "./play";

type Options = Record<string, { type: "boolean" | "string"; short?: string; multiple?: boolean }>;

const engineOptions: Options = { host: { type: "string", short: "H" }, context: { type: "string" } };

const engineHelp = `  -H, --host HOST    the Docker engine (unix:///path, tcp://host:port, ssh://user@host); default:
                     DOCKER_HOST, else the Docker CLI's context (DOCKER_CONTEXT, ~/.docker), else
                     the local socket
  --context NAME     the Docker CLI context to use
  -h, --help         show this help`;

const exitHelp = "Exit status: 0 success, 1 a pod or container not found or the operation failed, 2 a usage error.";

export const opsHelp: Record<string, string> = {
  get: `Usage: docker-pod get pods [NAME...] [-l SELECTOR] [-o wide|json|yaml|name] [-w]

Lists the pods on the engine (every docker-pod pod, from a Pulumi stack in any language or from
\`play\`), as kubectl get pods does:

  NAME      the pod's name
  READY     members whose readiness holds (Docker health check healthy, or running without a
            readinessProbe) / members
  STATUS    Kubernetes' words: Running, Pending, Init:1/2, CrashLoopBackOff, Error, Completed,
            OOMKilled, Terminating…
  RESTARTS  every restart the podlet made (and Docker's own, with selfHealing: false), with the
            last one's age: 2 (5m ago)
  AGE       since the pod's pause container was created
  -o wide adds IP (the pod's), PORTS (what it publishes) and ENGINE (the Docker engine's name).

Options:
  -l, --selector SELECTOR  only pods whose labels match (app=web, tier!=db, env in (a,b), !canary)
  -o, --output FORMAT      wide, json, yaml (Kubernetes Pod objects with their status; a List
                           unless one NAME is given) or name (pod/NAME)
  -w, --watch              after the list, print a pod again each time it changes (Ctrl-C ends)
${engineHelp}

${exitHelp}`,
  describe: `Usage: docker-pod describe pod [NAME...] [-l SELECTOR]

Shows a pod as kubectl describe pod does: its spec summary, each container's state and last state
(reason, exit code, times), restart count, probes, mounts, conditions, volumes, and its Events:
what the podlet did and why (pause died → started again in N ms, a member exited → restarted after
back-off, liveness failed 3 times → restarted…), oldest first, with their ages. The events are
the podlet's log, which Docker keeps across the podlet's own restarts. Without NAME: every pod.

Options:
  -l, --selector SELECTOR  only pods whose labels match
${engineHelp}

${exitHelp}`,
  logs: `Usage: docker-pod logs NAME [-c CONTAINER] [-f] [--previous] [--tail N] [--since D]
                       [--all-containers] [--timestamps]

Prints a container's output: the current run (since its last start), or with --previous the run
before it (Docker keeps one log per container across restarts; runs are told apart by the
podlet's starts and Docker's StartedAt). CONTAINER defaults to the pod's only member.

Options:
  -c, --container NAME  the member (or init container)
  -f, --follow          keep printing until the container stops
  -p, --previous        the previous run's output
  --tail N              only the last N lines (default -1: all)
  --since D             only lines newer than D (30s, 5m, 1h)
  --all-containers      every container of the pod, init containers first
  --timestamps          prefix each line with its RFC 3339 time
${engineHelp}

${exitHelp}`,
  exec: `Usage: docker-pod exec NAME [-c CONTAINER] [-i] [-t] -- COMMAND [ARG...]

Runs COMMAND in a running member of the pod (Docker exec) and exits with its exit status.
CONTAINER defaults to the pod's only member.

Options:
  -c, --container NAME  the member
  -i, --stdin           pass standard input to the command
  -t, --tty             allocate a terminal (when standard input is one)
${engineHelp}

Exit status: COMMAND's; 1 the pod or container was not found or not running, 2 a usage error.`,
  delete: `Usage: docker-pod delete pod NAME...

Pods that a Pulumi stack made (every Pod component and every \`play\`: their containers carry the
label org.docker-pod.stack=<project>/<stack>) belong to that stack: deleting them here is refused,
with the command that removes them (docker-pod play --down FILE, or pulumi destroy). A pod with no
stack (made by hand with the pod labels, or left behind when its stack's state was lost) is
removed: podlet, members (stopped with their grace period), init containers, pause, volumes.

Options:
${engineHelp}

${exitHelp}`,
};

/** Parses a command's flags (kubectl's); the first positional is the resource type when `resource`. */
function parse(command: string, argv: string[], options: Options) {
  try {
    const parsed = parseArgs({ args: argv, options: { ...options, ...engineOptions, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
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

function engine(values: Record<string, unknown>): Docker {
  try {
    return connect(resolveEngine({ host: values.host as string | undefined, context: values.context as string | undefined }));
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
  if (a.positionals.length !== 1) throw new UsageError(`logs: expected one pod NAME, got ${a.positionals.length}; see docker-pod logs --help`);
  const name = a.positionals[0].replace(/^(pods?|po)\//, "");
  const tail = a.values.tail === undefined ? -1 : Number(a.values.tail);
  if (!Number.isInteger(tail) || tail < -1) throw new UsageError(`logs: --tail must be a whole number (-1: all), not "${a.values.tail}"`);
  let sinceMs: number | undefined;
  try {
    sinceMs = a.values.since === undefined ? undefined : parseDuration(a.values.since as string);
  } catch (err) {
    throw new UsageError(`logs: --since: ${(err as Error).message}`);
  }
  if (a.values["all-containers"] && a.values.container) throw new UsageError("logs: --all-containers and --container cannot be used together");
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
    await writeLogs(docker, pod, chooseContainer(pod, a.values.container as string | undefined), opts, process.stdout);
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

/** The commands, each resolving with its exit status. */
export const opsCommands: Record<string, (argv: string[]) => Promise<number>> = {
  get: async (argv) => (await get(argv), 0),
  describe: async (argv) => (await describe(argv), 0),
  logs: async (argv) => (await logs(argv), 0),
  exec,
  delete: async (argv) => (await del(argv), 0),
};
