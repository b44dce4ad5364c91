/**
 * Values crossing to and from MCMC worker threads. Structured cloning keeps numbers, strings, arrays, typed
 * arrays and plain objects, but not what a model's data may be made of beyond them: an object with a null
 * prototype (a Borel record) arrives with Object.prototype — and Borel code then refuses to read its fields —
 * a `Matrix` arrives as a plain object without its methods, and a distribution (a model's argument such as a
 * prior, `m(ys, normal(0, 10))`) cannot be cloned at all. `encodeTransfer` wraps those in tagged plain objects —
 * a distribution as its registry name and parameters — recursively through arrays, plain objects and Maps;
 * `decodeTransfer` rebuilds them (records frozen again, distributions by the registry). Everything else passes
 * as is.
 *
 * @example
 * ```ts
 * worker.postMessage(encodeTransfer(args));          // in the parent
 * const args = decodeTransfer(workerData.args);      // in the worker
 * ```
 */
import { Matrix } from "../../math/matrix.js";
import { isDistribution } from "../../dist/distribution.js";
import { distributionRegistry } from "../../dist/registry.js";

const TAG = "$borelTransfer";

interface Tagged {
  [TAG]: "record" | "matrix" | "dist";
  name?: string;
  params?: unknown[];
  entries?: [string, unknown][];
  rows?: number;
  cols?: number;
  data?: Float64Array;
}

export function encodeTransfer(x: unknown): unknown {
  if (typeof x !== "object" || x === null || ArrayBuffer.isView(x)) return x;
  if (x instanceof Matrix) return { [TAG]: "matrix", rows: x.rows, cols: x.cols, data: x.data } satisfies Tagged;
  // A registered distribution is rebuilt from its parameters (Var-valued ones — inside a gradient — never cross).
  if (isDistribution(x) && distributionRegistry.has(x.name)) return { [TAG]: "dist", name: x.name, params: x.params.map(encodeTransfer) } satisfies Tagged;
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
  if (t[TAG] === "dist") return distributionRegistry.get(t.name!)!.make(...t.params!.map(decodeTransfer));
  if (t[TAG] === "record") {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of t.entries!) Object.defineProperty(out, k, { value: decodeTransfer(v), enumerable: true });
    return Object.freeze(out);
  }
  if (Object.getPrototypeOf(x) === Object.prototype) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, decodeTransfer(v)]));
  return x;
}
