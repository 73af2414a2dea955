/** Pods from a Kubernetes manifest, inside a Pulumi program (`podman kube play`'s creating side). */
import * as pulumi from "@pulumi/pulumi";
import type { PodArgs } from "../args";
import { Pod } from "../pod";
import { PersistentVolumeClaim } from "../persistent-volume-claim";
import { claimsFromManifest } from "./claims";
import { allPodArgsFromManifest } from "./from-manifest";

/**
 * Creates one `Pod` per pod of the manifest `text` (see `allPodArgsFromManifest`), each named by
 * its `metadata.name`, and logs each dropped field with `pulumi.log.warn` on its pod. `extra` is
 * merged over every pod's args: docker-pod's own arguments a manifest cannot hold, such as a shared
 * `pauseImage`. The file's `PersistentVolumeClaim`s are created too (`PersistentVolumeClaim`
 * resources named after them, with `opts`), before the pods that mount them. Throws a
 * `ManifestError` naming every bad field before any resource exists.
 */
export function podsFromManifest(text: string, extra?: Partial<PodArgs>, opts?: pulumi.ComponentResourceOptions): Pod[] {
  const pods = allPodArgsFromManifest(text);
  const claims = new Map(
    claimsFromManifest(text).map(({ name, args, warnings }) => {
      const claim = new PersistentVolumeClaim(name, args, opts);
      for (const warning of warnings) pulumi.log.warn(warning, claim);
      return [name, claim] as const;
    }),
  );
  return pods.map(({ name, args, warnings }) => {
    const pod = new Pod(name, { ...args, ...extra }, { ...opts, dependsOn: [...toArray(opts?.dependsOn), ...claimsOf(args, claims)] });
    for (const warning of warnings) pulumi.log.warn(warning, pod);
    return pod;
  });
}

/** The claims of `claims` that the pod's volumes mount. */
export function claimsOf<T>(args: PodArgs, claims: ReadonlyMap<string, T>): T[] {
  return (args.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim && claims.has(v.persistentVolumeClaim.claimName) ? [claims.get(v.persistentVolumeClaim.claimName)!] : []));
}

function toArray(d: pulumi.ComponentResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
  return d === undefined ? [] : Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}
