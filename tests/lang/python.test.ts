/**
 * The classic pod from Python (issue 18): tests/lang/programs/classic_pod.py, an Automation API
 * inline program using the generated SDK (pulumi_docker_pod, installed in set-up's venv), drives
 * the docker-pod resource plugin, which constructs the TypeScript Pod on the real engine. It
 * serves (its pause image from a PauseImage component), heals after kill -9 of pause, a second up
 * changes nothing, an app image change previews and replaces only the app, the secret env value
 * stays secret (state and output), destroy leaves nothing, and a bad spec fails naming each field
 * as Python spells it (`host_port`), a secret given where only plain data goes without showing it.
 */
import * as fs from "fs";
import * as path from "path";
import { freePort, leftovers, repoRoot, waitForHttp, docker, testLabel, images } from "../e2e/harness";
import { hostPid, killFromHost } from "../e2e/recovery";
import { PythonRun, TempProject, altAppImage, appPage, runPythonProgram, tempProject } from "./lang";

const program = path.join(repoRoot, "tests/lang/programs/classic_pod.py");

/** Runs the Python program once (`E2E_ACTION=action`) on `p`'s project. */
function runPython(p: TempProject, action: string, env: Record<string, string>): Promise<PythonRun> {
  return runPythonProgram(program, p, action, env);
}

/** The text of every file of `p`'s file backend (state, history, backups). */
function stateTexts(p: TempProject): string[] {
  const dir = p.backendUrl.slice("file://".length);
  return (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, "utf8"));
}

/** Changes other than `same` (empty: nothing changed). */
const changed = (c: Record<string, number> = {}) => Object.fromEntries(Object.entries(c).filter(([op, n]) => op !== "same" && n > 0));

describe("the classic pod from a Python program", () => {
  let p: TempProject;
  let alt: Awaited<ReturnType<typeof altAppImage>>;
  const env: Record<string, string> = { E2E_APP_IMAGE: images.busybox, E2E_HOST_PORT: "0" };
  let ids: { pause: string; nginx: string; app: string };
  let destroyed = false;

  beforeAll(async () => {
    p = tempProject("python", "name: docker-pod-python-e2e\nruntime: python");
    alt = await altAppImage(`lang-py-${p.stack}`);
    env.E2E_HOST_PORT = String(await freePort());
  });

  afterAll(async () => {
    if (!destroyed) await runPython(p, "destroy", env);
    await alt.remove();
    p.dispose();
  });

  const idsOf = (outputs: Record<string, any>) => ({ pause: outputs.pause_container_id, nginx: outputs.container_ids.nginx, app: outputs.container_ids.app });

  test("up serves the app through nginx; outputs as Python names them; the secret env value stays secret", async () => {
    const up = await runPython(p, "up", env);
    expect({ status: up.status, stderr: up.status === 0 ? "" : up.stderr }).toEqual({ status: 0, stderr: "" });
    expect(await waitForHttp(`http://127.0.0.1:${env.E2E_HOST_PORT}/`)).toBe(`${appPage}\n`);
    const o = up.result.outputs!;
    expect(Object.keys(o).sort()).toEqual(["container_ids", "manifest", "pause_container_id", "pause_image", "pod_ip", "ports", "ready"]);
    expect(o.ports).toEqual([{ container_port: 80, host_port: Number(env.E2E_HOST_PORT), host_ip: "0.0.0.0", protocol: "TCP" }]);
    expect(o.pod_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(o.ready).toBe(true);
    ids = idsOf(o);
    // The pod runs the PauseImage component's image, passed as an output of another resource.
    expect(o.pause_image).toMatch(/^docker-pod\/pause:[0-9a-f]{12}$/);
    expect((await docker.getContainer(ids.pause).inspect()).Config.Image).toBe(o.pause_image);
    expect((await docker.getContainer(ids.pause).inspect()).Config.Labels[testLabel]).toBe(p.labelValue);
    // PAGE is pulumi.Output.secret(...) in the program: the manifest holding it is secret, and no
    // state file holds the page in plain text.
    expect(up.result.secret).toEqual(["manifest"]);
    expect(up.stdout + up.stderr).not.toContain("Hello from the app");
    expect(stateTexts(p).filter((t) => t.includes("Hello from the app"))).toEqual([]);
  });

  test("self-healing: after kill -9 of pause from the host the podlet brings the pod back; a second up changes nothing", async () => {
    // A crash, not a stop through the Docker API (which the podlet leaves alone).
    await killFromHost(await hostPid(docker, ids.pause));
    expect(await waitForHttp(`http://127.0.0.1:${env.E2E_HOST_PORT}/`)).toBe(`${appPage}\n`);
    expect((await docker.getContainer(ids.pause).inspect()).State.Running).toBe(true);
    const up = await runPython(p, "up", env);
    expect(up.status).toBe(0);
    expect(changed(up.result.changes)).toEqual({});
    expect(idsOf(up.result.outputs!)).toEqual(ids);
  });

  test("an app image change: preview shows one replacement, up replaces only the app", async () => {
    env.E2E_APP_IMAGE = alt.image;
    const preview = await runPython(p, "preview", env);
    expect(preview.status).toBe(0);
    expect(preview.stdout + preview.stderr).not.toContain("Hello from the app");
    expect(changed(preview.result.changes)).toEqual({ replace: 1 });
    expect(preview.stderr).toMatch(/docker:index:Container\s+classic-app\s+replace/);
    const up = await runPython(p, "up", env);
    expect(up.status).toBe(0);
    expect(changed(up.result.changes)).toEqual({ replace: 1 });
    const after = idsOf(up.result.outputs!);
    expect(after.pause).toBe(ids.pause);
    expect(after.nginx).toBe(ids.nginx);
    expect(after.app).not.toBe(ids.app);
    expect((await docker.getContainer(after.app).inspect()).Config.Image).toBe(alt.image);
    expect(await waitForHttp(`http://127.0.0.1:${env.E2E_HOST_PORT}/`)).toBe(`${appPage}\n`);
  });

  test("destroy leaves nothing", async () => {
    const down = await runPython(p, "destroy", env);
    expect({ status: down.status, stderr: down.status === 0 ? "" : down.stderr }).toEqual({ status: 0, stderr: "" });
    destroyed = true;
    expect(await leftovers(p.labelValue)).toEqual([]);
  });
});

test("a bad spec from Python fails naming each field as Python spells it, before any container exists", async () => {
  const p = tempProject("python-bad", "name: docker-pod-python-e2e\nruntime: python");
  try {
    const env = { E2E_APP_IMAGE: images.busybox, E2E_HOST_PORT: "70000", E2E_BAD: "1" };
    const up = await runPython(p, "up", env);
    expect(up.status).not.toBe(0);
    expect(up.stderr).toContain(`containers[0].name: "Nginx" is not a DNS-1123 label`);
    expect(up.stderr).toContain("containers[0].ports[0].host_port: 70000 is not a valid port");
    expect(await leftovers(p.labelValue)).toEqual([]);
    await runPython(p, "destroy", env);
  } finally {
    p.dispose();
  }
});

test("a secret where only plain data goes (a container name) fails naming the field, the secret shown nowhere", async () => {
  const p = tempProject("python-secret", "name: docker-pod-python-e2e\nruntime: python");
  try {
    const env = { E2E_APP_IMAGE: images.busybox, E2E_HOST_PORT: String(await freePort()), E2E_BAD: "secret-name" };
    const up = await runPython(p, "up", env);
    expect(up.status).not.toBe(0);
    expect(up.stderr).toContain("containers[0].name: is secret, but docker-pod takes it as plain data");
    expect(up.stdout + up.stderr).not.toContain("nginx-secret-name-5d1e");
    expect(stateTexts(p).filter((t) => t.includes("nginx-secret-name-5d1e"))).toEqual([]);
    expect(await leftovers(p.labelValue)).toEqual([]);
    await runPython(p, "destroy", env);
  } finally {
    p.dispose();
  }
});
