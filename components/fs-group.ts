/**
 * `securityContext.fsGroup`: the volumes the pod writes are given to that group before any of its
 * containers starts, as the kubelet's `SetVolumeOwnership` does. Docker has no volume option for
 * ownership (a new named volume is `root:root 0755`, or a copy of the image directory it is first
 * mounted on), so a one-shot container `<pod>.fsgroup`, from the pod's pause image, runs
 * `/volinit GID DIR...` (native/volinit.c) as root with only CAP_CHOWN, CAP_FOWNER and CAP_FSETID, no network,
 * over the pod's disk `emptyDir` and `persistentVolumeClaim` volumes: group `fsGroup`, group
 * read/write, setgid directories. It runs like an init container: once per pod creation, to
 * completion, by pulumi-docker on the pod's engine (`attach: true`, see `runs.ts`). `Memory` emptyDirs are tmpfs mounts made with `gid=`/`mode=` instead.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerLabels } from "./mapping/labels";
import { noNewPrivileges } from "./mapping/security";
import { Gate, completed, runToCompletion } from "./runs";

/** Value of the `org.docker-pod.container` label (and resource name suffix) of the step. */
export const fsGroupStepName = "fsgroup";

/** Where the step mounts each volume. */
const volumesRoot = "/volumes";

/** What the step needs. */
export interface FsGroupOptions {
  podName: string;
  fsGroup: number;
  /** The Docker volumes to give to the group, by pod volume name. */
  volumes: { name: string; source: pulumi.Input<string> }[];
  image: pulumi.Input<string>;
  labels: Record<string, string> | undefined;
  parent: pulumi.Resource;
  dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** Creates the step; returns what the pod's containers must wait for (nothing when there is no volume). */
export function applyFsGroup(o: FsGroupOptions): Gate[] {
  if (o.volumes.length === 0) return [];
  const resourceName = `${o.podName}.${fsGroupStepName}`; // the pod's own: a '.' (names.ts)
  const container = new docker.Container(
    resourceName,
    {
      image: o.image,
      entrypoints: ["/volinit"],
      command: [String(o.fsGroup), ...o.volumes.map((v) => `${volumesRoot}/${v.name}`)],
      mounts: o.volumes.map((v) => ({ type: "volume", source: v.source, target: `${volumesRoot}/${v.name}`})),
      user: "0:0",
      capabilities: { drops: ["ALL"], adds: ["CHOWN", "FOWNER", "FSETID"] },
      securityOpts: [noNewPrivileges],
      networkMode: "none",
      readOnly: true,
      ...runToCompletion,
      labels: dockerLabels(o.podName, fsGroupStepName, "init", o.labels),
    },
    { parent: o.parent, dependsOn: o.dependsOn, deleteBeforeReplace: true },
  );
  return [
    completed(container, o.parent, (code, lines) =>
      `giving the volumes of pod "${o.podName}" to fsGroup ${o.fsGroup} failed with exit code ${code}; ` +
      `no container of the pod was started. Last log lines:\n${lines}`),
  ];
}
