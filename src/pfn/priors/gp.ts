/**
 * The 1-D Gaussian-process regression prior of the PFN benchmark, as a Borel generative function, and the
 * exact GP predictive it is compared against:
 *
 *   x/i ~ U(0, 1),  f ~ GP(0, k),  k(a, b) = s² exp(−(a − b)²/2ℓ²),  y/i ~ N(f(x/i), σ²)
 *
 * with ℓ = 0.2, s = 1, σ = 0.1 by default. `gpPredictive` is the closed-form posterior predictive of y at new x:
 * mean k*ᵀ(K + σ²I)⁻¹y, variance s² + σ² − k*ᵀ(K + σ²I)⁻¹k* (Cholesky of K + σ²I).
 *
 * @example
 * ```ts
 * const gp = gpPrior();                       // first argument: number of rows
 * const tr = gp.simulate([50], rng);
 * const { mean, variance } = gpPredictive(xs, ys, xq);
 * ```
 */
import { gen } from "../../trace/dynamic.js";
import { uniform } from "../../dist/uniform.js";
import { normal } from "../../dist/normal.js";
import { mvnormal } from "../../dist/mvnormal.js";
import { Matrix } from "../../math/dense.js";
import { cholesky, solveLower } from "../../math/cholesky.js";

export interface GPHyper { lengthscale: number; signalSd: number; noiseSd: number }
export const GP_BENCH: GPHyper = { lengthscale: 0.2, signalSd: 1, noiseSd: 0.1 };

export function rbf(a: number, b: number, h: GPHyper): number {
  const d = a - b;
  return h.signalSd * h.signalSd * Math.exp((-d * d) / (2 * h.lengthscale * h.lengthscale));
}

/** The prior as a generative function of the number of rows. */
export function gpPrior(h: GPHyper = GP_BENCH) {
  return gen((t, n: number) => {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(t.sample(["x", i], uniform(0, 1)) as number);
    if (n === 0) return [];
    const K = xs.map((a) => xs.map((b) => rbf(a, b, h) + (a === b ? 1e-8 : 0)));
    const f = t.sample("f", mvnormal(new Float64Array(n), K)) as Float64Array;
    for (let i = 0; i < n; i++) t.sample(["y", i], normal(f[i], h.noiseSd));
    return f;
  }, "gp1d");
}

/** Exact predictive mean and variance of y at each xq given (xs, ys). */
export function gpPredictive(xs: ArrayLike<number>, ys: ArrayLike<number>, xq: ArrayLike<number>, h: GPHyper = GP_BENCH): { mean: Float64Array; variance: Float64Array } {
  const n = xs.length, m = xq.length, mean = new Float64Array(m), variance = new Float64Array(m);
  const prior = h.signalSd * h.signalSd + h.noiseSd * h.noiseSd;
  if (n === 0) { variance.fill(prior); return { mean, variance }; }
  const K = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K.data[i * n + j] = rbf(xs[i], xs[j], h) + (i === j ? h.noiseSd * h.noiseSd : 0);
  const L = cholesky(K), a = solveLower(L, ys);   // a = L⁻¹y
  for (let q = 0; q < m; q++) {
    const v = solveLower(L, Float64Array.from({ length: n }, (_, i) => rbf(xs[i], xq[q], h)));   // L⁻¹k*
    let mu = 0, s = 0;
    for (let i = 0; i < n; i++) { mu += v[i] * a[i]; s += v[i] * v[i]; }
    mean[q] = mu;
    variance[q] = prior - s;
  }
  return { mean, variance };
}
