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
  /** Where the value comes from instead of `value` (not both): a ConfigMap or Secret key, or the downward API. Default: none. */
  valueFrom?: EnvVarSource;
}

/** One key of one of the pod's `configMaps` (Kubernetes `ConfigMapKeySelector`). */
export interface ConfigMapKeySelector {
  /** Name of the ConfigMap: a key of the pod's `configMaps`. */
  name: string;
  /** Key in that ConfigMap. */
  key: string;
  /**
   * `true`: a missing ConfigMap or key leaves the variable unset. Default: `false`, and a missing
   * one is an error before anything is created (`couldn't find key KEY in ConfigMap default/NAME`).
   */
  optional?: boolean;
}

/** One key of one of the pod's `secrets` (Kubernetes `SecretKeySelector`). */
export interface SecretKeySelector {
  /** Name of the Secret: a key of the pod's `secrets`. */
  name: string;
  /** Key in that Secret. */
  key: string;
  /**
   * `true`: a missing Secret or key leaves the variable unset. Default: `false`, and a missing one
   * is an error before anything is created (`couldn't find key KEY in Secret default/NAME`).
   */
  optional?: boolean;
}

/**
 * A field of the pod (Kubernetes `ObjectFieldSelector`, the downward API). What a Docker host gives
 * for each: `metadata.name` the pod's name; `metadata.namespace` `default`; `metadata.uid` a UUID
 * made of the pause container's id (new when pause is replaced); `metadata.labels['KEY']`,
 * `metadata.annotations['KEY']` the pod's `labels` / `annotations` (`""` when absent);
 * `spec.nodeName` the Docker engine's host name (`docker info`); `spec.serviceAccountName`
 * `default`; `status.podIP` / `status.podIPs` the pause container's address(es) on its Docker
 * network; `status.hostIP` / `status.hostIPs` that network's gateway, the Docker host as the pod
 * reaches it. Volumes (`downwardAPI`) allow the `metadata.*` fields only, plus the whole
 * `metadata.labels` and `metadata.annotations`, as in Kubernetes.
 */
export interface ObjectFieldSelector {
  /** The field's path, e.g. `metadata.name` or `metadata.labels['app']`. */
  fieldPath: string;
  /** `v1`, the only version. Default: `v1`. */
  apiVersion?: string;
}

/**
 * A compute resource of a container (Kubernetes `ResourceFieldSelector`, the downward API):
 * `limits.cpu`, `limits.memory`, `requests.cpu`, `requests.memory`. An unset limit gives the
 * Docker host's capacity (its CPUs, its memory, from `docker info`), as Kubernetes gives the node's
 * allocatable; an unset request gives the limit when set, else 0. CPU is rounded up to whole
 * `divisor`s, memory too.
 */
export interface ResourceFieldSelector {
  /** `limits.cpu`, `limits.memory`, `requests.cpu` or `requests.memory`. */
  resource: string;
  /** The container whose resources to read. Default in env: the container itself; required in volumes. */
  containerName?: string;
  /** Unit of the value: `1` or `1m` for CPU; `1`, `1k`, `1Ki`, `1M`, `1Mi`, `1G`, `1Gi`, … for memory. Default: `1`. */
  divisor?: string;
}

/** Where an environment variable's value comes from (Kubernetes `EnvVarSource`): exactly one field. */
export interface EnvVarSource {
  /** A key of one of the pod's `configMaps`. */
  configMapKeyRef?: ConfigMapKeySelector;
  /** A key of one of the pod's `secrets`; the container's environment is then secret in Pulumi. */
  secretKeyRef?: SecretKeySelector;
  /** A field of the pod (downward API). */
  fieldRef?: ObjectFieldSelector;
  /** A compute resource of a container (downward API). */
  resourceFieldRef?: ResourceFieldSelector;
}

/** A whole ConfigMap as environment variables (Kubernetes `ConfigMapEnvSource`). */
export interface ConfigMapEnvSource {
  /** Name of the ConfigMap: a key of the pod's `configMaps`. */
  name: string;
  /** `true`: a missing ConfigMap sets nothing. Default: `false` (an error: `configmap "NAME" not found`). */
  optional?: boolean;
}

/** A whole Secret as environment variables (Kubernetes `SecretEnvSource`). */
export interface SecretEnvSource {
  /** Name of the Secret: a key of the pod's `secrets`. */
  name: string;
  /** `true`: a missing Secret sets nothing. Default: `false` (an error: `secret "NAME" not found`). */
  optional?: boolean;
}

/**
 * Every key of a ConfigMap or Secret as a variable (Kubernetes `EnvFromSource`): exactly one of
 * `configMapRef`, `secretRef`. Sources apply in order, then `env`, a later one overriding an earlier
 * one of the same name, as in Kubernetes; keys holding `=` are skipped.
 */
export interface EnvFromSource {
  /** Prepended to every key. Default: none. */
  prefix?: string;
  /** The ConfigMap. */
  configMapRef?: ConfigMapEnvSource;
  /** The Secret; the container's environment is then secret in Pulumi. */
  secretRef?: SecretEnvSource;
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
  /**
   * `TCP`, `UDP` or `SCTP` (Docker publishes SCTP only where the Docker host's kernel has SCTP;
   * elsewhere the pause container fails to start). Default: `TCP`.
   */
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
  /**
   * NVIDIA GPUs (Kubernetes' extended resource of the NVIDIA device plugin), a whole number:
   * that many of the Docker host's GPUs are given to the container (Docker's `--gpus N`: a device
   * request of the `nvidia` driver, which needs the NVIDIA Container Toolkit on the host). As in
   * Kubernetes, GPUs are not shared or overcommitted: give it in `limits` (a `requests` value must
   * equal the limit). `"0"`: none. Default: unset (no GPU).
   */
  "nvidia.com/gpu"?: string;
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

/** SELinux labels (Kubernetes `SELinuxOptions`) → Docker `label=user:…`, `label=role:…`, `label=type:…`, `label=level:…`. */
export interface SELinuxOptions {
  /** SELinux user label. Default: the runtime's. */
  user?: string;
  /** SELinux role label. Default: the runtime's. */
  role?: string;
  /** SELinux type label. Default: the runtime's. */
  type?: string;
  /** SELinux level label. Default: the runtime's. */
  level?: string;
}

/** A seccomp profile (Kubernetes `SeccompProfile`). */
export interface SeccompProfile {
  /**
   * `RuntimeDefault` (Docker's default profile), `Unconfined` (Docker `seccomp=unconfined`) or
   * `Localhost` (a JSON profile file read where Pulumi runs, `localhostProfile`; sent to Docker as
   * `seccomp=<profile JSON>`, as the docker CLI does).
   */
  type: string;
  /** Path of the profile file for `Localhost` (relative paths from the working directory); only with `Localhost`. */
  localhostProfile?: string;
}

/** An AppArmor profile (Kubernetes `AppArmorProfile`). */
export interface AppArmorProfile {
  /**
   * `RuntimeDefault` (Docker's `docker-default`), `Unconfined` (Docker `apparmor=unconfined`) or
   * `Localhost` (a profile loaded on the Docker host, named by `localhostProfile`: `apparmor=<name>`).
   */
  type: string;
  /** Name of the profile loaded on the Docker host; only with `Localhost`. */
  localhostProfile?: string;
}

/**
 * Security settings of a container (Kubernetes `SecurityContext`). Fields also in the pod's
 * `securityContext` (`runAsUser`, `runAsGroup`, `runAsNonRoot`, `seccompProfile`,
 * `appArmorProfile`, `seLinuxOptions`) override the pod's value for this container.
 */
export interface SecurityContext {
  /** UID the container's processes run as. Default: the pod's `runAsUser`, else the image's user. */
  runAsUser?: number;
  /**
   * GID the container's processes run as. Without `runAsUser` the image's user is kept (read from
   * the image by `docker image inspect` at `up`). Default: the pod's `runAsGroup`, else the image's group.
   */
  runAsGroup?: number;
  /**
   * Refuse to run as root: with `runAsUser: 0` it is a validation error; otherwise `up` reads the
   * image's user and fails, before the container is created, with the kubelet's words
   * (`container has runAsNonRoot and image will run as root (pod: "…", container: …)`) when
   * that user is root or not numeric. Default: the pod's `runAsNonRoot`, else `false`.
   */
  runAsNonRoot?: boolean;
  /** Mount the container's root filesystem read-only. Default: `false`. */
  readOnlyRootFilesystem?: boolean;
  /** Capabilities to add and drop. Default: Docker's default set. */
  capabilities?: Capabilities;
  /** `false` sets `no-new-privileges`: no process can gain privileges (setuid, file caps). Default: `true`. */
  allowPrivilegeEscalation?: boolean;
  /** Run privileged (Docker `--privileged`: every capability, every device). Default: `false`. */
  privileged?: boolean;
  /** `Default` (masked `/proc` paths) or `Unmasked` (Docker `systempaths=unconfined`). Default: `Default`. */
  procMount?: string;
  /** Seccomp profile. Default: the pod's, else Docker's default profile. */
  seccompProfile?: SeccompProfile;
  /** AppArmor profile. Default: the pod's, else Docker's `docker-default`. */
  appArmorProfile?: AppArmorProfile;
  /** SELinux labels. Default: the pod's, else the runtime's. */
  seLinuxOptions?: SELinuxOptions;
}

/** A namespaced kernel parameter (Kubernetes `Sysctl`). */
export interface Sysctl {
  /** Name, e.g. `net.ipv4.ip_unprivileged_port_start` or `kernel.shm_rmid_forced`. */
  name: string;
  /** Value, as a string. */
  value: string;
}

/**
 * Security settings of the whole pod (Kubernetes `PodSecurityContext`). `runAsUser`, `runAsGroup`,
 * `runAsNonRoot`, `seccompProfile`, `appArmorProfile` and `seLinuxOptions` apply to every container
 * (init containers included) that does not set its own; the pause container and the podlet keep their
 * fixed hardening.
 */
export interface PodSecurityContext {
  /** UID of every container's processes. Default: each image's user. */
  runAsUser?: number;
  /** GID of every container's processes. Default: each image's group. */
  runAsGroup?: number;
  /** Refuse to run any container as root (see the container field). Default: `false`. */
  runAsNonRoot?: boolean;
  /**
   * A group every container runs with (added to its supplementary groups) and that owns the
   * volumes the pod writes: `emptyDir` and `persistentVolumeClaim` volumes are made group-owned by
   * it, group-writable and setgid (new files inherit the group) by a one-shot step before any
   * container of the pod starts (`<pod>.fsgroup`, run from the pause image, `/volinit`); `Memory`
   * `emptyDir`s get it as tmpfs `gid=`/`mode=2777` mount options. Default: none.
   */
  fsGroup?: number;
  /** `Always` or `OnRootMismatch`; both re-apply `fsGroup` on each start of the pod here. Default: `Always`. */
  fsGroupChangePolicy?: string;
  /** Extra groups of every container's processes (Docker `group_add`). Default: none. */
  supplementalGroups?: number[];
  /**
   * Namespaced kernel parameters, set on the pause container, whose network and IPC namespaces
   * every member shares (`net.*`, `kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`).
   * Default: none.
   */
  sysctls?: Sysctl[];
  /** Seccomp profile of every container. Default: Docker's default profile. */
  seccompProfile?: SeccompProfile;
  /** AppArmor profile of every container. Default: Docker's `docker-default`. */
  appArmorProfile?: AppArmorProfile;
  /** SELinux labels of every container. Default: the runtime's. */
  seLinuxOptions?: SELinuxOptions;
}

/** A command run inside a container (Kubernetes `ExecAction`). */
export interface ExecAction {
  /** The argv; not run in a shell unless you call one (`["sh", "-c", "..."]`). */
  command: string[];
}

/** An HTTP GET a probe makes (Kubernetes `HTTPGetAction`); 200–399 is success. */
export interface HTTPGetAction {
  /** Path to request. Default: `/`. */
  path?: string;
  /** Port inside the pod, 1–65535. */
  port: number;
  /** Host to connect to. Default: `127.0.0.1` (the pod's loopback; Kubernetes uses the pod IP). */
  host?: string;
  /** Only `HTTP` is supported. Default: `HTTP`. */
  scheme?: string;
  /** Headers to send; a `Host`, `User-Agent` or `Accept` header replaces the probe's own. Default: none. */
  httpHeaders?: HTTPHeader[];
}

/** A header of an HTTP probe (Kubernetes `HTTPHeader`). */
export interface HTTPHeader {
  /** Header name (an HTTP token). */
  name: string;
  /** Header value (no line breaks). */
  value: string;
}

/** A TCP connection a probe opens (Kubernetes `TCPSocketAction`); connecting is success. */
export interface TCPSocketAction {
  /** Port inside the pod, 1–65535. */
  port: number;
  /** Host to connect to. Default: `127.0.0.1`. */
  host?: string;
}

/**
 * A gRPC health check a probe makes (Kubernetes `GRPCAction`): a call of the gRPC Health Checking
 * Protocol's `grpc.health.v1.Health/Check` on the pod's loopback, in plaintext (no TLS, as the
 * kubelet); success only when the answer's status is `SERVING` (`NOT_SERVING`, an unknown service,
 * a server without the health service, a refused connection or no answer within `timeoutSeconds`
 * are failures).
 */
export interface GRPCAction {
  /** Port of the gRPC server inside the pod, 1–65535 (a number: named ports are not allowed, as in Kubernetes). */
  port: number;
  /** The `service` of the `HealthCheckRequest`. Default: `""` (the server as a whole). */
  service?: string;
}

/**
 * A health check of a container (Kubernetes `Probe`): exactly one of `exec`, `httpGet`, `tcpSocket`,
 * `grpc`. `httpGet`, `tcpSocket` and `grpc` run a small static helper (`/.docker-pod/probe`) that
 * the Pod copies into the container, so images need no curl, nc or grpc_health_probe.
 */
export interface Probe {
  /** Run a command in the container; exit status 0 is success. */
  exec?: ExecAction;
  /** GET a URL on the pod's network. */
  httpGet?: HTTPGetAction;
  /** Open a TCP connection on the pod's network. */
  tcpSocket?: TCPSocketAction;
  /** Ask a gRPC server on the pod's network for its health (gRPC Health Checking Protocol). */
  grpc?: GRPCAction;
  /** Seconds after the container starts before the first probe. Default: `0`. */
  initialDelaySeconds?: number;
  /** Seconds between probes. Default: `10`. */
  periodSeconds?: number;
  /** Seconds after which a probe counts as failed. Default: `1`. */
  timeoutSeconds?: number;
  /** Consecutive failures that make the probe fail. Default: `3`. */
  failureThreshold?: number;
  /** Consecutive successes that make the probe succeed again; must be 1 for liveness and startup. Default: `1`. */
  successThreshold?: number;
}

/** A lifecycle hook (Kubernetes `LifecycleHandler`); only `exec` is supported. */
export interface LifecycleHandler {
  /** The command to run inside the container. */
  exec: ExecAction;
}

/** Hooks around a container's life (Kubernetes `Lifecycle`). */
export interface Lifecycle {
  /**
   * Run right after the container starts (by `up`; after a restart, by the podlet). A failing
   * postStart fails the `up`. Default: none.
   */
  postStart?: LifecycleHandler;
  /**
   * Run before the container is stopped by `destroy` or a replacement, then SIGTERM, then SIGKILL
   * once `terminationGracePeriodSeconds` have passed. Needs the `docker` CLI where Pulumi runs.
   * Default: none.
   */
  preStop?: LifecycleHandler;
}

/** Where a volume appears in a container (Kubernetes `VolumeMount`). */
export interface VolumeMount {
  /** Name of one of the pod's `volumes`. */
  name: string;
  /** Absolute path in the container. */
  mountPath: string;
  /** Mount read-only. Default: `false` (`configMap` volumes are always read-only). */
  readOnly?: boolean;
  /** A path inside the volume to mount instead of its root (relative, no `..`). Default: the root. */
  subPath?: string;
}

/** An empty directory that lives as long as the pod (Kubernetes `EmptyDirVolumeSource`). */
export interface EmptyDirVolumeSource {
  /** `""` for a Docker volume on disk, `Memory` for tmpfs. Default: `""`. */
  medium?: string;
  /** Size limit as a quantity (`"64Mi"`); enforced for `Memory` only. Default: none. */
  sizeLimit?: string;
}

/** A path on the Docker host (Kubernetes `HostPathVolumeSource`). */
export interface HostPathVolumeSource {
  /** Absolute path on the Docker host; a missing directory is created (like `DirectoryOrCreate`). */
  path: string;
  /**
   * `""`, `Directory`, `DirectoryOrCreate` (Docker creates missing directories either way), or
   * `File`, `Socket`, `CharDevice`, `BlockDevice`: bound as they are, so the path must exist (Docker
   * would create a directory in place of a missing one). Not `FileOrCreate`. Default: `""`.
   */
  type?: string;
}

/** A file to place in a `configMap`, `secret` or projected volume (Kubernetes `KeyToPath`). */
export interface KeyToPath {
  /** Key in the ConfigMap or Secret. */
  key: string;
  /** Relative path of the file in the volume (no `..`). */
  path: string;
  /** Mode bits of the file, 0–0777 (e.g. `0o400`, `256`). Default: the volume's `defaultMode`. */
  mode?: number;
}

/**
 * A ConfigMap's keys as files, mounted read-only (Kubernetes `ConfigMapVolumeSource`). Either by
 * reference, as in Kubernetes (`name`, a key of the pod's `configMaps`), or with the files inline
 * (`data`; `name` is then informational). Files are kept in a Docker volume on disk.
 */
export interface ConfigMapVolumeSource {
  /**
   * File contents by key (file name), inline; secret inputs stay secret. Default: none, the
   * ConfigMap `name` of the pod's `configMaps` gives them.
   */
  data?: Record<string, pulumi.Input<string>>;
  /** Which keys to place, and where. Default: every key, as a file named after it. */
  items?: KeyToPath[];
  /** The ConfigMap: a key of the pod's `configMaps` (without `data`). Default: none. */
  name?: string;
  /** Mode bits of the files, 0–0777. Default: `0o644` (420). */
  defaultMode?: number;
  /**
   * `true`: a missing ConfigMap (or key of `items`) gives an empty volume (without those files).
   * Default: `false`, an error before anything is created (`configmap "NAME" not found`).
   */
  optional?: boolean;
}

/**
 * An NFS export (Kubernetes `NFSVolumeSource`): a Docker volume of the local driver with
 * `type=nfs`, `o=addr=<server>[,ro]`, `device=:<path>`, mounted by the Docker host's kernel when a
 * container starts (the host needs NFS client support).
 */
export interface NFSVolumeSource {
  /** The NFS server's host name or IP address. */
  server: string;
  /** The exported path on the server (absolute). */
  path: string;
  /** Mount the export read-only. Default: `false`. */
  readOnly?: boolean;
}

/**
 * A claim's Docker volume mounted in the pod (Kubernetes `PersistentVolumeClaimVolumeSource`): the
 * named Docker volume `claimName`, made by a `PersistentVolumeClaim` (give the Pod
 * `dependsOn: [claim]`). It outlives the pod: replacing or deleting the pod keeps its data. A claim
 * that does not exist when the pod starts is created by Docker as an empty local volume that no
 * Pulumi resource owns.
 */
export interface PersistentVolumeClaimVolumeSource {
  /** The claim's name: its Docker volume's name (a DNS-1123 subdomain). */
  claimName: string;
  /** Mount it read-only in every container. Default: `false`. */
  readOnly?: boolean;
}

/**
 * A Secret's keys as files (Kubernetes `SecretVolumeSource`), mounted read-only. The files live in
 * memory only (a tmpfs Docker volume kept mounted by a small keeper container), never on the
 * Docker host's disk; their content is a Pulumi secret.
 */
export interface SecretVolumeSource {
  /** The Secret: a key of the pod's `secrets`. */
  secretName: string;
  /** Which keys to place, and where. Default: every key, as a file named after it. */
  items?: KeyToPath[];
  /** Mode bits of the files, 0–0777. Default: `0o644` (420). */
  defaultMode?: number;
  /** `true`: a missing Secret (or key of `items`) gives an empty volume. Default: `false` (`secret "NAME" not found`). */
  optional?: boolean;
}

/** One file of a `downwardAPI` volume (Kubernetes `DownwardAPIVolumeFile`): exactly one of `fieldRef`, `resourceFieldRef`. */
export interface DownwardAPIVolumeFile {
  /** Relative path of the file in the volume (no `..`). */
  path: string;
  /**
   * A `metadata.*` field of the pod (see `ObjectFieldSelector`); whole `metadata.labels` /
   * `metadata.annotations` give one `key="value"` line per entry, sorted.
   */
  fieldRef?: ObjectFieldSelector;
  /** A compute resource of a container (`containerName` required). */
  resourceFieldRef?: ResourceFieldSelector;
  /** Mode bits of the file, 0–0777. Default: the volume's `defaultMode`. */
  mode?: number;
}

/** Pod fields as files (Kubernetes `DownwardAPIVolumeSource`), mounted read-only. */
export interface DownwardAPIVolumeSource {
  /** The files. */
  items: DownwardAPIVolumeFile[];
  /** Mode bits of the files, 0–0777. Default: `0o644` (420). */
  defaultMode?: number;
}

/** A ConfigMap's keys in a projected volume (Kubernetes `ConfigMapProjection`). */
export interface ConfigMapProjection {
  /** The ConfigMap: a key of the pod's `configMaps`. */
  name: string;
  /** Which keys, and where. Default: every key, as a file named after it. */
  items?: KeyToPath[];
  /** `true`: a missing ConfigMap or key adds no file. Default: `false`. */
  optional?: boolean;
}

/** A Secret's keys in a projected volume (Kubernetes `SecretProjection`). */
export interface SecretProjection {
  /** The Secret: a key of the pod's `secrets`. */
  name: string;
  /** Which keys, and where. Default: every key, as a file named after it. */
  items?: KeyToPath[];
  /** `true`: a missing Secret or key adds no file. Default: `false`. */
  optional?: boolean;
}

/** Pod fields in a projected volume (Kubernetes `DownwardAPIProjection`). */
export interface DownwardAPIProjection {
  /** The files. */
  items: DownwardAPIVolumeFile[];
}

/** One source of a projected volume (Kubernetes `VolumeProjection`): exactly one field. */
export interface VolumeProjection {
  /** A ConfigMap's keys. */
  configMap?: ConfigMapProjection;
  /** A Secret's keys. */
  secret?: SecretProjection;
  /** Pod fields. */
  downwardAPI?: DownwardAPIProjection;
}

/**
 * Several sources in one directory (Kubernetes `ProjectedVolumeSource`), mounted read-only; two
 * sources must not give the same path. Kept in memory (tmpfs, as `secret` volumes) when a source
 * is a Secret, else on disk.
 */
export interface ProjectedVolumeSource {
  /** The sources. */
  sources: VolumeProjection[];
  /** Mode bits of the files, 0–0777. Default: `0o644` (420). */
  defaultMode?: number;
}

/**
 * A volume of the pod (Kubernetes `Volume`): exactly one of `emptyDir`, `hostPath`, `configMap`,
 * `secret`, `downwardAPI`, `projected`, `nfs`, `persistentVolumeClaim`.
 */
export interface Volume {
  /** Name, a DNS-1123 label unique in the pod; `volumeMounts` refer to it. */
  name: string;
  /** A Docker volume owned by the pod, shared by the containers that mount it, removed with the pod. */
  emptyDir?: EmptyDirVolumeSource;
  /** A bind mount of a host path. */
  hostPath?: HostPathVolumeSource;
  /** A ConfigMap's keys as files, read-only. */
  configMap?: ConfigMapVolumeSource;
  /** An NFS export, as a Docker volume of the local driver with NFS options (removed with the pod; the data stays on the server). */
  nfs?: NFSVolumeSource;
  /** A claim's Docker volume, which outlives the pod. */
  persistentVolumeClaim?: PersistentVolumeClaimVolumeSource;
  /** A Secret's keys as files in memory, read-only. */
  secret?: SecretVolumeSource;
  /** Pod fields as files, read-only. */
  downwardAPI?: DownwardAPIVolumeSource;
  /** ConfigMap, Secret and pod-field files together, read-only. */
  projected?: ProjectedVolumeSource;
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
  /** Environment variables; they override those of `envFrom`. Default: none beyond the image's. */
  env?: EnvVar[];
  /** Whole ConfigMaps and Secrets as environment variables, applied in order before `env`. Default: none. */
  envFrom?: EnvFromSource[];
  /** Ports the container listens on; all are published by the pause container. Default: none. */
  ports?: ContainerPort[];
  /** Working directory. Default: the image's. */
  workingDir?: string;
  /**
   * Keep the container's stdin open (Docker `OpenStdin`), e.g. for a program that exits on EOF;
   * attach with `docker attach`. Default: `false`.
   */
  stdin?: boolean;
  /** Allocate a terminal (Docker `Tty`); usually with `stdin`. Default: `false`. */
  tty?: boolean;
  /** Compute resources. Default: unlimited. */
  resources?: ResourceRequirements;
  /** Security settings. Default: Docker's defaults. */
  securityContext?: SecurityContext;
  /** Where the pod's volumes appear in this container. Default: none. */
  volumeMounts?: VolumeMount[];
  /** Restart the container when this fails (run by the podlet; needs `selfHealing`). Not for init containers but sidecars. Default: none. */
  livenessProbe?: Probe;
  /**
   * The container is ready when this succeeds: `up` waits for it (see `readinessTimeoutSeconds`)
   * and fails naming the container that never became ready. Not for init containers but sidecars. Default: none.
   */
  readinessProbe?: Probe;
  /** Liveness is not checked until this succeeds; failing restarts the container (podlet). Not for init containers but sidecars. Default: none. */
  startupProbe?: Probe;
  /** Hooks after start and before stop. Not for init containers but sidecars. Default: none. */
  lifecycle?: Lifecycle;
  /**
   * Only for init containers, only `Always`: a native sidecar. It starts in order with the other
   * init containers but need not exit: the next init container waits only until it has started (and
   * its `startupProbe`, if any, succeeded; `up` waits up to `readinessTimeoutSeconds`). It runs
   * beside the members, is restarted by the podlet as they are (always, whatever the pod's
   * `restartPolicy`), and is stopped after them when the pod is deleted (members depend on it).
   * Sidecars may publish ports and have probes and hooks; on Docker one health check holds either
   * the `startupProbe` or the `readinessProbe`, so not both. Default: none (an init container runs
   * to completion).
   */
  restartPolicy?: string;
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

/**
 * A Docker network the pod joins, with extra DNS names on it (an entry of the Pod's `networks`
 * given as an object; a plain entry is the network's name alone).
 */
export interface PodNetwork {
  /** Name (or id) of an existing Docker network, e.g. `net.name` of a `docker.Network`. Required. */
  name: pulumi.Input<string>;
  /**
   * Extra DNS names of the pod on this network (DNS-1123 subdomains, e.g. `db` or `db.prod`), beside
   * its name and `<hostname>.<subdomain>`. Default: none.
   */
  aliases?: string[];
}

/** Arguments of the `Pod` component (the Kubernetes `PodSpec` fields Docker can honour). */
export interface PodArgs {
  /** The pod's containers; at least one. They share the pause container's network and IPC (and PID) namespaces. */
  containers: Container[];
  /**
   * Containers run in order, each to completion, in the pod's namespaces, before any member starts.
   * A failing one fails the `up` with its exit code and last log lines; no member is started.
   * No ports, probes or lifecycle. Names are unique among all the pod's containers. Default: none.
   */
  initContainers?: Container[];
  /** The pod's volumes, mounted by containers through `volumeMounts`. Default: none. */
  volumes?: Volume[];
  /**
   * The ConfigMaps the pod refers to by name (Kubernetes `ConfigMap` objects, which a cluster keeps
   * beside the pod): name → key → value. Read by `configMap` and projected volumes,
   * `configMapKeyRef` and `envFrom[].configMapRef`. Names are DNS-1123 subdomains; keys are
   * letters, digits, `-`, `_`, `.`. Default: none.
   */
  configMaps?: Record<string, Record<string, pulumi.Input<string>>>;
  /**
   * The Secrets the pod refers to by name (Kubernetes `Secret` objects): name → key → value. Every
   * value is made a Pulumi secret (`pulumi.secret`) whether given as one or not: it never shows in
   * plain text in the state, a preview, a diff or an error. Read by `secret` and projected volumes
   * (files in memory only), `secretKeyRef` and `envFrom[].secretRef`. Values are text (UTF-8).
   * Names and keys as for `configMaps`. Default: none.
   */
  secrets?: Record<string, Record<string, pulumi.Input<string>>>;
  /**
   * The pod's Kubernetes annotations: given to the downward API (`metadata.annotations`) and
   * written to the manifest; not put on Docker objects. Default: none.
   */
  annotations?: Record<string, string>;
  /**
   * Seconds `up` waits for each container with a `readinessProbe` to become ready before failing
   * (not a Kubernetes field). Default: `300`.
   */
  readinessTimeoutSeconds?: number;
  /**
   * Pod-level resources (Kubernetes 1.32+ `PodLevelResources`): `cpu` and `memory` only. Docker
   * has no pod cgroup, so the pod's `limits` bound each container that has no limit of its own
   * (members and init containers; together they may use up to N times the pod's limit), the
   * downward API reading it there as Kubernetes does; the pod's `requests` set nothing on Docker
   * (no pod cgroup to weight, no scheduler) and are kept for the manifest. A container's own limit
   * must not exceed the pod's; the containers' requests together must not exceed the pod's.
   * Default: unset.
   */
  resources?: ResourceRequirements;
  /**
   * Share one PID namespace, owned by the pause program (PID 1), among all containers.
   * Default: **`true`** on Docker (Kubernetes defaults to `false`): members then die with pause and
   * come back with it; without it a restarted pause leaves members in a dead network namespace.
   */
  shareProcessNamespace?: boolean;
  /**
   * Self-healing by the pod's podlet, a small agent in its own container (`<name>.podlet`, from
   * the pause image): when pause dies it is started again at once, then every member its restart
   * policy allows; a member that dies is restarted per `restartPolicy` with crash-loop back-off;
   * liveness and startup probes run; after a Docker daemon restart the pod comes back. A stop or
   * kill through the Docker API (`docker stop`, Pulumi) is left alone. Docker's own restart
   * policies are then `no` on pause and members, so they never race the podlet.
   *
   * The podlet mounts the Docker socket, which is root-equivalent on the host; it runs as root
   * with no capabilities, no network, a read-only root and `no-new-privileges`, and calls only the
   * container start/kill/inspect/list/exec and events endpoints (see README). With a `pauseImage`
   * of your own, that image must carry `/podlet` (any `PauseImage` does).
   * `false`: no podlet; pause and members get the Docker restart policy mapped from
   * `restartPolicy`, which does not reliably bring a pod back. Default: `true`.
   */
  selfHealing?: boolean;
  /** The pod's host name (a DNS-1123 label). Default: the Pod's resource name when that is a valid label. */
  hostname?: string;
  /**
   * The pod's subdomain (a DNS-1123 label), as in Kubernetes: on every network it joins the pod also
   * answers to `<hostname>.<subdomain>`, and its fully qualified host name (`hostname -f`) is
   * `<hostname>.<subdomain>` (Docker's `domainname`). Default: none.
   */
  subdomain?: string;
  /**
   * Docker networks the pod joins (its pause container; members share them through it), instead of
   * Docker's default `bridge`, which has no DNS. Each entry is a network name (or id), e.g. `net.name`
   * of a `docker.Network`, or `{ name, aliases }` for extra DNS names on that network. On every network
   * the pod joins, Docker's embedded DNS answers for the pod's name (the Pod's resource name), for
   * `<hostname>.<subdomain>` when `subdomain` is set, for its `aliases`, and for the name of every
   * `Service` whose selector matches the pod's labels on that network. Each network at most once.
   * Published ports work as on the default bridge. Default: none (the default `bridge`, no names).
   */
  networks?: (pulumi.Input<string> | PodNetwork)[];
  /** Extra `/etc/hosts` entries for every container. Default: none. */
  hostAliases?: HostAlias[];
  /** DNS settings for every container. Default: the Docker daemon's. */
  dnsConfig?: PodDNSConfig;
  /** `Always` (Docker `always`), `OnFailure` (`on-failure`) or `Never` (`no`). Default: `Always`. */
  restartPolicy?: string;
  /** Security settings of the whole pod; each container's `securityContext` overrides them. Default: none. */
  securityContext?: PodSecurityContext;
  /**
   * Use the Docker host's network namespace (pause in Docker's `host` network mode, the members
   * joining it): the pod's ports are the host's, so nothing is published and a `hostPort` must equal
   * its `containerPort`; `hostname` and `dnsConfig` cannot be set (Docker refuses them there).
   * Default: `false`.
   */
  hostNetwork?: boolean;
  /** Use the Docker host's PID namespace (Docker `pid: host` on pause and every container). Default: `false`. */
  hostPID?: boolean;
  /** Use the Docker host's IPC namespace (Docker `ipc: host` on pause and every container). Default: `false`. */
  hostIPC?: boolean;
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
  /**
   * Path of the Docker engine's API socket **on the engine's host**, for the containers that talk
   * to the engine themselves (the podlet, and the runs of `lifecycle` hooks), which bind-mount it.
   * Not a Kubernetes field. Everything else reaches the engine through the pod's docker provider.
   * Default: the path of the provider's `host` when it is `unix://PATH` (a second engine's
   * socket, a rootless `/run/user/UID/docker.sock`); for `tcp://` and `ssh://` hosts (and a
   * provider without `host`: `DOCKER_HOST`, else the local socket) `/var/run/docker.sock`, the
   * socket on that engine's own host; set this when the engine listens elsewhere, e.g. a rootless
   * engine reached over ssh, or a provider using a Docker `context`. `up` checks the socket before
   * the pod is created and fails naming it when it does not lead to the pod's engine.
   */
  dockerSocket?: string;
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
