/**
 * The Kubernetes API types the field tables (`fields.ts`) are checked against: the published
 * `kubernetes-types` (1.30.0, the newest release of that package), plus every field the API has
 * gained since, up to Kubernetes 1.35 (checked field by field against the models of
 * `@kubernetes/client-node` 2.0.1, generated from the current API). Each addition names the
 * release that brought it. A table typed by one of these must have a row for each added field too.
 */
import type * as core from "kubernetes-types/core/v1";

/** `PodSpec` with `resources` (pod-level, 1.32), `hostnameOverride` (1.34) and `schedulingGroup` (1.35). */
export type PodSpec = core.PodSpec & {
  resources?: core.ResourceRequirements;
  hostnameOverride?: string;
  schedulingGroup?: Record<string, unknown>;
};

/** `Container` with `restartPolicyRules` (1.34). */
export type Container = core.Container & { restartPolicyRules?: Record<string, unknown>[] };

/** `PodSecurityContext` with `supplementalGroupsPolicy` (1.31) and `seLinuxChangePolicy` (1.32). */
export type PodSecurityContext = core.PodSecurityContext & { supplementalGroupsPolicy?: string; seLinuxChangePolicy?: string };

/** `Lifecycle` with `stopSignal` (1.33). */
export type Lifecycle = core.Lifecycle & { stopSignal?: string };

/** `Volume` with `image` (an OCI image as a read-only volume, 1.31). */
export type Volume = core.Volume & { image?: { reference?: string; pullPolicy?: string } };

/** `EnvVarSource` with `fileKeyRef` (1.34). */
export type EnvVarSource = core.EnvVarSource & { fileKeyRef?: Record<string, unknown> };

/** `ResourceClaim` (a container's `resources.claims[]`) with `request` (1.31). */
export type ResourceClaim = core.ResourceClaim & { request?: string };
