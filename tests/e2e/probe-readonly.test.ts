/**
 * Probes of a member whose root filesystem is read-only (`readOnlyRootFilesystem`, as hardened
 * real-world pods set it): Docker copies no file into such a container, so the probe helper comes
 * from the pod's probe volume, filled by Docker from the pause image.
 */
import { Pod } from "../../components";
import { TestStack, docker, execIn, images, leftovers } from "./harness";

let t: TestStack;
let disposed = false;

beforeAll(async () => {
  t = await TestStack.create("probe-ro", async () => {
    const pod = new Pod("pro", {
      volumes: [{ name: "www", emptyDir: {} }],
      containers: [
        {
          name: "web",
          image: images.busybox,
          command: ["sh", "-c", "echo ok > /www/healthz && exec httpd -f -p 8080 -h /www"],
          volumeMounts: [{ name: "www", mountPath: "/www" }],
          securityContext: { readOnlyRootFilesystem: true },
          readinessProbe: { httpGet: { port: 8080, path: "/healthz" }, periodSeconds: 1 },
          livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, failureThreshold: 2 },
        },
      ],
      terminationGracePeriodSeconds: 1,
      labels: t.labels,
    });
    return { containerIds: pod.containerIds };
  });
});

afterAll(async () => {
  if (t && !disposed) await t.dispose();
});

test("up waits for the httpGet readiness probe of a read-only member; liveness passes; the root stays read-only", async () => {
  const up = await t.up();
  const id = up.outputs.containerIds.value.web;
  const web = await docker.getContainer(id).inspect();
  expect(web.HostConfig.ReadonlyRootfs).toBe(true);
  expect(web.State.Health?.Status).toBe("healthy");
  expect(web.Mounts).toContainEqual(expect.objectContaining({ Type: "volume", Destination: "/.docker-pod", RW: false }));
  expect((await execIn(id, ["touch", "/x"])).exitCode).not.toBe(0);
  expect((await execIn(id, ["/.docker-pod/probe", "http", "127.0.0.1", "8080", "/missing"])).exitCode).not.toBe(0);
  // Several liveness periods pass (failureThreshold 2 at 1 s): the podlet never restarts it.
  await new Promise((r) => setTimeout(r, 4000));
  const later = await docker.getContainer(id).inspect();
  expect(later.State.StartedAt).toBe(web.State.StartedAt);
  expect(later.State.Health?.Status).toBe("healthy");
});

test("destroy leaves nothing, the probe volume included", async () => {
  await t.dispose();
  disposed = true;
  expect(await leftovers(t.id)).toEqual([]);
});
