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
import { Var, type Real, type Scalar } from "./var.js";

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
  const n = broadcastAll(k, inputs);
  const len = n === -1 ? 1 : n;
  const v0 = plain(inputs[0]), v1 = inputs.length > 1 ? plain(inputs[1]) : 0;
  const v2 = inputs.length > 2 ? plain(inputs[2]) : 0, v3 = inputs.length > 3 ? plain(inputs[3]) : 0;
  let tapeVar: Var | null = null;
  for (const i of inputs) if (i instanceof Var) { tapeVar = i; break; }
  const out = elementwise && n !== -1 ? new Float64Array(len) : null;

  // Fast constant path: no partials.
  if (tapeVar === null) {
    let s = 0;
    for (let i = 0; i < len; i++) {
      const t = k.f(at(v0, i), at(v1, i), at(v2, i), at(v3, i));
      if (out) out[i] = t; else s += t;
    }
    return out ?? s;
  }

  // AD path: per AD input either a length-1 accumulator (scalar input, summed output) or per-element partials.
  const partials: (Float64Array | null)[] = inputs.map((inp) =>
    inp instanceof Var ? new Float64Array(inp.xs === null && out === null ? 1 : len) : null,
  );
  const d = new Float64Array(4);
  let s = 0;
  for (let i = 0; i < len; i++) {
    const t = k.df(at(v0, i), at(v1, i), at(v2, i), at(v3, i), d);
    if (out) out[i] = t; else s += t;
    for (let j = 0; j < partials.length; j++) {
      const p = partials[j];
      if (p === null) continue;
      if (p.length === 1 && out === null && (inputs[j] as Var).xs === null) p[0] += d[j];
      else p[i] = d[j];
    }
  }
  const node = new Var(tapeVar.tape, out ? 0 : s, out, backKernel, null, null, { inputs, partials } satisfies KernelAux);
  node.origin = tapeVar.origin;
  return node;
}

function at(v: number | Float64Array, i: number): number {
  return typeof v === "number" ? v : v[i];
}

/** Convenience: the summed kernel as a scalar. */
export function sumKernel(k: DensityKernel, inputs: Real[]): Scalar {
  return applyKernel(k, inputs, false) as Scalar;
}
