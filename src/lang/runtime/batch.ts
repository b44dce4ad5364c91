/**
 * Values of batched observation loops (../compile/emit-batch.ts): the loop index or element as one vector,
 * `x[i]` over the whole index range as one vector, and a guard that every other operand is a scalar. Each
 * throws when the data are not a plain vector of numbers (rows of a matrix, strings, holes), and the
 * compiled code then runs the loop as written — so a batch computes only what the loop would, elementwise.
 *
 * @example
 * ```ts
 * batchRange(2, 5);                        // Float64Array [2, 3, 4]
 * batchSlice([1, 2, 3, 4], 1, 3);          // Float64Array [2, 3]
 * batchGather([10, 20, 30], batchRange(0, 3).map((i) => 2 - i));   // Float64Array [30, 20, 10]
 * ```
 */
import { m } from "../../ad/math.js";
import { Var, type Real, type Scalar } from "../../ad/var.js";
import { isDistribution } from "../../dist/distribution.js";
import { iid } from "../../dist/iid.js";
import { checkValue } from "../../dist/value.js";
import { PVec } from "./pvec.js";

/** Thrown when a batch does not apply; the caller runs the loop instead. */
const NOT_BATCHED = new Error("not batched");

/** lo, lo + 1, …, hi − 1. */
export function batchRange(lo: number, hi: number): Float64Array {
  const out = new Float64Array(hi - lo);
  for (let i = 0; i < out.length; i++) out[i] = lo + i;
  return out;
}

/**
 * Plain numbers (booleans as 0/1) or an AD vector — also from an array holding AD scalars (a choice array
 * `alpha` of `alpha[j] ~ ...` in a gradient run, stacked into one node); anything else is not batched.
 */
function numeric(x: unknown): Float64Array | Var {
  if (x instanceof Float64Array) return x;
  if (x instanceof Var) { if (x.xs !== null) return x; throw NOT_BATCHED; }
  const els = x instanceof PVec ? x.toArray() : x;
  if (!Array.isArray(els)) throw NOT_BATCHED;
  const out = new Float64Array(els.length);
  let ad = false;
  for (let i = 0; i < els.length; i++) {
    const e = els[i];
    if (typeof e === "number") out[i] = e;
    else if (typeof e === "boolean") out[i] = e ? 1 : 0;
    else if (e instanceof Var && e.xs === null) ad = true;
    else throw NOT_BATCHED;
  }
  return ad ? (m.stack(els.map((e) => (typeof e === "boolean" ? Number(e) : e)) as Scalar[]) as Var) : out;
}

/** x[lo], …, x[hi − 1] as one vector. */
export function batchSlice(x: unknown, lo: number, hi: number): Real {
  const v = numeric(x), n = v instanceof Var ? (v.xs as Float64Array).length : v.length;
  if (lo < 0 || hi > n) throw NOT_BATCHED;
  return v instanceof Var ? m.slice(v, lo, hi) : v.subarray(lo, hi);
}

/** x[idx[0]], x[idx[1]], … as one vector (integer indices in range). */
export function batchGather(x: unknown, idx: Real): Real {
  if (!(idx instanceof Float64Array)) throw NOT_BATCHED;
  const v = numeric(x), n = v instanceof Var ? (v.xs as Float64Array).length : v.length;
  for (const i of idx) if (!Number.isInteger(i) || i < 0 || i >= n) throw NOT_BATCHED;
  return m.gather(v, idx);
}

/** A loop-invariant operand must be a scalar (a vector there would not be elementwise in the loop). */
export function batchScalar<T>(x: T): T {
  if (typeof x === "number" || typeof x === "boolean" || (x instanceof Var && x.xs === null)) return x;
  throw NOT_BATCHED;
}

/**
 * `logpdf(d, x)` over the loop: the log density of each element, as one vector. d is a scalar distribution
 * (the same for every element: x is the vector) or a family lifted to n elements (x a vector of n, or one
 * number for all). Values outside the support, or a family without per-element densities, are not batched.
 */
export function batchLogpdf(d: unknown, x: unknown): Real {
  if (!isDistribution(d) || d.support.kind === "boolean") throw NOT_BATCHED;
  const scalarX = typeof x === "number" || (x instanceof Var && x.xs === null);
  const n = scalarX ? d.size : x instanceof Float64Array ? x.length : x instanceof Var && x.xs !== null ? x.xs.length : -1;
  if (n <= 0 || (d.size !== -1 && d.size !== n)) throw NOT_BATCHED;
  const v: Real = scalarX ? (typeof x === "number" ? new Float64Array(n).fill(x) : m.stack(new Array<Scalar>(n).fill(x as Scalar))) : (x as Real);
  const dist = d.size === -1 ? iid(d, n) : d;
  if (dist.logpdfElementsAD === undefined) throw NOT_BATCHED;
  checkValue(dist, m.value(v), "a batch");
  return dist.logpdfElementsAD(v);
}

/** Runs a batch; false when it does not apply or fails (the loop then runs and reports any error itself). */
export function tryBatch(run: () => boolean): boolean {
  try {
    return run();
  } catch {
    return false;
  }
}
