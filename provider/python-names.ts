/**
 * The names a Python program knows docker-pod's fields by: Pulumi's Python code generator turns
 * each schema property into a snake_case parameter (`containerPort` → `container_port`, `podIP` →
 * `pod_ip`, `hostPID` → `host_pid`). This is that generator's `PyName` (pkg/codegen/python), so a
 * field path in an error reads as the Python user wrote it; tests/unit/python-names.test.ts checks
 * it against every name in the generated sdk/python.
 */

/** Python 2 and 3 keywords: the generator appends `_` to a name that is one (`exec` → `exec_`). */
const keywords = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
  "elif", "else", "except", "exec", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
  "nonlocal", "not", "or", "pass", "print", "raise", "return", "try", "while", "with", "yield",
]);

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isDigit = (c: string) => c >= "0" && c <= "9";
const isIdentifierStart = (c: string) => /[\p{L}\p{Nl}_]/u.test(c);
const isIdentifierPart = (c: string) => /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u.test(c);

/** The Python name of a schema property (Pulumi's `PyName`, without its legacy exceptions). */
export function pythonName(name: string): string {
  const parts: string[] = [];
  let current = "";
  let state: "first" | "upper" | "acronym" | "lower" = "first";
  for (let char of name) {
    if (!isIdentifierPart(char)) char = "_";
    switch (state) {
      case "first":
        if (!isIdentifierStart(char)) current += "_";
        current += isUpper(char) ? char.toLowerCase() : char;
        state = isUpper(char) ? "upper" : "lower";
        break;
      case "upper":
        current += isUpper(char) ? char.toLowerCase() : char;
        state = isUpper(char) ? "acronym" : "lower";
        break;
      case "acronym":
        if (isUpper(char)) {
          current += char.toLowerCase();
        } else if (isDigit(char) || char === "s") {
          // Digits, and the plural `s`, stay with the acronym: `podIPs` → `pod_ips`.
          current += char;
          state = "lower";
        } else {
          // The acronym's last letter starts the next word: `HTTPGet` → `http_get`.
          const chars = [...current];
          parts.push(chars.slice(0, -1).join(""));
          current = chars[chars.length - 1] + char;
          state = "lower";
        }
        break;
      case "lower":
        if (isUpper(char)) {
          parts.push(current);
          current = char.toLowerCase();
          state = "upper";
        } else {
          current += char;
        }
        break;
    }
  }
  if (current) parts.push(current);
  const result = parts.filter((p) => p !== "").join("_");
  return keywords.has(result) ? `${result}_` : result;
}
