/**
 * The public argument types of the `Service` component, shaped like the Kubernetes ServiceSpec
 * (ClusterIP semantics on one Docker engine: a DNS name for a set of pods, on one Docker network).
 */
import * as pulumi from "@pulumi/pulumi";

/** A port of a Service (Kubernetes `ServicePort`). */
export interface ServicePort {
  /** Port clients use with the service's name, 1–65535. Unique per protocol in the Service. */
  port: number;
  /**
   * Port on the pods, 1–65535; must equal `port`. The service's name resolves to the pods' own
   * addresses (no proxy in between), so a client reaches the pods on the port it dials. Named
   * target ports (a container port's `name`) are not supported. Default: `port`.
   */
  targetPort?: number;
  /** Name of the port (a DNS-1123 label, at most 15 characters); required when the Service has more than one port. Default: none. */
  name?: string;
  /** `TCP` or `UDP`. Default: `TCP`. */
  protocol?: string;
}

/** Arguments of the `Service` component (the Kubernetes `ServiceSpec` fields one Docker engine can honour). */
export interface ServiceArgs {
  /**
   * Pod labels (`labels` of a `Pod`) that select the service's pods: every pod on the engine whose
   * labels include all of these, created before or after the Service, answers to the service's name
   * on `network`. At least one label.
   */
  selector: Record<string, string>;
  /** The ports the service offers; informational (DNS carries no ports), validated. Default: none. */
  ports?: ServicePort[];
  /**
   * Name (or id) of the Docker network the service's name lives on, e.g. `net.name` of a
   * `docker.Network`. A selected pod not yet on it is connected to it. Required.
   */
  network: pulumi.Input<string>;
  /** Labels put on the Service's Docker objects (its agent container). Keys under `org.docker-pod.` are reserved. Default: none. */
  labels?: Record<string, string>;
  /**
   * The pause image (a `PauseImage`'s `imageName`) whose `/podlet` runs as the Service's agent.
   * Default: the Service builds its own `PauseImage`.
   */
  pauseImage?: pulumi.Input<string>;
  /**
   * Path of the Docker engine's API socket **on the engine's host**, which the Service's agent
   * bind-mounts, as the Pod arg of the same name. Not a Kubernetes field. Default: the path of the
   * docker provider's `host` when it is `unix://PATH`, else `/var/run/docker.sock`. `up` checks
   * the socket before the agent is created (`<name>.engine-check`) and fails naming it when it does
   * not lead to the Service's engine.
   */
  dockerSocket?: string;
}
