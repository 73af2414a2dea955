/**
 * The Docker labels of a pod's objects: the user's labels plus the pod's identifying ones, and the
 * labels that tell the podlet (the per-pod agent in native/podlet.c) how to look after each
 * container. The podlet reads these; keep both sides in step.
 */

/** Prefix of the labels docker-pod puts on every object of a pod; users cannot set these. */
export const labelPrefix = "org.docker-pod.";
/** Label naming the pod an object belongs to. */
export const podLabel = `${labelPrefix}pod`;
/** Label naming the container inside the pod (`POD` for the pause container, as the kubelet did). */
export const containerLabel = `${labelPrefix}container`;
/** Value of {@link containerLabel} on the pause container. */
export const pauseContainerName = "POD";
/** Value of {@link containerLabel} on the check of the engine's socket (resource `<pod>.engine-check`). */
export const engineCheckName = "engine-check";
/** Label giving the object's role in the pod: one of {@link Role}. */
export const roleLabel = `${labelPrefix}role`;
/**
 * Roles: the pause container, an init container, a member, a native sidecar (an init container with
 * `restartPolicy: Always`, looked after by the podlet as a member is), the podlet, the engine check,
 * a lifecycle hook run, a volume-content holder, a volume, a Service's agent, a tmpfs volume's keeper.
 */
export type Role = "pause" | "init" | "member" | "sidecar" | "podlet" | "check" | "hook" | "content" | "volume" | "service" | "keeper";
/** Label on members: the pod's `restartPolicy` (`Always`, `OnFailure`, `Never`), applied by the podlet; `Always` on sidecars. */
export const restartPolicyLabel = `${labelPrefix}restart-policy`;
/** Label on members: the liveness probe as {@link PodletProbe} JSON, run by the podlet. */
export const livenessLabel = `${labelPrefix}liveness`;
/** Label on members: the startup probe as {@link PodletProbe} JSON, run by the podlet. */
export const startupLabel = `${labelPrefix}startup`;
/** Label on members: the postStart hook as a JSON argv, run by the podlet after each restart it makes. */
export const postStartLabel = `${labelPrefix}post-start`;

/**
 * Label on every object of a pod a Pulumi stack made: `<project>/<stack>`. `docker-pod delete pod`
 * refuses pods that carry it (their stack owns them: `play --down` or `pulumi destroy`).
 */
export const stackLabel = `${labelPrefix}stack`;

/** Label on volumes of files (configMap, secret, downwardAPI, projected): digest of their files, so new content makes a new volume. */
export const contentDigestLabel = `${labelPrefix}content`;

/**
 * Label on containers with a secret env value (whose env list the preview then blinds whole):
 * `{"names":[every env var, in order],"secret":[those with a secret value]}` as JSON, never a
 * value. A review of a preview names the changed env vars through it.
 */
export const envNamesLabel = `${labelPrefix}env-names`;

/** A probe as the podlet runs it: an argv executed inside the member (Docker exec), exit 0 = success. */
export interface PodletProbe {
  exec: string[];
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

/** pulumi-docker's label list for one object of the pod. */
export function dockerLabels(
  podName: string,
  containerName: string,
  role: Role,
  userLabels: Record<string, string> | undefined,
  extra: Record<string, string> = {},
): { label: string; value: string }[] {
  const all = { ...(userLabels ?? {}), ...extra, [podLabel]: podName, [containerLabel]: containerName, [roleLabel]: role };
  return Object.entries(all).map(([label, value]) => ({ label, value }));
}
