/**
 * Reductions and vector structure on reals: sum, mean, dot, log-sum-exp, matrix–vector products, indexing,
 * stacking, slicing, concatenation, cumulative sums.
 */
import { BorelError } from "../util/errors.js";
import { logSumExp as lse } from "../math/log.js";
import { badOperand, lengthOf, plain } from "./elementwise.js";
import { Var, vectorFor, type Real, type Scalar } from "./var.js";

/** A dense row-major matrix (structurally the `Matrix` of src/math/matrix.ts). */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

function vectorOf(opName: string, x: Real, argName = "x"): Float64Array {
  const v = plain(x);
  if (typeof v === "number") throw new BorelError("shape", `${opName}: argument '${argName}' must be a vector, got a scalar`);
  return v;
}

// ---- sum / mean ----

function backSum(n: Var): void {
  const a = n.a as Var, ga = a.gradVector();
  for (let i = 0; i < ga.length; i++) ga[i] += n.g * n.k;
}

/** Σ x_i (a scalar is returned unchanged). */
export function sum(x: Real): Scalar {
  if (typeof x === "number") return x;
  if (x instanceof Float64Array) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i];
    return s;
  }
  if (!(x instanceof Var)) throw badOperand("sum", x);
  if (x.xs === null) return x;
  let s = 0;
  const xs = x.xs;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  const n = new Var(x.tape, s, null, backSum, x, null);
  n.k = 1;
  return n;
}

/** Mean of a vector. */
export function mean(x: Real): Scalar {
  const len = lengthOf(x, "mean");
  if (len === -1) return x as Scalar;
  if (len === 0) throw new BorelError("shape", "mean: the vector is empty");
  if (!(x instanceof Var)) return (sum(x) as number) / len;
  const n = new Var(x.tape, 0, null, backSum, x, null);
  let s = 0;
  for (const v of x.xs as Float64Array) s += v;
  n.x = s / len;
  n.k = 1 / len;
  return n;
}

// ---- dot ----

function backDot(n: Var): void {
  const a = n.a, b = n.b, [av, bv] = n.aux as [Float64Array, Float64Array];
  if (a) { const ga = a.gradVector(); for (let i = 0; i < ga.length; i++) ga[i] += n.g * bv[i]; }
  if (b) { const gb = b.gradVector(); for (let i = 0; i < gb.length; i++) gb[i] += n.g * av[i]; }
}

/** Σ a_i b_i for two vectors of equal length. */
export function dot(a: Real, b: Real): Scalar {
  const av = vectorOf("dot", a, "a"), bv = vectorOf("dot", b, "b");
  if (av.length !== bv.length) throw new BorelError("shape", `dot: vectors of lengths ${av.length} and ${bv.length}`);
  let s = 0;
  for (let i = 0; i < av.length; i++) s += av[i] * bv[i];
  const tape = a instanceof Var ? a.tape : b instanceof Var ? b.tape : null;
  if (tape === null) return s;
  return new Var(tape, s, null, backDot, a instanceof Var ? a : null, b instanceof Var ? b : null, [av, bv]);
}

// ---- log-sum-exp ----

function backLse(n: Var): void {
  const a = n.a as Var, xs = a.xs as Float64Array, ga = a.gradVector();
  for (let i = 0; i < xs.length; i++) ga[i] += n.g * Math.exp(xs[i] - n.x);
}

/** log Σ exp(x_i), stable. */
export function logSumExp(x: Real): Scalar {
  if (typeof x === "number") return x;
  if (x instanceof Float64Array) return lse(x);
  if (!(x instanceof Var)) throw badOperand("logSumExp", x);
  if (x.xs === null) return x;
  const y = lse(x.xs);
  return new Var(x.tape, y, null, Number.isFinite(y) ? backLse : null, x, null);
}

// ---- matrix–vector ----

function backMatVec(n: Var): void {
  const [M, xv] = n.aux as [DenseMatrix, Float64Array];
  const g = n.gs as Float64Array, { rows, cols, data } = M;
  const x = n.a as Var, gx = x.gradVector();
  for (let r = 0; r < rows; r++) {
    const gr = g[r], off = r * cols;
    if (gr === 0) continue;
    for (let c = 0; c < cols; c++) gx[c] += gr * data[off + c];
  }
  void xv;
}

/** M · x for a constant matrix M (rows × cols) and a vector x of length cols. */
export function matVec(M: DenseMatrix, x: Real): Real {
  const xv = vectorOf("matVec", x, "x");
  if (xv.length !== M.cols)
    throw new BorelError("shape", `matVec: a ${M.rows}×${M.cols} matrix times a vector of length ${xv.length}`, {
      hint: "the vector's length must equal the number of matrix columns",
    });
  const { rows, cols, data } = M, ys = vectorFor(x instanceof Var ? x.tape : null, rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const off = r * cols;
    for (let c = 0; c < cols; c++) s += data[off + c] * xv[c];
    ys[r] = s;
  }
  if (!(x instanceof Var)) return ys;
  return new Var(x.tape, 0, ys, backMatVec, x, null, [M, xv]);
}

// ---- structure: index, stack, slice, concat, cumsum ----

function backIndex(n: Var): void {
  (n.a as Var).gradVector()[n.k] += n.g;
}

/** Element i of a vector (0-based). */
export function index(x: Real, i: number): Scalar {
  const len = lengthOf(x, "index");
  if (len === -1) throw new BorelError("shape", `index: cannot index a scalar with [${i}]`);
  if (!Number.isInteger(i) || i < 0 || i >= len)
    throw new BorelError("index", `index ${i} is out of bounds for a vector of length ${len}`, { hint: "indices are 0-based" });
  if (x instanceof Float64Array) return x[i];
  const v = x as Var;
  const n = new Var(v.tape, (v.xs as Float64Array)[i], null, backIndex, v, null);
  n.k = i;
  return n;
}

function backStack(n: Var): void {
  const parts = n.aux as Scalar[], g = n.gs as Float64Array;
  for (let i = 0; i < parts.length; i++) { const p = parts[i]; if (typeof p !== "number") p.g += g[i]; }
}

/** A vector from scalars. */
export function stack(parts: readonly Scalar[]): Real {
  let tapeVar: Var | null = null;
  for (let i = 0; i < parts.length && tapeVar === null; i++) { const p = parts[i]; if (typeof p !== "number") tapeVar = p; }
  const xs = vectorFor(tapeVar === null ? null : tapeVar.tape, parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p === "number") xs[i] = p;
    else {
      if (p.xs !== null) throw new BorelError("shape", `stack: element ${i} is a vector; stack takes scalars`, { hint: "use concat to join vectors" });
      xs[i] = p.x;
    }
  }
  if (tapeVar === null) return xs;
  return new Var(tapeVar.tape, 0, xs, backStack, null, null, parts.slice());
}

function backGather(n: Var): void {
  const ga = (n.a as Var).gradVector(), g = n.gs as Float64Array, idx = n.aux as Int32Array;
  for (let k = 0; k < idx.length; k++) ga[idx[k]] += g[k];
}

/** x[idx[0]], x[idx[1]], …: elements of a vector picked by integer indices (repeats allowed), as one node. */
export function gather(x: Real, idx: ArrayLike<number>): Real {
  const len = lengthOf(x, "gather"), at = Int32Array.from(idx as ArrayLike<number>);
  for (let k = 0; k < at.length; k++)
    if (len === -1 || !(at[k] === idx[k] && at[k] >= 0 && at[k] < len))
      throw new BorelError("index", `gather: index ${idx[k]} is out of bounds for ${len === -1 ? "a scalar" : `a vector of length ${len}`}`, { hint: "indices are 0-based integers" });
  const xs = plain(x) as Float64Array, out = vectorFor(x instanceof Var ? x.tape : null, at.length);
  for (let k = 0; k < at.length; k++) out[k] = xs[at[k]];
  if (!(x instanceof Var)) return out;
  return new Var(x.tape, 0, out, backGather, x, null, at);
}

function backSlice(n: Var): void {
  const ga = (n.a as Var).gradVector(), g = n.gs as Float64Array;
  for (let i = 0; i < g.length; i++) ga[n.k + i] += g[i];
}

/** Elements [start, end) of a vector. */
export function slice(x: Real, start: number, end: number): Real {
  const len = lengthOf(x, "slice");
  if (len === -1 || start < 0 || end > len || start > end)
    throw new BorelError("index", `slice(${start}, ${end}) is out of bounds for length ${len === -1 ? "scalar" : len}`);
  if (x instanceof Float64Array) return x.slice(start, end);
  const v = x as Var, xs = v.xs as Float64Array;
  // From the tape's arena: a Float64Array of more than 8 elements costs ~0.3 µs on its own (an off-heap store).
  const out = v.tape.alloc(end - start);
  for (let i = start; i < end; i++) out[i - start] = xs[i];
  const n = new Var(v.tape, 0, out, backSlice, v, null);
  n.k = start;
  return n;
}

function backConcat(n: Var): void {
  const parts = n.aux as Real[], g = n.gs as Float64Array;
  let off = 0;
  for (const p of parts) {
    const len = lengthOf(p) === -1 ? 1 : lengthOf(p);
    if (p instanceof Var) {
      if (p.xs === null) p.g += g[off];
      else { const gp = p.gradVector(); for (let i = 0; i < len; i++) gp[i] += g[off + i]; }
    }
    off += len;
  }
}

/** Joins scalars and vectors into one vector. */
export function concat(parts: readonly Real[]): Real {
  let total = 0, tapeVar: Var | null = null;
  for (const p of parts) { const l = lengthOf(p, "concat"); total += l === -1 ? 1 : l; if (p instanceof Var) tapeVar ??= p; }
  const xs = vectorFor(tapeVar === null ? null : tapeVar.tape, total);
  let off = 0;
  for (const p of parts) {
    const v = plain(p);
    if (typeof v === "number") xs[off++] = v;
    else { xs.set(v, off); off += v.length; }
  }
  if (tapeVar === null) return xs;
  return new Var(tapeVar.tape, 0, xs, backConcat, null, null, parts.slice());
}

function backCumsum(n: Var): void {
  const ga = (n.a as Var).gradVector(), g = n.gs as Float64Array;
  let acc = 0;
  for (let i = g.length - 1; i >= 0; i--) { acc += g[i]; ga[i] += acc; }
}

/** Cumulative sums of a vector. */
export function cumsum(x: Real): Real {
  const xv = vectorOf("cumsum", x);
  const ys = vectorFor(x instanceof Var ? x.tape : null, xv.length);
  let s = 0;
  for (let i = 0; i < xv.length; i++) ys[i] = s += xv[i];
  if (!(x instanceof Var)) return ys;
  return new Var(x.tape, 0, ys, backCumsum, x, null);
}
