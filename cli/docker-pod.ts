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
 *
 * Each command loads only what it needs: the ops commands talk to Docker and load no Pulumi.
 */
import "./compile-cache";
import "./pulumi-version";
import * as fs from "fs";
import * as path from "path";
import { OperationError, UsageError, errorGist } from "./errors";
import { help } from "./help";
import { opsHelp } from "./ops-help";

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

const opsNames = ["get", "describe", "logs", "exec", "delete"];
const stackNames = ["play", "preview", "generate", "review"];

/**
 * The Docker CLI's global engine flags, typed before the command (`docker-pod -H HOST get pods`,
 * `docker-pod --context NAME logs web`): moved behind the command, which takes them as its own.
 */
function globalEngineFlags(argv: string[]): { flags: string[]; rest: string[] } {
  const flags: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (/^(--host|--context)=/.test(a) || /^-H./.test(a)) flags.push(a);
    else if (a === "--host" || a === "-H" || a === "--context") {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value; see docker-pod --help`);
      flags.push(a, argv[++i]);
    } else break;
  }
  return { flags, rest: argv.slice(i) };
}

async function main(argv: string[]): Promise<number> {
  try {
    const { flags, rest: args } = globalEngineFlags(argv);
    const [command, ...rest] = args;
    if (command === "-h" || command === "--help" || command === "help") {
      console.log(rest[0] && help[rest[0]] && rest[0] !== "main" ? help[rest[0]] : help.main);
      return 0;
    }
    if (command === "--version") {
      console.log(version());
      return 0;
    }
    if (command === undefined) throw new UsageError("missing COMMAND; see docker-pod --help");
    if (opsNames.includes(command)) {
      const { opsCommands } = await import("./ops");
      // Before `--`: exec's command is everything after it.
      return await opsCommands[command]([...flags, ...rest]);
    }
    if (!stackNames.includes(command)) {
      throw new UsageError(`unknown command "${command}"; use play, preview, generate or review, or get, describe, logs, exec, delete (docker-pod --help)`);
    }
    if (flags.length) throw new UsageError(`${flags[0].replace(/=.*/, "")} goes with get, describe, logs, exec and delete; ${command} uses the engine DOCKER_HOST names`);
    const { stackCommands } = await import("./stack-commands");
    await stackCommands[command](rest);
    return 0;
  } catch (err) {
    const code = err instanceof UsageError ? 2 : 1;
    const message = err instanceof UsageError || err instanceof OperationError ? err.message : errorGist(err);
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
