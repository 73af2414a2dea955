/**
 * `env` → Docker's `NAME=value` list; a secret value keeps the whole list secret (the docker
 * provider blinds the whole property in state and previews anyway). So that a review of a preview
 * can still name the variables, {@link envNamesLabelValue} gives their names (never their values)
 * for the {@link envNamesLabel} label.
 */
import * as pulumi from "@pulumi/pulumi";
import { EnvVar } from "../args";

/** The Docker environment of a container, or undefined when it sets none. */
export function dockerEnv(env: EnvVar[] | undefined): pulumi.Output<string[]> | undefined {
  if (!env?.length) return undefined;
  return pulumi.all(env.map((e) => pulumi.interpolate`${e.name}=${e.value ?? ""}`));
}

/**
 * When some env value is secret: `{"names":[every name, in order],"secret":[the names whose
 * value is secret]}` as JSON; `undefined` otherwise (a readable env list names itself, and
 * containers without secrets carry no extra label).
 */
export function envNamesLabelValue(env: EnvVar[] | undefined): pulumi.Output<string | undefined> | undefined {
  if (!env?.length) return undefined;
  const flags = Promise.all(env.map((e) => pulumi.isSecret(pulumi.output(e.value ?? ""))));
  return pulumi.output(flags).apply((secret) =>
    secret.some((s) => s) ? JSON.stringify({ names: env.map((e) => e.name), secret: env.filter((_, i) => secret[i]).map((e) => e.name) }) : undefined,
  );
}
