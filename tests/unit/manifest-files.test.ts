/**
 * Files as people keep them: mixed kinds (skipped with a warning naming each), `kind: List`,
 * Services, ReplicationControllers, CronJobs, old apiVersions, replicas, empty documents, a
 * container named like the pod's own resources, harmless fields that warn, cloud disks refused.
 */
import * as fs from "fs";
import * as path from "path";
import { ManifestError, allPodArgsFromManifest, claimsFromManifest, podArgsFromManifest, servicesFromManifest } from "../../components";
import { podKinds, replicaNames } from "../../components/manifest/fields";

const template = (extra = "", ports = "") =>
  `  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx${ports}\n${extra}`;
const deployment = (name: string, replicas?: number, ports = "", apiVersion = "apps/v1") =>
  `apiVersion: ${apiVersion}\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n${replicas !== undefined ? `  replicas: ${replicas}\n` : ""}  selector: {matchLabels: {app: web}}\n${template("", ports)}`;
const problems = (text: string) => {
  try {
    allPodArgsFromManifest(text);
  } catch (err) {
    if (err instanceof ManifestError) return err.problems;
    throw err;
  }
  throw new Error("no ManifestError");
};

describe("a file of mixed kinds", () => {
  const text = [
    "# the app (a comment before the first document belongs to it)\n",
    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web-sa}\n",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules: []\n",
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec: {rules: [{http: {paths: []}}]}\n",
    "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n",
    deployment("web", 2),
    "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n",
    "",
  ].join("---\n");

  test("reads the pods and skips every other kind, each named in one warning on the first pod", () => {
    const pods = allPodArgsFromManifest(text);
    expect(pods.map((p) => p.name)).toEqual(["web-1", "web-2"]);
    expect(pods[0].warnings.filter((w) => /skipped$/.test(w))).toEqual([
      'document 1: ServiceAccount "web-sa": a kind docker-pod does not run (it needs a Kubernetes cluster); skipped',
      'document 2: Role "r": a kind docker-pod does not run (it needs a Kubernetes cluster); skipped',
      'document 3: Ingress "web": a kind docker-pod does not run (it needs a Kubernetes cluster); skipped',
      'document 6: Widget "w": a kind docker-pod does not run (it needs a Kubernetes cluster); skipped',
    ]);
    expect(pods[1].warnings.some((w) => /skipped$/.test(w))).toBe(false);
  });

  test("servicesFromManifest gives its Services", () => {
    expect(servicesFromManifest(text)).toEqual([
      { name: "web", spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }, document: 4, path: "" },
    ]);
  });

  test("a file of only other kinds has no pod: an error naming what it has", () => {
    expect(problems("apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n")).toEqual([
      { path: "", message: expect.stringMatching(/^no pod in the manifest: .* \(the file has only Namespace\)$/) },
    ]);
  });
});

test("kind: List: its items are read as documents, paths say which item", () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {a: b}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    containers: [{name: a, image: busybox, volumeMounts: [{name: c, mountPath: /c}]}]\n    volumes: [{name: c, configMap: {name: c}}]\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n  spec: {ports: [{port: 1}]}\n`;
  const [pod] = allPodArgsFromManifest(list);
  expect(pod.name).toBe("p");
  expect(pod.args.configMaps).toEqual({ c: { a: "b" } });
  expect(pod.warnings).toEqual([]); // the Service is read by serviceArgsFromManifest
  expect(servicesFromManifest(list).map((s) => [s.name, s.path])).toEqual([["s", "items[2]"]]);
  expect(problems(list.replace("spec:\n    containers", "spec:\n    activeDeadlineSeconds: 30\n    containers"))).toEqual([
    { path: "items[1].spec.activeDeadlineSeconds", message: expect.stringMatching(/not supported/) },
  ]);
});

test("empty and comment-only documents are fine", () => {
  const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: busybox}]}\n";
  expect(allPodArgsFromManifest(`---\n# nothing\n---\n${pod}---\n\n---\n# end\n`).map((p) => [p.name, p.warnings])).toEqual([["p", []]]);
});

describe("replicas", () => {
  test("Deployment, ReplicaSet, ReplicationController: one pod keeps the name, N pods are -1 … -N", () => {
    expect(allPodArgsFromManifest(deployment("web")).map((p) => p.name)).toEqual(["web"]);
    expect(allPodArgsFromManifest(deployment("web", 1)).map((p) => p.name)).toEqual(["web"]);
    expect(allPodArgsFromManifest(deployment("web", 3)).map((p) => p.name)).toEqual(["web-1", "web-2", "web-3"]);
    const rc = `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  replicas: 2\n  selector: {app: web}\n${template()}`;
    const pods = allPodArgsFromManifest(rc);
    expect(pods.map((p) => p.name)).toEqual(["rc-1", "rc-2"]);
    expect(pods[0].args).toEqual(pods[1].args);
    expect(pods[0].args).not.toBe(pods[1].args); // each its own copy
    expect(pods[0].warnings).toEqual([expect.stringMatching(/^spec\.selector: a controller field/)]);
  });

  test("StatefulSet: its ordinals, <name>-0 … also for one replica", () => {
    const sts = (n?: number) => deployment("db", n).replace("kind: Deployment", "kind: StatefulSet");
    expect(allPodArgsFromManifest(sts()).map((p) => p.name)).toEqual(["db-0"]);
    expect(allPodArgsFromManifest(sts(3)).map((p) => p.name)).toEqual(["db-0", "db-1", "db-2"]);
    expect(replicaNames("x", 2, "ordinal")).toEqual(["x-0", "x-1"]);
  });

  test("replicas: 0 runs no pod, with a warning", () => {
    const pods = allPodArgsFromManifest(`${deployment("off", 0)}---\n${deployment("on")}`);
    expect(pods.map((p) => p.name)).toEqual(["on"]);
    expect(allPodArgsFromManifest(deployment("off", 0))).toEqual([]);
    expect(podKinds.Deployment.replicas).toBe("suffix");
  });

  test("a hostPort N pods would share is refused at its path; a containerPort is fine", () => {
    expect(allPodArgsFromManifest(deployment("web", 2, "\n        ports: [{containerPort: 80}]"))).toHaveLength(2);
    expect(problems(deployment("web", 2, "\n        ports: [{containerPort: 80, hostPort: 8080}]"))).toEqual([
      { path: "spec.template.spec.containers[0].ports[0].hostPort", message: expect.stringMatching(/the 2 replicas would all bind host port 8080/) },
    ]);
    expect(allPodArgsFromManifest(deployment("web", 1, "\n        ports: [{containerPort: 80, hostPort: 8080}]"))).toHaveLength(1);
  });

  test("more replicas than one host runs are an error, at once (no million pods are made)", () => {
    expect(problems(deployment("web", 1e6))).toEqual([{ path: "spec.replicas", message: "1000000 pods are more than docker-pod runs on one Docker host; use at most 1000" }]);
  });

  test("replicas that are no count are an error", () => {
    expect(problems(deployment("web").replace("spec:\n", "spec:\n  replicas: many\n"))).toEqual([
      { path: "spec.replicas", message: expect.stringMatching(/is not a number of replicas/) },
    ]);
  });

  test("podArgsFromManifest of N replicas names them and points to allPodArgsFromManifest", () => {
    expect(() => podArgsFromManifest(deployment("web", 2))).toThrow(/2 pods \(web-1, web-2\); read it with allPodArgsFromManifest/);
  });
});

describe("old apiVersions and more workload kinds", () => {
  test.each([
    ["Deployment", "extensions/v1beta1"],
    ["Deployment", "apps/v1beta1"],
    ["Deployment", "apps/v1beta2"],
    ["StatefulSet", "apps/v1beta1"],
    ["DaemonSet", "extensions/v1beta1"],
    ["ReplicaSet", "extensions/v1beta1"],
  ])("%s %s is read with a warning", (kind, apiVersion) => {
    const text = deployment("old", undefined, "", apiVersion).replace("kind: Deployment", `kind: ${kind}`);
    const [pod] = allPodArgsFromManifest(text);
    expect(pod.warnings[0]).toBe(`apiVersion: ${apiVersion} is an old apiVersion of ${kind} (removed from Kubernetes); read as ${podKinds[kind].apiVersion}`);
  });

  test("an apiVersion that never was is an error", () => {
    expect(problems(deployment("x", undefined, "", "apps/v9"))).toEqual([{ path: "apiVersion", message: '"apps/v9" is not the apiVersion of a Deployment; use apps/v1' }]);
  });

  test("fields of the old apiVersions warn", () => {
    const [pod] = allPodArgsFromManifest(deployment("old", undefined, "", "extensions/v1beta1").replace("spec:\n", "spec:\n  rollbackTo: {revision: 1}\n"));
    expect(pod.warnings).toContainEqual(expect.stringMatching(/^spec\.rollbackTo: a field of an old apiVersion/));
  });

  test("CronJob: the pod of its job template, once (the schedule is told)", () => {
    const cron = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: hello}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: hello, image: busybox, command: [date]}]\n          restartPolicy: OnFailure\n";
    const [pod] = allPodArgsFromManifest(cron);
    expect(pod.name).toBe("hello");
    expect(pod.args).toMatchObject({ restartPolicy: "OnFailure", containers: [{ name: "hello", command: ["date"] }] });
    expect(pod.warnings).toEqual([
      expect.stringMatching(/^apiVersion: batch\/v1beta1 is an old apiVersion of CronJob/),
      expect.stringMatching(/^spec\.schedule: docker-pod runs the job's pod once/),
    ]);
    expect(problems(cron.replace("containers", "activeDeadlineSeconds: 30\n          containers"))).toEqual([
      { path: "spec.jobTemplate.spec.template.spec.activeDeadlineSeconds", message: expect.stringMatching(/not supported/) },
    ]);
  });
});

test("a container may be named pause, podlet or <volume>-content", () => {
  const text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: pause, image: busybox, volumeMounts: [{name: conf, mountPath: /c}]}\n  - {name: podlet, image: busybox}\n  - {name: conf-content, image: busybox}\n  volumes: [{name: conf, configMap: {name: conf}}]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf}\ndata: {a: b}\n";
  expect(allPodArgsFromManifest(text)[0].args.containers.map((c) => c.name)).toEqual(["pause", "podlet", "conf-content"]);
});

test("fields with no meaning on one Docker host warn, never refuse", () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: linux}\n  readinessGates: [{conditionType: x}]\n  setHostnameAsFQDN: true\n  subdomain: s\n  preemptionPolicy: Never\n  dnsPolicy: ClusterFirst\n  containers:\n  - name: a\n    image: busybox\n    imagePullPolicy: Always\n    terminationMessagePath: /dev/termination-log\n    terminationMessagePolicy: File\n    resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]\n    resources: {limits: {ephemeral-storage: 1Gi}}\n`;
  const [pod] = allPodArgsFromManifest(text);
  expect(pod.warnings.map((w) => w.split(":")[0]).sort()).toEqual([
    "spec.containers[0].imagePullPolicy",
    "spec.containers[0].resizePolicy",
    'spec.containers[0].resources.limits["ephemeral-storage"]'.replace('["ephemeral-storage"]', ".ephemeral-storage"),
    "spec.containers[0].terminationMessagePath",
    "spec.containers[0].terminationMessagePolicy",
    "spec.dnsPolicy",
    "spec.preemptionPolicy",
    "spec.readinessGates",
    "spec.setHostnameAsFQDN",
  ].sort());
  // os: linux is what runs here: no warning; another OS is told.
  expect(allPodArgsFromManifest(text.replace("name: linux", "name: windows"))[0].warnings).toContainEqual(expect.stringMatching(/^spec\.os: docker-pod runs Linux containers/));
});

test.each([
  ["awsElasticBlockStore", "{volumeID: vol-1, fsType: ext4}", /an AWS EBS disk is attached to a Kubernetes node/],
  ["gcePersistentDisk", "{pdName: d}", /a GCE persistent disk is attached/],
  ["azureDisk", "{diskName: d, diskURI: u}", /an Azure disk is attached/],
  ["csi", "{driver: x}", /a CSI volume is attached/],
])("a %s volume is refused once, naming the field and what to use instead", (source, value, message) => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: busybox, volumeMounts: [{name: d, mountPath: /d}]}]\n  volumes: [{name: d, ${source}: ${value}}]\n`;
  const found = problems(text);
  // Not again as a volume without a source, nor as an unknown volume in the mount.
  expect(found).toEqual([{ path: `spec.volumes[0].${source}`, message: expect.stringMatching(message) }]);
  expect(found[0].message).toMatch(/use a persistentVolumeClaim .*, a hostPath .*, or an emptyDir/);
});

test("hostPath types that bind what exists are read; FileOrCreate is refused with what to do", () => {
  const hp = (type: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: busybox, volumeMounts: [{name: s, mountPath: /s}]}]\n  volumes: [{name: s, hostPath: {path: /var/run/docker.sock, type: ${type}}}]\n`;
  for (const type of ["Socket", "File", "CharDevice", "BlockDevice", "Directory"]) expect(allPodArgsFromManifest(hp(type))).toHaveLength(1);
  expect(problems(hp("FileOrCreate"))).toEqual([{ path: "spec.volumes[0].hostPath.type", message: expect.stringMatching(/create the file on the host and use File/) }]);
});

test("a StatefulSet's volumeClaimTemplates: each replica mounts its own claim <template>-<pod>, and the claims are the file's", () => {
  const text = fs.readFileSync(path.join(__dirname, "corpus", "apps", "website-web-statefulset.yaml"), "utf8");
  const pods = allPodArgsFromManifest(text);
  expect(pods.map((p) => [p.name, p.args.volumes])).toEqual([
    ["web-0", [{ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } }]],
    ["web-1", [{ name: "www", persistentVolumeClaim: { claimName: "www-web-1" } }]],
  ]);
  // The template's storage fields have no meaning for a Docker volume: told on each pod.
  expect(pods[0].warnings).toContainEqual(expect.stringMatching(/^document 2: spec\.volumeClaimTemplates\[0\]\.spec\.resources: /));
  expect(claimsFromManifest(text).map((c) => c.args)).toEqual([{ claimName: "www-web-0" }, { claimName: "www-web-1" }]);
  // A claim template replaces a pod volume of its name, as the StatefulSet controller does.
  const withVolume = text.replace("      containers:", "      volumes: [{name: www, emptyDir: {}}]\n      containers:");
  expect(allPodArgsFromManifest(withVolume)[0].args.volumes).toEqual([{ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } }]);
});

test("a volume with no source is an emptyDir, as the API server defaults it; a refused source is not", () => {
  const text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: busybox, volumeMounts: [{name: data, mountPath: /data}]}]\n  volumes:\n  - name: data\n";
  expect(allPodArgsFromManifest(text)[0].args.volumes).toEqual([{ name: "data", emptyDir: {} }]);
  expect(problems(text.replace("- name: data\n", "- name: data\n    gitRepo: {repository: x}\n")).map((p) => p.path)).toEqual(["spec.volumes[0].gitRepo"]);
});
