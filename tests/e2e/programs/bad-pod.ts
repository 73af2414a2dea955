/**
 * Runs `up` of an invalid Pod in its own process, as `npm run up` would (inside jest, the errors an
 * inline program throws are caught by jest's sandbox instead of Pulumi's handlers).
 * Env: E2E_BACKEND (file:// URL), E2E_STACK (stack name), E2E_LABEL (label key=value for leak checks).
 * Prints Pulumi's output; exits 1 when `up` fails, 0 when it (wrongly) succeeds.
 */
import { openStack } from "../../../cli/automation";
import { Pod } from "../../../components";

async function main(): Promise<number> {
  if (!process.env.E2E_BACKEND || !process.env.E2E_STACK) throw new Error("E2E_BACKEND and E2E_STACK are required");
  const [key, value] = (process.env.E2E_LABEL ?? "=").split("=");
  const stack = await openStack({
    projectName: "docker-pod-e2e",
    stackName: process.env.E2E_STACK!,
    backendUrl: process.env.E2E_BACKEND,
    program: async () => {
      new Pod("bad", {
        containers: [
          { name: "web", image: "docker-pod/busybox:local", ports: [{ containerPort: 80, hostPort: 8080 }] },
          { name: "web", image: "docker-pod/busybox:local", ports: [{ containerPort: 80, hostPort: 70000 }] },
        ],
        restartPolicy: "Sometimes",
        labels: { [key]: value },
      });
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
