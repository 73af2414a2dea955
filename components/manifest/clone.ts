/**
 * A deep copy of plain data (objects, arrays, scalars). Not `structuredClone`: its copies belong to
 * the main realm, which code running in another one (jest's sandbox) does not see as arrays.
 */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}
