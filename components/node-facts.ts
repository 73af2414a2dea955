/**
 * What the Docker engine tells about its host, for the downward API (`spec.nodeName`, and an unset
 * limit's node capacity): read once, on the pod's own engine, by a run of the podlet program
 * (`<pod>.node-info`, `podlet node-info`: the engine's `GET /info` through its socket, see
 * `agent.ts`; no `docker` CLI), created only by a pod whose downward API reads it.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { AgentContext, agentArgs } from "./agent";
import { NodeFacts } from "./mapping/downward";
import { nodeInfoResourceName } from "./names";
import { completed, runToCompletion } from "./runs";

/** The `name=`, `ncpu=` and `memory=` lines `podlet node-info` prints, from a run's logs. */
export function nodeFactsOfLogs(logs: string | undefined): { name: string; cpus: number; memory: number } | undefined {
  const lines = (logs ?? "").split("\n");
  const value = (key: string) => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
  const [name, cpus, memory] = [value("name"), value("ncpu"), value("memory")];
  if (name === undefined || cpus === undefined || memory === undefined) return undefined;
  return { name, cpus: Number(cpus), memory: Number(memory) };
}

/** A getter that creates the `<pod>.node-info` run on its first call and returns the facts. */
export function lazyNodeFacts(parent: pulumi.Resource, agents: AgentContext): () => NodeFacts {
  let facts: NodeFacts | undefined;
  return () => {
    if (!facts) {
      const pod = agents.podName;
      const run = new docker.Container(
        nodeInfoResourceName(pod),
        { ...agentArgs(agents, "node-info", "check", ["node-info"]), ...runToCompletion },
        { parent, deleteBeforeReplace: true },
      );
      const gate = completed(run, parent, (code, lines) => `pod "${pod}" cannot read its engine's facts (spec.nodeName, node capacity; exit ${code}): ${lines}`);
      const read = pulumi.all([gate, run.containerLogs]).apply(([, logs]) => {
        const found = nodeFactsOfLogs(logs);
        if (!found) throw new pulumi.ResourceError(`pod "${pod}" cannot read its engine's facts: ${JSON.stringify(logs)}`, parent, true);
        return found;
      });
      facts = { name: read.apply((f) => f.name), cpus: read.apply((f) => f.cpus), memory: read.apply((f) => f.memory) };
    }
    return facts;
  };
}
