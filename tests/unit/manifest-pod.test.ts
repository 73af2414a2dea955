/**
 * Pods built from manifests under Pulumi mocks, the Pod's `manifest` output, the field table's
 * coverage of PodArgs (checked by the compiler), and the command line's pure helpers.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { byName, recorded, resetRecorded, valueOf } from "./mocks";
import * as args from "../../components/args";
import { Pod, PodArgs, podArgsFromManifest, podManifest, podsFromManifest } from "../../components";
import * as fields from "../../components/manifest/fields";
import { manifestYaml, stackNameForFile } from "../../cli/play";

const corpus = (file: string) => fs.readFileSync(path.join(__dirname, "manifests", file), "utf8");

beforeEach(() => resetRecorded());

test("a Pod from a manifest has the manifest's containers, and its manifest output gives the manifest back", async () => {
  const text = corpus("share-process-namespace.yaml");
  const [pod] = podsFromManifest(text, { pauseImage: "pause:test" });
  await valueOf(pod.containerIds);
  const manifest = await valueOf(pod.manifest);
  expect(byName("nginx").type).toBe("docker-pod:index:Pod");
  expect(byName("nginx-shell").inputs).toMatchObject({ image: "busybox:1.28", entrypoints: ["sleep", "3600"], capabilities: { adds: ["SYS_PTRACE"] } });
  expect(byName("nginx-shell").inputs.pidMode).toBe("container:nginx.pause-id");
  expect(manifest).toEqual(podManifest("nginx", podArgsFromManifest(text).args));
  expect(manifest.spec?.shareProcessNamespace).toBe(true);
});

test("a manifest without shareProcessNamespace gives a pod without a shared PID namespace (Kubernetes' default)", async () => {
  const [pod] = podsFromManifest(corpus("nginx-pod.yaml"), { pauseImage: "pause:test" });
  await valueOf(pod.containerIds);
  expect(byName("nginx-nginx").inputs.pidMode).toBeUndefined();
  expect(byName("nginx-nginx").inputs.networkMode).toBe("container:nginx.pause-id");
  expect(byName("nginx.pause").inputs.ports).toEqual([{ internal: 80, ip: "0.0.0.0", protocol: "tcp" }]);
  expect((await valueOf(pod.manifest)).spec).not.toHaveProperty("shareProcessNamespace");
});

test("podsFromManifest logs every dropped field as a warning on its pod", async () => {
  const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
  try {
    // replicas: 3 → three pods, each told its dropped fields.
    const pods = podsFromManifest(corpus("deployment.yaml"), { pauseImage: "pause:test" });
    expect(pods.length).toBe(3);
    await Promise.all(pods.map((p) => valueOf(p.containerIds)));
    const fields = ["metadata.labels", "spec.selector", "spec.template.spec.containers[0].imagePullPolicy"];
    expect(warn.mock.calls.map(([message, resource]) => [message.split(":")[0], pods.indexOf(resource as never)])).toEqual(
      [0, 1, 2].flatMap((i) => fields.map((f) => [f, i])),
    );
  } finally {
    warn.mockRestore();
  }
});

test("a bad manifest throws before any resource exists", () => {
  expect(() => podsFromManifest("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {activeDeadlineSeconds: 30, containers: [{name: a, image: b}]}\n"))
    .toThrow(/spec\.activeDeadlineSeconds: not supported by docker-pod/);
  // (an earlier test's podlet may still be registering: only this pod's resources count)
  expect(recorded.filter((r) => r.name === "p" || r.name.startsWith("p-") || r.name.startsWith("p."))).toEqual([]);
});

test("the manifest output of a Pod made in code: the labels, every supported field, docker-pod's default written out", async () => {
  const podArgs: PodArgs = {
    containers: [{ name: "web", image: pulumi.output("nginx:1.27"), env: [{ name: "A", value: pulumi.secret("s3cret") }], ports: [{ containerPort: 80, hostPort: 8080 }] }],
    labels: { team: "a" },
    pauseImage: "pause:test",
  };
  const pod = new Pod("web", podArgs);
  await valueOf(pod.containerIds);
  const manifest = await valueOf(pod.manifest);
  expect(manifest).toEqual({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { team: "a" } },
    spec: {
      containers: [{ name: "web", image: "nginx:1.27", env: [{ name: "A", value: "s3cret" }], ports: [{ containerPort: 80, hostPort: 8080 }] }],
      shareProcessNamespace: true,
    },
  });
  expect(await pulumi.isSecret(pod.manifest)).toBe(true); // it holds a secret
});

// --- The field table covers PodArgs (a compile-time check: `tsc` fails when a field is missing) ---

/** PodArgs-side keys of `A` that the table `R` has no supported row for. */
type Uncovered<A, R> = Exclude<keyof A, fields.SupportedKeys<R>>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Rows<T extends { fields: unknown }> = T["fields"];

// If these do not compile ("Type 'true' is not assignable to type 'false'"), a PodArgs field has no
// row in components/manifest/fields.ts: add one there (or list it in dockerPodOnlyArgs).
// Pod level: every arg is a PodSpec row, `labels` (metadata.labels) or docker-pod's own.
const podCovered: Same<Uncovered<PodArgs, Rows<typeof fields.podSpecTable>>, (typeof fields.manifestObjectArgs)[number] | (typeof fields.dockerPodOnlyArgs)[number]> = true;
// Every nested type: every field is a row. `ConfigMapVolumeSource.data` comes from the ConfigMap document.
const nestedCovered: Same<
  | Uncovered<args.Container, Rows<typeof fields.containerTable>>
  | Uncovered<args.ContainerPort, Rows<typeof fields.containerPortTable>>
  | Uncovered<args.EnvVar, Rows<typeof fields.envVarTable>>
  | Uncovered<args.ResourceRequirements, Rows<typeof fields.resourcesTable>>
  | Uncovered<args.ResourceList, Rows<typeof fields.resourceListTable>>
  | Uncovered<args.SecurityContext, Rows<typeof fields.securityContextTable>>
  | Uncovered<args.Capabilities, Rows<typeof fields.capabilitiesTable>>
  | Uncovered<args.PodSecurityContext, Rows<typeof fields.podSecurityContextTable>>
  | Uncovered<args.Sysctl, Rows<typeof fields.sysctlTable>>
  | Uncovered<args.SeccompProfile, Rows<typeof fields.seccompProfileTable>>
  | Uncovered<args.AppArmorProfile, Rows<typeof fields.appArmorProfileTable>>
  | Uncovered<args.SELinuxOptions, Rows<typeof fields.seLinuxOptionsTable>>
  | Uncovered<args.HostAlias, Rows<typeof fields.hostAliasTable>>
  | Uncovered<args.PodDNSConfig, Rows<typeof fields.dnsConfigTable>>
  | Uncovered<args.PodDNSConfigOption, Rows<typeof fields.dnsConfigOptionTable>>
  | Uncovered<args.Probe, Rows<typeof fields.probeTable>>
  | Uncovered<args.ExecAction, Rows<typeof fields.execActionTable>>
  | Uncovered<args.HTTPGetAction, Rows<typeof fields.httpGetActionTable>>
  | Uncovered<args.TCPSocketAction, Rows<typeof fields.tcpSocketActionTable>>
  | Uncovered<args.Lifecycle, Rows<typeof fields.lifecycleTable>>
  | Uncovered<args.LifecycleHandler, Rows<typeof fields.lifecycleHandlerTable>>
  | Uncovered<args.VolumeMount, Rows<typeof fields.volumeMountTable>>
  | Uncovered<args.Volume, Rows<typeof fields.volumeTable>>
  | Uncovered<args.EmptyDirVolumeSource, Rows<typeof fields.emptyDirTable>>
  | Uncovered<args.HostPathVolumeSource, Rows<typeof fields.hostPathTable>>
  | Uncovered<args.ConfigMapVolumeSource, Rows<typeof fields.configMapVolumeTable>>
  | Uncovered<args.KeyToPath, Rows<typeof fields.keyToPathTable>>
  | Uncovered<args.PersistentVolumeClaimVolumeSource, Rows<typeof fields.persistentVolumeClaimVolumeTable>>
  | Uncovered<args.NFSVolumeSource, Rows<typeof fields.nfsVolumeTable>>
  | Uncovered<args.HTTPHeader, Rows<typeof fields.httpHeaderTable>>
  | Uncovered<args.EnvVarSource, Rows<typeof fields.envVarSourceTable>>
  | Uncovered<args.ConfigMapKeySelector, Rows<typeof fields.configMapKeySelectorTable>>
  | Uncovered<args.SecretKeySelector, Rows<typeof fields.secretKeySelectorTable>>
  | Uncovered<args.ObjectFieldSelector, Rows<typeof fields.objectFieldSelectorTable>>
  | Uncovered<args.ResourceFieldSelector, Rows<typeof fields.resourceFieldSelectorTable>>
  | Uncovered<args.EnvFromSource, Rows<typeof fields.envFromSourceTable>>
  | Uncovered<args.ConfigMapEnvSource, Rows<typeof fields.configMapEnvSourceTable>>
  | Uncovered<args.SecretEnvSource, Rows<typeof fields.secretEnvSourceTable>>
  | Uncovered<args.SecretVolumeSource, Rows<typeof fields.secretVolumeTable>>
  | Uncovered<args.DownwardAPIVolumeSource, Rows<typeof fields.downwardAPIVolumeTable>>
  | Uncovered<args.DownwardAPIVolumeFile, Rows<typeof fields.downwardAPIVolumeFileTable>>
  | Uncovered<args.ProjectedVolumeSource, Rows<typeof fields.projectedVolumeTable>>
  | Uncovered<args.VolumeProjection, Rows<typeof fields.volumeProjectionTable>>
  | Uncovered<args.ConfigMapProjection, Rows<typeof fields.configMapProjectionTable>>
  | Uncovered<args.SecretProjection, Rows<typeof fields.secretProjectionTable>>
  | Uncovered<args.DownwardAPIProjection, Rows<typeof fields.downwardAPIProjectionTable>>,
  "data"
> = true;

test("every PodArgs field has a supported row in the field table (checked by the compiler)", () => {
  expect([podCovered, nestedCovered]).toEqual([true, true]);
});

test("a manifest with every supported row reads without a problem or a warning", () => {
  // Every supported row reachable from the PodSpec table, as `Type.field`.
  const rows = new Set<string>();
  const visit = (table: fields.FieldTable) => {
    for (const [key, rule] of Object.entries(table.fields)) {
      if (rule.kind === "warn" || rule.kind === "unsupported" || rows.has(`${table.what}.${key}`)) continue;
      rows.add(`${table.what}.${key}`);
      if (rule.kind === "object" || rule.kind === "list") visit(rule.table);
    }
  };
  visit(fields.podSpecTable);
  // The rows the all-fields manifest's args use; validatePodArgs accepted them all (else it throws).
  const full = podArgsFromManifest(fs.readFileSync(path.join(__dirname, "fixtures", "all-fields.yaml"), "utf8"));
  const used = new Set<string>();
  const walk = (value: unknown, table: fields.FieldTable) => {
    for (const [key, v] of Object.entries(value as object)) {
      used.add(`${table.what}.${key}`);
      const rule = table.fields[key];
      if (rule?.kind === "object") walk(v, rule.table);
      if (rule?.kind === "list") (v as unknown[]).forEach((item) => walk(item, rule.table));
    }
  };
  walk(full.args, fields.podSpecTable);
  expect([...rows].filter((r) => !used.has(r))).toEqual([]);
  // Only the notes of supported rows that Docker honours differently (pod-level resources).
  expect(full.warnings).toEqual([`document 2: spec.resources: ${(fields.podSpecTable.fields.resources as { note: string }).note}`]);
  expect(podManifest(full.name, full.args).spec).toEqual(
    (require("yaml").parseAllDocuments(fs.readFileSync(path.join(__dirname, "fixtures", "all-fields.yaml"), "utf8"))[1].toJS()).spec,
  );
});

// --- The command line's pure helpers ---

test.each([
  ["web.yaml", "web"],
  ["pods/web.yml", "web"],
  ["/tmp/x/My Pod.json", "My-Pod"],
  ["two-pods.v2.yaml", "two-pods.v2"],
  ["manifest", "manifest"],
])("the stack of %s is %s", (file, stack) => {
  expect(stackNameForFile(file)).toBe(stack);
});

test("a file name with nothing to make a stack name of is a usage error", () => {
  expect(() => stackNameForFile("...yaml")).toThrow(/give one with --stack/);
});

test("generate prints documents in Kubernetes' key order, separated by ---", () => {
  const yaml = manifestYaml([
    { data: { a: "b" }, kind: "ConfigMap", metadata: { name: "c" }, apiVersion: "v1" },
    { spec: { containers: [{ image: "busybox", name: "a" }] }, metadata: { name: "p" }, kind: "Pod", apiVersion: "v1" },
  ]);
  expect(yaml).toBe(
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n---\n" +
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: busybox\n",
  );
});
