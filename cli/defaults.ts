/** Defaults of the command line that need no Pulumi to be loaded (help texts show them). */

/** Passphrase for stack secrets when `PULUMI_CONFIG_PASSPHRASE` is not set. Local use only. */
export const defaultPassphrase = "docker-pod-local";
