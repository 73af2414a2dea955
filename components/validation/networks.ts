/** Validation of the pod's networking: `subdomain`, `networks` (names, aliases, each network once). */
import * as pulumi from "@pulumi/pulumi";
import { PodArgs } from "../args";
import { networkEntry } from "../mapping/pod-networks";
import { dns1123Label } from "../mapping/network";
import { Problems } from "./problems";

/** A DNS-1123 subdomain: dot-separated labels, at most 253 characters (what Kubernetes accepts as a DNS name). */
export const dns1123Subdomain = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Docker network names: a letter or digit, then letters, digits, `_`, `.` or `-`. */
const networkName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Networks Docker has that a pod cannot join with DNS names: its default bridge and the special modes. */
const builtIn = ["bridge", "host", "none", "default"];

function known(value: unknown): value is string {
  return typeof value === "string";
}

export function validateNetworks(p: Problems, args: PodArgs): void {
  if (args.subdomain !== undefined && (typeof args.subdomain !== "string" || !dns1123Label.test(args.subdomain))) {
    p.add("subdomain", `${JSON.stringify(args.subdomain)} is not a DNS-1123 label; use lower-case letters, digits and '-', at most 63`);
  }
  if (!p.optionalList("networks", args.networks, "network names or { name, aliases }")) return;
  if (args.hostNetwork === true && args.networks.length > 0) {
    p.add("networks", "a pod on the host's network (hostNetwork: true) joins no Docker network; drop one of them");
  }
  const seen = new Map<string, string>();
  args.networks.forEach((entry, i) => {
    const at = `networks[${i}]`;
    if (entry === null || entry === undefined) {
      p.add(at, "give a network name, e.g. `net.name` of a docker.Network, or { name, aliases }");
      return;
    }
    const isObject = typeof entry === "object" && !pulumi.Output.isInstance(entry) && !(entry instanceof Promise);
    if (isObject) p.unknownFields(at, entry, "podNetwork");
    const n = networkEntry(entry);
    const nameAt = isObject ? `${at}.name` : at;
    if (known(n.name)) {
      if (!networkName.test(n.name)) {
        p.add(nameAt, `${JSON.stringify(n.name)} is not a Docker network name; use letters, digits, '_', '.' and '-'`);
      } else if (builtIn.includes(n.name)) {
        p.add(nameAt, `"${n.name}" is one of Docker's own networks, where containers have no DNS names; create a network (docker.Network) and give its name`);
      } else if (seen.has(n.name)) {
        p.add(nameAt, `network "${n.name}" is already joined by ${seen.get(n.name)}; list each network once (put every alias in one entry)`);
      } else {
        seen.set(n.name, at);
      }
    } else if (n.name === undefined || (!pulumi.Output.isInstance(n.name) && !(n.name instanceof Promise))) {
      p.add(nameAt, `${JSON.stringify(n.name)} is not a network name; give a string, e.g. \`net.name\` of a docker.Network`);
    }
    if (isObject && p.stringList(`${at}.aliases`, n.aliases)) {
      n.aliases.forEach((alias, k) => {
        if (!dns1123Subdomain.test(alias)) {
          p.add(`${at}.aliases[${k}]`, `${JSON.stringify(alias)} is not a DNS name; use lower-case letters, digits, '-' and '.', e.g. "db" or "db.prod"`);
        }
      });
    }
  });
}
