/**
 * The manifests the cluster tier submits: what docker-pod generates from every manifest of the unit
 * corpus, and what the e2e tier recorded (each pod's `manifest` output, each `docker-pod generate`,
 * and what `generate` prints for each file it played).
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { ConfigObjectsArgs, ManifestError, ManifestPod, allPodArgsFromManifest, configObjectsFromManifest, manifestDocuments } from "../../components";
import { publishServicePorts, serviceArgsFromManifest } from "../../components/manifest/services";
import { serviceManifest } from "../../cli/play";
import { PlayedRecord, playedPrefix, recordDir } from "../e2e/record";
import type { Document } from "./client";

const repoRoot = path.resolve(__dirname, "../..");

/** The unit tier's manifest folders (those that exist). */
const corpusDirs = ["tests/unit/manifests", "tests/unit/corpus", "tests/unit/fixtures"];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return /\.(ya?ml|json)$/.test(e.name) ? [p] : [];
  });
}

/**
 * A document less the fields newer than the tier's kube-apiserver (v1.31.4), which its strict
 * decoding would call unknown: a Pod's pod-level `resources` (Kubernetes 1.32+). The rest of the
 * document is still validated; the unit tier checks Kubernetes' rules for those fields.
 */
export function withoutNewerFields(doc: Document): Document {
  if (doc?.kind !== "Pod" || !doc.spec || typeof doc.spec !== "object" || !("resources" in doc.spec)) return doc;
  const { resources, ...spec } = doc.spec as Record<string, unknown>;
  void resources;
  return { ...doc, spec } as Document;
}

/** One input manifest of the corpus and what docker-pod makes of it. */
export interface CorpusEntry {
  /** Path relative to the repository root. */
  file: string;
  /** The pods docker-pod reads from it (empty when it refuses the file). */
  pods: ManifestPod[];
  /** The documents `generate` prints after `play` of the file: its ConfigMaps, Pods, then Services. */
  documents: Document[];
  /** Why docker-pod refused the file (such a file has nothing to submit). */
  refused?: string;
}

/**
 * What `docker-pod generate` prints after `play` of a manifest text (with the ConfigMaps and
 * Secrets of `--configmap` files): its ConfigMaps, its Pods (with the ports its Services publish),
 * then its Services. Throws a `ManifestError` where docker-pod refuses the file.
 */
export function generatedFrom(text: string, configMapTexts: string[] = []): { pods: ManifestPod[]; documents: Document[] } {
  const configObjects: ConfigObjectsArgs = { configMaps: {}, secrets: {} };
  for (const t of configMapTexts) {
    const o = configObjectsFromManifest(t);
    Object.assign(configObjects.configMaps ??= {}, o.configMaps);
    Object.assign(configObjects.secrets ??= {}, o.secrets);
  }
  const read = allPodArgsFromManifest(text, configMapTexts.length ? { configObjects } : {});
  const services = serviceArgsFromManifest(text, read);
  const pods = publishServicePorts(read, services);
  const documents = [...manifestDocuments(pods), ...services.map(serviceManifest)] as Document[];
  return { pods, documents: documents.map(withoutNewerFields) };
}

/** Every corpus manifest, mapped. */
export function corpus(): CorpusEntry[] {
  return corpusDirs.flatMap((d) => filesUnder(path.join(repoRoot, d))).map((p) => {
    const file = path.relative(repoRoot, p);
    try {
      return { file, ...generatedFrom(fs.readFileSync(p, "utf8")) };
    } catch (err) {
      if (err instanceof ManifestError) return { file, pods: [], documents: [], refused: err.message.split("\n")[0] };
      throw err;
    }
  });
}

/** The files the e2e tier played with `docker-pod play`, each mapped as `play` maps it. */
export function played(): { file: string; documents: Document[] }[] {
  return filesUnder(recordDir)
    .filter((p) => path.basename(p).startsWith(playedPrefix))
    .map((p) => {
      const r = JSON.parse(fs.readFileSync(p, "utf8")) as PlayedRecord;
      // It played: docker-pod read it then, and reads it the same now.
      return { file: `${r.file} (${path.basename(p, ".json").slice(-10)})`, documents: generatedFrom(r.text, r.configMaps).documents };
    });
}

/** A document the e2e tier recorded, with the file it came from. */
export interface Recorded {
  file: string;
  document: Document;
}

/** What the e2e tier recorded in this run (nothing when it did not run). */
export function recorded(): Recorded[] {
  return filesUnder(recordDir).filter((p) => !path.basename(p).startsWith(playedPrefix)).flatMap((p) => {
    const text = fs.readFileSync(p, "utf8");
    const docs = p.endsWith(".json") ? [JSON.parse(text)] : parseAllDocuments(text).map((d) => d.toJS());
    return docs.filter((d) => d).map((document) => ({ file: path.basename(p), document: withoutNewerFields(document as Document) }));
  });
}
