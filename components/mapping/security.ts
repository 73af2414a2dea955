/**
 * Security contexts → Docker: the container's `securityContext` over the pod's (Kubernetes'
 * `DetermineEffectiveSecurityContext`), mapped to user, groups, read-only root, capabilities,
 * privileged mode and security options; and the fixed hardening of the pause container.
 */
import * as fs from "fs";
import { PodSecurityContext, SecurityContext, SeccompProfile } from "../args";

/** The pulumi-docker `Container` fields a security context sets. */
export interface DockerSecurity {
  user?: string;
  groupAdds?: string[];
  readOnly?: boolean;
  privileged?: boolean;
  capabilities?: { adds?: string[]; drops?: string[] };
  securityOpts?: string[];
}

/** Docker's spelling of no-new-privileges. */
export const noNewPrivileges = "no-new-privileges:true";

/** The pause container runs unprivileged: nobody's ids, read-only root, no capabilities, no new privileges. */
export const pauseSecurity: DockerSecurity = {
  user: "65535:65535",
  readOnly: true,
  capabilities: { drops: ["ALL"] },
  securityOpts: [noNewPrivileges],
};

/** The fields a pod's security context gives every container that does not set its own. */
const inherited = ["runAsUser", "runAsGroup", "runAsNonRoot", "seccompProfile", "appArmorProfile", "seLinuxOptions"] as const;

/** The container's security context with the pod's values filled in where the container has none. */
export function effectiveSecurityContext(pod: PodSecurityContext | undefined, c: SecurityContext | undefined): SecurityContext {
  const out: SecurityContext = { ...(c ?? {}) };
  for (const field of inherited) {
    if (out[field] === undefined && pod?.[field] !== undefined) (out as Record<string, unknown>)[field] = pod[field];
  }
  return out;
}

/**
 * Whether the container's user must be read from its image at `up`: to check `runAsNonRoot`
 * without `runAsUser`, or to keep the image's user beside a `runAsGroup`.
 */
export function needsImageUser(ctx: SecurityContext): boolean {
  return ctx.runAsUser === undefined && (ctx.runAsNonRoot === true || ctx.runAsGroup !== undefined);
}

/**
 * Docker's `user` for a container: `uid[:gid]`; with only `runAsGroup`, the image's user (name or
 * uid, `imageUser`, empty meaning root) with that group.
 */
export function dockerUser(ctx: SecurityContext, imageUser?: string): string | undefined {
  if (ctx.runAsUser !== undefined) return ctx.runAsGroup !== undefined ? `${ctx.runAsUser}:${ctx.runAsGroup}` : `${ctx.runAsUser}`;
  if (ctx.runAsGroup !== undefined) return `${(imageUser ?? "").split(":")[0] || "0"}:${ctx.runAsGroup}`;
  return undefined;
}

/** How a profile file of a `Localhost` seccomp profile is read (the Pulumi program's file system). */
export type ReadProfile = (path: string) => string;

/**
 * Maps a validated effective security context (see `effectiveSecurityContext`) and the pod's
 * groups; unset fields stay unset (Docker's defaults). `user` is left to `dockerUser`.
 */
export function dockerSecurity(
  ctx: SecurityContext,
  pod: PodSecurityContext | undefined,
  readProfile: ReadProfile = (p) => fs.readFileSync(p, "utf8"),
): DockerSecurity {
  const out: DockerSecurity = {};
  const groups = [...(pod?.fsGroup !== undefined ? [pod.fsGroup] : []), ...(pod?.supplementalGroups ?? [])].map(String);
  if (groups.length) out.groupAdds = [...new Set(groups)];
  if (ctx.readOnlyRootFilesystem !== undefined) out.readOnly = ctx.readOnlyRootFilesystem;
  if (ctx.privileged === true) out.privileged = true;
  const add = ctx.capabilities?.add ?? [];
  const drop = ctx.capabilities?.drop ?? [];
  if (add.length || drop.length) {
    out.capabilities = { ...(add.length ? { adds: add } : {}), ...(drop.length ? { drops: drop } : {}) };
  }
  const opts: string[] = [];
  if (ctx.allowPrivilegeEscalation === false) opts.push(noNewPrivileges);
  const seccomp = seccompOption(ctx.seccompProfile, readProfile);
  if (seccomp) opts.push(seccomp);
  if (ctx.appArmorProfile?.type === "Unconfined") opts.push("apparmor=unconfined");
  if (ctx.appArmorProfile?.type === "Localhost") opts.push(`apparmor=${ctx.appArmorProfile.localhostProfile}`);
  for (const [field, value] of Object.entries(ctx.seLinuxOptions ?? {})) {
    if (value) opts.push(`label=${field}:${value}`);
  }
  if (ctx.procMount === "Unmasked") opts.push("systempaths=unconfined");
  if (opts.length) out.securityOpts = opts;
  return out;
}

/** Docker's seccomp option: none for the runtime default; the profile's JSON for `Localhost`, as the docker CLI sends it. */
function seccompOption(profile: SeccompProfile | undefined, readProfile: ReadProfile): string | undefined {
  if (profile?.type === "Unconfined") return "seccomp=unconfined";
  if (profile?.type !== "Localhost") return undefined;
  const path = profile.localhostProfile!;
  let text: string;
  try {
    text = readProfile(path);
  } catch (err) {
    throw new Error(`seccompProfile.localhostProfile: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return `seccomp=${JSON.stringify(JSON.parse(text))}`;
  } catch {
    throw new Error(`seccompProfile.localhostProfile: ${path} is not a JSON seccomp profile`);
  }
}

/** The pause container's sysctls: the pod's, which its members share through its namespaces. */
export function podSysctls(pod: PodSecurityContext | undefined): Record<string, string> | undefined {
  const list = pod?.sysctls ?? [];
  return list.length ? Object.fromEntries(list.map((s) => [s.name, s.value])) : undefined;
}
