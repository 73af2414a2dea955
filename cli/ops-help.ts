/** The help texts of the ops commands (`get`, `describe`, `logs`, `exec`, `delete`): plain text, nothing loaded. */

export const engineHelp = `  -H, --host HOST    the Docker engine (unix:///path, tcp://host:port, ssh://user@host); default:
                     DOCKER_HOST, else the Docker CLI's context (DOCKER_CONTEXT, ~/.docker), else
                     the local socket
  --context NAME     the Docker CLI context to use (the engine flags may also come before the
                     command, as with docker: docker-pod -H HOST get pods)
  -n, --namespace NS, -A, --all-namespaces
                     accepted and ignored: one Docker host has no namespaces, every pod is in view
  -h, --help         show this help`;

export const exitHelp = "Exit status: 0 success, 1 a pod or container not found or the operation failed, 2 a usage error.";

export const opsHelp: Record<string, string> = {
  get: `Usage: docker-pod get pods [NAME...] [-l SELECTOR] [-o wide|json|yaml|name] [-w]

Lists the pods on the engine (every docker-pod pod, from a Pulumi stack in any language or from
\`play\`), as kubectl get pods does:

  NAME      the pod's name
  READY     members whose readiness holds (Docker health check healthy, or running without a
            readinessProbe) / members
  STATUS    Kubernetes' words: Running, Pending, Init:1/2, CrashLoopBackOff, Error, Completed,
            OOMKilled, Terminating…
  RESTARTS  every restart the podlet made (and Docker's own, with selfHealing: false), with the
            last one's age: 2 (5m ago)
  AGE       since the pod's pause container was created
  -o wide adds IP (the pod's), PORTS (what it publishes) and ENGINE (the Docker engine's name).

Options:
  -l, --selector SELECTOR  only pods whose labels match (app=web, tier!=db, env in (a,b), !canary)
  -o, --output FORMAT      wide, json, yaml (Kubernetes Pod objects with their status; a List
                           unless one NAME is given) or name (pod/NAME)
  -w, --watch              after the list, print a pod again each time it changes (Ctrl-C ends)
${engineHelp}

${exitHelp}`,
  describe: `Usage: docker-pod describe pod [NAME...] [-l SELECTOR]

Shows a pod as kubectl describe pod does: its spec summary, each container's state and last state
(reason, exit code, times), restart count, probes, mounts, conditions, volumes, and its Events:
what the podlet did and why (pause died → started again in N ms, a member exited → restarted after
back-off, liveness failed 3 times → restarted…), oldest first, with their ages. The events are
the podlet's log, which Docker keeps across the podlet's own restarts. Without NAME: every pod.

Options:
  -l, --selector SELECTOR  only pods whose labels match
${engineHelp}

${exitHelp}`,
  logs: `Usage: docker-pod logs NAME [-c CONTAINER] [-f] [--previous] [--tail N] [--since D]
                       [--all-containers] [--timestamps]

Prints a container's output: the current run (since its last start), or with --previous the run
before it (Docker keeps one log per container across restarts; runs are told apart by the
podlet's starts and Docker's StartedAt). CONTAINER defaults to the pod's only member.

Options:
  -c, --container NAME  the member (or init container)
  -f, --follow          keep printing until the container stops
  -p, --previous        the previous run's output
  --tail N              only the last N lines (default -1: all)
  --since D             only lines newer than D (30s, 5m, 1h)
  --all-containers      every container of the pod, init containers first
  --timestamps          prefix each line with its RFC 3339 time
${engineHelp}

${exitHelp}`,
  exec: `Usage: docker-pod exec NAME [-c CONTAINER] [-i] [-t] -- COMMAND [ARG...]

Runs COMMAND in a running member of the pod (Docker exec) and exits with its exit status.
CONTAINER defaults to the pod's only member.

Options:
  -c, --container NAME  the member
  -i, --stdin           pass standard input to the command
  -t, --tty             allocate a terminal (when standard input is one)
${engineHelp}

Exit status: COMMAND's; 1 the pod or container was not found or not running, 2 a usage error.`,
  delete: `Usage: docker-pod delete pod NAME...

Pods that a Pulumi stack made (every Pod component and every \`play\`: their containers carry the
label org.docker-pod.stack=<project>/<stack>) belong to that stack: deleting them here is refused,
with the command that removes them (docker-pod play --down FILE, or pulumi destroy). A pod with no
stack (made by hand with the pod labels, or left behind when its stack's state was lost) is
removed: podlet, members (stopped with their grace period), init containers, pause, volumes.

Options:
${engineHelp}

${exitHelp}`,
};
