/**
 * What the engine says about one pod: its Docker containers (found through the pod labels of
 * components/mapping/labels.ts), the podlet's events and the pod's volumes. Read by `read.ts`;
 * everything else in this folder is a pure function of these facts.
 */
import type { PodEvent } from "./events";

/** The parts of Docker's container inspection the operations use (a subset of `GET /containers/{id}/json`). */
export interface ContainerFacts {
  Id: string;
  Created: string;
  Image: string;
  RestartCount: number;
  Args?: string[];
  State: {
    Status: string;
    Running: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    OOMKilled?: boolean;
    Dead?: boolean;
    Pid?: number;
    ExitCode: number;
    Error?: string;
    StartedAt: string;
    FinishedAt: string;
    Health?: { Status: string; FailingStreak?: number };
  };
  Config: {
    Image: string;
    Labels: Record<string, string>;
    Entrypoint?: string | string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    User?: string;
    Tty?: boolean;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
    StopTimeout?: number;
  };
  HostConfig: {
    NetworkMode?: string;
    PidMode?: string;
    Memory?: number;
    MemoryReservation?: number;
    CpuQuota?: number;
    CpuPeriod?: number;
    NanoCpus?: number;
    CpuShares?: number;
    ReadonlyRootfs?: boolean;
    RestartPolicy?: { Name?: string };
  };
  NetworkSettings?: {
    IPAddress?: string;
    Networks?: Record<string, { IPAddress?: string }>;
    Ports?: Record<string, { HostIp: string; HostPort: string }[] | null>;
  };
  Mounts?: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
}

/** A Docker volume of the pod (`emptyDir`, `configMap`). */
export interface VolumeFacts {
  Name: string;
  Labels: Record<string, string>;
  Options?: Record<string, string> | null;
  Mountpoint?: string;
}

/** One pod on the engine. */
export interface PodFacts {
  /** The pod's name (its `org.docker-pod.pod` label). */
  name: string;
  /** The pause (infra) container: the pod's identity. */
  pause: ContainerFacts;
  /** Members, by name (Pulumi creates them concurrently, so their order in the spec is not kept). */
  members: ContainerFacts[];
  /** Init containers and native sidecars (role `sidecar`), in the order they ran (oldest first). */
  inits: ContainerFacts[];
  /** The podlet's container (absent with `selfHealing: false`, or while the pod is taken down). */
  podlet?: ContainerFacts;
  /** What the podlet did, oldest first (empty without a podlet). */
  events: PodEvent[];
  /** The pod's Docker volumes. */
  volumes: VolumeFacts[];
  /** The engine's name (`docker info`'s `Name`), shown as ENGINE and `spec.nodeName`. */
  engine: string;
}
