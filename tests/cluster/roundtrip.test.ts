/**
 * Round trip through the cluster: a generated Pod (of the unit corpus, or recorded by the e2e tier)
 * created on the API server, read back with the
 * server's defaults, read by docker-pod (as `play` reads it) and generated again is accepted again
 * and is the same Pod as the first, once the server has defaulted both (server-set fields aside).
 */
import { stringify } from "yaml";
import { allPodArgsFromManifest, manifestDocuments } from "../../components";
import { Cluster, Document } from "./client";
import { corpus, recorded } from "./sources";

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

/** The Pods of one file of documents, each with the ConfigMaps of that file. */
function podsOf(file: string, documents: Document[]): { file: string; pod: Document; configMaps: Document[] }[] {
  const configMaps = documents.filter((d) => d.kind === "ConfigMap");
  return documents.filter((d) => d.kind === "Pod").map((pod) => ({ file, pod, configMaps }));
}

const byRecordedFile = new Map<string, Document[]>();
for (const r of recorded()) byRecordedFile.set(r.file, [...(byRecordedFile.get(r.file) ?? []), r.document]);
const pods = [
  ...corpus().flatMap((e) => podsOf(e.file, e.documents)),
  ...[...byRecordedFile].flatMap(([file, documents]) => podsOf(`e2e ${file}`, documents)),
];

test.each(pods.map((p, i) => [`${p.file}: Pod/${p.pod.metadata?.name}`, p, i] as const))(
  "%s comes back the same after a trip through the cluster",
  async (_what, { file, pod, configMaps }, i) => {
    const [first, second] = [`roundtrip-${i}-a`, `roundtrip-${i}-b`];
    await cluster.namespace(first);
    await cluster.namespace(second);
    await cluster.submit(pod, first, `round trip ${file}`, true);
    const stored = (await cluster.readPod(pod.metadata?.name ?? "", first)) as Document;
    // As a user would play it: the read-back Pod, with the ConfigMaps it names, in one file.
    const text = [...configMaps, stored].map((d) => stringify(d)).join("---\n");
    const again = manifestDocuments(allPodArgsFromManifest(text)).find((d) => d.kind === "Pod") as Document;
    const accepted = await cluster.submit(again, second, `round trip ${file}, generated again`);
    expect(serverSetAside(accepted)).toEqual(serverSetAside(stored));
  },
);
