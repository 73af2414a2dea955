/**
 * Kubernetes label selectors (`-l`), as kubectl parses them: comma-separated requirements
 * `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`.
 */

/** One requirement of a selector. */
export interface Requirement {
  key: string;
  op: "=" | "!=" | "in" | "notin" | "exists" | "!exists";
  values: string[];
}

/** A selector that cannot be parsed; the message says which part. */
export class SelectorError extends Error {}

/** Parses a selector; the empty selector matches everything. */
export function parseSelector(text: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts
    .map((p) => p.trim())
    .filter((p, i, all) => p.length > 0 || (all.length > 1 && fail(`empty requirement in "${text}"`)))
    .map((p) => {
      const set = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(p);
      if (set) return { key: key(set[1]), op: set[2] as "in" | "notin", values: set[3].split(",").map((v) => value(v.trim())) };
      const eq = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(p);
      if (eq) return { key: key(eq[1]), op: eq[2] === "!=" ? "!=" : "=", values: [value(eq[3])] };
      const not = /^!\s*([^\s!=(),]+)$/.exec(p);
      if (not) return { key: key(not[1]), op: "!exists", values: [] };
      if (/^[^\s!=(),]+$/.test(p)) return { key: key(p), op: "exists", values: [] };
      return fail(`cannot parse "${p}" in selector "${text}"`);
    });
}

function fail(message: string): never {
  throw new SelectorError(message);
}

function key(k: string): string {
  if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(k)) fail(`invalid label key "${k}"`);
  return k;
}

function value(v: string): string {
  if (v !== "" && !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(v)) fail(`invalid label value "${v}"`);
  return v;
}

/** Whether labels satisfy every requirement. */
export function matches(requirements: Requirement[], labels: Record<string, string>): boolean {
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case "exists":
        return has;
      case "!exists":
        return !has;
      case "=":
      case "in":
        return has && r.values.includes(labels[r.key]);
      case "!=":
      case "notin":
        return !has || !r.values.includes(labels[r.key]);
    }
  });
}
