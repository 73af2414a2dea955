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

/** Quotes one argument for a POSIX shell. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'"'"'`)}'`;
}

/** Creates the hook commands of one member. */
export function lifecycleHooks(
  parent: pulumi.Resource,
  resourceName: string,
  c: Container,
  member: docker.Container,
  grace: number,
): command.local.Command[] {
  const hooks: command.local.Command[] = [];
  const opts = { parent, dependsOn: [member], deleteBeforeReplace: true };
  const postStart = c.lifecycle?.postStart?.exec.command;
  if (postStart) {
    const argv = postStart.map(shellQuote).join(" ");
    hooks.push(new command.local.Command(`${resourceName}-post-start`, {
      create: pulumi.interpolate`docker exec ${member.id} ${argv}`,
      triggers: [member.id],
    }, opts));
  }
  const preStop = c.lifecycle?.preStop?.exec.command;
  if (preStop) {
    const argv = preStop.map(shellQuote).join(" ");
    hooks.push(new command.local.Command(`${resourceName}-pre-stop`, {
      create: "true",
      // A member that is not running cannot run its hook; deleting it must not fail for that.
      delete: pulumi.interpolate`timeout ${grace} docker exec ${member.id} ${argv} || echo "preStop hook of ${c.name} failed (exit $?)" >&2`,
      triggers: [member.id],
    }, opts));
  }
  return hooks;
}
