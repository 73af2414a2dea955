/**
 * Lifecycle hooks run through the `docker` CLI where Pulumi runs (a `command.local.Command` per hook):
 * postStart right after the member is created; preStop when the member is about to be deleted or
 * replaced (the hook resource depends on the member, so Pulumi deletes it first), bounded by the
 * grace period, before the member's SIGTERM → SIGKILL.
 */
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Container } from "./args";
import { PodContext } from "./container-args";
import { legacyAliases, ownedResourceName } from "./names";

/** Quotes one argument for a POSIX shell. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'"'"'`)}'`;
}

/** Creates the hook commands of one member. */
export function lifecycleHooks(parent: pulumi.Resource, ctx: PodContext, c: Container, member: docker.Container): command.local.Command[] {
  const hooks: command.local.Command[] = [];
  const grace = ctx.grace;
  const hookName = (role: string) => ownedResourceName(ctx.podName, c.name, role);
  const opts = (name: string) => ({ parent, dependsOn: [member], deleteBeforeReplace: true, ...legacyAliases(ctx.podName, name) });
  const postStart = c.lifecycle?.postStart?.exec.command;
  if (postStart) {
    const argv = postStart.map(shellQuote).join(" ");
    hooks.push(new command.local.Command(hookName("post-start"), {
      create: pulumi.interpolate`docker exec ${member.id} ${argv}`,
      triggers: [member.id],
    }, opts(hookName("post-start"))));
  }
  const preStop = c.lifecycle?.preStop?.exec.command;
  if (preStop) {
    const argv = preStop.map(shellQuote).join(" ");
    hooks.push(new command.local.Command(hookName("pre-stop"), {
      create: "true",
      // A member that is not running cannot run its hook; deleting it must not fail for that.
      delete: pulumi.interpolate`timeout ${grace} docker exec ${member.id} ${argv} || echo "preStop hook of ${c.name} failed (exit $?)" >&2`,
      triggers: [member.id],
    }, opts(hookName("pre-stop"))));
  }
  return hooks;
}
