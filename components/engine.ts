/**
 * The Docker engine a pod acts on: the `docker` provider it was given (`opts.provider`,
 * `opts.providers`, or its parent's), which every child inherits through `parent`, and that
 * engine's socket on the engine's host, which the containers running the podlet program (the
 * podlet, the engine check, the hook runners) mount. Nothing here talks to an engine.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

/** The engine's socket when nothing says otherwise (Docker's default, rootful). */
export const defaultDockerSocket = "/var/run/docker.sock";

/**
 * The socket path on the engine's host for a Docker host URL: the path of a `unix://` URL
 * (rootless sockets such as `/run/user/1000/docker.sock` included); for `tcp://`, `ssh://`, `npipe`
 * or no host, Docker's default {@link defaultDockerSocket} (the socket on the engine's own host).
 */
export function socketOfHost(host: string | undefined): string {
  return host?.startsWith("unix://") && host.length > "unix://".length ? host.slice("unix://".length) : defaultDockerSocket;
}

/**
 * The host the default docker provider uses when a resource names no provider: the `docker:host`
 * stack configuration, else `DOCKER_HOST` (pulumi-docker reads both the same way).
 */
export function defaultProviderHost(): string | undefined {
  return new pulumi.Config("docker").get("host") ?? process.env.DOCKER_HOST;
}

/** The docker provider `resource` and its children use, or `undefined` for the default provider. */
export function dockerProvider(resource: pulumi.Resource): docker.Provider | undefined {
  const provider = resource.getProvider("docker:index/container:Container");
  return provider && docker.Provider.isInstance(provider) ? provider : undefined;
}

/**
 * The socket of the pod's engine on that engine's host: `explicit` (the `dockerSocket` pod arg)
 * when given, else derived from the host of the pod's docker provider (see {@link socketOfHost};
 * a provider without `host` uses `DOCKER_HOST`, as pulumi-docker does).
 */
export function engineSocket(pod: pulumi.Resource, explicit: string | undefined): pulumi.Output<string> {
  if (explicit !== undefined) return pulumi.output(explicit);
  const provider = dockerProvider(pod);
  if (!provider) return pulumi.output(socketOfHost(defaultProviderHost()));
  return provider.host.apply((host) => socketOfHost(host ?? process.env.DOCKER_HOST));
}
