/** Pod networking: `networks` and `subdomain` → the pause container's endpoints; their validation. */
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import { Pod, PodArgs, validatePodArgs } from "../../components";

const web = { name: "web", image: "busybox" };

describe.each<[string, PodArgs, string, RegExp]>([
  ["networks not a list", { containers: [web], networks: "net" as never }, "networks", /must be a list/],
  ["empty network name", { containers: [web], networks: [""] }, "networks[0]", /not a Docker network name/],
  ["bad network name", { containers: [web], networks: ["my net"] }, "networks[0]", /not a Docker network name/],
  ["the default bridge", { containers: [web], networks: ["bridge"] }, "networks[0]", /no DNS names; create a network/],
  ["host mode", { containers: [web], networks: [{ name: "host" }] }, "networks[0].name", /Docker's own networks/],
  ["a network twice", { containers: [web], networks: ["app", { name: "app", aliases: ["db"] }] }, "networks[1].name", /already joined by networks\[0\]/],
  ["an entry without name", { containers: [web], networks: [{ aliases: ["db"] } as never] }, "networks[0].name", /not a network name/],
  ["a null entry", { containers: [web], networks: [null as never] }, "networks[0]", /give a network name/],
  ["a bad alias", { containers: [web], networks: [{ name: "app", aliases: ["DB_1"] }] }, "networks[0].aliases[0]", /not a DNS name/],
  ["aliases not a list", { containers: [web], networks: [{ name: "app", aliases: "db" as never }] }, "networks[0].aliases", /list of strings/],
  ["an unknown field", { containers: [web], networks: [{ name: "app", ipv4Address: "10.0.0.2" } as never] }, "networks[0].ipv4Address", /unknown field; supported here: name, aliases/],
  ["a bad subdomain", { containers: [web], subdomain: "my.sub" }, "subdomain", /not a DNS-1123 label/],
  ["networks with hostNetwork", { containers: [web], hostNetwork: true, networks: ["app"] }, "networks", /joins no Docker network/],
])("%s", (_what, args, path, message) => {
  test(`reports ${path}`, () => {
    const problems = validatePodArgs(args);
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

test("valid networking: names, outputs, aliases, subdomain", () => {
  expect(validatePodArgs({
    containers: [web],
    subdomain: "db",
    networks: ["app", pulumi.output("other"), { name: pulumi.output("third"), aliases: ["primary", "db.prod"] }],
  })).toEqual([]);
});

describe("the pause container's endpoints", () => {
  beforeAll(async () => {
    resetRecorded();
    const pod = new Pod("db", {
      containers: [web],
      hostname: "db-0",
      subdomain: "db",
      networks: ["app", { name: pulumi.output("back"), aliases: ["primary", "db"] }],
      selfHealing: false,
      pauseImage: "pause:test",
    });
    await valueOf(pod.containerIds);
  });

  test("pause joins every network with the pod's name, <hostname>.<subdomain> and the entry's aliases", () => {
    const pause = byName("db.pause").inputs;
    expect(pause.networksAdvanced).toEqual([
      { name: "app", aliases: ["db", "db-0.db"] },
      { name: "back", aliases: ["db", "db-0.db", "primary"] },
    ]);
    expect(pause.hostname).toBe("db-0");
    expect(pause.domainname).toBe("db");
    expect(pause.networkMode).toBe("bridge");
    // pause -a: the pod's address announced to its gateways at every start (native/pause.c).
    expect(pause.command).toEqual(["-a"]);
  });

  test("members join pause only, with the pod's domain name (Docker reports pause's for them)", () => {
    expect(byName("db-web").inputs.networksAdvanced).toBeUndefined();
    expect(byName("db-web").inputs.networkMode).toBe("container:db.pause-id");
    expect(byName("db-web").inputs.domainname).toBe("db");
  });
});

test("without networks, pause stays on the default bridge with no endpoints or domain", async () => {
  resetRecorded();
  const pod = new Pod("solo", { containers: [web], selfHealing: false, pauseImage: "pause:test" });
  await valueOf(pod.containerIds);
  const pause = recorded.find((r) => r.name === "solo.pause")!.inputs;
  expect(pause.networksAdvanced).toBeUndefined();
  expect(pause.domainname).toBeUndefined();
});
