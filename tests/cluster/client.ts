/**
 * Submits Kubernetes documents to the tier's API server through the Kubernetes client for Node
 * (`@kubernetes/client-node`), with server-side dry run and strict field validation unless asked
 * to store them. Counts every submission in a summary file `npm test` prints with the tier.
 *
 * The client's typed calls serialize a body through its models, which keep only the fields the
 * models know: a field the server would call unknown never reached it, and `fieldValidation=Strict`
 * proved nothing about it. Every call here therefore sends the document as docker-pod wrote it
 * (a request middleware replaces the body) and hands back the server's answer as sent (no model
 * drops or converts a field of it).
 */
import * as fs from "fs";
import * as path from "path";
import type * as k8s from "@kubernetes/client-node";
import { ClusterInfo, infoFile } from "./server";

// The client is an ES module: Node's own require loads it (jest's module registry cannot; the
// builtin is taken from the process, which jest does not intercept, rather than from `require`).
const { createRequire } = process.getBuiltinModule("module") as typeof import("module");
const client = createRequire(__filename)("@kubernetes/client-node") as typeof k8s;

/** Where the counts of submitted and accepted documents go (one JSON line per submission). */
export const summaryFile = path.resolve(__dirname, "../../.cache/cluster-submissions.jsonl");

/** A Kubernetes document as docker-pod writes it. */
export interface Document {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** A connection to the tier's API server. */
export class Cluster {
  readonly info: ClusterInfo;
  private readonly core: k8s.CoreV1Api;

  constructor() {
    this.info = JSON.parse(fs.readFileSync(infoFile, "utf8")) as ClusterInfo;
    const kc = new client.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "test", server: this.info.server, skipTLSVerify: true }],
      users: [{ name: "test", token: this.info.token }],
      contexts: [{ name: "test", cluster: "test", user: "test" }],
      currentContext: "test",
    });
    this.core = kc.makeApiClient(client.CoreV1Api);
  }

  /** Creates a namespace with a `default` service account (no controller makes one here). */
  async namespace(name: string): Promise<void> {
    await this.core.createNamespace({ body: { metadata: { name } } });
    // Without a token controller nothing could fill an automounted token: none is mounted.
    await this.core.createNamespacedServiceAccount({
      namespace: name,
      body: { metadata: { name: "default" }, automountServiceAccountToken: false },
    });
  }

  /**
   * Creates `doc` in `namespace`: dry run (`dryRun=All`, nothing stored) unless `store`, always with
   * `fieldValidation=Strict`. Resolves with the object as the server has it (defaults applied);
   * rejects with the server's message. `source` names the document's origin in the summary.
   */
  async submit<T extends Document>(doc: T, namespace: string, source: string, store = false): Promise<T> {
    const params = { namespace, dryRun: store ? undefined : "All", fieldValidation: "Strict" } as const;
    const what = `${doc.kind}/${doc.metadata?.name} (${source})`;
    try {
      const created = await this.create(doc, params);
      record({ source, what, accepted: true });
      return created as T;
    } catch (err) {
      const message = serverMessage(err);
      record({ source, what, accepted: false, message });
      throw new Error(`the API server refused ${what}: ${message}`);
    }
  }

  /** Reads a stored Pod back, exactly as the server sends it. */
  readPod(name: string, namespace: string): Promise<Document> {
    return this.read({ apiVersion: "v1", kind: "Pod", metadata: { name } }, namespace);
  }

  /** Reads the stored object of `doc`'s kind and name back, exactly as the server sends it. */
  async read(doc: Document, namespace: string): Promise<Document> {
    const wire = asSent();
    const p = { name: doc.metadata?.name ?? "", namespace };
    const o = wire.options;
    switch (`${doc.apiVersion}/${doc.kind}`) {
      case "v1/Pod": await this.core.readNamespacedPod(p, o); break;
      case "v1/ConfigMap": await this.core.readNamespacedConfigMap(p, o); break;
      case "v1/Secret": await this.core.readNamespacedSecret(p, o); break;
      case "v1/PersistentVolumeClaim": await this.core.readNamespacedPersistentVolumeClaim(p, o); break;
      case "v1/Service": await this.core.readNamespacedService(p, o); break;
      default: throw new Error(`the cluster tier cannot read ${doc.apiVersion}/${doc.kind} yet: add it to tests/cluster/client.ts`);
    }
    return wire.answer();
  }

  private async create(doc: Document, p: { namespace: string; dryRun?: "All"; fieldValidation: "Strict" }): Promise<Document> {
    const wire = asSent(doc);
    const body = doc as never;
    const o = wire.options;
    switch (`${doc.apiVersion}/${doc.kind}`) {
      case "v1/Pod": await this.core.createNamespacedPod({ ...p, body }, o); break;
      case "v1/ConfigMap": await this.core.createNamespacedConfigMap({ ...p, body }, o); break;
      case "v1/Secret": await this.core.createNamespacedSecret({ ...p, body }, o); break;
      case "v1/PersistentVolumeClaim": await this.core.createNamespacedPersistentVolumeClaim({ ...p, body }, o); break;
      case "v1/Service": await this.core.createNamespacedService({ ...p, body }, o); break;
      case "v1/ServiceAccount": await this.core.createNamespacedServiceAccount({ ...p, body }, o); break;
      default: throw new Error(`the cluster tier cannot submit ${doc.apiVersion}/${doc.kind} yet: add it to tests/cluster/client.ts`);
    }
    return wire.answer();
  }
}

/**
 * Per-call options of a client call that send `body` (when given) byte for byte as its JSON, not
 * through the client's models, and keep the server's answer as it came (`answer()`).
 */
function asSent(body?: Document): { options: k8s.ConfigurationOptions<k8s.ObservableMiddleware>; answer: () => Document } {
  let text: string | undefined;
  const middleware: k8s.ObservableMiddleware = {
    pre(context) {
      if (body !== undefined) context.setBody(JSON.stringify(body));
      return new client.Observable(Promise.resolve(context));
    },
    post(context) {
      return new client.Observable(
        context.body.text().then((answered) => {
          text = answered;
          context.body = { text: async () => answered, binary: async () => Buffer.from(answered), stream: () => null };
          return context;
        }),
      );
    },
  };
  return {
    options: { middleware: [middleware], middlewareMergeStrategy: "append" },
    answer: () => {
      if (text === undefined) throw new Error("the API server sent no answer");
      return JSON.parse(text) as Document;
    },
  };
}

/** The server's own message of a refusal (a Kubernetes Status), else the error's. */
function serverMessage(err: unknown): string {
  const body = (err as { body?: unknown }).body;
  if (typeof body === "string") {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return err instanceof Error ? err.message : String(err);
}

function record(entry: { source: string; what: string; accepted: boolean; message?: string }): void {
  fs.mkdirSync(path.dirname(summaryFile), { recursive: true });
  fs.appendFileSync(summaryFile, `${JSON.stringify(entry)}\n`);
}
