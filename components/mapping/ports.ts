/** Ports of every member → the pause container's published ports, and back to the Pod's output. */
import * as docker from "@pulumi/docker";
import { Container, PublishedPort } from "../args";

/** The pulumi-docker port list of the pause container: every port of every member, in order. */
export function pausePorts(containers: Container[]): docker.types.input.ContainerPort[] {
  return containers.flatMap((c) =>
    (c.ports ?? []).map((p) => ({
      internal: p.containerPort,
      ...(p.hostPort !== undefined ? { external: p.hostPort } : {}),
      ip: p.hostIP ?? "0.0.0.0",
      protocol: (p.protocol ?? "TCP").toLowerCase(),
    })),
  );
}

/** The Pod's `ports` output from the pause container's actual ports. */
export function publishedPorts(ports: docker.types.output.ContainerPort[] | undefined): PublishedPort[] {
  return (ports ?? []).map((p) => ({
    containerPort: p.internal,
    hostPort: p.external ?? 0,
    hostIP: p.ip ?? "0.0.0.0",
    protocol: (p.protocol ?? "tcp").toUpperCase(),
  }));
}
