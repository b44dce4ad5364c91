/**
 * Fused elementwise density kernels: Σ_i f(x_i, a_i, b_i, c_i) over broadcast inputs as ONE AD node.
 *
 * This is how a vectorized observation (`y ~ normal(X * w + b, sigma)` over 10,000 rows) costs one node and
 * one pass, not 10,000 nodes: the forward pass computes the value and, for every AD input, its partials in
 * the same loop; the backward pass scales the stored partials by the incoming adjoint. Distributions define
 * `f` and `df` once per element (`src/dist/`), and the same kernel serves scalars, vectors and constants.
 */
import { BorelError } from "../util/errors.js";
import { lengthOf, plain } from "./elementwise.js";
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

interface KernelAux {
  inputs: Real[];
  /** Per input: null (constant), a summed partial (scalar AD input) or per-element partials. */
  partials: (Float64Array | null)[];
}

function backKernel(n: Var): void {
  const { inputs, partials } = n.aux as KernelAux;
  const scale = n.xs === null ? n.g : 0;
  const gv = n.xs === null ? null : (n.gs as Float64Array);
  for (let j = 0; j < inputs.length; j++) {
    const inp = inputs[j], p = partials[j];
    if (!(inp instanceof Var) || p === null) continue;
    if (gv === null) {
      if (inp.xs === null) inp.g += scale * p[0];
      else { const g = inp.gradVector(); for (let i = 0; i < p.length; i++) g[i] += scale * p[i]; }
    } else {
      if (inp.xs === null) { let s = 0; for (let i = 0; i < gv.length; i++) s += gv[i] * p[i]; inp.g += s; }
      else { const g = inp.gradVector(); for (let i = 0; i < gv.length; i++) g[i] += gv[i] * p[i]; }
    }
  }
}

function broadcastAll(k: DensityKernel, inputs: readonly Real[]): number {
  let n = -1;
  for (let j = 0; j < inputs.length; j++) {
    const l = lengthOf(inputs[j]);
    if (l === -1) continue;
    if (n !== -1 && l !== n)
      throw new BorelError("shape", `${k.name}: '${k.argNames[j]}' has length ${l} but another argument has length ${n}`, {
        hint: "vector arguments must have equal lengths; scalars broadcast",
      });
    n = l;
  }
  return n;
}

/**
 * Σ over elements of `k.f` applied to broadcast inputs (value first). Returns a number when no input is an AD
 * value. With `elementwise`, returns the vector of per-element terms instead of their sum.
 */
export function applyKernel(k: DensityKernel, inputs: Real[], elementwise = false): Real {
  const scalar = scalarKernel(k, inputs);
  if (scalar !== null) return scalar;
  const n = broadcastAll(k, inputs);
  const len = n === -1 ? 1 : n;
  const m = inputs.length;
  const v0 = plain(inputs[0]), v1 = m > 1 ? plain(inputs[1]) : 0, v2 = m > 2 ? plain(inputs[2]) : 0, v3 = m > 3 ? plain(inputs[3]) : 0;
  let tapeVar: Var | null = null;
  for (let j = 0; j < m; j++) { const i = inputs[j]; if (i instanceof Var) { tapeVar = i; break; } }
  const out = elementwise && n !== -1 ? vectorFor(tapeVar?.tape ?? null, len) : null;
  // Per input: its gradient buffer (null for constants), summed for a scalar input of a summed output.
  const partials: (Float64Array | null)[] = [null, null, null, null];
  if (tapeVar !== null)
    for (let j = 0; j < m; j++) {
      const inp = inputs[j];
      if (inp instanceof Var) partials[j] = tapeVar.tape.alloc(inp.xs === null && out === null ? 1 : len);
    }

  let s = 0;
  if (out === null && k.sum !== undefined) s = k.sum(len, v0, v1, v2, v3, partials);
  else if (tapeVar === null) {
    for (let i = 0; i < len; i++) {
      const t = k.f(typeof v0 === "number" ? v0 : v0[i], typeof v1 === "number" ? v1 : v1[i], typeof v2 === "number" ? v2 : v2[i], typeof v3 === "number" ? v3 : v3[i]);
      if (out) out[i] = t; else s += t;
    }
  } else s = differentiate(k, len, v0, v1, v2, v3, partials, out);
  if (tapeVar === null) return out ?? s;
  const node = new Var(tapeVar.tape, out ? 0 : s, out, backKernel, null, null, { inputs, partials: partials.slice(0, m) } satisfies KernelAux);
  node.origin = tapeVar.origin;
  return node;
}

interface ScalarAux { inputs: Real[]; d0: number; d1: number; d2: number; d3: number }

function backScalarKernel(n: Var): void {
  const { inputs, d0, d1, d2, d3 } = n.aux as ScalarAux, g = n.g, m = inputs.length;
  const i0 = inputs[0], i1 = m > 1 ? inputs[1] : 0, i2 = m > 2 ? inputs[2] : 0, i3 = m > 3 ? inputs[3] : 0;
  if (i0 instanceof Var) i0.g += g * d0;
  if (i1 instanceof Var) i1.g += g * d1;
  if (i2 instanceof Var) i2.g += g * d2;
  if (i3 instanceof Var) i3.g += g * d3;
}

/**
 * All inputs scalar (numbers or scalar AD values): one `df` call and a node holding its four partials — no
 * broadcasting, partial buffers or loop (a scalar prior's log density, in every gradient of HMC). Null when
 * some input is a vector.
 */
function scalarKernel(k: DensityKernel, inputs: Real[]): Real | null {
  const m = inputs.length;
  let tapeVar: Var | null = null;
  for (let j = 0; j < m; j++) {
    const x = inputs[j];
    if (typeof x === "number") continue;
    if (!(x instanceof Var) || x.xs !== null) return null;
    tapeVar ??= x;
  }
  const v0 = plainScalar(inputs[0]), v1 = m > 1 ? plainScalar(inputs[1]) : 0, v2 = m > 2 ? plainScalar(inputs[2]) : 0, v3 = m > 3 ? plainScalar(inputs[3]) : 0;
  if (tapeVar === null) return k.f(v0, v1, v2, v3);
  const d = DF_SCRATCH;
  const y = k.df(v0, v1, v2, v3, d);
  const node = new Var(tapeVar.tape, y, null, backScalarKernel, null, null, { inputs, d0: d[0], d1: d[1], d2: d[2], d3: d[3] } satisfies ScalarAux);
  node.origin = tapeVar.origin;
  return node;
}

const plainScalar = (x: Real): number => (typeof x === "number" ? x : (x as Var).x);

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
