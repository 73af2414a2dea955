/**
 * The Pulumi resource names of a pod's children, in one place.
 *
 * - What the user names is `<pod>-<name>`: members, init containers, volumes.
 * - What the pod makes for itself holds a `.`: `<pod>.pause`, `<pod>.podlet`, and the resources
 *   that belong to a user-named one, `<pod>-<name>.<role>` (`.run`, `.post-start`, `.pre-stop`,
 *   `.content`). A container or volume name is a DNS-1123 label, which has no `.`, so no name a
 *   user may give takes one of the pod's own: a container may be named `pause`, `podlet` or
 *   `<volume>-content`.
 *
 * Before this scheme the pod's own resources were `<pod>-pause`, `<pod>-podlet`, `<pod>-<c>-run`,
 * … ; each carries that old name as an alias, so a stack made by an older docker-pod keeps its
 * resources (no replacement on upgrade). The alias is left out when a user's container now takes
 * that old name (it could not before, so such a stack has nothing to keep).
 */
import * as pulumi from "@pulumi/pulumi";

/** A container, init container or volume the user named. */
export const userResourceName = (pod: string, name: string): string => `${pod}-${name}`;

/** The pod's pause container. */
export const pauseResourceName = (pod: string): string => `${pod}.pause`;

/** The pod's probe volume (probe-volume.ts). */
export const probeVolumeResourceName = (pod: string): string => `${pod}.probe`;

/** The pod's podlet container. */
export const podletResourceName = (pod: string): string => `${pod}.podlet`;

/** The pod's check of its engine's socket. */
export const engineCheckResourceName = (pod: string): string => `${pod}.engine-check`;

/** The pod's `docker info` command (the downward API's node facts). */
export const nodeInfoResourceName = (pod: string): string => `${pod}.node-info`;

/** A resource the pod makes for the user-named `name` (a container's hook, a volume's content holder). */
export const ownedResourceName = (pod: string, name: string, role: string): string => `${userResourceName(pod, name)}.${role}`;

/** The name a pod's own resource (`newName`, which starts with the pod's name) had before this scheme. */
export function legacyResourceName(pod: string, newName: string): string {
  return pod + newName.slice(pod.length).replace(/\./g, "-");
}

/**
 * The `aliases` option of a pod's own resource named `newName`: its legacy name, unless a
 * user-named resource of the same type (`taken`: for a container, the resource names of the pod's
 * containers; the user names no command) now has it.
 */
export function legacyAliases(pod: string, newName: string, taken: ReadonlySet<string> = new Set()): { aliases?: pulumi.Input<pulumi.Alias>[] } {
  const old = legacyResourceName(pod, newName);
  return old === newName || taken.has(old) ? {} : { aliases: [{ name: old }] };
}
