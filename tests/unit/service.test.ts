/** The Service: validation of its name and args, its engine check and its agent container under Pulumi mocks. */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { Service, ServiceArgs, validateServiceArgs } from "../../components";
import { serviceSocketFailure } from "../../components/service";

const ok: ServiceArgs = { selector: { app: "db" }, network: "app", ports: [{ port: 5432 }] };

describe.each<[string, string, ServiceArgs, string, RegExp]>([
  ["a name that is no DNS label", "Db_1", ok, "(name)", /DNS-1035 label/],
  ["a name starting with a digit", "1db", ok, "(name)", /starting with a letter/],
  ["no selector", "db", { ...ok, selector: {} }, "selector", /at least one pod label/],
  ["a selector value that is no label value", "db", { ...ok, selector: { app: "a b" } }, 'selector["app"]', /not a label value/],
  ["a selector on docker-pod's own labels", "db", { ...ok, selector: { "org.docker-pod.pod": "db" } }, 'selector["org.docker-pod.pod"]', /docker-pod's own/],
  ["no network", "db", { ...ok, network: "" }, "network", /give the Docker network/],
  ["the default bridge", "db", { ...ok, network: "bridge" }, "network", /no DNS names/],
  ["port out of range", "db", { ...ok, ports: [{ port: 0 }] }, "ports[0].port", /from 1 to 65535/],
  ["targetPort other than port", "db", { ...ok, ports: [{ port: 80, targetPort: 8080 }] }, "ports[0].targetPort", /differs from port 80.*no proxy/],
  ["a named targetPort", "db", { ...ok, ports: [{ port: 80, targetPort: "http" as never }] }, "ports[0].targetPort", /named target ports/],
  ["a port twice", "db", { ...ok, ports: [{ port: 80, name: "a" }, { port: 80, name: "b" }] }, "ports[1].port", /already offered by ports\[0\]/],
  ["unnamed ports among several", "db", { ...ok, ports: [{ port: 80 }, { port: 81, name: "b" }] }, "ports[0].name", /must name each one/],
  ["a bad protocol", "db", { ...ok, ports: [{ port: 80, protocol: "SCTP" }] }, "ports[0].protocol", /TCP or UDP/],
  ["an unknown field", "db", { ...ok, type: "NodePort" } as never, "type", /unknown field/],
  ["a reserved label", "db", { ...ok, labels: { "org.docker-pod.role": "x" } }, 'labels["org.docker-pod.role"]', /set by docker-pod/],
])("%s", (_what, name, args, path, message) => {
  test(`reports ${path}`, () => {
    expect(validateServiceArgs(name, args)).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

test("valid: several named ports, an output network", () => {
  expect(validateServiceArgs("db", {
    selector: { app: "db", tier: "back" },
    network: pulumi.output("app"),
    ports: [{ port: 5432, targetPort: 5432, name: "pg" }, { port: 53, protocol: "UDP", name: "dns" }],
  })).toEqual([]);
});

test("invalid args fail before any resource exists", () => {
  resetRecorded();
  expect(() => new Service("db", { ...ok, ports: [{ port: 80, targetPort: 81 }] })).toThrow(/invalid arguments for service "db" \(1 problem\)/);
  expect(recorded.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
});

describe("the Service's agent", () => {
  let svc: Service;
  beforeAll(async () => {
    resetRecorded();
    svc = new Service("db", { ...ok, selector: { tier: "back", app: "db" }, network: pulumi.output("appnet"), labels: { team: "a" }, pauseImage: "pause:test" });
    await valueOf(svc.serviceName);
    for (let i = 0; i < 100 && !recorded.some((r) => r.name === "db.servicelet"); i++) await new Promise((r) => setTimeout(r, 5));
  });

  test("is a docker-pod:index:Service with one hardened agent container running `podlet service`", () => {
    expect(byName("db").type).toBe("docker-pod:index:Service");
    const agent = byName("db.servicelet").inputs;
    expect(agent).toMatchObject({
      image: "pause:test",
      entrypoints: ["/podlet"],
      command: ["service", "db", "appnet", "app=db", "tier=back"],
      networkMode: "none",
      readOnly: true,
      restart: "always",
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }],
    });
    expect(agent.labels).toEqual(expect.arrayContaining([
      { label: "team", value: "a" },
      { label: "org.docker-pod.service", value: "db" },
      { label: "org.docker-pod.role", value: "service" },
    ]));
    expect(agent.labels.some((l: { label: string }) => l.label === "org.docker-pod.pod")).toBe(false);
  });

  test("outputs: the name, the network, the ports with defaults", async () => {
    expect(await valueOf(svc.serviceName)).toBe("db");
    expect(await valueOf(svc.network)).toBe("appnet");
    expect(await valueOf(svc.ports)).toEqual([{ port: 5432, targetPort: 5432, protocol: "TCP" }]);
  });
});

describe("the Service's engine: its provider's, checked before the agent", () => {
  test("the check runs `podlet check` on the same socket before the agent exists", async () => {
    resetRecorded();
    const svc = new Service("api", { ...ok, pauseImage: "pause:test" });
    await valueOf(svc.serviceName);
    for (let i = 0; i < 100 && !recorded.some((r) => r.name === "api.servicelet"); i++) await new Promise((r) => setTimeout(r, 5));
    expect(byName("api.engine-check").inputs).toMatchObject({
      entrypoints: ["/podlet"], command: ["check", "/var/run/docker.sock"], attach: true, networkMode: "none", readOnly: true,
      mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }],
    });
    expect(byName("api.engine-check").inputs.labels).toEqual(expect.arrayContaining([{ label: "org.docker-pod.role", value: "check" }]));
    expect(byName("api.servicelet").options.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(/::api\.engine-check$/)]));
  });

  test.each([
    ["the provider's unix:// host", { host: "unix:///run/user/1000/docker.sock" }, undefined, "/run/user/1000/docker.sock"],
    ["dockerSocket over a tcp:// provider", { host: "tcp://10.0.0.5:2376" }, "/run/user/1001/docker.sock", "/run/user/1001/docker.sock"],
  ])("%s gives the agent and the check their socket", async (_, providerArgs, dockerSocket, socket) => {
    resetRecorded();
    const h2 = new docker.Provider("h2", providerArgs);
    const svc = new Service("api", { ...ok, pauseImage: "pause:test", dockerSocket }, { provider: h2 });
    await valueOf(svc.serviceName);
    for (let i = 0; i < 100 && !recorded.some((r) => r.name === "api.servicelet"); i++) await new Promise((r) => setTimeout(r, 5));
    expect(byName("api.servicelet").inputs.mounts[0].source).toBe(socket);
    expect(byName("api.engine-check").inputs.command).toEqual(["check", socket]);
  });

  test("a failed check names the socket and the arg to set; a relative dockerSocket is refused", () => {
    const message = serviceSocketFailure("api", "/var/run/docker.sock", 3, "podlet: the socket /var/run/docker.sock leads to another Docker engine");
    expect(message).toContain('service "api" cannot use the Docker engine socket /var/run/docker.sock');
    expect(message).toContain("set the Service arg dockerSocket");
    expect(validateServiceArgs("api", { ...ok, dockerSocket: "docker.sock" })).toEqual([
      { path: "dockerSocket", message: "\"docker.sock\" is not an absolute path; give the socket's path on the engine's host, e.g. /run/user/1000/docker.sock" },
    ]);
  });
});
