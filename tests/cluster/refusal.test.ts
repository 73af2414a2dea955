/**
 * The tier can fail: the API server sees each document as docker-pod wrote it, so a field it does
 * not know, or a value it refuses, is a refusal that names the field in the server's own words.
 */
import { Cluster, Document } from "./client";

const namespace = "docker-pod-refusals";
let cluster: Cluster;

beforeAll(async () => {
  cluster = new Cluster();
  await cluster.namespace(namespace);
});

const pod = (container: Record<string, unknown>, spec: Record<string, unknown> = {}): Document => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "refused" },
  spec: { containers: [{ name: "app", image: "busybox", ...container }], ...spec },
});

test("the document as written is what is validated: a pod that is right is accepted", async () => {
  await expect(cluster.submit(pod({}), namespace, "refusal check")).resolves.toMatchObject({ kind: "Pod" });
});

test.each([
  ["an unknown container field", pod({ imagePullPolicyy: "Never" }), /unknown field "spec\.containers\[0\]\.imagePullPolicyy"/],
  ["an unknown pod field", pod({}, { restartPolicyy: "Always" }), /unknown field "spec\.restartPolicyy"/],
  ["an unknown port field", pod({ ports: [{ containerPort: 80, hostPortt: 8080 }] }), /unknown field "spec\.containers\[0\]\.ports\[0\]\.hostPortt"/],
  ["a value the server refuses", pod({ ports: [{ containerPort: 80, protocol: "tcp" }] }), /spec\.containers\[0\]\.ports\[0\]\.protocol: Unsupported value: "tcp"/],
  ["a Service with an unknown field", { apiVersion: "v1", kind: "Service", metadata: { name: "refused" }, spec: { ports: [{ port: 80 }], selectorr: {} } }, /unknown field "spec\.selectorr"/],
] as const)("%s is refused with the server's message", async (_what, doc, message) => {
  await expect(cluster.submit(doc as Document, namespace, "refusal check")).rejects.toThrow(message);
});
