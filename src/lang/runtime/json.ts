/**
 * JSON data as Borel values: numeric arrays become vectors (`Float64Array`), non-empty arrays of equal-length
 * numeric arrays become matrices (rows × cols), objects become records, everything else keeps its shape
 * (arrays of booleans stay arrays, so `observe(bernoulli(p), flips[i])` sees booleans). And back: `toJSONValue`
 * turns a Borel value into plain JSON (vectors and matrices as nested arrays; non-finite numbers as strings).
 *
 * @example
 * ```ts
 * fromJSON({ y: [1, 2.5], X: [[1, 0], [0, 1]], flips: [true, false] });
 * // record { y: Float64Array [1, 2.5], X: 2×2 matrix, flips: [true, false] }
 * ```
 */
import { Var } from "../../ad/var.js";
import { BorelError } from "../../util/errors.js";
import { PVec } from "./pvec.js";
import { isMatrix, isRecord, makeArray, makeMatrix, makeRecord } from "./values.js";

export function fromJSON(x: unknown, path = "$"): unknown {
  if (x === null || typeof x === "number" || typeof x === "boolean" || typeof x === "string") return x;
  if (Array.isArray(x)) {
    if (x.length > 0 && x.every((e) => typeof e === "number")) return Float64Array.from(x as number[]);
    if (x.length > 0 && x.every((e) => Array.isArray(e) && e.length > 0 && e.length === (x[0] as unknown[]).length && e.every((v) => typeof v === "number"))) {
      const rows = x.length, cols = (x[0] as unknown[]).length, data = new Float64Array(rows * cols);
      (x as number[][]).forEach((row, i) => data.set(row, i * cols));
      return makeMatrix(rows, cols, data);
    }
    return makeArray(x.map((e, i) => fromJSON(e, `${path}[${i}]`)));
  }
  if (typeof x === "object") {
    const entries: [string, unknown][] = [];
    for (const k of Object.keys(x)) entries.push([k, fromJSON((x as Record<string, unknown>)[k], `${path}.${k}`)]);
    try {
      return makeRecord(entries);
    } catch (e) {
      throw new BorelError("bad-data", `JSON data at ${path}: ${(e as Error).message}`);
    }
  }
  throw new BorelError("bad-data", `JSON data at ${path} has a value Borel cannot represent (${typeof x})`);
}

/** Plain JSON for a Borel value (for `--json` output and TypeScript callers). */
export function toJSONValue(x: unknown): unknown {
  if (typeof x === "number") return Number.isFinite(x) ? x : String(x);
  if (x === undefined) return null;
  if (x === null || typeof x === "boolean" || typeof x === "string") return x;
  if (x instanceof Var) return toJSONValue(x.xs ?? x.x);
  if (x instanceof Float64Array) return Array.from(x, (v) => toJSONValue(v));
  if (x instanceof PVec) return x.toArray().map(toJSONValue);
  if (Array.isArray(x)) return x.map(toJSONValue);
  if (isMatrix(x)) return Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols), (v) => toJSONValue(v)));
  if (isRecord(x)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(x)) o[k] = toJSONValue(x[k]);
    return o;
  }
  return String(x);
}
