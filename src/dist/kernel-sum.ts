/**
 * Helpers for a density kernel's optional summed fast path (`DensityKernel.sum`, src/ad/kernel.ts): the
 * generic per-element loop over `df` — the fallback when parameters are vectors — and gradient accumulation
 * into the buffers the kernel hands over (null: no gradient wanted; length 1: a scalar input, add Σ_i ∂f_i;
 * length n: a vector input, write ∂f_i per element).
 *
 * @example
 * ```ts
 * sum(n, x, a, b, c, grads) {
 *   if (typeof a !== "number") return sumByDf(GAMMA_KERNEL, n, x, a, b, c, grads);
 *   ...
 * }
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";

type V = number | Float64Array;

/** Adds g (per element i) to a gradient buffer. */
export function put(buf: Float64Array | null, i: number, g: number): void {
  if (buf === null) return;
  if (buf.length === 1) buf[0] += g; else buf[i] = g;
}

/** Σ_i f_i with gradients, element by element through `k.df`. */
export function sumByDf(k: DensityKernel, n: number, x: V, a: V, b: V, c: V, grads: (Float64Array | null)[]): number {
  const d = new Float64Array(4);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += k.df(typeof x === "number" ? x : x[i], typeof a === "number" ? a : a[i], typeof b === "number" ? b : b[i], typeof c === "number" ? c : c[i], d);
    for (let j = 0; j < 4; j++) put(grads[j] ?? null, i, d[j]);
  }
  return s;
}
