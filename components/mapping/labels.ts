/** The Docker labels of a pod's objects: the user's labels plus the pod's identifying ones. */

/** Prefix of the labels docker-pod puts on every object of a pod; users cannot set these. */
export const labelPrefix = "org.docker-pod.";
/** Label naming the pod an object belongs to. */
export const podLabel = `${labelPrefix}pod`;
/** Label naming the container inside the pod (`POD` for the pause container, as the kubelet did). */
export const containerLabel = `${labelPrefix}container`;
/** Value of {@link containerLabel} on the pause container. */
export const pauseContainerName = "POD";

/** pulumi-docker's label list for one container of the pod. */
export function dockerLabels(
  podName: string,
  containerName: string,
  userLabels: Record<string, string> | undefined,
): { label: string; value: string }[] {
  const all = { ...(userLabels ?? {}), [podLabel]: podName, [containerLabel]: containerName };
  return Object.entries(all).map(([label, value]) => ({ label, value }));
}
