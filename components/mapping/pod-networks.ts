/**
 * The networks a pod joins (`networks`, `subdomain`) → pulumi-docker `networksAdvanced` of the pause
 * container: on each network the pod answers to its name, `<hostname>.<subdomain>` and the entry's
 * aliases. Services add their names on their own network later (see `service.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { PodArgs, PodNetwork } from "../args";
import { dns1123Label } from "./network";

/** One network endpoint of the pause container, as pulumi-docker's `networksAdvanced` takes it. */
export interface NetworkEndpoint {
  name: pulumi.Input<string>;
  aliases: string[];
}

/** The pod's host name: `hostname`, else its name when that is a DNS-1123 label. */
export function podHostname(podName: string, args: PodArgs): string | undefined {
  return args.hostname ?? (dns1123Label.test(podName) ? podName : undefined);
}

/** The DNS names of the pod on every network it joins: its name, then `<hostname>.<subdomain>`. */
export function podDnsNames(podName: string, args: PodArgs): string[] {
  const hostname = podHostname(podName, args);
  const names = [podName];
  if (args.subdomain && hostname) names.push(`${hostname}.${args.subdomain}`);
  return names;
}

/** A `networks` entry as an object (a plain entry is a name without aliases). */
export function networkEntry(entry: pulumi.Input<string> | PodNetwork): PodNetwork {
  return typeof entry === "object" && entry !== null && !pulumi.Output.isInstance(entry) && !(entry instanceof Promise)
    ? (entry as PodNetwork)
    : { name: entry as pulumi.Input<string> };
}

/** The pause container's endpoints, one per `networks` entry, with the pod's names and the entry's aliases. */
export function networkEndpoints(podName: string, args: PodArgs): NetworkEndpoint[] {
  const names = podDnsNames(podName, args);
  return (args.networks ?? []).map((entry) => {
    const n = networkEntry(entry);
    return { name: n.name, aliases: [...new Set([...names, ...(n.aliases ?? [])])] };
  });
}
