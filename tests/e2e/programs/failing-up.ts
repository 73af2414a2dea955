/**
 * Runs `up` of a pod that must fail, in its own process, as `npm run up` would: inside jest, the
 * errors an inline program raises are caught by jest's sandbox instead of Pulumi's handlers.
 * Env: E2E_SCENARIO (a key of `scenarios`), E2E_BACKEND (file:// URL), E2E_STACK, E2E_LABEL (key=value);
 * optional E2E_DOCKER_HOST (the pod's docker provider's host) and E2E_DOCKER_SOCKET (its `dockerSocket`).
 * Scenario `bad-socket-service` is a Service (its agent's socket) instead of a pod.
 * Prints Pulumi's output; exits 1 when `up` fails, 0 when it (wrongly) succeeds.
 */
import * as docker from "@pulumi/docker";
import { openStack } from "../../../cli/automation";
import { Pod, PodArgs, Service } from "../../../components";

const busybox = "docker-pod/busybox:local";

/** Pod specs that must fail `up`, by scenario name. */
const scenarios: Record<string, PodArgs> = {
  "bad-spec": {
    containers: [
      { name: "web", image: busybox, ports: [{ containerPort: 80, hostPort: 8080 }] },
      { name: "web", image: busybox, ports: [{ containerPort: 80, hostPort: 70000 }] },
    ],
    restartPolicy: "Sometimes",
  },
  "failing-init": {
    initContainers: [
      { name: "first", image: busybox, command: ["sh", "-c", "echo first ran"] },
      { name: "migrate", image: busybox, command: ["sh", "-c", "echo connecting; echo 'migration failed: no database' >&2; exit 3"] },
      { name: "third", image: busybox, command: ["true"] },
    ],
    containers: [{ name: "web", image: busybox, command: ["sleep", "600"] }],
  },
  "bad-socket": {
    containers: [{ name: "web", image: busybox, command: ["sleep", "600"] }],
  },
  "never-ready": {
    containers: [
      { name: "ok", image: busybox, command: ["sleep", "600"] },
      { name: "stuck", image: busybox, command: ["sleep", "600"], readinessProbe: { exec: { command: ["false"] }, periodSeconds: 1 } },
    ],
    readinessTimeoutSeconds: 5,
  },
};

async function main(): Promise<number> {
  const { E2E_SCENARIO: scenario = "", E2E_BACKEND: backendUrl, E2E_STACK: stackName, E2E_LABEL: label = "=" } = process.env;
  const { E2E_DOCKER_HOST: host, E2E_DOCKER_SOCKET: dockerSocket } = process.env;
  if ((!scenarios[scenario] && scenario !== "bad-socket-service") || !backendUrl || !stackName) {
    throw new Error("E2E_SCENARIO, E2E_BACKEND and E2E_STACK are required");
  }
  const [key, value] = label.split("=");
  const stack = await openStack({
    projectName: "docker-pod-e2e",
    stackName,
    backendUrl,
    program: async () => {
      const provider = host ? new docker.Provider("engine", { host }) : undefined;
      if (scenario === "bad-socket-service") {
        new Service(scenario, { selector: { app: `none-${value}` }, network: `${value}-net`, labels: { [key]: value }, dockerSocket }, { provider });
        return;
      }
      new Pod(scenario, { ...scenarios[scenario], labels: { [key]: value }, ...(dockerSocket ? { dockerSocket } : {}) }, { provider });
    },
  });
  try {
    await stack.up({ onOutput: (out) => process.stdout.write(out) });
    return 0;
  } catch {
    return 1;
  }
}

main().then((code) => process.exit(code));
