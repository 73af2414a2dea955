/** Pulumi mocks for unit tests of the resource graph: records every resource's inputs by name. */
import * as pulumi from "@pulumi/pulumi";

/** A resource registered under the mocks. */
export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The resource options the engine was sent that tests check. */
  options: { retainOnDelete?: boolean; protect?: boolean; dependencies: string[] };
}

/** Options of registrations, by name, until the mocks' `newResource` records the resource. */
const sentOptions = new Map<string, Recorded["options"]>();

/** Every resource registered since the last {@link resetRecorded}. */
export const recorded: Recorded[] = [];

export function resetRecorded(): void {
  recorded.length = 0;
}

/** The recorded resource named `name`; fails when there is none. */
export function byName(name: string): Recorded {
  const found = recorded.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}; have: ${recorded.map((r) => r.name).join(", ")}`);
  return found;
}

/** Resolves an output's value (mocks run every apply). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

pulumi.runtime.setMocks(
  {
    newResource(args) {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs, options: sentOptions.get(args.name) ?? { dependencies: [] } });
      const state = { ...args.inputs };
      if (args.type === "docker:index/volume:Volume") {
        state.name = `${args.name}-vol`;
        state.mountpoint = `/var/lib/docker/volumes/${args.name}-vol/_data`;
      }
      if (args.type === "docker:index/container:Container") {
        state.networkDatas = [{ ipAddress: "172.17.0.9" }];
        state.ports = (args.inputs.ports ?? []).map((p: Record<string, unknown>) => ({ external: 32768, ...p }));
        // Containers run to completion (attach) exit 0 unless their name says otherwise.
        if (args.inputs.attach) Object.assign(state, { exitCode: args.name.endsWith("-fails") ? 3 : 0, containerLogs: "one\ntwo\n" });
        // The podlet program's engine reads (image-user.ts, node-facts.ts) print what they read.
        if (args.inputs.attach && args.inputs.command?.[0] === "image-user") state.containerLogs = "user=101:101\n";
        if (args.inputs.attach && args.inputs.command?.[0] === "node-info") state.containerLogs = "name=node-1\nncpu=4\nmemory=8000000000\n";
      }
      return { id: `${args.name}-id`, state };
    },
    call: (args) => args.inputs,
  },
  "docker-pod",
  "unit",
  true,
);

// Record the options of each registration (the mocks' newResource does not see them).
const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterRequest, cb: unknown) => unknown };
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, cb) => {
  sentOptions.set(req.getName(), { retainOnDelete: req.getRetainondelete(), protect: req.getProtect(), dependencies: req.getDependenciesList() });
  return register(req, cb);
};

interface RegisterRequest {
  getName(): string;
  getRetainondelete(): boolean | undefined;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
}
