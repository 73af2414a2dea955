/**
 * The table of Kubernetes manifest fields: one row per field of each Kubernetes type a Pod manifest
 * can hold, saying what docker-pod does with it. The tables are typed by the published Kubernetes
 * API types (`kubernetes-types`), so the compiler insists that every field of every type has a row:
 *
 * - supported (`copy`, `quantity`, `strings`, `object`, `list`): the field has the same name and
 *   meaning in `PodArgs` and is carried over (both ways: manifest → args and args → manifest);
 * - `warn`: the field has no meaning on one Docker host (scheduling, the API server, registries):
 *   it is dropped with a warning naming it;
 * - `unsupported`: anything else docker-pod cannot honour: an error naming it.
 *
 * A key that is no field of the Kubernetes type at all is an error too. Nothing is silently ignored.
 */
import type * as apps from "kubernetes-types/apps/v1";
import type * as batch from "kubernetes-types/batch/v1";
import type * as core from "kubernetes-types/core/v1";
import type * as meta from "kubernetes-types/meta/v1";
import type * as k8s from "./kubernetes";

/** What docker-pod does with one manifest field. */
export type Rule =
  /** Supported: carried over as is. */
  | { readonly kind: "copy" }
  /** Supported: a Kubernetes quantity, carried over as a string (YAML may give `cpu: 1` as a number). */
  | { readonly kind: "quantity" }
  /**
   * Supported: a name Kubernetes spells in upper case (`protocol: TCP`); one of `values` written
   * in another case (`tcp`, as in old examples) is read as Kubernetes' spelling, with a warning.
   */
  | { readonly kind: "upperCase"; readonly values: readonly string[] }
  /** Supported: a map of strings (labels, ConfigMap data); every value must be a string. `secret`: errors never quote a value. */
  | { readonly kind: "strings"; readonly secret?: boolean }
  /** Supported: an object whose fields are classified by `table`; `note`: a warning saying how Docker differs. */
  | { readonly kind: "object"; readonly table: FieldTable; readonly note?: string }
  /** Supported: a list of objects whose fields are classified by `table`. */
  | { readonly kind: "list"; readonly table: FieldTable }
  /** No meaning on one Docker host: dropped with a warning (none when `unless` holds for the value). */
  | { readonly kind: "warn"; readonly reason: string; readonly unless?: (value: unknown) => boolean }
  /** Not supported by docker-pod: an error. */
  | { readonly kind: "unsupported"; readonly hint?: string };

/** The rows of one Kubernetes type. */
export interface FieldTable {
  /** The Kubernetes type's name, for messages (`not a field of a Kubernetes Container`). */
  readonly what: string;
  /** One rule per field. */
  readonly fields: Readonly<Record<string, Rule>>;
  /** The message for a key with no row. Default: `not a field of a Kubernetes <what>`. */
  readonly unknown?: string;
}

/** Every field of `T`, each with a rule: a missing or extra row does not compile. */
type Rows<T> = { readonly [K in keyof Required<T>]: Rule };

/** The keys of a table's rows whose rule is a supported one (for compile-time checks against `PodArgs`). */
export type SupportedKeys<R> = {
  [K in keyof R]: R[K] extends { kind: "warn" | "unsupported" } ? never : K;
}[keyof R];

/** `table<T>()(what, rows)`: a table of type `T` whose rows keep their literal rules (for `SupportedKeys`). */
const table =
  <T>() =>
  <R extends Rows<T>>(what: string, fields: R & { [K in Exclude<keyof R, keyof T>]: never }, unknown?: string) =>
    ({ what, fields, unknown }) as { readonly what: string; readonly fields: R; readonly unknown?: string };

const copy = { kind: "copy" } as const;
const quantity = { kind: "quantity" } as const;
const upperCase = (...values: string[]) => ({ kind: "upperCase", values }) as const;
const strings = { kind: "strings" } as const;
const secretStrings = { kind: "strings", secret: true } as const;
const object = (t: FieldTable, note?: string) => ({ kind: "object", table: t, note }) as const;
const list = (t: FieldTable) => ({ kind: "list", table: t }) as const;
const warn = (reason: string, unless?: (value: unknown) => boolean) => ({ kind: "warn", reason, unless }) as const;
const unsupported = (hint?: string) => ({ kind: "unsupported", hint }) as const;

// Why fields are dropped: the reasons the warnings give.
const scheduling = warn("a scheduling field: on one Docker host there is nothing to schedule; ignored");
const apiServer = warn("needs a Kubernetes API server, which one Docker host does not have; ignored");
const apiServerSet = warn("set by the Kubernetes API server, not by a manifest's author; ignored");
const noNamespaces = warn("there are no namespaces on one Docker host; ignored");
const noAnnotations = warn("Docker objects carry no annotations; ignored (use labels)");
const noRegistry = warn("images are used as the Docker engine has them (its own login and pull rules); ignored");
const status = warn("the status is written by the cluster, not by a manifest's author; ignored");

// --- Container ---------------------------------------------------------------------------------

export const capabilitiesTable = table<core.Capabilities>()("Capabilities", { add: copy, drop: copy });

export const seLinuxOptionsTable = table<core.SELinuxOptions>()("SELinuxOptions", { user: copy, role: copy, type: copy, level: copy });

export const seccompProfileTable = table<core.SeccompProfile>()("SeccompProfile", { type: copy, localhostProfile: copy });

export const appArmorProfileTable = table<core.AppArmorProfile>()("AppArmorProfile", { type: copy, localhostProfile: copy });

const windowsOnly = warn("Windows settings have no meaning for Linux containers; ignored");

export const securityContextTable = table<core.SecurityContext>()("SecurityContext", {
  runAsUser: copy,
  runAsGroup: copy,
  runAsNonRoot: copy,
  readOnlyRootFilesystem: copy,
  capabilities: object(capabilitiesTable),
  allowPrivilegeEscalation: copy,
  privileged: copy,
  procMount: copy,
  seLinuxOptions: object(seLinuxOptionsTable),
  seccompProfile: object(seccompProfileTable),
  appArmorProfile: object(appArmorProfileTable),
  windowsOptions: windowsOnly,
});

export const sysctlTable = table<core.Sysctl>()("Sysctl", { name: copy, value: copy });

export const podSecurityContextTable = table<k8s.PodSecurityContext>()("PodSecurityContext", {
  supplementalGroupsPolicy: warn("Docker always adds the groups the image gives the user (Kubernetes' Merge); ignored", (v) => v === "Merge"),
  seLinuxChangePolicy: warn("Docker labels volumes itself when SELinux is on; ignored"),
  runAsUser: copy,
  runAsGroup: copy,
  runAsNonRoot: copy,
  fsGroup: copy,
  fsGroupChangePolicy: copy,
  supplementalGroups: copy,
  sysctls: list(sysctlTable),
  seccompProfile: object(seccompProfileTable),
  appArmorProfile: object(appArmorProfileTable),
  seLinuxOptions: object(seLinuxOptionsTable),
  windowsOptions: windowsOnly,
});

/** `ResourceList` has no fixed fields in the API types: its rows are the resource names docker-pod maps. */
export const resourceListTable = table<{ cpu?: string; memory?: string; "ephemeral-storage"?: string; "nvidia.com/gpu"?: string }>()(
  "ResourceList",
  {
    cpu: quantity,
    memory: quantity,
    "ephemeral-storage": warn("Docker cannot bound a container's writable layer on this storage driver; ignored"),
    // Docker's `--gpus N`.
    "nvidia.com/gpu": quantity,
  },
  "a resource docker-pod cannot give on Docker (cpu, memory and nvidia.com/gpu are mapped; a cluster runs a pod that needs another extended resource only on a node that has it, so it is not dropped); remove it",
);

export const resourcesTable = table<core.ResourceRequirements>()("ResourceRequirements", {
  limits: object(resourceListTable),
  requests: object(resourceListTable),
  claims: unsupported(),
});

export const keySelectorRows = { name: copy, key: copy, optional: copy } as const;
export const configMapKeySelectorTable = table<core.ConfigMapKeySelector>()("ConfigMapKeySelector", keySelectorRows);
export const secretKeySelectorTable = table<core.SecretKeySelector>()("SecretKeySelector", keySelectorRows);
export const objectFieldSelectorTable = table<core.ObjectFieldSelector>()("ObjectFieldSelector", { fieldPath: copy, apiVersion: copy });
export const resourceFieldSelectorTable = table<core.ResourceFieldSelector>()("ResourceFieldSelector", {
  resource: copy,
  containerName: copy,
  divisor: quantity,
});

/** `valueFrom`: ConfigMap and Secret keys of the file's documents, and the downward API. */
export const envVarSourceTable = table<core.EnvVarSource>()("EnvVarSource", {
  configMapKeyRef: object(configMapKeySelectorTable),
  secretKeyRef: object(secretKeySelectorTable),
  fieldRef: object(objectFieldSelectorTable),
  resourceFieldRef: object(resourceFieldSelectorTable),
});

export const envVarTable = table<core.EnvVar>()("EnvVar", {
  name: copy,
  value: copy,
  valueFrom: object(envVarSourceTable),
});

export const configMapEnvSourceTable = table<core.ConfigMapEnvSource>()("ConfigMapEnvSource", { name: copy, optional: copy });
export const secretEnvSourceTable = table<core.SecretEnvSource>()("SecretEnvSource", { name: copy, optional: copy });
export const envFromSourceTable = table<core.EnvFromSource>()("EnvFromSource", {
  prefix: copy,
  configMapRef: object(configMapEnvSourceTable),
  secretRef: object(secretEnvSourceTable),
});

export const containerPortTable = table<core.ContainerPort>()("ContainerPort", {
  containerPort: copy,
  hostPort: copy,
  hostIP: copy,
  protocol: upperCase("TCP", "UDP", "SCTP"),
  name: copy,
});

export const execActionTable = table<core.ExecAction>()("ExecAction", { command: copy });

export const httpHeaderTable = table<core.HTTPHeader>()("HTTPHeader", { name: copy, value: copy });

export const httpGetActionTable = table<core.HTTPGetAction>()("HTTPGetAction", {
  path: copy,
  port: copy,
  host: copy,
  scheme: copy,
  httpHeaders: list(httpHeaderTable),
});

export const tcpSocketActionTable = table<core.TCPSocketAction>()("TCPSocketAction", { port: copy, host: copy });

export const grpcActionTable = table<core.GRPCAction>()("GRPCAction", { port: copy, service: copy });

export const probeTable = table<core.Probe>()("Probe", {
  exec: object(execActionTable),
  httpGet: object(httpGetActionTable),
  tcpSocket: object(tcpSocketActionTable),
  grpc: object(grpcActionTable),
  initialDelaySeconds: copy,
  periodSeconds: copy,
  timeoutSeconds: copy,
  failureThreshold: copy,
  successThreshold: copy,
  terminationGracePeriodSeconds: unsupported("set the pod's terminationGracePeriodSeconds"),
});

export const lifecycleHandlerTable = table<core.LifecycleHandler>()("LifecycleHandler", {
  exec: object(execActionTable),
  httpGet: unsupported("use exec"),
  tcpSocket: unsupported("use exec"),
  sleep: unsupported("use exec with a sleep command"),
});

export const lifecycleTable = table<k8s.Lifecycle>()("Lifecycle", {
  stopSignal: unsupported("Docker's stop signal is the image's STOPSIGNAL"),
  postStart: object(lifecycleHandlerTable),
  preStop: object(lifecycleHandlerTable),
});

export const volumeMountTable = table<core.VolumeMount>()("VolumeMount", {
  name: copy,
  mountPath: copy,
  readOnly: copy,
  subPath: copy,
  subPathExpr: unsupported("use subPath"),
  mountPropagation: unsupported(),
  recursiveReadOnly: unsupported(),
});

export const containerTable = table<k8s.Container>()("Container", {
  name: copy,
  image: copy,
  command: copy,
  args: copy,
  env: list(envVarTable),
  ports: list(containerPortTable),
  workingDir: copy,
  resources: object(resourcesTable),
  securityContext: object(securityContextTable),
  imagePullPolicy: noRegistry,
  envFrom: list(envFromSourceTable),
  volumeMounts: list(volumeMountTable),
  livenessProbe: object(probeTable),
  readinessProbe: object(probeTable),
  startupProbe: object(probeTable),
  lifecycle: object(lifecycleTable),
  volumeDevices: unsupported(),
  resizePolicy: warn("resources are resized through the API server; without one they change by replacing the container; ignored"),
  restartPolicyRules: unsupported("use the pod's restartPolicy"),
  restartPolicy: copy,
  stdin: copy,
  stdinOnce: warn("nothing attaches to a container's stdin through docker-pod, so it is never closed; ignored"),
  tty: copy,
  terminationMessagePath: warn("the termination message is a pod status field; read `docker logs` instead; ignored"),
  terminationMessagePolicy: warn("the termination message is a pod status field; read `docker logs` instead; ignored"),
});

// --- PodSpec -----------------------------------------------------------------------------------

export const hostAliasTable = table<core.HostAlias>()("HostAlias", { ip: copy, hostnames: copy });

export const dnsConfigOptionTable = table<core.PodDNSConfigOption>()("PodDNSConfigOption", { name: copy, value: copy });

export const dnsConfigTable = table<core.PodDNSConfig>()("PodDNSConfig", {
  nameservers: copy,
  searches: copy,
  options: list(dnsConfigOptionTable),
});

export const emptyDirTable = table<core.EmptyDirVolumeSource>()("EmptyDirVolumeSource", {
  medium: copy,
  sizeLimit: quantity,
});

export const hostPathTable = table<core.HostPathVolumeSource>()("HostPathVolumeSource", { path: copy, type: copy });

export const keyToPathTable = table<core.KeyToPath>()("KeyToPath", {
  key: copy,
  path: copy,
  mode: copy,
});

/**
 * A `configMap` volume names a ConfigMap: a document of that kind in the same manifest (as
 * `podman kube play` does), since there is no API server to ask; it becomes the pod's `configMaps`.
 */
export const configMapVolumeTable = table<core.ConfigMapVolumeSource>()("ConfigMapVolumeSource", {
  name: copy,
  items: list(keyToPathTable),
  defaultMode: copy,
  optional: copy,
});

export const nfsVolumeTable = table<core.NFSVolumeSource>()("NFSVolumeSource", { server: copy, path: copy, readOnly: copy });

export const persistentVolumeClaimVolumeTable = table<core.PersistentVolumeClaimVolumeSource>()("PersistentVolumeClaimVolumeSource", {
  claimName: copy,
  readOnly: copy,
});

/** A `secret` volume names a Secret document of the same manifest; it becomes the pod's `secrets`. */
export const secretVolumeTable = table<core.SecretVolumeSource>()("SecretVolumeSource", {
  secretName: copy,
  items: list(keyToPathTable),
  defaultMode: copy,
  optional: copy,
});

export const downwardAPIVolumeFileTable = table<core.DownwardAPIVolumeFile>()("DownwardAPIVolumeFile", {
  path: copy,
  fieldRef: object(objectFieldSelectorTable),
  resourceFieldRef: object(resourceFieldSelectorTable),
  mode: copy,
});

export const downwardAPIVolumeTable = table<core.DownwardAPIVolumeSource>()("DownwardAPIVolumeSource", {
  items: list(downwardAPIVolumeFileTable),
  defaultMode: copy,
});

export const configMapProjectionTable = table<core.ConfigMapProjection>()("ConfigMapProjection", {
  name: copy,
  items: list(keyToPathTable),
  optional: copy,
});

export const secretProjectionTable = table<core.SecretProjection>()("SecretProjection", {
  name: copy,
  items: list(keyToPathTable),
  optional: copy,
});

export const downwardAPIProjectionTable = table<core.DownwardAPIProjection>()("DownwardAPIProjection", {
  items: list(downwardAPIVolumeFileTable),
});

export const volumeProjectionTable = table<core.VolumeProjection>()("VolumeProjection", {
  configMap: object(configMapProjectionTable),
  secret: object(secretProjectionTable),
  downwardAPI: object(downwardAPIProjectionTable),
  serviceAccountToken: unsupported("there is no API server to issue tokens"),
  clusterTrustBundle: unsupported("there is no API server to hold trust bundles"),
});

export const projectedVolumeTable = table<core.ProjectedVolumeSource>()("ProjectedVolumeSource", {
  sources: list(volumeProjectionTable),
  defaultMode: copy,
});

/** A disk a Kubernetes node attaches from its cloud or storage system: a Docker host cannot. */
const attachedDisk = (what: string) =>
  unsupported(
    `${what} is attached to a Kubernetes node by its cloud or storage system, which one Docker host does not have; ` +
      "use a persistentVolumeClaim (a Docker volume kept across plays), a hostPath where the disk is mounted on the host, or an emptyDir",
  );
export const volumeTable = table<k8s.Volume>()("Volume", {
  image: unsupported("mount the image's files by building them into the container's image, or use a hostPath"),
  name: copy,
  emptyDir: object(emptyDirTable),
  hostPath: object(hostPathTable),
  configMap: object(configMapVolumeTable),
  secret: object(secretVolumeTable),
  persistentVolumeClaim: object(persistentVolumeClaimVolumeTable),
  projected: object(projectedVolumeTable),
  downwardAPI: object(downwardAPIVolumeTable),
  ephemeral: unsupported("a generic ephemeral volume is provisioned by a storage class; use an emptyDir"),
  csi: attachedDisk("a CSI volume"),
  nfs: object(nfsVolumeTable),
  iscsi: attachedDisk("an iSCSI disk"),
  fc: attachedDisk("a Fibre Channel disk"),
  gitRepo: unsupported("gitRepo is deprecated in Kubernetes too; clone in an init container into an emptyDir"),
  awsElasticBlockStore: attachedDisk("an AWS EBS disk"),
  azureDisk: attachedDisk("an Azure disk"),
  azureFile: attachedDisk("an Azure file share"),
  cephfs: attachedDisk("a CephFS share"),
  cinder: attachedDisk("an OpenStack Cinder disk"),
  flexVolume: attachedDisk("a FlexVolume"),
  flocker: attachedDisk("a Flocker volume"),
  gcePersistentDisk: attachedDisk("a GCE persistent disk"),
  glusterfs: attachedDisk("a GlusterFS volume"),
  photonPersistentDisk: attachedDisk("a Photon disk"),
  portworxVolume: attachedDisk("a Portworx volume"),
  quobyte: attachedDisk("a Quobyte volume"),
  rbd: attachedDisk("a Ceph RBD disk"),
  scaleIO: attachedDisk("a ScaleIO volume"),
  storageos: attachedDisk("a StorageOS volume"),
  vsphereVolume: attachedDisk("a vSphere disk"),
});

export const podSpecTable = table<k8s.PodSpec>()("PodSpec", {
  containers: list(containerTable),
  shareProcessNamespace: copy,
  hostname: copy,
  subdomain: copy,
  hostAliases: list(hostAliasTable),
  dnsConfig: object(dnsConfigTable),
  restartPolicy: copy,
  terminationGracePeriodSeconds: copy,
  initContainers: list(containerTable),
  volumes: list(volumeTable),
  securityContext: object(podSecurityContextTable),
  // Scheduling and the API server: no meaning on one Docker host.
  nodeSelector: scheduling,
  nodeName: scheduling,
  affinity: scheduling,
  tolerations: scheduling,
  topologySpreadConstraints: scheduling,
  schedulingGates: scheduling,
  priorityClassName: scheduling,
  priority: scheduling,
  schedulerName: scheduling,
  preemptionPolicy: scheduling,
  schedulingGroup: scheduling,
  runtimeClassName: scheduling,
  overhead: scheduling,
  serviceAccountName: apiServer,
  serviceAccount: apiServer,
  automountServiceAccountToken: apiServer,
  enableServiceLinks: warn("there are no Kubernetes Services on one Docker host, so no service links; ignored"),
  imagePullSecrets: noRegistry,
  dnsPolicy: warn("there is no cluster DNS: containers use the Docker daemon's resolver, with dnsConfig applied; ignored"),
  // Everything else: not supported.
  ephemeralContainers: unsupported(),
  hostNetwork: copy,
  hostPID: copy,
  hostIPC: copy,
  hostUsers: warn("Docker's user namespaces are the daemon's (userns-remap), not a pod's; ignored", (v) => v === true),
  activeDeadlineSeconds: unsupported(),
  readinessGates: warn("readiness gates are set by controllers through the API server; the pod is ready when its containers are; ignored"),
  resourceClaims: unsupported(),
  os: warn("docker-pod runs Linux containers; ignored", (v) => (v as { name?: unknown } | null)?.name === "linux"),
  setHostnameAsFQDN: warn("there is no cluster domain on one Docker host: the hostname is the pod's; ignored"),
  hostnameOverride: unsupported("use hostname"),
  resources: object(
    resourcesTable,
    "Docker has no pod cgroup: the pod's limits bound each container without a limit of its own (together they may use more), and its requests set nothing",
  ),
});

// --- Objects: metadata, Pod, the workloads that hold a pod template, ConfigMap -----------------

const generateName = unsupported("give the pod a metadata.name");
/** `ObjectMeta` rows shared by every kind; only `name`, `labels` and `annotations` differ. */
const metaRows = (name: Rule, labels: Rule, annotations: Rule = noAnnotations): Rows<meta.ObjectMeta> => ({
  name,
  labels,
  namespace: noNamespaces,
  annotations,
  generateName,
  uid: apiServerSet,
  resourceVersion: apiServerSet,
  generation: apiServerSet,
  creationTimestamp: apiServerSet,
  deletionTimestamp: apiServerSet,
  deletionGracePeriodSeconds: apiServerSet,
  selfLink: apiServerSet,
  managedFields: apiServerSet,
  ownerReferences: apiServerSet,
  finalizers: apiServerSet,
});

/** A Pod's metadata: `name` is the pod's name, `labels` its labels, `annotations` its annotations (for the downward API). */
export const podMetaTable = table<meta.ObjectMeta>()("ObjectMeta", metaRows(copy, strings, strings));

/** A workload's own metadata: `name` names the pod; its labels label the workload, not the pod. */
export const workloadMetaTable = table<meta.ObjectMeta>()(
  "ObjectMeta",
  metaRows(copy, warn("these label the workload, not its pod (the pod's are spec.template.metadata.labels); ignored")),
);

/** A pod template's metadata: its `labels` are the pod's; the pod is named after the workload. */
export const templateMetaTable = table<meta.ObjectMeta>()(
  "ObjectMeta",
  metaRows(warn("a pod template's name is not used: the pod is named after the workload (metadata.name); ignored"), strings, strings),
);

export const podTable = table<core.Pod>()("Pod", {
  apiVersion: copy,
  kind: copy,
  metadata: object(podMetaTable),
  spec: object(podSpecTable),
  status,
});

export const podTemplateTable = table<core.PodTemplateSpec>()("PodTemplateSpec", {
  metadata: object(templateMetaTable),
  spec: object(podSpecTable),
});

const controller = warn("a controller field: docker-pod runs the pods of the template, with no controller; ignored");
/** Read by `from-manifest.ts`: N pods of the template (see `replicaNames`). */
const replicas = copy;
const legacyField = warn("a field of an old apiVersion, gone from the current one; ignored");

/** `extensions/v1beta1` and `apps/v1beta1` Deployments had `rollbackTo`. */
export const deploymentSpecTable = table<apps.DeploymentSpec & { rollbackTo?: unknown }>()("DeploymentSpec", {
  rollbackTo: legacyField,
  template: object(podTemplateTable),
  replicas,
  selector: controller,
  strategy: controller,
  minReadySeconds: controller,
  paused: controller,
  progressDeadlineSeconds: controller,
  revisionHistoryLimit: controller,
});

export const replicaSetSpecTable = table<apps.ReplicaSetSpec>()("ReplicaSetSpec", {
  template: object(podTemplateTable),
  replicas,
  selector: controller,
  minReadySeconds: controller,
});

export const claimMetaTable = table<meta.ObjectMeta>()("ObjectMeta", metaRows(copy, strings));

const oneHost = (what: string) => warn(`${what}; ignored`);

/** A claim's spec: one Docker host has one kind of storage, Docker's local volume driver. */
export const persistentVolumeClaimSpecTable = table<core.PersistentVolumeClaimSpec>()("PersistentVolumeClaimSpec", {
  accessModes: oneHost("one Docker host: every access mode holds"),
  resources: oneHost("Docker's local volume driver has no size limit"),
  storageClassName: oneHost("Docker's local volume driver is the one storage class"),
  volumeAttributesClassName: oneHost("Docker's local volume driver is the one storage class"),
  volumeMode: warn("claims are file systems (Docker volumes); ignored", (v) => v === "Filesystem"),
  selector: unsupported("a claim is a new Docker volume; it cannot bind an existing persistent volume"),
  volumeName: unsupported("a claim is a new Docker volume; it cannot bind an existing persistent volume"),
  dataSource: unsupported("a claim starts empty"),
  dataSourceRef: unsupported("a claim starts empty"),
});

/** A PersistentVolumeClaim document: a named Docker volume (see `PersistentVolumeClaim`). */
export const persistentVolumeClaimTable = table<core.PersistentVolumeClaim>()("PersistentVolumeClaim", {
  apiVersion: copy,
  kind: copy,
  metadata: object(claimMetaTable),
  spec: object(persistentVolumeClaimSpecTable),
  status,
});

export const statefulSetSpecTable = table<apps.StatefulSetSpec>()("StatefulSetSpec", {
  template: object(podTemplateTable),
  replicas,
  selector: controller,
  serviceName: controller,
  podManagementPolicy: controller,
  updateStrategy: controller,
  revisionHistoryLimit: controller,
  minReadySeconds: controller,
  ordinals: controller,
  persistentVolumeClaimRetentionPolicy: controller,
  // Each replica gets its claims `<template>-<pod>` (see claimsFromManifest).
  volumeClaimTemplates: list(persistentVolumeClaimTable),
});

/** `extensions/v1beta1` and `apps/v1beta2` DaemonSets had `templateGeneration`. */
export const daemonSetSpecTable = table<apps.DaemonSetSpec & { templateGeneration?: unknown }>()("DaemonSetSpec", {
  templateGeneration: legacyField,
  template: object(podTemplateTable),
  selector: controller,
  updateStrategy: controller,
  minReadySeconds: controller,
  revisionHistoryLimit: controller,
});

export const jobSpecTable = table<batch.JobSpec>()("JobSpec", {
  template: object(podTemplateTable),
  parallelism: warn("docker-pod runs one pod; ignored", (v) => v === 1),
  completions: warn("docker-pod runs the pod once (its restartPolicy decides about retries); ignored", (v) => v === 1),
  selector: controller,
  manualSelector: controller,
  backoffLimit: controller,
  backoffLimitPerIndex: controller,
  maxFailedIndexes: controller,
  activeDeadlineSeconds: controller,
  ttlSecondsAfterFinished: controller,
  completionMode: controller,
  suspend: controller,
  podFailurePolicy: controller,
  podReplacementPolicy: controller,
  successPolicy: controller,
  managedBy: controller,
});

/** A ReplicationController: a ReplicaSet of the core API. */
export const replicationControllerSpecTable = table<core.ReplicationControllerSpec>()("ReplicationControllerSpec", {
  template: object(podTemplateTable),
  replicas,
  selector: controller,
  minReadySeconds: controller,
});

export const jobTemplateTable = table<batch.JobTemplateSpec>()("JobTemplateSpec", {
  metadata: warn("a job template's metadata labels the Job, not its pod; ignored"),
  spec: object(jobSpecTable),
});

const schedule = warn("docker-pod runs the job's pod once, when played: there is no scheduler to repeat it; ignored");
/** A CronJob: the pod of its job template runs once (no schedule on one Docker host). */
export const cronJobSpecTable = table<batch.CronJobSpec>()("CronJobSpec", {
  jobTemplate: object(jobTemplateTable),
  schedule,
  timeZone: schedule,
  concurrencyPolicy: controller,
  startingDeadlineSeconds: controller,
  successfulJobsHistoryLimit: controller,
  failedJobsHistoryLimit: controller,
  suspend: controller,
});

/** A workload object: `apiVersion`, `kind`, `metadata`, `spec` (by kind), `status`. */
const workloadTable = (what: string, spec: FieldTable) =>
  table<apps.Deployment>()(what, {
    apiVersion: copy,
    kind: copy,
    metadata: object(workloadMetaTable),
    spec: object(spec),
    status,
  });

/** How a kind that holds a pod is read. */
export interface PodKind {
  /** The current apiVersion. */
  readonly apiVersion: string;
  /** Older apiVersions of the same kind, read with a warning (their fields are the current ones, less a few). */
  readonly legacyApiVersions: readonly string[];
  readonly table: FieldTable;
  /** Where the pod template is (empty for a Pod, which is the pod). */
  readonly template: readonly string[];
  /** How `spec.replicas` pods are named (`replicaNames`); absent: the kind runs one pod. */
  readonly replicas?: "ordinal" | "suffix";
}

const appsBeta = ["apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"];
/** The kinds whose documents hold a pod. */
export const podKinds: Readonly<Record<string, PodKind>> = {
  Pod: { apiVersion: "v1", legacyApiVersions: [], table: podTable, template: [] },
  Deployment: { apiVersion: "apps/v1", legacyApiVersions: appsBeta, table: workloadTable("Deployment", deploymentSpecTable), template: ["spec", "template"], replicas: "suffix" },
  ReplicaSet: { apiVersion: "apps/v1", legacyApiVersions: ["apps/v1beta2", "extensions/v1beta1"], table: workloadTable("ReplicaSet", replicaSetSpecTable), template: ["spec", "template"], replicas: "suffix" },
  ReplicationController: { apiVersion: "v1", legacyApiVersions: [], table: workloadTable("ReplicationController", replicationControllerSpecTable), template: ["spec", "template"], replicas: "suffix" },
  StatefulSet: { apiVersion: "apps/v1", legacyApiVersions: ["apps/v1beta2", "apps/v1beta1"], table: workloadTable("StatefulSet", statefulSetSpecTable), template: ["spec", "template"], replicas: "ordinal" },
  DaemonSet: { apiVersion: "apps/v1", legacyApiVersions: ["apps/v1beta2", "extensions/v1beta1"], table: workloadTable("DaemonSet", daemonSetSpecTable), template: ["spec", "template"] },
  Job: { apiVersion: "batch/v1", legacyApiVersions: [], table: workloadTable("Job", jobSpecTable), template: ["spec", "template"] },
  CronJob: { apiVersion: "batch/v1", legacyApiVersions: ["batch/v1beta1", "batch/v2alpha1"], table: workloadTable("CronJob", cronJobSpecTable), template: ["spec", "jobTemplate", "spec", "template"] },
};

/**
 * The names of the pods of a workload named `name` with `replicas` pods: a StatefulSet's are
 * `<name>-0` … `<name>-(N-1)` (its ordinals, as in Kubernetes, also for one replica); another
 * workload's one pod is `<name>`, and N > 1 pods are `<name>-1` … `<name>-N` (Kubernetes' random
 * suffixes made stable, so a second play changes nothing). `replicas: 0` runs no pod.
 */
export function replicaNames(name: string, replicas: number, naming: PodKind["replicas"]): string[] {
  if (naming === "ordinal") return Array.from({ length: replicas }, (_, i) => `${name}-${i}`);
  if (replicas === 1) return [name];
  return Array.from({ length: replicas }, (_, i) => `${name}-${i + 1}`);
}

export const configMapMetaTable = table<meta.ObjectMeta>()(
  "ObjectMeta",
  metaRows(copy, warn("a ConfigMap's labels have no Docker object to label; ignored")),
);

/** A ConfigMap document: the pod's `configMaps` entry of its name, for the volumes and env that name it. */
export const configMapTable = table<core.ConfigMap>()("ConfigMap", {
  apiVersion: copy,
  kind: copy,
  metadata: object(configMapMetaTable),
  data: strings,
  immutable: warn("docker-pod copies the data into the pod; ignored"),
  binaryData: unsupported("put text files in `data`"),
});

export const secretMetaTable = table<meta.ObjectMeta>()(
  "ObjectMeta",
  metaRows(copy, warn("a Secret's labels have no Docker object to label; ignored")),
);

/**
 * A Secret document: the pod's `secrets` entry of its name (`data` base64-decoded, `stringData`
 * over it), for the volumes and env that name it. Values are text (UTF-8).
 */
export const secretTable = table<core.Secret>()("Secret", {
  apiVersion: copy,
  kind: copy,
  metadata: object(secretMetaTable),
  data: secretStrings,
  stringData: secretStrings,
  type: warn("docker-pod gives the keys of every type of Secret alike; ignored", (v) => v === "Opaque"),
  immutable: warn("docker-pod copies the data into the pod; ignored"),
});

/**
 * `PodArgs` fields that are docker-pod's own (no Kubernetes PodSpec field): not read from a
 * manifest, not written to one. `labels` is the exception: it is `metadata.labels`.
 */
export const dockerPodOnlyArgs = ["pauseImage", "readinessTimeoutSeconds", "selfHealing", "networks", "dockerSocket"] as const;



/**
 * `PodArgs` fields that are other parts of a manifest than the PodSpec: `labels` and `annotations`
 * (the pod's `metadata`), `configMaps` and `secrets` (the `ConfigMap` and `Secret` documents).
 */
export const manifestObjectArgs = ["labels", "annotations", "configMaps", "secrets"] as const;
