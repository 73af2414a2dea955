/**
 * What `docker-pod play | preview | generate` do, through the Automation API: one stack per
 * manifest file, in the project `docker-pod-play`, on the backend and with the passphrase of
 * `openStack` (`PULUMI_BACKEND_URL`, else a file backend in `./.pulumi`).
 */
import * as path from "path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { PulumiFn, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import type { ConfigMap, Pod as KubernetesPod, Service as KubernetesService } from "kubernetes-types/core/v1";
import { stringify } from "yaml";
import { ManifestClaim, ManifestPod, ManifestServiceArgs, PersistentVolumeClaim, Pod, PauseImage, Service, configMapDocuments, serviceComponentPorts } from "../components";
import { claimsOf } from "../components/manifest/pods";
import { defaultBackendUrl, openStack } from "./automation";

/** The Pulumi project of every stack `docker-pod play` makes. */
export const playProject = "docker-pod-play";

import { OperationError, UsageError } from "./errors";
export { OperationError, UsageError, errorGist } from "./errors";

/**
 * The stack of a manifest file: its base name without `.yaml`, `.yml` or `.json`, every run of
 * characters a stack name cannot hold replaced by `-` (`pods/web app.yaml` → `web-app`).
 */
export function stackNameForFile(file: string): string {
  const base = path.basename(file).replace(/\.(ya?ml|json)$/i, "");
  const name = base.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "");
  if (!name) throw new UsageError(`cannot make a stack name of "${file}"; give one with --stack`);
  return name;
}

/** The Docker network of a played file's stack: `docker-pod-<stack>`. */
export const playNetworkName = (stack: string): string => `docker-pod-${stack}`;

/**
 * The program of a file's stack: one shared pause image, one Docker network (`docker-pod-<stack>`,
 * labelled with the labels every pod of the file has) that every pod joins, so the file's pods
 * reach each other by name (only for a file of several pods or with a Service: one pod alone
 * stays on Docker's default bridge), a `Service` per Service document on that network, a `PersistentVolumeClaim` per claim
 * document (with `retainOnDelete`: its Docker volume outlives the stack, so `play --down` and
 * `play` again keep the data; `play --down --force` removes it), a `Pod` per pod (dropped fields
 * logged as warnings on it; created after the claims it mounts). Outputs: `manifest`, the file's
 * equivalent Kubernetes documents (ConfigMaps, Pods, then Services;
 * never Secrets, whose values stay secret), `secretNames`, the Secrets the pods refer to, `pods`, by pod name: `ports`,
 * `pauseContainerId`, `containerIds`, `podIP`; `claims`, the Docker volume names of the file's
 * claims and of every claim its pods mount; and `network` (when there is one).
 */
export function playProgram(pods: ManifestPod[], claims: ManifestClaim[] = [], services: ManifestServiceArgs[] = []): PulumiFn {
  return async () => {
    const pause = new PauseImage("pause-image", {});
    const shared = Object.entries(pods[0]?.args.labels ?? {}).filter(([k, v]) => pods.every((p) => p.args.labels?.[k] === v));
    // Only where there is someone to reach: a file of one pod and no Service stays on Docker's
    // default bridge, as `docker run` would (a network costs ≈ 2 s to create and 2 s to remove:
    // pulumi-docker waits 2 s before it reads one back, and again before it checks it is gone).
    const network =
      pods.length > 1 || services.length > 0
        ? new docker.Network("network", { name: playNetworkName(pulumi.getStack()), labels: shared.map(([label, value]) => ({ label, value })) })
        : undefined;
    const claimResources = new Map(
      claims.map(({ name, args, warnings }) => {
        const claim = new PersistentVolumeClaim(`claim-${name}`, args, { retainOnDelete: true });
        for (const warning of warnings) pulumi.log.warn(warning, claim);
        return [name, claim] as const;
      }),
    );
    const created = pods.map(({ name, args, warnings }) => {
      // A pod on the host's network joins no Docker network.
      const networks = args.hostNetwork || !network ? {} : { networks: [network.name] };
      const pod = new Pod(name, { ...args, ...networks, pauseImage: pause.imageName }, { dependsOn: claimsOf(args, claimResources) });
      for (const warning of warnings) pulumi.log.warn(warning, pod);
      return pod;
    });
    for (const svc of services) {
      // A Service makes the network (above).
      const service = new Service(svc.name, { selector: svc.selector, ports: serviceComponentPorts(svc.ports), network: (network as docker.Network).name, labels: Object.fromEntries(shared), pauseImage: pause.imageName });
      for (const warning of svc.warnings) pulumi.log.warn(warning, service);
    }
    const claimNames = new Set([
      ...claims.map((c) => c.name),
      ...pods.flatMap(({ args }) => (args.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []))),
    ]);
    return {
      claims: [...claimNames],
      manifest: pulumi.all<ConfigMap | KubernetesPod | KubernetesService>([
        ...configMapDocuments(pods),
        ...created.map((pod) => pod.manifest),
        ...services.map(serviceManifest),
      ]),
      secretNames: [...new Set(pods.flatMap(({ args }) => Object.keys(args.secrets ?? {})))].sort(),
      pods: Object.fromEntries(
        created.map((pod, i) => [
          pods[i].name,
          { ports: pod.ports, pauseContainerId: pod.pauseContainerId, containerIds: pod.containerIds, podIP: pod.podIP },
        ]),
      ),
      ...(network ? { network: network.name } : {}),
    };
  };
}

/** The Kubernetes Service document of a played Service (named target ports as numbers). */
export function serviceManifest(svc: ManifestServiceArgs): KubernetesService {
  const ports = svc.ports.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as NonNullable<NonNullable<KubernetesService["spec"]>["ports"]>[number]);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: svc.name },
    spec: { ...(svc.type !== "ClusterIP" ? { type: svc.type } : {}), selector: svc.selector, ...(ports.length ? { ports } : {}) },
  };
}

/** Where the stacks are kept, for messages. */
export function backendDescription(): string {
  return defaultBackendUrl();
}

/** Opens the stack `stackName`; `create: false` turns a missing stack into an OperationError. */
export async function playStack(stackName: string, program: PulumiFn, create: boolean): Promise<Stack> {
  try {
    return await openStack({ projectName: playProject, stackName, program, create });
  } catch (err) {
    if (err instanceof StackNotFoundError || /no stack named/i.test(String(err))) {
      throw new OperationError(`no stack "${stackName}" in ${backendDescription()} (nothing was played under that name)`);
    }
    throw err;
  }
}

/** One line per published port of each pod, from the stack's `pods` output. */
export function describePorts(pods: Record<string, { ports?: { containerPort: number; hostPort: number; hostIP: string; protocol: string }[] }>): string[] {
  return Object.entries(pods ?? {}).map(([name, pod]) => {
    const ports = (pod.ports ?? []).map((p) => `${p.hostIP}:${p.hostPort} → ${p.containerPort}/${p.protocol}`);
    return `pod ${name}: ${ports.length ? `publishes ${ports.join(", ")}` : "publishes no port"}`;
  });
}

/** The YAML of a stack's `manifest` output: one document per object, separated by `---`. */
export function manifestYaml(documents: unknown): string {
  const docs = Array.isArray(documents) ? documents : [documents];
  return docs.map((d) => stringify(kubernetesOrder(d))).join("---\n");
}

/** Keys in the order Kubernetes documents use (stack outputs come back sorted alphabetically). */
const keyOrder = ["apiVersion", "kind", "metadata", "name", "image", "spec", "data"];

function kubernetesOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(kubernetesOrder);
  if (value === null || typeof value !== "object") return value;
  const rank = (k: string) => (keyOrder.includes(k) ? keyOrder.indexOf(k) : keyOrder.length);
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((k) => [k, kubernetesOrder((value as Record<string, unknown>)[k])]));
}

