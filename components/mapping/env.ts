/** `env` → Docker's `NAME=value` list; secret values keep the whole list secret. */
import * as pulumi from "@pulumi/pulumi";
import { EnvVar } from "../args";

/** The Docker environment of a container, or undefined when it sets none. */
export function dockerEnv(env: EnvVar[] | undefined): pulumi.Output<string[]> | undefined {
  if (!env?.length) return undefined;
  return pulumi.all(env.map((e) => pulumi.interpolate`${e.name}=${e.value ?? ""}`));
}
