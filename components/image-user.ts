/**
 * The user an image runs as, read at `up` where the kubelet reads it: before the container is
 * created. A `command.local.Command` (`<pod>-<container>.image-user`, the `docker` CLI where Pulumi
 * runs) prints the image's `Config.User`; with `runAsNonRoot` it fails, with the kubelet's words,
 * when that user is root or not numeric, so the container is never created.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { Container, SecurityContext } from "./args";
import { needsImageUser } from "./mapping/security";
import { ownedResourceName } from "./names";

/**
 * Prints the image's user (`$IMAGE`, pulled when the engine does not have it). With `$NON_ROOT=1`
 * it fails as the kubelet's `verifyRunAsNonRoot` does: an empty user or uid 0 is root; a user name
 * cannot be verified.
 */
export const imageUserScript = [
  'user=$(docker image inspect --format "{{.Config.User}}" "$IMAGE" 2>/dev/null || { docker pull -q "$IMAGE" >&2 && docker image inspect --format "{{.Config.User}}" "$IMAGE"; }) || exit 1',
  'uid=${user%%:*}',
  'if [ "$NON_ROOT" = 1 ]; then',
  '  case "$uid" in',
  '    "" | 0) printf "container has runAsNonRoot and image will run as root (pod: \\"%s\\", container: %s)\\n" "$POD" "$CONTAINER" >&2; exit 1 ;;',
  '    *[!0-9]*) printf "container has runAsNonRoot and image has non-numeric user (%s), cannot verify user is non-root (pod: \\"%s\\", container: %s)\\n" "$uid" "$POD" "$CONTAINER" >&2; exit 1 ;;',
  "  esac",
  "fi",
  'printf "%s" "$user"',
].join("\n");

/** The image's user, and the check the container must be created after; nothing when not needed. */
export interface ImageUser {
  /** The image's `Config.User` (`""` for root). */
  user?: pulumi.Output<string>;
  dependsOn: pulumi.Resource[];
}

/** Reads (and with `runAsNonRoot` checks) the image user of container `c` with effective context `sc`. */
export function imageUser(parent: pulumi.Resource, podName: string, c: Container, sc: SecurityContext): ImageUser {
  if (!needsImageUser(sc)) return { dependsOn: [] };
  const check = new command.local.Command(
    ownedResourceName(podName, c.name, "image-user"),
    {
      create: imageUserScript,
      environment: { IMAGE: c.image, NON_ROOT: sc.runAsNonRoot === true ? "1" : "0", POD: podName, CONTAINER: c.name },
      triggers: [c.image, sc.runAsNonRoot === true],
    },
    { parent },
  );
  return { user: check.stdout, dependsOn: [check] };
}
