/** Pod-level naming and resolution (`hostname`, `hostAliases`, `dnsConfig`) → the pause container. */
import { PodArgs } from "../args";

/** The pulumi-docker `Container` fields of the pause container that members share through it. */
export interface DockerNetwork {
  hostname?: string;
  hosts?: { host: string; ip: string }[];
  dns?: string[];
  dnsSearches?: string[];
  dnsOpts?: string[];
}

/** DNS-1123 label: what Kubernetes accepts as a container name or host name. */
export const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Maps validated pod-level settings; the host name defaults to the pod's name when that is a valid label. */
export function dockerNetwork(podName: string, args: PodArgs): DockerNetwork {
  const out: DockerNetwork = {};
  // With hostNetwork the pod has the host's name (Docker refuses one of its own there).
  const hostname = args.hostNetwork ? undefined : (args.hostname ?? (dns1123Label.test(podName) ? podName : undefined));
  if (hostname) out.hostname = hostname;
  const hosts = (args.hostAliases ?? []).flatMap((a) => a.hostnames.map((host) => ({ host, ip: a.ip })));
  if (hosts.length) out.hosts = hosts;
  const dns = args.dnsConfig;
  if (dns?.nameservers?.length) out.dns = dns.nameservers;
  if (dns?.searches?.length) out.dnsSearches = dns.searches;
  if (dns?.options?.length) {
    out.dnsOpts = dns.options.map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name));
  }
  return out;
}
