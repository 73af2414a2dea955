/**
 * What the Docker engine tells about its host, for the downward API (`spec.nodeName`, and an unset
 * limit's node capacity): `docker info` run once by a `command.local.Command` (the `docker` CLI where
 * Pulumi runs, honouring `DOCKER_HOST`), created only by a pod whose downward API reads it (`<pod>.node-info`).
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { NodeFacts } from "./mapping/downward";
import { nodeInfoResourceName } from "./names";

/** The engine's host name, CPUs and memory in bytes, one per line. */
export const nodeInfoCommand = "docker info --format '{{.Name}}\n{{.NCPU}}\n{{.MemTotal}}'";

/** A getter that creates the `<pod>-node-info` command on its first call and returns the facts. */
export function lazyNodeFacts(parent: pulumi.Resource, podName: string): () => NodeFacts {
  let facts: NodeFacts | undefined;
  return () => {
    if (!facts) {
      const info = new command.local.Command(nodeInfoResourceName(podName), { create: nodeInfoCommand }, { parent });
      const lines = info.stdout.apply((out) => out.trim().split("\n"));
      facts = { name: lines.apply((l) => l[0] ?? ""), cpus: lines.apply((l) => Number(l[1])), memory: lines.apply((l) => Number(l[2])) };
    }
    return facts;
  };
}
