/**
 * Bayesian linear regression as a PFN prior (the linreg.json benchmark): slope, intercept ~ N(0, τ²) with
 * τ = 10, x/i ~ U(−2, 2), y/i ~ N(slope·x/i + intercept, σ²) with σ = 0.5 known; and its exact log marginal
 * likelihood and posterior. With X = [x 1] (n × 2), prior covariance τ²I:
 *
 *   A = I/τ² + XᵀX/σ²,  b = Xᵀy/σ²,  posterior N(A⁻¹b, A⁻¹),
 *   log p(y | x) = −(n/2) log 2π − n log σ − ½ log det(τ²A) − ½ (yᵀy/σ² − bᵀA⁻¹b),
 *   log p(x, y) = log p(y | x) − n log 4   (the x/i are choices of the model too).
 *
 * @example
 * ```ts
 * const m = linregPrior();
 * importance(m, [xs.length], { x: xs, y: ys }, { particles: 1000 }).logZ;   // ≈ linregExact(xs, ys).logZ
 * ```
 */
import { gen } from "../../trace/dynamic.js";
import { normal } from "../../dist/normal.js";
import { uniform } from "../../dist/uniform.js";

export interface LinregHyper { priorSd: number; noiseSd: number; xRange: number }
export const LINREG_BENCH: LinregHyper = { priorSd: 10, noiseSd: 0.5, xRange: 2 };

export function linregPrior(h: LinregHyper = LINREG_BENCH) {
  return gen((t, n: number) => {
    const slope = t.sample("slope", normal(0, h.priorSd)) as number, intercept = t.sample("intercept", normal(0, h.priorSd)) as number;
    for (let i = 0; i < n; i++) {
      const x = t.sample(["x", i], uniform(-h.xRange, h.xRange)) as number;
      t.sample(["y", i], normal(slope * x + intercept, h.noiseSd));
    }
  }, "linreg");
}

export interface LinregExact { logZ: number; logLik: number; mean: [number, number]; sd: [number, number]; corr: number }

/** Closed-form posterior of (slope, intercept) and log p(x, y). */
export function linregExact(xs: ArrayLike<number>, ys: ArrayLike<number>, h: LinregHyper = LINREG_BENCH): LinregExact {
  const n = xs.length, s2 = h.noiseSd * h.noiseSd, t2 = h.priorSd * h.priorSd;
  let sxx = 0, sx = 0, sxy = 0, sy = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxx += xs[i] * xs[i]; sx += xs[i]; sxy += xs[i] * ys[i]; sy += ys[i]; syy += ys[i] * ys[i]; }
  const a = 1 / t2 + sxx / s2, b = sx / s2, c = 1 / t2 + n / s2;        // A = [[a, b], [b, c]]
  const det = a * c - b * b, b1 = sxy / s2, b2 = sy / s2;
  const m1 = (c * b1 - b * b2) / det, m2 = (a * b2 - b * b1) / det;    // A⁻¹b
  const v1 = c / det, v2 = a / det, cov = -b / det;
  const logLik = -0.5 * n * Math.log(2 * Math.PI) - n * Math.log(h.noiseSd) - 0.5 * Math.log(t2 * t2 * det) - 0.5 * (syy / s2 - (b1 * m1 + b2 * m2));
  return { logZ: logLik - n * Math.log(2 * h.xRange), logLik, mean: [m1, m2], sd: [Math.sqrt(v1), Math.sqrt(v2)], corr: cov / Math.sqrt(v1 * v2) };
}
