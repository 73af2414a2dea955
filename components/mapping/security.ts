/**
 * `securityContext` → Docker user, read-only root, capabilities and security options; and the
 * fixed hardening of the pause container.
 */
import { SecurityContext } from "../args";

/** The pulumi-docker `Container` fields a security context sets. */
export interface DockerSecurity {
  user?: string;
  readOnly?: boolean;
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

/** Maps a validated security context; unset fields stay unset (Docker's defaults). */
export function dockerSecurity(ctx: SecurityContext | undefined): DockerSecurity {
  const out: DockerSecurity = {};
  if (!ctx) return out;
  if (ctx.runAsUser !== undefined) {
    out.user = ctx.runAsGroup !== undefined ? `${ctx.runAsUser}:${ctx.runAsGroup}` : `${ctx.runAsUser}`;
  }
  if (ctx.readOnlyRootFilesystem !== undefined) out.readOnly = ctx.readOnlyRootFilesystem;
  const add = ctx.capabilities?.add ?? [];
  const drop = ctx.capabilities?.drop ?? [];
  if (add.length || drop.length) {
    out.capabilities = { ...(add.length ? { adds: add } : {}), ...(drop.length ? { drops: drop } : {}) };
  }
  if (ctx.allowPrivilegeEscalation === false) out.securityOpts = [noNewPrivileges];
  return out;
}
