/**
 * Reads a Pulumi preview in either form it comes in and returns its steps, one per resource:
 *
 * - the document `pulumi preview --json` prints (`{ steps: [...], changeSummary, ... }`);
 * - Pulumi's engine events: the JSON lines `pulumi preview --event-log FILE` writes, or the events
 *   an Automation API preview streams to `onEvent`, as JSON lines or as one JSON array.
 *
 * Both carry, per resource step, the operation, the URN, the old and new state (inputs, with every
 * secret value already blinded by the engine) and which properties differ. A replacement shows as
 * up to three steps of one URN (`replace`, `create-replacement`, `delete-replaced`): they are
 * folded into one `replace` step.
 */

/** What one step does to its resource. */
export type StepOp = "same" | "create" | "update" | "replace" | "delete";

/** One resource's state as the preview shows it. */
export interface StepState {
  /** Resource inputs (secret values are `[secret]` or a ciphertext object, never plain). */
  inputs: Record<string, unknown>;
  /** The parent resource's URN, when it has one. */
  parent?: string;
  /** The provider's id (for existing resources). */
  id?: string;
}

/** One resource's step. */
export interface Step {
  op: StepOp;
  urn: string;
  /** The resource's type token (`docker:index/container:Container`). */
  type: string;
  /** The resource's name (the URN's last part). */
  name: string;
  old?: StepState;
  new?: StepState;
  /** The top-level input properties that differ (Pulumi's `diffs`/`diffReasons`). */
  diffs: string[];
  /** The properties that force a replacement (Pulumi's `keys`/`replaceReasons`). */
  replaceKeys: string[];
  /** Property paths that differ (`ports[0].external`), when the provider gave them. */
  detailedDiff: string[];
}

/** A preview, read. */
export interface Preview {
  steps: Step[];
  /** Which form it came in. */
  source: "preview-json" | "engine-events";
}

/** The input is not a Pulumi preview (neither form, or an update's events). */
export class NotAPreviewError extends Error {}

/** The URN's last part: the resource name (names may hold `::`). */
export function urnName(urn: string): string {
  const parts = urn.split("::");
  return parts.slice(3).join("::") || urn;
}

/** The URN's type (the last `$`-separated part of its qualified type). */
export function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? qualified;
}

const ops: Record<string, StepOp | "replace-part" | undefined> = {
  same: "same",
  create: "create",
  update: "update",
  delete: "delete",
  replace: "replace",
  "create-replacement": "replace-part",
  "delete-replaced": "replace-part",
  "discard-replaced": "replace-part",
  import: "create",
  "import-replacement": "replace-part",
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function state(raw: unknown): StepState | undefined {
  if (!isObject(raw)) return undefined;
  return {
    inputs: isObject(raw.inputs) ? raw.inputs : {},
    parent: typeof raw.parent === "string" && raw.parent ? raw.parent : undefined,
    id: typeof raw.id === "string" && raw.id ? raw.id : undefined,
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** One raw step (a preview-JSON step or an event's metadata) in the common shape. */
function rawStep(raw: Json, oldKey: string, newKey: string, diffsKey: string, keysKey: string): { op: string; step: Step } | undefined {
  const urn = typeof raw.urn === "string" ? raw.urn : undefined;
  if (!urn || typeof raw.op !== "string") return undefined;
  const old = state(raw[oldKey]);
  const nu = state(raw[newKey]);
  return {
    op: raw.op,
    step: {
      op: "same",
      urn,
      type: (isObject(raw[newKey]) && (raw[newKey] as Json).type) || (isObject(raw[oldKey]) && (raw[oldKey] as Json).type) || (raw.type as string) || urnType(urn),
      name: urnName(urn),
      old,
      new: nu,
      diffs: strings(raw[diffsKey]),
      replaceKeys: strings(raw[keysKey]),
      detailedDiff: isObject(raw.detailedDiff) ? Object.keys(raw.detailedDiff) : [],
    } as Step,
  };
}

/** Folds the raw steps of one preview into one step per URN, in first-seen order. */
function fold(raws: { op: string; step: Step }[]): Step[] {
  const byUrn = new Map<string, Step>();
  for (const { op, step } of raws) {
    const kind = ops[op];
    if (kind === undefined) continue; // read, refresh, remove-pending-replace …: no change to a running pod
    const seen = byUrn.get(step.urn);
    const folded: StepOp = kind === "replace-part" ? "replace" : kind;
    if (!seen) {
      byUrn.set(step.urn, { ...step, op: folded });
      continue;
    }
    // The parts of one replacement: keep the replace, and the richest states and reasons.
    if (folded === "replace" || seen.op === "replace") seen.op = "replace";
    seen.old = seen.old ?? step.old;
    seen.new = seen.new ?? step.new;
    for (const key of ["diffs", "replaceKeys", "detailedDiff"] as const) {
      seen[key] = [...new Set([...seen[key], ...step[key]])];
    }
  }
  return [...byUrn.values()];
}

/** The events of an engine event log: JSON lines, or one JSON array. */
function parseEvents(text: string): Json[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    try {
      const all = JSON.parse(trimmed) as unknown;
      return Array.isArray(all) && all.every(isObject) ? (all as Json[]) : undefined;
    } catch {
      return undefined;
    }
  }
  const events: Json[] = [];
  for (const line of trimmed.split("\n")) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as unknown;
      if (!isObject(e)) return undefined;
      events.push(e);
    } catch {
      return undefined;
    }
  }
  return events;
}

const eventKinds = ["preludeEvent", "resourcePreEvent", "resOutputsEvent", "summaryEvent", "diagnosticEvent", "stdoutEvent", "cancelEvent", "policyEvent", "resOpFailedEvent"];

const notAPreview = "the input is not a Pulumi preview: expected the output of `pulumi preview --json` or Pulumi engine events (`--event-log`, JSON lines)";

/** The steps of the document `pulumi preview --json` prints. */
function fromPreviewJson(doc: Json): Preview {
  const raws = (Array.isArray(doc.steps) ? doc.steps : []).filter(isObject).map((s) => rawStep(s, "oldState", "newState", "diffReasons", "replaceReasons"));
  return { source: "preview-json", steps: fold(raws.filter((r) => r !== undefined)) };
}

/** The steps of a preview's engine events; an update's events are refused. */
function fromEvents(events: Json[] | undefined): Preview {
  if (!events || events.length === 0 || !events.some((e) => eventKinds.some((k) => k in e))) throw new NotAPreviewError(notAPreview);
  const pre = events.map((e) => e.resourcePreEvent).filter(isObject);
  if (pre.some((p) => p.planning !== true)) {
    throw new NotAPreviewError("these engine events are an update's (`pulumi up`), not a preview's: review a preview before it is applied");
  }
  const raws = pre.map((p) => (isObject(p.metadata) ? rawStep(p.metadata, "old", "new", "diffs", "keys") : undefined));
  return { source: "engine-events", steps: fold(raws.filter((r) => r !== undefined)) };
}

const isPreviewJson = (doc: Json) => Array.isArray(doc.steps) || isObject(doc.changeSummary);

/**
 * Reads a preview: the JSON of `pulumi preview --json`, or engine events (JSON lines or a JSON
 * array), as text; or the same already parsed: the preview document, or the engine events an
 * Automation API preview streams to `onEvent` (`EngineEvent[]`) as they are. Throws
 * {@link NotAPreviewError} for anything else, including the events of an update (`pulumi up`),
 * whose steps are not marked as planning.
 */
export function readPreview(input: string | object): Preview {
  if (typeof input !== "string") {
    if (Array.isArray(input)) return fromEvents(input.every(isObject) ? (input as Json[]) : undefined);
    if (isObject(input) && isPreviewJson(input)) return fromPreviewJson(input);
    return fromEvents(isObject(input) ? [input] : undefined);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(input);
  } catch {
    doc = undefined;
  }
  if (isObject(doc)) {
    if (isPreviewJson(doc)) return fromPreviewJson(doc);
    if (!eventKinds.some((k) => k in doc)) {
      throw new NotAPreviewError("the input is JSON but not a Pulumi preview: expected the output of `pulumi preview --json` or Pulumi engine events");
    }
  }
  return fromEvents(parseEvents(input));
}
