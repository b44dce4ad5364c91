/**
 * Euclidean metrics for Hamiltonian Monte Carlo: the kinetic energy K(p) = ½ pᵀ M⁻¹ p with momentum
 * p ~ N(0, M). As in Stan, a metric is given by its *inverse* M⁻¹, which warmup estimates as the posterior
 * (co)variance of θ: diagonal (`diag`) or dense (`dense`, a full matrix, sampled through its Cholesky factor).
 *
 * @example
 * ```ts
 * const m = diagMetric(new Float64Array([4, 1]));   // posterior variances 4 and 1
 * const p = new Float64Array(2);
 * m.sampleMomentum(rng, p);                          // p_i ~ N(0, 1 / M⁻¹_ii)
 * m.kinetic(p);                                      // ½ Σ M⁻¹_ii p_i²
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";

export interface Metric {
  readonly kind: "diag" | "dense";
  readonly dim: number;
  /** M⁻¹: the diagonal (diag) or the row-major n×n matrix (dense). */
  readonly inverse: Float64Array;
  /** Draws p ~ N(0, M) into `out`. */
  sampleMomentum(rng: Rng, out: Float64Array): void;
  /** ½ pᵀ M⁻¹ p. */
  kinetic(p: Float64Array): number;
  /** The velocity dq/dt = M⁻¹ p (Stan's dτ/dp, "p sharp") into `out`. */
  velocity(p: Float64Array, out: Float64Array): void;
}

/** A diagonal metric from the diagonal of M⁻¹ (variances; all > 0). */
export function diagMetric(inverseDiag: Float64Array): Metric {
  const inv = inverseDiag.slice(), n = inv.length;
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(inv[i] > 0 && inv[i] < Infinity)) throw new BorelError("bad-metric", `diagonal metric: element ${i} of the inverse metric must be > 0 and finite, got ${inv[i]}`);
    scale[i] = 1 / Math.sqrt(inv[i]);
  }
  return {
    kind: "diag", dim: n, inverse: inv,
    sampleMomentum(rng, out) { for (let i = 0; i < n; i++) out[i] = rng.normal() * scale[i]; },
    kinetic(p) { let s = 0; for (let i = 0; i < n; i++) s += inv[i] * p[i] * p[i]; return 0.5 * s; },
    velocity(p, out) { for (let i = 0; i < n; i++) out[i] = inv[i] * p[i]; },
  };
}

/** The identity metric in n dimensions. */
export function unitMetric(n: number): Metric {
  return diagMetric(new Float64Array(n).fill(1));
}

/** Lower Cholesky factor of a symmetric positive-definite row-major n×n matrix, or null if it is not. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) { if (!(s > 0)) return null; l[i * n + i] = Math.sqrt(s); }
      else l[i * n + j] = s / l[j * n + j];
    }
  return l;
}

/**
 * A dense metric from the full M⁻¹ (a covariance). Momentum: with M⁻¹ = L Lᵀ, p = L⁻ᵀ z for z ~ N(0, I) has
 * covariance (L Lᵀ)⁻¹ = M.
 */
export function denseMetric(inverse: Float64Array, n: number): Metric {
  if (inverse.length !== n * n) throw new BorelError("bad-metric", `dense metric: expected ${n * n} entries, got ${inverse.length}`);
  const inv = inverse.slice();
  const l = cholesky(inv, n);
  if (l === null) throw new BorelError("bad-metric", "dense metric: the inverse metric is not positive definite", { hint: "use a regularized covariance estimate" });
  const z = new Float64Array(n);
  return {
    kind: "dense", dim: n, inverse: inv,
    sampleMomentum(rng, out) {
      for (let i = 0; i < n; i++) z[i] = rng.normal();
      // Back substitution: Lᵀ p = z.
      for (let i = n - 1; i >= 0; i--) {
        let s = z[i];
        for (let k = i + 1; k < n; k++) s -= l[k * n + i] * out[k];
        out[i] = s / l[i * n + i];
      }
    },
    kinetic(p) {
      let s = 0;
      for (let i = 0; i < n; i++) { let r = 0; for (let j = 0; j < n; j++) r += inv[i * n + j] * p[j]; s += p[i] * r; }
      return 0.5 * s;
    },
    velocity(p, out) {
      for (let i = 0; i < n; i++) { let r = 0; for (let j = 0; j < n; j++) r += inv[i * n + j] * p[j]; out[i] = r; }
    },
  };
}
