/**
 * The `PersistentVolumeClaim` component: storage that outlives pods, as a named Docker volume (the
 * local driver) whose name is the claim's name. Pods mount it with a `persistentVolumeClaim`
 * volume naming it; replacing or deleting a pod keeps the data, deleting the claim deletes it. Name
 * it, `protect` it (the option reaches its volume), or give `retainOnDelete` to keep the Docker
 * volume when the claim leaves the stack (what `docker-pod play` does).
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { labelPrefix } from "./mapping/labels";

/** Arguments of {@link PersistentVolumeClaim} (the parts of a Kubernetes claim one Docker host can honour). */
export interface PersistentVolumeClaimArgs {
  /**
   * The claim's name, which pods' `persistentVolumeClaim.claimName` use: also its Docker volume's
   * name (a DNS-1123 subdomain). A volume of that name that exists already is taken over with its
   * data. Default: the resource's name.
   */
  claimName?: string;
  /** Labels put on the Docker volume, beside `org.docker-pod.claim`. Default: none. */
  labels?: Record<string, string>;
}

/** Label naming the claim a Docker volume holds. */
export const claimLabel = `${labelPrefix}claim`;

/** What a claim's name must be (a Kubernetes object name, and a Docker volume name). */
export const claimNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A claim: one named Docker volume that pods mount by its name. */
export class PersistentVolumeClaim extends pulumi.ComponentResource {
  /** The claim's name, which is its Docker volume's name. */
  public readonly claimName: pulumi.Output<string>;
  /** Where Docker keeps the volume on its host. */
  public readonly mountpoint: pulumi.Output<string>;

  constructor(name: string, args: PersistentVolumeClaimArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("docker-pod:index:PersistentVolumeClaim", name, {}, opts);
    const claimName = args.claimName ?? name;
    if (typeof claimName !== "string" || claimName.length > 253 || !claimNamePattern.test(claimName)) {
      throw new pulumi.ResourceError(`claimName: ${JSON.stringify(claimName)} is not a valid claim name; use lower-case letters, digits, '-' and '.'`, this);
    }
    for (const key of Object.keys(args.labels ?? {})) {
      if (key.startsWith(labelPrefix)) throw new pulumi.ResourceError(`labels["${key}"]: labels under ${labelPrefix} are set by docker-pod; use another key`, this);
    }
    const labels = { ...(args.labels ?? {}), [claimLabel]: claimName };
    const volume = new docker.Volume(
      `${name}.volume`,
      { name: claimName, driver: "local", labels: Object.entries(labels).map(([label, value]) => ({ label, value })) },
      // retainOnDelete is not inherited from a component: hand it down.
      { parent: this, ...(opts?.retainOnDelete !== undefined ? { retainOnDelete: opts.retainOnDelete } : {}) },
    );
    this.claimName = volume.name;
    this.mountpoint = volume.mountpoint;
    this.registerOutputs({ claimName: this.claimName, mountpoint: this.mountpoint });
  }
}
