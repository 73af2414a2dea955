/**
 * Round trip through the cluster: a generated Pod (of the unit corpus, or recorded by the e2e tier)
 * created on the API server, read back with the
 * server's defaults, read by docker-pod (as `play` reads it) and generated again is accepted again
 * and is the same Pod as the first, once the server has defaulted both (server-set fields aside).
 */
import { stringify } from "yaml";
import { allPodArgsFromManifest, manifestDocuments } from "../../components";
import { Cluster, Document } from "./client";
import { corpus, played, recorded } from "./sources";

let cluster: Cluster;
beforeAll(() => {
  cluster = new Cluster();
});

/** What the server sets on its own: identity, bookkeeping, status. */
function serverSetAside(o: Document): Document {
  const { uid, resourceVersion, creationTimestamp, managedFields, generation, namespace, ...metadata } = o.metadata ?? {};
  void [uid, resourceVersion, creationTimestamp, managedFields, generation, namespace];
  const { status, ...rest } = o;
  void status;
  return { ...rest, metadata };
}

/**
 * The Secrets and ConfigMaps a Pod names, each with the keys it names (placeholder values), less
 * those in `have`: `generate` never prints a Secret, and a pod's `manifest` output holds no
 * ConfigMap, so a user moving to a cluster creates them there (`kubectl create secret|configmap`);
 * reading the Pod back needs them beside it, as a played file would have them.
 */
function objectsNamedBy(pod: Document, have: Document[]): Document[] {
  const keys = { Secret: new Map<string, Set<string>>(), ConfigMap: new Map<string, Set<string>>() };
  const name = (kind: keyof typeof keys, n: unknown, ks: unknown[] = []) => {
    if (typeof n !== "string") return;
    const set = keys[kind].get(n) ?? new Set<string>();
    for (const k of ks) if (typeof k === "string") set.add(k);
    keys[kind].set(n, set);
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, Record<string, unknown> & { items?: { key?: unknown }[] }>;
    if (o.secretKeyRef) name("Secret", o.secretKeyRef.name, [o.secretKeyRef.key]);
    if (o.secretRef) name("Secret", o.secretRef.name);
    if (o.secret) name("Secret", o.secret.secretName ?? o.secret.name, (o.secret.items ?? []).map((i) => i.key));
    if (o.configMapKeyRef) name("ConfigMap", o.configMapKeyRef.name, [o.configMapKeyRef.key]);
    if (o.configMapRef) name("ConfigMap", o.configMapRef.name);
    if (o.configMap) name("ConfigMap", o.configMap.name, (o.configMap.items ?? []).map((i) => i.key));
    Object.values(o).forEach(walk);
  };
  walk(pod.spec);
  return (["Secret", "ConfigMap"] as const).flatMap((kind) =>
    [...keys[kind]]
      .filter(([n]) => !have.some((d) => d.kind === kind && d.metadata?.name === n))
      .map(([n, ks]) => ({
        apiVersion: "v1",
        kind,
        metadata: { name: n },
        [kind === "Secret" ? "stringData" : "data"]: Object.fromEntries([...ks].map((k) => [k, "placeholder"])),
      })),
  );
}

/** The Pods of one file of documents, each with the ConfigMaps of that file and what else it names. */
function podsOf(file: string, documents: Document[]): { file: string; pod: Document; configMaps: Document[] }[] {
  const configMaps = documents.filter((d) => d.kind === "ConfigMap");
  return documents.filter((d) => d.kind === "Pod").map((pod) => ({ file, pod, configMaps: [...configMaps, ...objectsNamedBy(pod, configMaps)] }));
}

const byRecordedFile = new Map<string, Document[]>();
for (const r of recorded()) byRecordedFile.set(r.file, [...(byRecordedFile.get(r.file) ?? []), r.document]);
const pods = [
  ...corpus().flatMap((e) => podsOf(e.file, e.documents)),
  ...[...byRecordedFile].flatMap(([file, documents]) => podsOf(`e2e ${file}`, documents)),
  ...played().flatMap((p) => podsOf(`e2e played ${p.file}`, p.documents)),
];

test.each(pods.map((p, i) => [`${p.file}: Pod/${p.pod.metadata?.name}`, p, i] as const))(
  "%s comes back the same after a trip through the cluster",
  async (_what, { file, pod, configMaps }, i) => {
    const [first, second] = [`roundtrip-${i}-a`, `roundtrip-${i}-b`];
    await cluster.namespace(first);
    await cluster.namespace(second);
    await cluster.submit(pod, first, `round trip ${file}`, true);
    const stored = (await cluster.readPod(pod.metadata?.name ?? "", first)) as Document;
    // As a user would play it: the read-back Pod, with the ConfigMaps and Secrets it names, in one file.
    const text = [...configMaps, stored].map((d) => stringify(d)).join("---\n");
    const again = manifestDocuments(allPodArgsFromManifest(text)).find((d) => d.kind === "Pod") as Document;
    const accepted = await cluster.submit(again, second, `round trip ${file}, generated again`);
    expect(serverSetAside(accepted)).toEqual(serverSetAside(stored));
  },
);
