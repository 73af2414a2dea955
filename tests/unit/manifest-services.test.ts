/** `kind: Service` in manifests: read, checked (every field classified), and NodePort/LoadBalancer host ports. */
import { ManifestError, allPodArgsFromManifest, publishServicePorts, serviceArgsFromManifest, serviceComponentPorts } from "../../components";

const pod = (name: string, labels: string, ports = "    ports: [{ containerPort: 8080, name: http }]") => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, labels: { ${labels} } }
spec:
  containers:
  - name: app
    image: busybox
${ports}
`;
const service = (spec: string, name = "db") => `apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
${spec}
`;
const file = (...docs: string[]) => docs.join("---\n");

function read(text: string) {
  const pods = allPodArgsFromManifest(text);
  const services = serviceArgsFromManifest(text, pods);
  return { pods: publishServicePorts(pods, services), services };
}

function problems(text: string): string[] {
  try {
    read(text);
  } catch (err) {
    if (err instanceof ManifestError) return err.problems.map((p) => `${p.document ?? "-"} ${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

test("a ClusterIP Service: selector and ports; the pods are read as before", () => {
  const { pods, services } = read(file(pod("db-0", "app: db"), service("  selector: { app: db }\n  ports: [{ port: 8080, name: http }]")));
  expect(pods.map((p) => p.name)).toEqual(["db-0"]);
  expect(services).toEqual([{ name: "db", type: "ClusterIP", selector: { app: "db" }, ports: [{ port: 8080, name: "http" }], warnings: [] }]);
});

test("a named targetPort resolves to the selected pods' container port of that name", () => {
  const { services } = read(file(pod("db-0", "app: db"), service("  selector: { app: db }\n  ports: [{ port: 8080, targetPort: http }]")));
  expect(services[0].ports).toEqual([{ port: 8080, targetPort: 8080 }]);
});

test("proxy and cluster fields are dropped with a warning naming them", () => {
  const { services } = read(file(pod("db-0", "app: db"), service("  selector: { app: db }\n  clusterIP: 10.0.0.10\n  sessionAffinity: ClientIP\n  ports: [{ port: 8080, appProtocol: http }]")));
  expect(services[0].warnings).toEqual([
    expect.stringMatching(/^document 2: spec\.sessionAffinity: there is no service proxy/),
    expect.stringMatching(/^document 2: spec\.clusterIP: there are no virtual IPs/),
    expect.stringMatching(/^document 2: spec\.ports\[0\]\.appProtocol: a hint for proxies/),
  ]);
});

test("port ≠ targetPort plays with a warning: the name answers on the pods' own port", () => {
  const { services } = read(file(pod("db-0", "app: db"), service("  selector: { app: db }\n  ports: [{ port: 80, targetPort: 8080 }]")));
  expect(services[0].warnings).toEqual([expect.stringMatching(/^document 2: spec\.ports\[0\]\.port: 80 differs from targetPort 8080: no proxy re-maps ports on the network, so "db" answers on 8080/)]);
  expect(serviceComponentPorts(services[0].ports)).toEqual([{ port: 8080, targetPort: 8080 }]);
});

test("a headless Service (clusterIP: None) is read without a warning", () => {
  expect(read(file(pod("db-0", "app: db"), service("  clusterIP: None\n  selector: { app: db }"))).services[0].warnings).toEqual([]);
});

describe.each<[string, string, RegExp]>([
  ["an unknown named targetPort", service("  selector: { app: db }\n  ports: [{ port: 8080, targetPort: web }]"), /^2 spec\.ports\[0\]\.targetPort: no selected pod of the file has a container port named "web"/],
  ["no selector", service("  ports: [{ port: 8080 }]"), /^2 spec\.selector: give at least one pod label/],
  ["ExternalName", service("  type: ExternalName\n  externalName: db.example.com"), /^2 spec\.(type|externalName): /],
  ["externalIPs", service("  selector: { app: db }\n  externalIPs: [1.2.3.4]"), /^2 spec\.externalIPs: not supported by docker-pod/],
  ["an unknown spec field", service("  selector: { app: db }\n  replicas: 2"), /^2 spec\.replicas: not a field of a Kubernetes ServiceSpec/],
  ["a name that is no DNS-1035 label", service("  selector: { app: db }", "1db"), /^2 metadata\.name: .*DNS-1035 label/],
  ["a NodePort selecting no pod", service("  type: NodePort\n  selector: { app: web }\n  ports: [{ port: 8080, nodePort: 30080 }]"), /^2 spec\.type: a NodePort is published on the host through the pod it selects, and no pod of the file/],
])("%s is refused with a reason", (_what, svc, message) => {
  test("naming the field", () => {
    expect(problems(file(pod("db-0", "app: db"), svc))).toContainEqual(expect.stringMatching(message));
  });
});

test("a NodePort selecting two pods is refused: a host port is bound once", () => {
  expect(problems(file(pod("db-0", "app: db"), pod("db-1", "app: db"), service("  type: NodePort\n  selector: { app: db }\n  ports: [{ port: 8080, nodePort: 30080 }]"))))
    .toContainEqual(expect.stringMatching(/^3 spec\.type: a NodePort is published on the host through one pod, and 2 pods of the file match \(db-0, db-1\)/));
});

test("NodePort publishes nodePort, LoadBalancer publishes port, through the selected pod's container port", () => {
  const { pods } = read(file(
    pod("db-0", "app: db"),
    pod("web-0", "app: web", "    ports: [{ containerPort: 80 }]"),
    service("  type: NodePort\n  selector: { app: db }\n  ports: [{ port: 8080, nodePort: 30080 }]"),
    service("  type: LoadBalancer\n  selector: { app: web }\n  ports: [{ port: 80 }]", "web"),
  ));
  expect(pods[0].args.containers[0].ports).toEqual([{ containerPort: 8080, name: "http", hostPort: 30080 }]);
  expect(pods[1].args.containers[0].ports).toEqual([{ containerPort: 80, hostPort: 80 }]);
});

test("a NodePort whose targetPort the pod does not declare is refused", () => {
  expect(problems(file(pod("db-0", "app: db"), service("  type: NodePort\n  selector: { app: db }\n  ports: [{ port: 9000 }]"))))
    .toContainEqual(expect.stringMatching(/Service db: spec\.ports\[0\]: pod db-0 declares no containerPort 9000\/TCP to publish/));
});

test("a file with only a Service has no pod", () => {
  expect(() => allPodArgsFromManifest(service("  selector: { app: db }"))).toThrow(/no pod in the manifest/);
});
