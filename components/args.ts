/**
 * The public argument types of the `Pod` component, shaped like the Kubernetes PodSpec: same field
 * names, same meanings, Kubernetes defaults unless a field says otherwise.
 *
 * Fields that shape the resource graph (names, ports, quantities, policies) are plain values so
 * that `validatePodArgs` can check them before any resource exists. Values a program may only know
 * later (images, environment values, the pause image) are `pulumi.Input`s.
 */
import * as pulumi from "@pulumi/pulumi";

/** An environment variable of a container (Kubernetes `EnvVar`). */
export interface EnvVar {
  /** Variable name: letters, digits, `_`, `-` and `.`, not starting with a digit; unique in the container. */
  name: string;
  /** Value. A secret input stays secret in state and in the container's Pulumi outputs. Default: `""`. */
  value?: pulumi.Input<string>;
}

/** A port a container listens on (Kubernetes `ContainerPort`). Every port is published by the pause container. */
export interface ContainerPort {
  /** Port the container listens on inside the pod, 1–65535. Unique per protocol across the pod's containers. */
  containerPort: number;
  /**
   * Host port to publish `containerPort` on, 1–65535; unique per protocol and `hostIP` in the pod.
   * Default: Docker picks a free ephemeral host port (see the Pod's `ports` output).
   */
  hostPort?: number;
  /** Host address to bind `hostPort` on. Default: `0.0.0.0` (all IPv4 addresses). */
  hostIP?: string;
  /** `TCP` or `UDP` (`SCTP` is not supported). Default: `TCP`. */
  protocol?: string;
  /** An optional name for the port (IANA_SVC_NAME); informational. Default: none. */
  name?: string;
}

/** Quantities of compute resources (Kubernetes `ResourceList`). */
export interface ResourceList {
  /** CPU as a Kubernetes quantity: `"500m"`, `"1"`, `"1.5"`. Default: unset. */
  cpu?: string;
  /** Memory as a Kubernetes quantity: `"128Mi"`, `"1G"`; at least `6Mi` (Docker's minimum). Default: unset. */
  memory?: string;
}

/** Compute resources of a container (Kubernetes `ResourceRequirements`). */
export interface ResourceRequirements {
  /**
   * Upper bounds: `memory` → Docker memory limit (no swap beyond it), `cpu` → CFS quota over a
   * 100 ms period. Default: unlimited.
   */
  limits?: ResourceList;
  /**
   * Guarantees: `memory` → Docker memory reservation, `cpu` → CPU shares (1 CPU = 1024 shares).
   * Must not exceed `limits`. Default: unset.
   */
  requests?: ResourceList;
}

/** Linux capabilities to add or drop (Kubernetes `Capabilities`). */
export interface Capabilities {
  /** Capabilities to add, e.g. `NET_ADMIN`. Default: none. */
  add?: string[];
  /** Capabilities to drop, e.g. `ALL` or `NET_RAW`. Default: none. */
  drop?: string[];
}

/** Security settings of a container (the Kubernetes `SecurityContext` fields Docker can honour). */
export interface SecurityContext {
  /** UID the container's processes run as. Default: the image's user. */
  runAsUser?: number;
  /** GID the container's processes run as; needs `runAsUser` on Docker. Default: the image's group. */
  runAsGroup?: number;
  /** Mount the container's root filesystem read-only. Default: `false`. */
  readOnlyRootFilesystem?: boolean;
  /** Capabilities to add and drop. Default: Docker's default set. */
  capabilities?: Capabilities;
  /** `false` sets `no-new-privileges`: no process can gain privileges (setuid, file caps). Default: `true`. */
  allowPrivilegeEscalation?: boolean;
}

/** One container of the pod (Kubernetes `Container`). */
export interface Container {
  /** Name: a DNS-1123 label (lower-case letters, digits, `-`; at most 63), unique in the pod. */
  name: string;
  /** Image reference, e.g. `nginx:1.27` or a local image name. Required. */
  image: pulumi.Input<string>;
  /** Entrypoint (Docker `ENTRYPOINT`); replaces the image's. Default: the image's entrypoint. */
  command?: string[];
  /** Arguments to the entrypoint (Docker `CMD`). Default: the image's `CMD` when `command` is unset. */
  args?: string[];
  /** Environment variables. Default: none beyond the image's. */
  env?: EnvVar[];
  /** Ports the container listens on; all are published by the pause container. Default: none. */
  ports?: ContainerPort[];
  /** Working directory. Default: the image's. */
  workingDir?: string;
  /** Compute resources. Default: unlimited. */
  resources?: ResourceRequirements;
  /** Security settings. Default: Docker's defaults. */
  securityContext?: SecurityContext;
}

/** Extra `/etc/hosts` entries (Kubernetes `HostAlias`). */
export interface HostAlias {
  /** IP address of the entries. */
  ip: string;
  /** Host names for `ip`. At least one. */
  hostnames: string[];
}

/** A resolver option (Kubernetes `PodDNSConfigOption`). */
export interface PodDNSConfigOption {
  /** Option name, e.g. `ndots`. */
  name: string;
  /** Option value, e.g. `"2"`. Default: none. */
  value?: string;
}

/** DNS settings of the pod (Kubernetes `PodDNSConfig`). */
export interface PodDNSConfig {
  /** Name server IP addresses. Default: the Docker daemon's. */
  nameservers?: string[];
  /** DNS search domains. Default: the Docker daemon's. */
  searches?: string[];
  /** Resolver options. Default: none. */
  options?: PodDNSConfigOption[];
}

/** Arguments of the `Pod` component (the Kubernetes `PodSpec` fields Docker can honour). */
export interface PodArgs {
  /** The pod's containers; at least one. They share the pause container's network and IPC (and PID) namespaces. */
  containers: Container[];
  /**
   * Share one PID namespace, owned by the pause program (PID 1), among all containers.
   * Default: **`true`** on Docker (Kubernetes defaults to `false`): members then die with pause and
   * come back with it; without it a restarted pause leaves members in a dead network namespace.
   */
  shareProcessNamespace?: boolean;
  /** The pod's host name (a DNS-1123 label). Default: the Pod's resource name when that is a valid label. */
  hostname?: string;
  /** Extra `/etc/hosts` entries for every container. Default: none. */
  hostAliases?: HostAlias[];
  /** DNS settings for every container. Default: the Docker daemon's. */
  dnsConfig?: PodDNSConfig;
  /** `Always` (Docker `always`), `OnFailure` (`on-failure`) or `Never` (`no`). Default: `Always`. */
  restartPolicy?: string;
  /** Seconds between SIGTERM and SIGKILL when a container stops (its stop timeout). Default: `30`. */
  terminationGracePeriodSeconds?: number;
  /**
   * Labels put on every Docker object of the pod, beside the pod's own identifying labels
   * (`org.docker-pod.*`, which cannot be overridden). Default: none.
   */
  labels?: Record<string, string>;
  /**
   * An image reference to run as the pause container instead of building one, e.g. the
   * `imageName` of a shared `PauseImage`. Default: the Pod builds its own `PauseImage`.
   */
  pauseImage?: pulumi.Input<string>;
}

/** A port the pod publishes on the host (an entry of the Pod's `ports` output). */
export interface PublishedPort {
  /** Port inside the pod. */
  containerPort: number;
  /** Port on the host (the one Docker picked when `hostPort` was not given). */
  hostPort: number;
  /** Host address the port is bound on. */
  hostIP: string;
  /** `TCP` or `UDP`. */
  protocol: string;
}
