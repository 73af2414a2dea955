/**
 * Keeps every Kubernetes manifest the e2e tier makes — each Pod's `manifest` output after an `up`,
 * what `docker-pod generate` prints, and each file `docker-pod play` brought up (which the cluster
 * tier maps as `play` does, into what `generate` would print) — in `.cache/generated-manifests/`,
 * so that the cluster tier can submit them to a real API server. `npm test` empties it first: the
 * cluster tier submits this run's only. Recording never fails a test.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import type { Stack } from "@pulumi/pulumi/automation";

/** Where the manifests go: one file per distinct pod manifest, `generate` output or played file. */
export const recordDir = path.resolve(__dirname, "../../.cache/generated-manifests");

/** The prefix of a played file's record (JSON: {@link PlayedRecord}), not itself Kubernetes documents. */
export const playedPrefix = "played-";

/** A file `docker-pod play` brought up, with the `--configmap` files it was given. */
export interface PlayedRecord {
  /** The file's base name. */
  file: string;
  /** Its text. */
  text: string;
  /** The texts of its `--configmap` files. */
  configMaps: string[];
}

/** A short digest of `text`: each distinct version gets its own record. */
const digest = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 10);

/** Pulumi's marker of a secret value in an exported (`--show-secrets`) deployment. */
const secretSig = "4dabf18193072939515e22adb298388d";

function reveal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reveal);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if (secretSig in o && typeof o.plaintext === "string") return reveal(JSON.parse(o.plaintext));
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, reveal(v)]));
}

function write(name: string, text: string): void {
  fs.mkdirSync(recordDir, { recursive: true });
  fs.writeFileSync(path.join(recordDir, name.replace(/[^\w.-]+/g, "_")), text);
}

/** Records the `manifest` output of every `docker-pod:index:Pod` in the stack's state. */
export async function recordPodManifests(stack: Stack): Promise<void> {
  try {
    const state = await stack.exportStack();
    const resources = (state.deployment.resources ?? []) as { type: string; urn: string; outputs?: Record<string, unknown> }[];
    for (const r of resources) {
      if (r.type !== "docker-pod:index:Pod" || !r.outputs?.manifest) continue;
      const podName = r.urn.split("::").pop();
      const text = JSON.stringify(reveal(r.outputs.manifest), null, 2);
      write(`e2e-${stack.name}-${podName}-${digest(text)}.json`, text);
    }
  } catch (err) {
    console.warn(`could not record the pod manifests of stack ${stack.name}: ${err}`);
  }
}

/** Records what one `docker-pod generate` printed (YAML documents). */
export function recordGenerated(label: string, yamlText: string): void {
  write(`generate-${label}-${digest(yamlText)}.yaml`, yamlText);
}

/** Records the file of a successful `docker-pod play ARGS` run in `cwd` (not `--down`, not `--help`). */
export function recordPlayed(args: string[], cwd: string): void {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { down: { type: "boolean" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" }, stack: { type: "string" }, configmap: { type: "string", multiple: true } },
      allowPositionals: true,
      strict: false,
    });
    if (values.down || values.help || positionals.length !== 1) return;
    const read = (f: string) => fs.readFileSync(path.resolve(cwd, f), "utf8");
    const record: PlayedRecord = { file: path.basename(positionals[0]), text: read(positionals[0]), configMaps: ((values.configmap ?? []) as string[]).map(read) };
    const json = JSON.stringify(record);
    write(`${playedPrefix}${record.file}-${digest(json)}.json`, json);
  } catch (err) {
    console.warn(`could not record the played file of docker-pod play ${args.join(" ")}: ${err}`);
  }
}
