/**
 * Keeps every Kubernetes manifest the e2e tier makes — each Pod's `manifest` output after an `up`,
 * and what `docker-pod generate` prints — in `.cache/generated-manifests/`, so that the cluster
 * tier can submit them to a real API server. Recording never fails a test.
 */
import * as fs from "fs";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";

/** Where the manifests go (one file per pod or `generate` run; replaced by each new `up`). */
export const recordDir = path.resolve(__dirname, "../../.cache/generated-manifests");

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
      write(`e2e-${stack.name}-${podName}.json`, JSON.stringify(reveal(r.outputs.manifest), null, 2));
    }
  } catch (err) {
    console.warn(`could not record the pod manifests of stack ${stack.name}: ${err}`);
  }
}

/** Records what one `docker-pod generate` printed (YAML documents). */
export function recordGenerated(label: string, yamlText: string): void {
  write(`generate-${label}.yaml`, yamlText);
}
