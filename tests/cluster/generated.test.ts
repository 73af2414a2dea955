/**
 * Everything docker-pod generates is accepted by a real kube-apiserver with server-side dry run and
 * strict field validation: the documents of every unit-corpus manifest docker-pod reads, and every
 * manifest the e2e tier recorded (pods' `manifest` outputs, `docker-pod generate` output, what
 * `generate` prints for every file it played).
 */
import { Cluster } from "./client";
import { corpus, played, recorded } from "./sources";

const namespace = "docker-pod-generated";
let cluster: Cluster;

beforeAll(async () => {
  cluster = new Cluster();
  await cluster.namespace(namespace);
});

const mapped = corpus().filter((e) => e.documents.length > 0);

test("the corpus has manifests docker-pod maps", () => {
  expect(mapped.length).toBeGreaterThanOrEqual(10);
});

describe.each(mapped.map((e) => [e.file, e] as const))("generated from %s", (_file, entry) => {
  test.each(entry.documents.map((d) => [`${d.kind}/${d.metadata?.name}`, d] as const))("%s is accepted", async (_what, doc) => {
    await cluster.submit(doc, namespace, entry.file);
  });
});

const fromE2e = recorded();
if (fromE2e.length > 0) {
  test.each(fromE2e.map((r) => [`${r.file}: ${r.document.kind}/${r.document.metadata?.name}`, r] as const))(
    "recorded by the e2e tier, %s, is accepted",
    async (_what, r) => {
      await cluster.submit(r.document, namespace, `e2e ${r.file}`);
    },
  );
}

const fromPlays = played().flatMap((p) => p.documents.map((document) => ({ file: p.file, document })));
if (fromPlays.length > 0) {
  test.each(fromPlays.map((r) => [`${r.file}: ${r.document.kind}/${r.document.metadata?.name}`, r] as const))(
    "generated for a file the e2e tier played, %s, is accepted",
    async (_what, r) => {
      await cluster.submit(r.document, namespace, `e2e played ${r.file}`);
    },
  );
}
if (fromE2e.length + fromPlays.length === 0) {
  // Not a test: the e2e tier did not run (it says NOT RUN itself), so it recorded nothing.
  console.warn("cluster: no manifest recorded by the e2e tier in this run");
}
