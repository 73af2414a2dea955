/** `restartPolicy` (Kubernetes) → Docker restart policy. */

/** The Kubernetes restart policies and their Docker equivalents. */
export const restartPolicies: Readonly<Record<string, string>> = {
  Always: "always",
  OnFailure: "on-failure",
  Never: "no",
};

/** The pod's default restart policy, as in Kubernetes. */
export const defaultRestartPolicy = "Always";

/** The Docker restart policy for a validated Kubernetes restart policy (default `Always`). */
export function dockerRestart(policy: string | undefined): string {
  return restartPolicies[policy ?? defaultRestartPolicy];
}
