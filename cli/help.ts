/**
 * The help texts of the stack commands (`play`, `preview`, `review`, `generate`) and of the command
 * line itself; the ops commands' are in ops.ts. Plain text: printing help loads no Pulumi.
 */
import { defaultPassphrase } from "./defaults";

const environment = `Environment:
  PULUMI_BACKEND_URL        where the stacks are kept (default: file://$PWD/.pulumi)
  PULUMI_CONFIG_PASSPHRASE  passphrase of stack secrets (default: ${defaultPassphrase}; local use only)

Exit status: 0 success, 1 the operation failed, 2 a usage error or an unreadable or invalid manifest.`;

const stackOption = `  --stack NAME   the stack to use (default: FILE's name without .yaml/.yml/.json, e.g. web.yaml → web)`;

const reviewHelp = `Usage: docker-pod review [--format FORMAT] [FILE | --event-log FILE]

Reviews a Pulumi preview of any stack that uses Pod (any language): per pod, what changes at the
PodSpec level, which containers are created, updated in place, replaced or deleted, whether the
whole pod restarts (its pause container is replaced) and which change forces it, the expected
interruption (docker-pod's measured restart times), then the totals. Secret values never appear.

FILE (default: standard input; - too) is one of:
  the JSON of \`pulumi preview --json\`
  the engine event log of \`pulumi preview --event-log FILE\` (JSON lines; the Pulumi CLI takes
    that flag when PULUMI_DEBUG_COMMANDS=true is set, as the Automation API does)
  the engine events of an Automation API preview (\`onEvent\`), as JSON lines or a JSON array

Options:
  --format FORMAT  markdown (default: a pull-request comment), text, or json:
                   { "pods": [ { "name", "action", "podRestarts", "reasons", "containers":
                   [ { "name", "action", "changes" } ], "volumes", "interruption" } ], "totals" }
  --event-log FILE the same as FILE, named as with \`pulumi preview --event-log FILE\`
  -h, --help       show this help

Exit status: 0 the review was printed; 1 the input is not a preview (or cannot be read);
2 a usage error.`;

export const help: Record<string, string> = {
  main: `Usage: docker-pod COMMAND [options]

Kubernetes Pod manifests on a plain Docker engine, through Pulumi (one stack per manifest file).

Commands:
  play FILE          bring the pods of FILE up, streaming Pulumi's progress
  play --down FILE   remove what \`play FILE\` made, and its stack (claims' volumes are kept
                     unless --force is given)
  preview FILE       show what \`play FILE\` would change
  generate STACK     print the Kubernetes manifest of a played stack as YAML
  review [FILE]      review a Pulumi preview of any stack using Pod: what restarts, why, how long

Operating pods (any docker-pod pod on the engine, from any stack or play; kubectl's flags):
  get pods [NAME...]      NAME READY STATUS RESTARTS AGE (-o wide|json|yaml|name, -l, -w)
  describe pod NAME       state, last state, probes, volumes and the podlet's events
  logs NAME               a container's output (-c, -f, --previous, --tail, --since, ...)
  exec NAME -- COMMAND    run COMMAND in a member; exits with its status
  delete pod NAME         only pods no Pulumi stack owns (else: play --down / pulumi destroy)
  These use the Docker engine of --host, else --context, else DOCKER_HOST, as the Docker CLI.

Options:
  -h, --help         show help (\`docker-pod COMMAND --help\` for a command)
  --version          print docker-pod's version

FILE is YAML or JSON: Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets or Jobs (one replica
each), and the ConfigMaps their configMap volumes name.

${environment}`,
  play: `Usage: docker-pod play [--stack NAME] [--configmap FILE2]... FILE
       docker-pod play --down [--force] [--stack NAME] FILE

Brings the pods of the Kubernetes manifest FILE up as one Pulumi stack (created when missing,
updated when FILE changed), streaming Pulumi's progress, then prints the ports each pod publishes.
Fields with no meaning on one Docker host are ignored with a warning; any other field docker-pod
cannot honour makes it stop before anything changes.

PersistentVolumeClaim documents become named Docker volumes (named after the claim) that outlive
the stack: \`play --down\` keeps them, so the next \`play\` finds the data again.

A ConfigMap or Secret the pods refer to (env, envFrom, volumes) comes from FILE, else from a
--configmap file; one that neither holds (and is not optional) stops play before anything
changes, every missing one named at once. In a cluster you would \`kubectl create secret\` it;
here you give it in a --configmap file.

Options:
  --configmap FILE2  a file of ConfigMap and/or Secret documents the pods refer to (repeatable;
                 FILE's own documents of the same name win)
  --down         remove the pods instead (destroy), then the stack; only FILE's name is used
  --force        with --down: also remove the Docker volumes of the claims (podman kube down --force)
${stackOption}
  -h, --help     show this help

${environment}`,
  preview: `Usage: docker-pod preview [--stack NAME] [--configmap FILE2]... [--review [--format FORMAT]] FILE

Shows what \`docker-pod play FILE\` would create, change or remove, field by field. Changes nothing
(a stack it had to create for the preview is removed again).

Options:
${stackOption}
  --configmap FILE2  ConfigMaps and Secrets the pods refer to, as with play (repeatable)
  --review           print the review of the preview instead (see docker-pod review --help):
                     per pod, what restarts, why, and the expected interruption
  --format FORMAT    with --review: markdown (default), text or json
  -h, --help         show this help

${environment}`,
  review: reviewHelp,
  generate: `Usage: docker-pod generate STACK

Prints the Kubernetes manifest of the pods a \`docker-pod play\` made in STACK (the stack name
\`play\` derives from the file: web.yaml → web), as YAML documents: ConfigMaps, then Pods.
Secrets are not printed (their values stay secret): the pods refer to them by name, and a line
on stderr names them; keep your own Secret documents beside the output.

Options:
  -h, --help     show this help

${environment}`,
};

