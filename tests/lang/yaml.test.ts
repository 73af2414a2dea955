/**
 * The classic pod from Pulumi YAML (issue 18): tests/lang/programs/yaml/Pulumi.yaml names
 * `docker-pod:Pod` with no SDK; a plain `pulumi up` (through the Automation API's local
 * workspace, with set-up's pulumi-language-yaml on PATH) runs it on the real engine. It serves, its
 * secret env value stays out of the state and the output, a second up changes nothing, an app
 * image change previews (`pulumi preview --json`, reviewed by `docker-pod review` per pod) and
 * replaces only the app, destroy leaves nothing; a bad spec (as `docker-pod:index:Pod`) fails
 * naming the field before anything exists; a `docker-pod:Service` selects a pod of the program.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { execIn, freePort, images, leftovers, repoRoot, runTs, testLabel, waitForHttp, docker } from "../e2e/harness";
import { TempProject, altAppImage, appPage, pulumiEnv, tempProject } from "./lang";

let p: TempProject;
let stack: Stack;
let alt: Awaited<ReturnType<typeof altAppImage>>;
let hostPort: number;
let ids: { pause: string; nginx: string; app: string };
let destroyed = false;
let log = "";
const onOutput = (out: string) => (log += out);

beforeAll(async () => {
  p = tempProject("yaml", fs.readFileSync(path.join(repoRoot, "tests/lang/programs/yaml/Pulumi.yaml"), "utf8"));
  alt = await altAppImage(`lang-yaml-${p.stack}`);
  hostPort = await freePort();
  stack = await LocalWorkspace.createOrSelectStack({ stackName: p.stack, workDir: p.dir }, { envVars: pulumiEnv });
  await stack.setAllConfig({
    hostPort: { value: String(hostPort) },
    appImage: { value: images.busybox },
    labelValue: { value: p.labelValue },
  });
});

afterAll(async () => {
  if (stack && !destroyed) await stack.destroy().catch(() => undefined);
  await alt.remove();
  p.dispose();
});

const idsOf = (o: Record<string, { value: any }>) => ({ pause: o.pauseContainerId.value, nginx: o.containerIds.value.nginx, app: o.containerIds.value.app });
const changed = (c: Record<string, number> = {}) => Object.fromEntries(Object.entries(c).filter(([op, n]) => op !== "same" && n > 0));

test("pulumi up of the YAML program serves the app through nginx", async () => {
  const up = await stack.up({ onOutput });
  const types = ((await stack.exportStack()).deployment.resources as { type: string }[]).map((r) => r.type);
  expect(types.filter((t) => t.startsWith("docker-pod:"))).toEqual(["docker-pod:index:Pod", "docker-pod:index:PauseImage"]);
  expect(await waitForHttp(`http://127.0.0.1:${hostPort}/`)).toBe(`${appPage}\n`);
  expect(up.outputs.ports.value).toEqual([{ containerPort: 80, hostPort, hostIP: "0.0.0.0", protocol: "TCP" }]);
  expect(up.outputs.ready.value).toBe(true);
  ids = idsOf(up.outputs);
  // The page is `fn::secret` in the program: in the container, never in the state or the output.
  expect((await docker.getContainer(ids.app).inspect()).Config.Env).toContain(`PAGE=${appPage}`);
  expect(log).not.toContain("Hello from the app");
  for (const f of fs.readdirSync(p.backendUrl.slice("file://".length), { recursive: true, encoding: "utf8" })) {
    const file = path.join(p.backendUrl.slice("file://".length), f);
    if (fs.statSync(file).isFile()) expect(fs.readFileSync(file, "utf8")).not.toContain("Hello from the app");
  }
});

test("a second up changes nothing", async () => {
  const up = await stack.up({ onOutput });
  expect(changed(up.summary.resourceChanges)).toEqual({});
  expect(idsOf(up.outputs)).toEqual(ids);
});

/** What `pulumi preview --json` prints for the stack (the YAML language host runs the program). */
function previewJson(): Promise<string> {
  const ws = stack.workspace;
  return new Promise((resolve, reject) =>
    execFile(ws.pulumiCommand.command, ["preview", "--json", "--non-interactive", "--stack", stack.name], { cwd: p.dir, env: { ...process.env, ...pulumiEnv }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`pulumi preview --json failed: ${err.message}\n${stderr}\n${stdout.slice(-4000)}`)) : resolve(stdout),
    ),
  );
}

test("an app image change: pulumi preview --json reviewed by docker-pod review names the pod and only the app; up replaces only the app", async () => {
  await stack.setConfig("appImage", { value: alt.image });
  const preview = await previewJson();
  expect(preview).not.toContain("Hello from the app");
  const file = path.join(p.dir, "preview.json");
  fs.writeFileSync(file, preview);
  const review = await runTs("cli/docker-pod.ts", ["review", "--format", "text", file]);
  expect({ status: review.status, stderr: review.stderr }).toEqual({ status: 0, stderr: "" });
  expect(review.stdout).toMatch(/^pod classic: app restarts; the pod stays up$/m);
  expect(review.stdout).toMatch(/^ {2}container app: replaced \(restarts\)\n {4}image: .*lang-yaml-/m);
  expect(review.stdout).not.toMatch(/container nginx/);
  const up = await stack.up({ onOutput });
  expect(changed(up.summary.resourceChanges)).toEqual({ replace: 1 });
  const after = idsOf(up.outputs);
  expect(after.pause).toBe(ids.pause);
  expect(after.nginx).toBe(ids.nginx);
  expect(after.app).not.toBe(ids.app);
  expect((await docker.getContainer(after.app).inspect()).Config.Image).toBe(alt.image);
  expect(await waitForHttp(`http://127.0.0.1:${hostPort}/`)).toBe(`${appPage}\n`);
});

test("destroy leaves nothing", async () => {
  await stack.destroy({ onOutput });
  destroyed = true;
  await stack.workspace.removeStack(stack.name);
  expect(await leftovers(p.labelValue)).toEqual([]);
});

test("a bad spec (type docker-pod:index:Pod) fails naming each field as YAML spells it, before any container exists", async () => {
  const bad = tempProject(
    "yaml-bad",
    `name: docker-pod-yaml-bad
runtime: yaml
resources:
  web:
    type: docker-pod:index:Pod
    properties:
      labels:
        ${testLabel}: LABEL_VALUE
      containers:
        - name: Nginx
          image: docker-pod/nginx:local
          ports:
            - containerPort: 80
              hostPort: 70000
`,
  );
  try {
    fs.writeFileSync(path.join(bad.dir, "Pulumi.yaml"), fs.readFileSync(path.join(bad.dir, "Pulumi.yaml"), "utf8").replace("LABEL_VALUE", bad.labelValue));
    const s = await LocalWorkspace.createOrSelectStack({ stackName: bad.stack, workDir: bad.dir }, { envVars: pulumiEnv });
    const err: Error = await s.up().then(() => new Error("up succeeded"), (e: Error) => e);
    expect(err.message).toContain(`containers[0].name: "Nginx" is not a DNS-1123 label`);
    expect(err.message).toContain("containers[0].ports[0].hostPort: 70000 is not a valid port");
    expect(await leftovers(bad.labelValue)).toEqual([]);
    const resources = ((await s.exportStack()).deployment.resources ?? []) as { type: string }[];
    expect(resources.filter((r) => r.type.startsWith("docker-pod:") || r.type.startsWith("docker:"))).toEqual([]);
    await s.workspace.removeStack(s.name, { force: true });
  } finally {
    bad.dispose();
  }
});

test("a Service from YAML (docker-pod:Service, its network a docker:Network of the same program): the selected pod answers to its name; a second up changes nothing; destroy leaves nothing", async () => {
  const svc = tempProject(
    "yaml-service",
    `name: docker-pod-yaml-service
runtime: yaml
resources:
  net:
    type: docker:Network
    properties:
      name: NET_NAME
      labels:
        - label: ${testLabel}
          value: LABEL_VALUE
  db:
    type: docker-pod:Pod
    properties:
      labels:
        ${testLabel}: LABEL_VALUE
        app: LABEL_VALUE
      terminationGracePeriodSeconds: 1
      networks:
        - \${net.name}
      containers:
        - name: web
          image: ${images.busybox}
          command: ["sh", "-c", "mkdir -p /www && echo db-ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
  database:
    type: docker-pod:Service
    properties:
      selector:
        app: LABEL_VALUE
      ports:
        - port: 8080
          name: http
      network: \${net.name}
      labels:
        ${testLabel}: LABEL_VALUE
outputs:
  serviceName: \${database.serviceName}
  network: \${database.network}
  ports: \${database.ports}
  dbWeb: \${db.containerIds.web}
`,
  );
  const file = path.join(svc.dir, "Pulumi.yaml");
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").replaceAll("LABEL_VALUE", svc.labelValue).replace("NET_NAME", `net-${svc.labelValue}`));
  const s = await LocalWorkspace.createOrSelectStack({ stackName: svc.stack, workDir: svc.dir }, { envVars: pulumiEnv });
  try {
    const up = await s.up({ onOutput });
    expect(up.outputs.serviceName.value).toBe("database");
    expect(up.outputs.network.value).toBe(`net-${svc.labelValue}`);
    expect(up.outputs.ports.value).toEqual([{ port: 8080, targetPort: 8080, name: "http", protocol: "TCP" }]);
    // The servicelet gives the pod the name once its pause has run 5 s (the pod joined the network by its own `networks`).
    let answer = "";
    for (const start = Date.now(); Date.now() - start < 60_000 && !answer.includes("db-ok"); await new Promise((r) => setTimeout(r, 1000))) {
      answer = (await execIn(up.outputs.dbWeb.value, ["sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 database 8080"])).output;
    }
    expect(answer).toContain("db-ok");
    const again = await s.up({ onOutput });
    expect(changed(again.summary.resourceChanges)).toEqual({});
  } finally {
    await s.destroy({ onOutput });
    await s.workspace.removeStack(s.name);
    svc.dispose();
  }
  expect(await leftovers(svc.labelValue)).toEqual([]);
});
