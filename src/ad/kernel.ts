/**
 * Fused elementwise density kernels: Σ_i f(x_i, a_i, b_i, c_i) over broadcast inputs as ONE AD node.
 *
 * This is how a vectorized observation (`y ~ normal(X * w + b, sigma)` over 10,000 rows) costs one node and
 * one pass, not 10,000 nodes: the forward pass computes the value and, for every AD input, its partials in
 * the same loop; the backward pass scales the stored partials by the incoming adjoint. Distributions define
 * `f` and `df` once per element (`src/dist/`), and the same kernel serves scalars, vectors and constants.
 */
import { BorelError } from "../util/errors.js";
import { plain } from "./elementwise.js";
import { Var, vectorFor, type Real, type Scalar } from "./var.js";

export interface DensityKernel {
  readonly name: string;
  /** Number of inputs including the value x (1–4). */
  readonly arity: number;
  /** The term for one element. Unused trailing arguments are 0. */
  f(x: number, a: number, b: number, c: number): number;
  /** Writes ∂f/∂x, ∂f/∂a, ∂f/∂b, ∂f/∂c into out[0..3] and returns f. */
  df(x: number, a: number, b: number, c: number, out: Float64Array): number;
  /** Names of the inputs for error messages, value first (e.g. ["x", "mu", "sigma"]). */
  readonly argNames: readonly string[];
  /**
   * Optional fast path for the summed form over n elements: each input is a number (broadcast) or a vector;
   * `grads[j]` is null (no gradient wanted), a length-1 accumulator (scalar input: add Σ_i ∂f/∂input) or a
   * length-n array (vector input: write ∂f_i/∂input_i). Lets a family hoist parameter-only work (log σ,
   * lgamma of a scalar shape) out of the loop. Must agree with `f`/`df` exactly.
   */
  sum?(n: number, x: number | Float64Array, a: number | Float64Array, b: number | Float64Array, c: number | Float64Array, grads: (Float64Array | null)[]): number;
}

/**
 * A kernel node's operation data, one fixed-shape object (no arrays): the inputs, and per input either its
 * per-element partials (`p`, a vector input or an elementwise output) or its summed partial (`d`, a scalar
 * input of a summed output). Unused slots are 0 / null.
 */
class KernelAux {
  constructor(
    readonly i0: Real, readonly i1: Real, readonly i2: Real, readonly i3: Real,
    readonly p0: Float64Array | null, readonly p1: Float64Array | null, readonly p2: Float64Array | null, readonly p3: Float64Array | null,
    readonly d0: number, readonly d1: number, readonly d2: number, readonly d3: number,
  ) {}
}

/** Pushes a kernel node's adjoint into one input: summed partial `d` or per-element partials `p`. */
function backInput(inp: Real, p: Float64Array | null, d: number, scale: number, gv: Float64Array | null): void {
  if (!(inp instanceof Var)) return;
  if (p === null) { inp.g += scale * d; return; }
  if (gv === null) {
    if (inp.xs === null) { let s = 0; for (let i = 0; i < p.length; i++) s += p[i]; inp.g += scale * s; }
    else { const g = inp.gradVector(); for (let i = 0; i < p.length; i++) g[i] += scale * p[i]; }
  } else {
    if (inp.xs === null) { let s = 0; for (let i = 0; i < gv.length; i++) s += gv[i] * p[i]; inp.g += s; }
    else { const g = inp.gradVector(); for (let i = 0; i < gv.length; i++) g[i] += gv[i] * p[i]; }
  }
}

function backKernel(n: Var): void {
  const a = n.aux as KernelAux, scale = n.xs === null ? n.g : 0, gv = n.xs;
  const gs = gv === null ? null : (n.gs as Float64Array);
  backInput(a.i0, a.p0, a.d0, scale, gs);
  backInput(a.i1, a.p1, a.d1, scale, gs);
  backInput(a.i2, a.p2, a.d2, scale, gs);
  backInput(a.i3, a.p3, a.d3, scale, gs);
}

/** Length of input `j` (−1 for a scalar), checked against the common length `n` so far; returns the new common length. */
function joinLength(k: DensityKernel, j: number, x: Real, n: number): number {
  const l = typeof x === "number" ? -1 : x instanceof Var ? (x.xs === null ? -1 : x.xs.length) : x.length;
  if (l === -1) return n;
  if (n !== -1 && l !== n)
    throw new BorelError("shape", `${k.name}: '${k.argNames[j]}' has length ${l} but another argument has length ${n}`, {
      hint: "vector arguments must have equal lengths; scalars broadcast",
    });
  return l;
}

/**
 * Σ over elements of `k.f` applied to broadcast inputs (value first). Returns a number when no input is an AD
 * value. With `elementwise`, returns the vector of per-element terms instead of their sum.
 */
export function applyKernel(k: DensityKernel, inputs: readonly Real[], elementwise = false): Real {
  const m = inputs.length;
  return kernelTerm(k, m, inputs[0], m > 1 ? inputs[1] : 0, m > 2 ? inputs[2] : 0, m > 3 ? inputs[3] : 0, elementwise);
}

/**
 * `applyKernel` with the `m` inputs given positionally (unused ones 0): what distributions call per density
 * evaluation, with no array of inputs.
 */
export function kernelTerm(k: DensityKernel, m: number, i0: Real, i1: Real, i2: Real, i3: Real, elementwise = false): Real {
  const tapeVar = i0 instanceof Var ? i0 : i1 instanceof Var ? i1 : i2 instanceof Var ? i2 : i3 instanceof Var ? i3 : null;
  let n = joinLength(k, 0, i0, -1);
  if (m > 1) n = joinLength(k, 1, i1, n);
  if (m > 2) n = joinLength(k, 2, i2, n);
  if (m > 3) n = joinLength(k, 3, i3, n);
  const v0 = plain(i0), v1 = plain(i1), v2 = plain(i2), v3 = plain(i3);
  if (n === -1) return scalarTerm(k, tapeVar, i0, i1, i2, i3, v0 as number, v1 as number, v2 as number, v3 as number);
  const len = n;
  const out = elementwise ? vectorFor(tapeVar?.tape ?? null, len) : null;
  if (tapeVar === null) {
    if (out === null && k.sum !== undefined) return k.sum(len, v0, v1, v2, v3, NO_GRADS);
    let s = 0;
    for (let i = 0; i < len; i++) {
      const t = k.f(typeof v0 === "number" ? v0 : v0[i], typeof v1 === "number" ? v1 : v1[i], typeof v2 === "number" ? v2 : v2[i], typeof v3 === "number" ? v3 : v3[i]);
      if (out) out[i] = t; else s += t;
    }
    return out ?? s;
  }
  // Per input: a buffer for its partials — per element, or (a scalar input of a summed output) a one-element
  // accumulator from the scratch, read back into the node's aux.
  const tape = tapeVar.tape, g = GRADS, summed = out === null;
  ACC0[0] = 0; ACC1[0] = 0; ACC2[0] = 0; ACC3[0] = 0;
  const q0 = i0 instanceof Var ? (summed && i0.xs === null ? ACC0 : tape.alloc(len)) : null;
  const q1 = i1 instanceof Var ? (summed && i1.xs === null ? ACC1 : tape.alloc(len)) : null;
  const q2 = i2 instanceof Var ? (summed && i2.xs === null ? ACC2 : tape.alloc(len)) : null;
  const q3 = i3 instanceof Var ? (summed && i3.xs === null ? ACC3 : tape.alloc(len)) : null;
  g[0] = q0; g[1] = q1; g[2] = q2; g[3] = q3;
  const s = summed && k.sum !== undefined ? k.sum(len, v0, v1, v2, v3, g) : differentiate(k, len, v0, v1, v2, v3, g, out);
  const aux = new KernelAux(
    i0, i1, i2, i3,
    q0 === ACC0 ? null : q0, q1 === ACC1 ? null : q1, q2 === ACC2 ? null : q2, q3 === ACC3 ? null : q3,
    ACC0[0], ACC1[0], ACC2[0], ACC3[0],
  );
  const node = new Var(tape, out ? 0 : s, out, backKernel, null, null, aux);
  node.origin = tapeVar.origin;
  return node;
}

// Scratch for one kernel evaluation (kernels never re-enter applyKernel).
const ACC0 = new Float64Array(1), ACC1 = new Float64Array(1), ACC2 = new Float64Array(1), ACC3 = new Float64Array(1);
const GRADS: (Float64Array | null)[] = [null, null, null, null];
const NO_GRADS: (Float64Array | null)[] = [null, null, null, null];

/**
 * All inputs scalar (numbers or scalar AD values): one `df` call and a node holding its four partials — no
 * broadcasting, partial buffers or loop (a scalar prior's log density, in every gradient of HMC).
 */
function scalarTerm(k: DensityKernel, tapeVar: Var | null, i0: Real, i1: Real, i2: Real, i3: Real, v0: number, v1: number, v2: number, v3: number): Real {
  if (tapeVar === null) return k.f(v0, v1, v2, v3);
  const d = DF_SCRATCH;
  const y = k.df(v0, v1, v2, v3, d);
  const node = new Var(tapeVar.tape, y, null, backKernel, null, null, new KernelAux(i0, i1, i2, i3, null, null, null, null, d[0], d[1], d[2], d[3]));
  node.origin = tapeVar.origin;
  return node;
}

/** Scratch for `df`'s partials (the loop never re-enters itself). */
const DF_SCRATCH = new Float64Array(4);

/** The generic loop with partials: `df` per element, accumulated per input's gradient buffer. */
function differentiate(
  k: DensityKernel, len: number, v0: number | Float64Array, v1: number | Float64Array, v2: number | Float64Array, v3: number | Float64Array,
  partials: (Float64Array | null)[], out: Float64Array | null,
): number {
  const d = DF_SCRATCH;
  const p0 = partials[0], p1 = partials[1], p2 = partials[2], p3 = partials[3];
  const acc0 = p0 !== null && p0.length === 1 && len > 1, acc1 = p1 !== null && p1.length === 1 && len > 1;
  const acc2 = p2 !== null && p2.length === 1 && len > 1, acc3 = p3 !== null && p3.length === 1 && len > 1;
  let s = 0;
  for (let i = 0; i < len; i++) {
    const t = k.df(typeof v0 === "number" ? v0 : v0[i], typeof v1 === "number" ? v1 : v1[i], typeof v2 === "number" ? v2 : v2[i], typeof v3 === "number" ? v3 : v3[i], d);
    if (out) out[i] = t; else s += t;
    if (p0 !== null) { if (acc0) p0[0] += d[0]; else p0[i] = d[0]; }
    if (p1 !== null) { if (acc1) p1[0] += d[1]; else p1[i] = d[1]; }
    if (p2 !== null) { if (acc2) p2[0] += d[2]; else p2[i] = d[2]; }
    if (p3 !== null) { if (acc3) p3[0] += d[3]; else p3[i] = d[3]; }
  }
  return s;
}

/** Convenience: the summed kernel as a scalar. */
export function sumKernel(k: DensityKernel, inputs: Real[]): Scalar {
  return applyKernel(k, inputs, false) as Scalar;
}
