/**
 * `get pods -w`: follows the engine's container events for pod-labelled containers (start, die,
 * health status, destroy…) and, a moment after each burst, reads the pods named by them again.
 */
import type Docker from "dockerode";
import { podLabel } from "../mapping/labels";
import type { PodFacts } from "./facts";
import { ReadOptions, readPods } from "./read";

/** Calls `onPods` with the pods of each changed name (an empty list: that name's pods are gone). Resolves when the stream ends. */
export async function watchPods(
  docker: Docker,
  opts: ReadOptions,
  onPods: (name: string, pods: PodFacts[]) => void,
  signal?: AbortSignal,
): Promise<void> {
  const stream = (await docker.getEvents({ filters: { type: ["container"], label: [podLabel] } })) as NodeJS.ReadableStream & { destroy?: () => void };
  const wanted = opts.names?.length ? new Set(opts.names) : undefined;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let buffered = "";
  const flush = async () => {
    timer = undefined;
    const names = [...pending];
    pending.clear();
    for (const name of names) onPods(name, await readPods(docker, { ...opts, names: [name] }));
  };
  signal?.addEventListener("abort", () => stream.destroy?.());
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let nl: number;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        const name = (JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> } }).Actor?.Attributes?.[podLabel];
        if (!name || (wanted && !wanted.has(name))) continue;
        pending.add(name);
        // Events come in bursts (die, then start…): read once the burst is over.
        timer ??= setTimeout(() => void flush().catch(reject), 300);
      }
    });
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", (err) => (signal?.aborted ? resolve() : reject(err)));
  });
}
