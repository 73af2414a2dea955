/**
 * Kubernetes manifests → PodArgs → manifests, over a corpus of manifests in the shapes of the
 * Kubernetes documentation (tests/unit/manifests/): each maps to the expected args with exactly
 * the expected warnings, and each round-trips (manifest → args → manifest equals the input less
 * the warned fields, Pods taken out of their workloads).
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";
import {
  ManifestPod,
  PodArgs,
  allPodArgsFromManifest,
  claimsFromManifest,
  configMapManifests,
  podArgsFromManifest,
  podManifest,
  secretManifests,
} from "../../components";
import { yamlOptions } from "../../components/manifest/from-manifest";

const corpus = path.join(__dirname, "manifests");
const read = (file: string) => fs.readFileSync(path.join(corpus, file), "utf8");

/** The warned field paths of a pod, as `N:path` for documents of a multi-document file. */
const warnedPaths = (pod: ManifestPod) =>
  pod.warnings.map((w) => {
    const m = /^(?:document (\d+): )?([^:]+):/.exec(w)!;
    return m[1] ? `${m[1]}:${m[2]}` : m[2];
  });

const workloadWarnings = ["spec.selector", "metadata.labels"];

describe.each<[string, string, Partial<PodArgs> & Record<string, unknown>, string[]]>([
  ["nginx-pod.yaml", "nginx", {
    containers: [{ name: "nginx", image: "nginx:1.14.2", ports: [{ containerPort: 80 }] }],
    shareProcessNamespace: false,
  }, []],
  ["init-containers.yaml", "myapp-pod", {
    labels: { "app.kubernetes.io/name": "MyApp" },
    containers: [{ name: "myapp-container", image: "busybox:1.28", command: ["sh", "-c", "echo The app is running! && sleep 3600"] }],
    initContainers: [
      { name: "init-myservice", image: "busybox:1.28", command: ["sh", "-c", expect.stringContaining("until nslookup myservice") as unknown as string] },
      { name: "init-mydb", image: "busybox:1.28", command: ["sh", "-c", expect.stringContaining("until nslookup mydb") as unknown as string] },
    ],
  }, []],
  ["share-process-namespace.yaml", "nginx", {
    shareProcessNamespace: true,
    containers: [
      { name: "nginx", image: "nginx" },
      { name: "shell", image: "busybox:1.28", command: ["sleep", "3600"], securityContext: { capabilities: { add: ["SYS_PTRACE"] } } },
    ],
  }, []],
  ["probes.yaml", "liveness-exec", {
    labels: { test: "liveness" },
    containers: [
      {
        name: "liveness",
        image: "registry.k8s.io/busybox",
        args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
        livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
      },
      {
        name: "goproxy",
        image: "registry.k8s.io/goproxy:0.1",
        ports: [{ containerPort: 8080 }],
        readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, initialDelaySeconds: 15, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 2 },
        startupProbe: { tcpSocket: { port: 8080 }, failureThreshold: 30, periodSeconds: 10 },
      },
    ],
  }, []],
  ["lifecycle.yaml", "lifecycle-demo", {
    containers: [{
      name: "lifecycle-demo-container",
      image: "nginx",
      lifecycle: {
        postStart: { exec: { command: ["/bin/sh", "-c", "echo Hello from the postStart handler > /usr/share/message"] } },
        preStop: { exec: { command: ["/bin/sh", "-c", "nginx -s quit; while killall -0 nginx; do sleep 1; done"] } },
      },
    }],
  }, []],
  ["emptydir.yaml", "two-containers", {
    restartPolicy: "Never",
    volumes: [{ name: "shared-data", emptyDir: {} }, { name: "cache-volume", emptyDir: { medium: "Memory", sizeLimit: "500Mi" } }],
    containers: [
      { name: "nginx-container", image: "nginx", volumeMounts: [{ name: "shared-data", mountPath: "/usr/share/nginx/html" }, { name: "cache-volume", mountPath: "/cache" }] },
      { name: "debian-container", image: "debian", volumeMounts: [{ name: "shared-data", mountPath: "/pod-data" }], command: ["/bin/sh"], args: ["-c", "echo Hello from the debian container > /pod-data/index.html"] },
    ],
  }, []],
  ["resources.yaml", "frontend", {
    containers: [
      { name: "app", image: "images.my-company.example/app:v4", resources: { requests: { memory: "64Mi", cpu: "250m" }, limits: { memory: "128Mi", cpu: "500m" } } },
      // YAML numbers are quantities too.
      { name: "log-aggregator", image: "images.my-company.example/log-aggregator:v6", resources: { requests: { memory: "64Mi", cpu: "0.25" }, limits: { memory: "128Mi", cpu: "1" } } },
    ],
  }, []],
  // replicas: 3 → three pods, `-1` … `-3`; the first is checked.
  ["deployment.yaml", "nginx-deployment-1", {
    labels: { app: "nginx" },
    containers: [{ name: "nginx", image: "nginx:1.14.2", ports: [{ containerPort: 80 }] }],
    shareProcessNamespace: false,
  }, [...workloadWarnings, "spec.template.spec.containers[0].imagePullPolicy"]],
  ["replicaset.yaml", "frontend", {
    labels: { tier: "frontend" },
    containers: [{ name: "php-redis", image: "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5" }],
  }, workloadWarnings], // replicas: 1 is what docker-pod runs: no warning
  // A StatefulSet's pods are its ordinals: web-0 … web-2.
  ["statefulset.yaml", "web-0", {
    labels: { app: "nginx" },
    terminationGracePeriodSeconds: 10,
    containers: [{ name: "nginx", image: "registry.k8s.io/nginx-slim:0.24", ports: [{ containerPort: 80, name: "web" }], volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }] }],
    volumes: [{ name: "www", emptyDir: {} }],
  }, ["spec.selector", "spec.serviceName", "spec.minReadySeconds"]],
  ["daemonset.yaml", "fluentd-elasticsearch", {
    labels: { name: "fluentd-elasticsearch" },
    terminationGracePeriodSeconds: 30,
    containers: [{
      name: "fluentd-elasticsearch",
      image: "quay.io/fluentd_elasticsearch/fluentd:v2.5.2",
      resources: { limits: { memory: "200Mi" }, requests: { cpu: "100m", memory: "200Mi" } },
      volumeMounts: [{ name: "varlog", mountPath: "/var/log" }],
    }],
    volumes: [{ name: "varlog", hostPath: { path: "/var/log" } }],
  }, ["metadata.namespace", ...workloadWarnings, "spec.template.spec.tolerations"]],
  ["job.yaml", "pi", {
    restartPolicy: "Never",
    containers: [{ name: "pi", image: "perl:5.34.0", command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"] }],
  }, ["spec.backoffLimit"]],
  ["configmap-volume.yaml", "dapi-test-pod", {
    restartPolicy: "Never",
    // The ConfigMap document of that name becomes the pod's configMaps entry; volumes refer to it.
    configMaps: { "special-config": { SPECIAL_LEVEL: "very", SPECIAL_TYPE: "charm" } },
    volumes: [
      { name: "config-volume", configMap: { name: "special-config" } },
      { name: "keys-volume", configMap: { name: "special-config", items: [{ key: "SPECIAL_LEVEL", path: "keys" }] } },
    ],
  }, ["1:metadata.namespace"]], // the ConfigMap's, told to the pod that uses it
  ["dns-config.yaml", "dns-example", {
    dnsConfig: {
      nameservers: ["192.0.2.1"],
      searches: ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"],
      options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
    },
  }, ["metadata.namespace", "spec.dnsPolicy"]],
  ["host-aliases.yaml", "hostaliases-pod", {
    restartPolicy: "Never",
    hostAliases: [{ ip: "127.0.0.1", hostnames: ["foo.local", "bar.local"] }, { ip: "10.1.2.3", hostnames: ["foo.remote", "bar.remote"] }],
    containers: [{ name: "cat-hosts", image: "busybox:1.28", command: ["cat"], args: ["/etc/hosts"] }],
  }, []],
  ["security-context.json", "security-context-demo-4", {
    hostname: "demo",
    terminationGracePeriodSeconds: 5,
    restartPolicy: "OnFailure",
    containers: [{
      name: "sec-ctx-4",
      image: "gcr.io/google-samples/hello-app:2.0",
      env: [{ name: "GREETING", value: "hello" }],
      workingDir: "/srv",
      securityContext: {
        runAsUser: 2000,
        runAsGroup: 3000,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { add: ["NET_ADMIN", "SYS_TIME"], drop: ["ALL"] },
      },
    }],
  }, []],
  ["security-context.yaml", "security-context-demo", {
    securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000] },
    volumes: [{ name: "sec-ctx-vol", emptyDir: {} }],
    containers: [{
      name: "sec-ctx-demo",
      image: "busybox:1.28",
      volumeMounts: [{ name: "sec-ctx-vol", mountPath: "/data/demo" }],
      securityContext: { allowPrivilegeEscalation: false },
    }],
  }, []],
  ["security-context-2.yaml", "security-context-demo-2", {
    securityContext: { runAsUser: 1000 },
    containers: [{ name: "sec-ctx-demo-2", image: "gcr.io/google-samples/hello-app:2.0", securityContext: { runAsUser: 2000, allowPrivilegeEscalation: false } }],
  }, []],
  ["seccomp-audit-pod.yaml", "audit-pod", {
    labels: { app: "audit-pod" },
    securityContext: { seccompProfile: { type: "Localhost", localhostProfile: "profiles/audit.json" } },
    containers: [{ name: "test-container", image: "hashicorp/http-echo:1.0", securityContext: { allowPrivilegeEscalation: false } }],
  }, []],
  ["apparmor-pod.yaml", "hello-apparmor", {
    securityContext: { appArmorProfile: { type: "Localhost", localhostProfile: "k8s-apparmor-example-deny-write" } },
    containers: [{ name: "hello", image: "busybox:1.28" }],
  }, []],
  ["pv-pod.yaml", "task-pv-pod", {
    volumes: [{ name: "task-pv-storage", persistentVolumeClaim: { claimName: "task-pv-claim" } }],
    containers: [{
      name: "task-pv-container",
      image: "nginx",
      ports: [{ containerPort: 80, name: "http-server" }],
      volumeMounts: [{ mountPath: "/usr/share/nginx/html", name: "task-pv-storage" }],
    }],
  }, []],
  ["deployment-sidecar.yaml", "myapp", {
    labels: { app: "myapp" },
    volumes: [{ name: "data", emptyDir: {} }],
    containers: [{ name: "myapp", image: "alpine:latest", volumeMounts: [{ name: "data", mountPath: "/opt" }] }],
    initContainers: [{ name: "logshipper", image: "alpine:latest", restartPolicy: "Always", command: ["sh", "-c", "tail -F /opt/logs.txt"], volumeMounts: [{ name: "data", mountPath: "/opt" }] }],
  }, workloadWarnings],
  ["job-sidecar.yaml", "myjob", {
    restartPolicy: "Never",
    containers: [{ name: "myjob", image: "alpine:latest", volumeMounts: [{ name: "data", mountPath: "/opt" }] }],
    initContainers: [{ name: "logshipper", image: "alpine:latest", restartPolicy: "Always", command: ["sh", "-c", "tail -F /opt/logs.txt"] }],
  }, []],
  ["http-liveness.yaml", "liveness-http", {
    labels: { test: "liveness" },
    containers: [{
      name: "liveness",
      image: "registry.k8s.io/e2e-test-images/agnhost:2.40",
      args: ["liveness"],
      livenessProbe: { httpGet: { path: "/healthz", port: 8080, httpHeaders: [{ name: "Custom-Header", value: "Awesome" }] }, initialDelaySeconds: 3, periodSeconds: 3 },
    }],
  }, []],
  // The documentation's gRPC liveness probe (content/en/examples/pods/probe/grpc-liveness.yaml).
  ["grpc-liveness.yaml", "etcd-with-grpc", {
    containers: [{
      name: "etcd",
      image: "registry.k8s.io/etcd:3.5.1-0",
      command: ["/usr/local/bin/etcd", "--data-dir", "/var/lib/etcd", "--listen-client-urls", "http://0.0.0.0:2379",
        "--advertise-client-urls", "http://127.0.0.1:2379", "--log-level", "debug"],
      ports: [{ containerPort: 2379 }],
      livenessProbe: { grpc: { port: 2379 }, initialDelaySeconds: 10 },
    }],
  }, []],
  // --- The Kubernetes documentation's examples of Secrets, ConfigMaps by reference and the downward API ---
  ["dapi-envars-pod.yaml", "dapi-envars-fieldref", {
    restartPolicy: "Never",
    containers: [{
      name: "test-container",
      image: "registry.k8s.io/busybox:1.27.2",
      env: ["spec.nodeName", "metadata.name", "metadata.namespace", "status.podIP", "spec.serviceAccountName"].map((fieldPath, i) => ({
        name: ["MY_NODE_NAME", "MY_POD_NAME", "MY_POD_NAMESPACE", "MY_POD_IP", "MY_POD_SERVICE_ACCOUNT"][i],
        valueFrom: { fieldRef: { fieldPath } },
      })),
    }],
  }, []],
  ["dapi-envars-container.yaml", "dapi-envars-resourcefieldref", {
    containers: [{
      name: "test-container",
      image: "registry.k8s.io/busybox:1.27.2",
      resources: { requests: { memory: "32Mi", cpu: "125m" }, limits: { memory: "64Mi", cpu: "250m" } },
      env: [
        { name: "MY_CPU_REQUEST", valueFrom: { resourceFieldRef: { containerName: "test-container", resource: "requests.cpu" } } },
        { name: "MY_CPU_LIMIT", valueFrom: { resourceFieldRef: { containerName: "test-container", resource: "limits.cpu" } } },
        { name: "MY_MEM_REQUEST", valueFrom: { resourceFieldRef: { containerName: "test-container", resource: "requests.memory" } } },
        { name: "MY_MEM_LIMIT", valueFrom: { resourceFieldRef: { containerName: "test-container", resource: "limits.memory" } } },
      ],
    }],
  }, []],
  ["dapi-volume.yaml", "kubernetes-downwardapi-volume-example", {
    labels: { zone: "us-est-coast", cluster: "test-cluster1", rack: "rack-22" },
    annotations: { build: "two", builder: "john-doe" },
    volumes: [{ name: "podinfo", downwardAPI: { items: [
      { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
      { path: "annotations", fieldRef: { fieldPath: "metadata.annotations" } },
    ] } }],
  }, []],
  ["dapi-volume-resources.yaml", "kubernetes-downwardapi-volume-example-2", {
    volumes: [{ name: "podinfo", downwardAPI: { items: [
      { path: "cpu_limit", resourceFieldRef: { containerName: "client-container", resource: "limits.cpu", divisor: "1m" } },
      { path: "cpu_request", resourceFieldRef: { containerName: "client-container", resource: "requests.cpu", divisor: "1m" } },
      { path: "mem_limit", resourceFieldRef: { containerName: "client-container", resource: "limits.memory", divisor: "1Mi" } },
      { path: "mem_request", resourceFieldRef: { containerName: "client-container", resource: "requests.memory", divisor: "1Mi" } },
    ] } }],
  }, []],
  ["secret-pod.yaml", "secret-test-pod", {
    // `data` is base64 in the document, text in the args.
    secrets: { "test-secret": { username: "my-app", password: "39528$vdg7Jb" } },
    volumes: [{ name: "secret-volume", secret: { secretName: "test-secret" } }],
    containers: [{ name: "test-container", image: "nginx", volumeMounts: [{ name: "secret-volume", mountPath: "/etc/secret-volume", readOnly: true }] }],
  }, []],
  ["secret-envars-pod.yaml", "secret-envars-test-pod", {
    secrets: { "test-secret": { username: "my-app", password: "39528$vdg7Jb" } },
    containers: [{ name: "envars-test-container", image: "nginx", env: [
      { name: "SECRET_USERNAME", valueFrom: { secretKeyRef: { name: "test-secret", key: "username" } } },
      { name: "SECRET_PASSWORD", valueFrom: { secretKeyRef: { name: "test-secret", key: "password" } } },
    ] }],
  }, []],
  ["pod-secret-envfrom.yaml", "envfrom-secret", {
    secrets: { "test-secret": { username: "my-app", password: "39528$vdg7Jb" } },
    containers: [{ name: "envars-test-container", image: "nginx", envFrom: [{ secretRef: { name: "test-secret" } }] }],
  }, []],
  ["secret-default-mode.yaml", "mypod", {
    secrets: { mysecret: { "config.yaml": 'apiUrl: "https://my.api.com/api/v1"\nusername: admin\n' } },
    volumes: [{ name: "foo", secret: { secretName: "mysecret", defaultMode: 0o400 } }], // a leading-0 octal, as Kubernetes reads it
  }, []],
  ["configmap-env.yaml", "dapi-test-pod", {
    configMaps: { "special-config": { "special.how": "very" }, "env-config": { log_level: "INFO" } },
    containers: [{ name: "test-container", image: "registry.k8s.io/busybox", command: ["/bin/sh", "-c", "env"], env: [
      { name: "SPECIAL_LEVEL_KEY", valueFrom: { configMapKeyRef: { name: "special-config", key: "special.how" } } },
      { name: "LOG_LEVEL", valueFrom: { configMapKeyRef: { name: "env-config", key: "log_level" } } },
    ] }],
  }, ["1:metadata.namespace", "2:metadata.namespace"]],
  ["configmap-envfrom.yaml", "dapi-test-pod", {
    configMaps: { "special-config": { SPECIAL_LEVEL: "very", SPECIAL_TYPE: "charm" } },
    containers: [{ name: "test-container", image: "registry.k8s.io/busybox", command: ["/bin/sh", "-c", "env"], envFrom: [{ configMapRef: { name: "special-config" } }] }],
  }, ["1:metadata.namespace"]],
  ["projected-volume.yaml", "volume-test", {
    secrets: { mysecret: { username: "my-app" } },
    configMaps: { myconfigmap: { config: "mode=demo\n" } },
    volumes: [{ name: "all-in-one", projected: { sources: [
      { secret: { name: "mysecret", items: [{ key: "username", path: "my-group/my-username" }] } },
      { downwardAPI: { items: [
        { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
        { path: "cpu_limit", resourceFieldRef: { containerName: "container-test", resource: "limits.cpu" } },
      ] } },
      { configMap: { name: "myconfigmap", items: [{ key: "config", path: "my-group/my-config" }] } },
    ] } }],
  }, []],
])("%s", (file, name, args, warnings) => {
  const text = read(file);
  let pod: ManifestPod;
  beforeAll(() => {
    pod = allPodArgsFromManifest(text)[0];
  });

  test("maps to the expected pod args", () => {
    expect(pod.name).toBe(name);
    expect(pod.args).toMatchObject(args);
    expect(pod.args.shareProcessNamespace).toBe(args.shareProcessNamespace ?? false); // absent means false, as in Kubernetes
  });

  test("warns about exactly the fields with no meaning on one Docker host", () => {
    expect(warnedPaths(pod).sort()).toEqual([...warnings].sort());
    for (const w of pod.warnings) expect(w).toMatch(/; ignored$/);
  });

  test("round-trips: manifest → args → manifest is the input less the warned fields", () => {
    const actual = [...secretManifests(pod.args), ...configMapManifests(pod.name, pod.args), podManifest(pod.name, pod.args)];
    expect(dedupe(actual)).toEqual(normalise(text, warnedPaths(pod), pod.name));
  });

  test("the generated manifest reads back to the same args, without warnings", () => {
    const generated = [...secretManifests(pod.args), ...dedupe(configMapManifests(pod.name, pod.args)), podManifest(pod.name, pod.args)];
    const again = podArgsFromManifest(generated.map((d) => stringify(d)).join("---\n"));
    expect(again).toEqual({ name: pod.name, args: pod.args, warnings: [] });
  });
});

test("the corpus is all covered", () => {
  const tested = new Set([
    "nginx-pod.yaml", "init-containers.yaml", "share-process-namespace.yaml", "probes.yaml", "lifecycle.yaml",
    "emptydir.yaml", "resources.yaml", "deployment.yaml", "replicaset.yaml", "statefulset.yaml", "daemonset.yaml",
    "job.yaml", "configmap-volume.yaml", "dns-config.yaml", "host-aliases.yaml", "security-context.json",
    "security-context.yaml", "security-context-2.yaml", "seccomp-audit-pod.yaml", "apparmor-pod.yaml",
    "pv-pod.yaml", "pv-claim.yaml", "deployment-sidecar.yaml", "job-sidecar.yaml", "http-liveness.yaml", "grpc-liveness.yaml",
    "dapi-envars-pod.yaml", "dapi-envars-container.yaml", "dapi-volume.yaml", "dapi-volume-resources.yaml", "secret-pod.yaml",
    "secret-envars-pod.yaml", "pod-secret-envfrom.yaml", "secret-default-mode.yaml", "configmap-env.yaml", "configmap-envfrom.yaml",
    "projected-volume.yaml",
  ]);
  expect(fs.readdirSync(corpus).sort()).toEqual([...tested].sort());
});

test("a PersistentVolumeClaim document is a claim named after it; the size, class and access modes are told as ignored", () => {
  expect(claimsFromManifest(read("pv-claim.yaml"))).toEqual([{
    name: "task-pv-claim",
    args: { claimName: "task-pv-claim" },
    warnings: [
      "spec.storageClassName: Docker's local volume driver is the one storage class; ignored",
      "spec.accessModes: one Docker host: every access mode holds; ignored",
      "spec.resources: Docker's local volume driver has no size limit; ignored",
    ],
  }]);
  // Claim and pod in one file (as the documentation applies them): the pod reads as before.
  const both = `${read("pv-claim.yaml")}---\n${read("pv-pod.yaml")}`;
  expect(podArgsFromManifest(both).args.volumes).toEqual([{ name: "task-pv-storage", persistentVolumeClaim: { claimName: "task-pv-claim" } }]);
  expect(claimsFromManifest(both).map((c) => c.name)).toEqual(["task-pv-claim"]);
  expect(() => claimsFromManifest("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {volumeName: pv1}\n"))
    .toThrow("spec.volumeName: not supported by docker-pod; a claim is a new Docker volume");
});

test("a file of several documents gives every pod, in order, with warnings naming their document", () => {
  const text = [read("nginx-pod.yaml").replace("name: nginx\n", "name: web\n"), read("deployment.yaml"), read("configmap-volume.yaml")].join("\n---\n");
  const pods = allPodArgsFromManifest(text);
  expect(pods.map((p) => p.name)).toEqual(["web", "nginx-deployment-1", "nginx-deployment-2", "nginx-deployment-3", "dapi-test-pod"]);
  expect(pods[0].warnings).toEqual([]);
  expect(pods[1].warnings[0]).toMatch(/^document 2: metadata\.labels: /);
  expect(pods[4].warnings).toEqual([expect.stringMatching(/^document 3: metadata\.namespace: /)]);
  expect(pods[4].args.configMaps).toEqual({ "special-config": { SPECIAL_LEVEL: "very", SPECIAL_TYPE: "charm" } });
});

test("a ConfigMap no pod names is told, not dropped silently", () => {
  const text = `${read("nginx-pod.yaml")}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: unused}\ndata: {a: b}\n`;
  expect(podArgsFromManifest(text).warnings).toEqual([
    'document 2: metadata.name: ConfigMap "unused" is named by no pod; ignored',
  ]);
});

test("podManifest writes shareProcessNamespace only when true, which is docker-pod's default", () => {
  const containers = [{ name: "a", image: "busybox" }];
  expect(podManifest("p", { containers }).spec?.shareProcessNamespace).toBe(true);
  expect(podManifest("p", { containers, shareProcessNamespace: true }).spec?.shareProcessNamespace).toBe(true);
  expect(podManifest("p", { containers, shareProcessNamespace: false }).spec).not.toHaveProperty("shareProcessNamespace");
});

test("podManifest leaves out docker-pod's own args and names unnamed ConfigMaps after pod and volume", () => {
  const args: PodArgs = {
    containers: [{ name: "a", image: "busybox", volumeMounts: [{ name: "conf", mountPath: "/etc/conf" }] }],
    volumes: [{ name: "conf", configMap: { data: { "a.conf": "x=1" } } }],
    pauseImage: "pause:1",
    readinessTimeoutSeconds: 10,
    labels: { team: "a" },
  };
  expect(podManifest("web", args)).toEqual({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { team: "a" } },
    spec: {
      containers: [{ name: "a", image: "busybox", volumeMounts: [{ name: "conf", mountPath: "/etc/conf" }] }],
      volumes: [{ name: "conf", configMap: { name: "web-conf" } }],
      shareProcessNamespace: true,
    },
  });
  expect(configMapManifests("web", args)).toEqual([
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-conf" }, data: { "a.conf": "x=1" } },
  ]);
});

/** ConfigMaps of the same name and data once. */
function dedupe<T>(docs: T[]): T[] {
  const seen = new Set<string>();
  return docs.filter((d) => !seen.has(JSON.stringify(d)) && seen.add(JSON.stringify(d)) !== undefined);
}

/**
 * What the round trip must give for `text`: its ConfigMaps and Pods less the `warned` paths
 * (`N:path` in document N), a workload's pod template as a Pod named after the workload,
 * quantities as strings, and no `shareProcessNamespace: false` (Kubernetes' default).
 */
/** `podName`: the name of a workload's pod (a replica's, for several). */
function normalise(text: string, warned: string[], podName?: string): unknown[] {
  const docs = parseAllDocuments(text, yamlOptions) as { toJS(): unknown }[];
  const objects = docs.map((d) => d.toJS() as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const w of warned) {
    const [doc, p] = w.includes(":") ? [Number(w.split(":")[0]) - 1, w.split(":")[1]] : [0, w];
    deletePath(objects[doc], p);
  }
  const out: unknown[] = [];
  // Secrets as secretManifests writes them: data base64, stringData merged into it, no default type.
  for (const o of objects.filter((d) => d.kind === "Secret")) {
    const data = { ...o.data };
    for (const [k, v] of Object.entries(o.stringData ?? {})) data[k] = Buffer.from(v as string).toString("base64");
    out.push({ apiVersion: "v1", kind: "Secret", metadata: o.metadata, data });
  }
  const configMaps = objects.filter((o) => o.kind === "ConfigMap");
  for (const o of configMaps) out.push({ apiVersion: "v1", kind: "ConfigMap", metadata: o.metadata, data: o.data });
  for (const o of objects.filter((d) => d.kind !== "ConfigMap" && d.kind !== "Secret")) {
    const pod = o.kind === "Pod"
      ? o
      : {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: podName ?? o.metadata.name, ...(o.spec.template.metadata?.labels ? { labels: o.spec.template.metadata.labels } : {}) },
          spec: o.spec.template.spec,
        };
    if (pod.spec.shareProcessNamespace === false) delete pod.spec.shareProcessNamespace;
    for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      for (const list of Object.values(c.resources ?? {}) as Record<string, unknown>[]) {
        for (const [k, v] of Object.entries(list)) list[k] = String(v);
      }
    }
    out.push(pod);
  }
  return out;
}

function deletePath(obj: Record<string, any>, p: string): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const keys = [...p.matchAll(/([^.[\]"]+)|\[(\d+)\]|\["([^"]+)"\]/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  const last = keys.pop()!;
  const parent = keys.reduce((o, k) => o?.[k], obj);
  expect(parent).toHaveProperty([last]); // a warning names a field that is there
  delete parent[last];
}
