/**
 * Which Docker engine the operations talk to, by the Docker CLI's own rules: `--host` (`-H`),
 * else `--context`, else `DOCKER_HOST`, else `DOCKER_CONTEXT`, else the current context of the
 * Docker CLI's config (`$DOCKER_CONFIG/config.json`, default `~/.docker`), else the local socket.
 * A context's endpoint comes from `contexts/meta/<sha256 of its name>/meta.json`, its TLS files
 * from `contexts/tls/<sha256>/docker/`. The connection itself is dockerode's (docker-modem reads
 * `DOCKER_HOST`, `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH` as the Docker CLI does).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Docker from "dockerode";

/** What the user chose on the command line. */
export interface EngineChoice {
  host?: string;
  context?: string;
}

/** The engine resolved: `host` in `DOCKER_HOST` syntax (absent: the local socket), TLS files, and why. */
export interface ResolvedEngine {
  host?: string;
  certPath?: string;
  /** Where the choice came from, for messages: `--host`, `DOCKER_HOST`, `context "x"`, `default`. */
  source: string;
}

/** An engine that cannot be resolved (conflicting flags, an unknown context). */
export class EngineError extends Error {}

/** Resolves the engine as the Docker CLI does. */
export function resolveEngine(choice: EngineChoice, env: NodeJS.ProcessEnv = process.env): ResolvedEngine {
  if (choice.host && choice.context) throw new EngineError("conflicting options: either specify --host or --context, not both");
  if (choice.host) return { host: choice.host, source: "--host" };
  const configDir = env.DOCKER_CONFIG || path.join(os.homedir(), ".docker");
  let context = choice.context;
  if (!context) {
    if (env.DOCKER_HOST) return { host: env.DOCKER_HOST, certPath: env.DOCKER_CERT_PATH, source: "DOCKER_HOST" };
    context = env.DOCKER_CONTEXT || currentContext(configDir);
  }
  if (!context || context === "default") return { source: "default" };
  const digest = crypto.createHash("sha256").update(context).digest("hex");
  const metaFile = path.join(configDir, "contexts", "meta", digest, "meta.json");
  let meta: { Endpoints?: { docker?: { Host?: string } } };
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, "utf8"));
  } catch {
    throw new EngineError(`context "${context}" does not exist (no ${metaFile})`);
  }
  const host = meta.Endpoints?.docker?.Host;
  if (!host) throw new EngineError(`context "${context}" has no docker endpoint`);
  const tls = path.join(configDir, "contexts", "tls", digest, "docker");
  return { host, ...(fs.existsSync(tls) ? { certPath: tls } : {}), source: `context "${context}"` };
}

function currentContext(configDir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(configDir, "config.json"), "utf8")) as { currentContext?: string }).currentContext;
  } catch {
    return undefined;
  }
}

/** A dockerode client for the resolved engine. */
export function connect(engine: ResolvedEngine): Docker {
  // docker-modem parses DOCKER_HOST (unix://, tcp://, ssh://) and the TLS variables itself.
  if (engine.host) process.env.DOCKER_HOST = engine.host;
  else delete process.env.DOCKER_HOST;
  if (engine.certPath) {
    process.env.DOCKER_CERT_PATH = engine.certPath;
    process.env.DOCKER_TLS_VERIFY ??= "1";
  }
  return new Docker();
}
