/**
 * Values crossing to and from MCMC worker threads. Structured cloning keeps numbers, strings, arrays, typed
 * arrays and plain objects, but not what a model's data may be made of beyond them: an object with a null
 * prototype (a Borel record) arrives with Object.prototype — and Borel code then refuses to read its fields —
 * and a `Matrix` arrives as a plain object without its methods. `encodeTransfer` wraps those two in tagged plain
 * objects, recursively through arrays, plain objects and Maps; `decodeTransfer` rebuilds them (records frozen
 * again). Everything else passes as is.
 *
 * @example
 * ```ts
 * worker.postMessage(encodeTransfer(args));          // in the parent
 * const args = decodeTransfer(workerData.args);      // in the worker
 * ```
 */
import { Matrix } from "../../math/matrix.js";

const TAG = "$borelTransfer";

interface Tagged {
  [TAG]: "record" | "matrix";
  entries?: [string, unknown][];
  rows?: number;
  cols?: number;
  data?: Float64Array;
}

export function encodeTransfer(x: unknown): unknown {
  if (typeof x !== "object" || x === null || ArrayBuffer.isView(x)) return x;
  if (x instanceof Matrix) return { [TAG]: "matrix", rows: x.rows, cols: x.cols, data: x.data } satisfies Tagged;
  if (Array.isArray(x)) return x.map(encodeTransfer);
  if (x instanceof Map) return new Map([...x].map(([k, v]) => [k, encodeTransfer(v)]));
  const proto = Object.getPrototypeOf(x);
  if (proto === null) return { [TAG]: "record", entries: Object.entries(x).map(([k, v]) => [k, encodeTransfer(v)]) } satisfies Tagged;
  if (proto === Object.prototype) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, encodeTransfer(v)]));
  return x;
}

export function decodeTransfer(x: unknown): unknown {
  if (typeof x !== "object" || x === null || ArrayBuffer.isView(x)) return x;
  if (Array.isArray(x)) return x.map(decodeTransfer);
  if (x instanceof Map) return new Map([...x].map(([k, v]) => [k, decodeTransfer(v)]));
  const t = x as Tagged;
  if (t[TAG] === "matrix") return new Matrix(t.rows!, t.cols!, t.data!);
  if (t[TAG] === "record") {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of t.entries!) Object.defineProperty(out, k, { value: decodeTransfer(v), enumerable: true });
    return Object.freeze(out);
  }
  if (Object.getPrototypeOf(x) === Object.prototype) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, decodeTransfer(v)]));
  return x;
}
