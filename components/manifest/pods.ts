/** Pods from a Kubernetes manifest, inside a Pulumi program (`podman kube play`'s creating side). */
import * as pulumi from "@pulumi/pulumi";
import type { PodArgs } from "../args";
import { Pod } from "../pod";
import { allPodArgsFromManifest } from "./from-manifest";

/**
 * Creates one `Pod` per pod of the manifest `text` (see `allPodArgsFromManifest`), each named by
 * its `metadata.name`, and logs each dropped field with `pulumi.log.warn` on its pod. `extra` is
 * merged over every pod's args: docker-pod's own arguments a manifest cannot hold, such as a shared
 * `pauseImage`. Throws a `ManifestError` naming every bad field before any resource exists.
 */
export function podsFromManifest(text: string, extra?: Partial<PodArgs>, opts?: pulumi.ComponentResourceOptions): Pod[] {
  return allPodArgsFromManifest(text).map(({ name, args, warnings }) => {
    const pod = new Pod(name, { ...args, ...extra }, opts);
    for (const warning of warnings) pulumi.log.warn(warning, pod);
    return pod;
  });
}
