/**
 * Any value the CLI reports (model arguments, method options, diagnostics, return values) as plain JSON:
 * non-finite numbers become the strings "Infinity", "-Infinity" and "NaN"; typed arrays, Borel vectors,
 * matrices, choice arrays and records become arrays and objects; a `Map` becomes an object; models,
 * distributions and functions become a short description ("model coin", "distribution normal"); undefined
 * becomes null. Nesting deeper than 32 levels is cut (a description string), so output always terminates.
 *
 * @example
 * ```ts
 * jsonValue({ ess: NaN, draws: new Float64Array([1, Infinity]) });   // { ess: "NaN", draws: [1, "Infinity"] }
 * ```
 */
import { isDistribution } from "../dist/distribution.js";
import { isGenerativeFunction } from "../trace/gfi.js";
import { BorelFn } from "../lang/runtime/callable.js";
import { toJSONValue, typeName } from "../lang/index.js";

const MAX_DEPTH = 32;

/** A number as JSON: itself when finite, else its name as a string. */
export function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

export function jsonValue(x: unknown, depth = 0): unknown {
  if (typeof x === "number") return jsonNumber(x);
  if (x === undefined || x === null) return null;
  if (typeof x === "string" || typeof x === "boolean") return x;
  if (typeof x === "bigint") return String(x);
  if (depth > MAX_DEPTH) return typeName(x);
  if (isGenerativeFunction(x) || isDistribution(x)) return typeName(x);
  if (x instanceof BorelFn || typeof x === "function") return "function";
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>, (v) => jsonValue(v, depth + 1));
  if (Array.isArray(x)) return x.map((v) => jsonValue(v, depth + 1));
  if (x instanceof Map) return Object.fromEntries([...x].map(([k, v]) => [String(k), jsonValue(v, depth + 1)]));
  if (typeof x === "object" && (Object.getPrototypeOf(x) === Object.prototype)) {
    return Object.fromEntries(Object.entries(x as object).filter(([, v]) => typeof v !== "function").map(([k, v]) => [k, jsonValue(v, depth + 1)]));
  }
  // Objects that say how they serialize (a ParamStore: the learned parameters by name).
  if (typeof (x as { toJSON?: unknown }).toJSON === "function") return jsonValue((x as { toJSON(): unknown }).toJSON(), depth + 1);
  // Borel values (records, matrices, choice arrays, AD values) through the language's own conversion.
  const plain = toJSONValue(x);
  return typeof plain === "string" && plain.startsWith("[object ") ? typeName(x) : jsonValue(plain, depth + 1);
}
