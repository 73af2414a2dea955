/**
 * Reads the pods of a Docker engine through the pod labels alone (components/mapping/labels.ts):
 * every pause container (role `pause`) is a pod; its members and init containers are the
 * containers of the same `org.docker-pod.pod` whose network mode is `container:<pause id>`; its
 * podlet is the role-`podlet` container given that pause id. Two pods of the same name (two stacks)
 * stay two pods. Native sidecars (role `sidecar`) are listed with the init containers, in the order
 * they started, as Kubernetes lists them. The podlet's log, read with timestamps, gives the pod's events.
 */
import type Docker from "dockerode";
import { containerLabel, podLabel, roleLabel } from "../mapping/labels";
import { demuxDockerLog, parsePodletLog } from "./events";
import type { ContainerFacts, PodFacts, VolumeFacts } from "./facts";

/** Which pods to read. */
export interface ReadOptions {
  /** Only pods of these names (all when empty or absent). */
  names?: string[];
  /** Also read the pods' Docker volumes (for `describe` and `-o yaml|json`). Default: false. */
  volumes?: boolean;
}

const byAge = (a: ContainerFacts, b: ContainerFacts) =>
  a.Created.localeCompare(b.Created) || (a.Config.Labels[containerLabel] ?? "").localeCompare(b.Config.Labels[containerLabel] ?? "");

const byName = (a: ContainerFacts, b: ContainerFacts) => (a.Config.Labels[containerLabel] ?? "").localeCompare(b.Config.Labels[containerLabel] ?? "");

/** The pods on the engine, by name (then age). */
export async function readPods(docker: Docker, opts: ReadOptions = {}): Promise<PodFacts[]> {
  const wanted = opts.names?.length ? new Set(opts.names) : undefined;
  const listed = (await docker.listContainers({ all: true, filters: { label: [podLabel] } })).filter(
    (c) => !wanted || wanted.has(c.Labels[podLabel]),
  );
  const pauses = listed.filter((c) => c.Labels[roleLabel] === "pause");
  if (pauses.length === 0) return [];
  const inspected = new Map<string, ContainerFacts>();
  await Promise.all(
    listed.map(async (c) => {
      try {
        inspected.set(c.Id, (await docker.getContainer(c.Id).inspect()) as unknown as ContainerFacts);
      } catch (err) {
        // Removed between the list and the inspection.
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    }),
  );
  const engine = await docker
    .info()
    .then((i: { Name?: string }) => i.Name ?? "")
    .catch(() => "");
  const pods = await Promise.all(
    pauses
      .filter((p) => inspected.has(p.Id))
      .map(async (p): Promise<PodFacts> => {
        const name = p.Labels[podLabel];
        const mine = (role: string) =>
          listed
            .filter((c) => c.Labels[podLabel] === name && c.Labels[roleLabel] === role)
            .map((c) => inspected.get(c.Id))
            .filter((c): c is ContainerFacts => c !== undefined);
        const inPod = (c: ContainerFacts) => c.HostConfig.NetworkMode === `container:${p.Id}`;
        const podlet = mine("podlet").find((c) => (c.Args ?? []).includes(p.Id));
        return {
          name,
          pause: inspected.get(p.Id)!,
          // Pulumi creates members concurrently: no creation order to follow, so by name.
          members: mine("member").filter(inPod).sort(byName),
          inits: [...mine("init"), ...mine("sidecar")].filter(inPod).sort(byAge),
          ...(podlet ? { podlet } : {}),
          events: podlet ? await podletEvents(docker, podlet.Id) : [],
          volumes: opts.volumes ? await podVolumes(docker, name) : [],
          engine,
        };
      }),
  );
  return pods.sort((a, b) => a.name.localeCompare(b.name) || a.pause.Created.localeCompare(b.pause.Created));
}

/** The podlet's events: its whole log (kept by Docker across its restarts), with timestamps. */
async function podletEvents(docker: Docker, id: string) {
  try {
    const log = (await docker.getContainer(id).logs({ stdout: true, stderr: true, timestamps: true, follow: false })) as unknown as Buffer;
    return parsePodletLog(demuxDockerLog(Buffer.from(log)));
  } catch {
    // A log driver that cannot be read back (syslog, none…): no events to show.
    return [];
  }
}

async function podVolumes(docker: Docker, name: string): Promise<VolumeFacts[]> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${podLabel}=${name}`] } });
  return (Volumes ?? []).map((v) => ({ Name: v.Name, Labels: v.Labels ?? {}, Options: v.Options, Mountpoint: v.Mountpoint }));
}
