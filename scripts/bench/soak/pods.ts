/**
 * The pods a soak runs, made the way users make them: one Pulumi stack (Automation API inline
 * program, file backend in a temporary directory) of Pod components sharing one PauseImage, on the
 * soak's engine through an explicit docker provider. Every pod has two members, each serving HTTP
 * on its own host port:
 *   - `web`: busybox httpd as the member's main process;
 *   - `mem`: a shell (the member's main process) that starts httpd, then waits for /oom to
 *     appear; it then reads 96 MB into a shell variable, past its 24 MiB memory limit (no swap),
 *     and the kernel's OOM killer ends it (Docker's `oom` event, exit 137).
 * Everything the stack makes carries the label `docker-pod-soak.run=<run id>`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as docker from "@pulumi/docker";
import { Stack } from "@pulumi/pulumi/automation";
import { openStack } from "../../../cli/automation";
import { PauseImage, Pod } from "../../../components";
import { freePort, images } from "../../../tests/e2e/harness";

/** The label (and its value, the run id) on every Docker object of a soak. */
export const soakLabel = "docker-pod-soak.run";

/** One pod of the soak. */
export interface SoakPod {
  name: string;
  /** The two members' URLs on their host ports. */
  urls: { web: string; mem: string };
  pause: string;
  members: { web: string; mem: string };
}

const webCmd = "mkdir -p /www && echo web > /www/index.html && exec httpd -f -p 8080 -h /www";
const memCmd = [
  "mkdir -p /www && echo mem > /www/index.html && httpd -p 8081 -h /www",
  "while :; do if [ -f /oom ]; then rm -f /oom; x=$(head -c 100663296 /dev/zero | tr '\\0' x); fi; sleep 0.2; done",
].join(" && ");

/** The soak's stack: brought up with {@link up}, gone with {@link down}. */
export class SoakStack {
  private constructor(
    readonly stack: Stack,
    private readonly backendDir: string,
  ) {}

  /** Creates the stack of `count` pods on the engine at `host`; nothing exists until `up`. */
  static async create(runId: string, host: string, count: number): Promise<{ soak: SoakStack; pods: Omit<SoakPod, "pause" | "members">[] }> {
    const ports: { web: number; mem: number }[] = [];
    for (let i = 0; i < count; i++) ports.push({ web: await freePort(), mem: await freePort() });
    const names = ports.map((_, i) => `${runId}-${i}`);
    const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-soak-"));
    const labels = { [soakLabel]: runId };
    const stack = await openStack({
      projectName: "docker-pod-soak",
      stackName: runId,
      backendUrl: `file://${backendDir}`,
      program: async () => {
        const provider = new docker.Provider("soak-engine", { host });
        const pause = new PauseImage("soak-pause", {}, { provider });
        const out: Record<string, unknown> = {};
        names.forEach((name, i) => {
          const pod = new Pod(name, {
            containers: [
              { name: "web", image: images.busybox, command: ["sh", "-c", webCmd], ports: [{ containerPort: 8080, hostPort: ports[i].web }] },
              {
                name: "mem",
                image: images.busybox,
                command: ["sh", "-c", memCmd],
                ports: [{ containerPort: 8081, hostPort: ports[i].mem }],
                resources: { limits: { memory: "24Mi" } },
              },
            ],
            terminationGracePeriodSeconds: 2,
            pauseImage: pause.imageName,
            labels,
          }, { provider });
          out[name] = { pause: pod.pauseContainerId, members: pod.containerIds };
        });
        return out;
      },
    });
    const pods = names.map((name, i) => ({
      name,
      urls: { web: `http://127.0.0.1:${ports[i].web}/`, mem: `http://127.0.0.1:${ports[i].mem}/` },
    }));
    return { soak: new SoakStack(stack, backendDir), pods };
  }

  /** `pulumi up`, Pulumi's progress on stderr; the pods' container ids. */
  async up(pods: Omit<SoakPod, "pause" | "members">[]): Promise<SoakPod[]> {
    const result = await this.stack.up({ onOutput: (o) => process.stderr.write(o) });
    return pods.map((p) => {
      const v = result.outputs[p.name].value as { pause: string; members: { web: string; mem: string } };
      return { ...p, pause: v.pause, members: { web: v.members.web, mem: v.members.mem } };
    });
  }

  /** `pulumi destroy`, then the stack and its temporary backend removed. */
  async down(): Promise<void> {
    try {
      await this.stack.destroy({ onOutput: (o) => process.stderr.write(o) });
      await this.stack.workspace.removeStack(this.stack.name);
    } finally {
      fs.rmSync(this.backendDir, { recursive: true, force: true });
    }
  }
}
