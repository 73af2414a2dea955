/**
 * Entry point of the `docker-pod` resource plugin (`pulumi-resource-docker-pod` starts Node with
 * this file): serves the provider over Pulumi's gRPC protocol to the engine that launched it.
 */
import * as provider from "@pulumi/pulumi/provider";
import { dockerPodProvider } from "./provider";

provider.main(dockerPodProvider(), process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
