/**
 * `delete pod`: Pulumi owns a pod its stack made (label `org.docker-pod.stack`), so deleting it
 * behind Pulumi's back is refused with the command that removes it; a pod with no stack (made by
 * hand, or left after its state was lost) is removed as Pulumi would: podlet, members (their stop
 * timeout), init containers, pause, configMap holders, then the pod's volumes.
 */
import type Docker from "dockerode";
import { podLabel, roleLabel, stackLabel } from "../mapping/labels";
import type { PodFacts } from "./facts";

/** The project of the stacks `docker-pod play` makes (cli/play.ts). */
const playProject = "docker-pod-play";

/** Why a pod cannot be deleted here, or `undefined` when it can. */
export function deleteRefusal(pod: PodFacts): string | undefined {
  const stack = pod.pause.Config.Labels[stackLabel];
  if (!stack) return undefined;
  const slash = stack.indexOf("/");
  const [project, name] = slash < 0 ? ["", stack] : [stack.slice(0, slash), stack.slice(slash + 1)];
  const how =
    project === playProject
      ? `docker-pod play --down --stack ${name} FILE (the file it was played from)`
      : `pulumi destroy on stack ${name} of project ${project}, or remove the Pod from that program and pulumi up`;
  return `pod "${pod.name}" belongs to Pulumi stack ${stack}: deleting it here would leave that stack's state wrong; remove it with ${how}`;
}

/** Removes a pod that has no stack (check {@link deleteRefusal} first). */
export async function removePod(docker: Docker, pod: PodFacts): Promise<void> {
  const remove = async (id: string, timeout?: number) => {
    const c = docker.getContainer(id);
    try {
      if (timeout !== undefined) await c.stop({ t: timeout }).catch(() => undefined);
      await c.remove({ force: true, v: false });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  };
  if (pod.podlet) await remove(pod.podlet.Id);
  await Promise.all(pod.members.map((m) => remove(m.Id, m.Config.StopTimeout ?? 30)));
  await Promise.all(pod.inits.map((m) => remove(m.Id)));
  await remove(pod.pause.Id);
  // configMap holders and volumes of a pod with no stack carry no stack label either.
  const holders = await docker.listContainers({ all: true, filters: { label: [`${podLabel}=${pod.name}`, `${roleLabel}=content`] } });
  await Promise.all(holders.filter((h) => !h.Labels[stackLabel]).map((h) => remove(h.Id)));
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${podLabel}=${pod.name}`] } });
  for (const v of Volumes ?? []) {
    if (!v.Labels?.[stackLabel]) await docker.getVolume(v.Name).remove().catch(() => undefined);
  }
}
