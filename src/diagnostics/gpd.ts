/**
 * The generalized Pareto distribution (location 0, scale σ, shape k) and its fit to a sample by the method of
 * Zhang & Stephens (2009, Technometrics 51:316–325, section 4), as the `loo`/`posterior` R packages use it for
 * Pareto-smoothed importance sampling. Here k is the usual shape (positive = heavy tail; the negative of Zhang
 * & Stephens' k), with quantile function
 *
 *   Q(p) = σ · ((1 − p)^{−k} − 1) / k   (k ≠ 0),   Q(p) = −σ · log(1 − p)   (k = 0).
 *
 * The fit is an empirical-Bayes posterior mean of θ = −k/σ over a grid of M = 30 + ⌊√n⌋ points
 * θ_j = 1/x₍n₎ + (1 − √(M/(j − ½))) / (3 x*), x* the first quartile, weighted by the profile likelihood
 * L(θ) = n (log(−θ/k(θ)) − k(θ) − 1) with k(θ) = mean log(1 − θ x); then k̂ = mean log(1 − θ̂ x), σ̂ = −k̂/θ̂, and
 * (optionally) k̂ is shrunk toward 0.5 by a weakly informative prior worth 10 observations:
 * k̂ ← (n k̂ + 5) / (n + 10).
 *
 * @example
 * ```ts
 * const { k, sigma } = gpdFit(exceedances); // exceedances over a threshold, any order
 * gpdQuantile(0.5, k, sigma);
 * ```
 */
import { logSumExp } from "../math/log.js";

/** Fitted generalized Pareto parameters; `k` is NaN when the sample is too degenerate to fit. */
export interface GpdFit {
  k: number;
  sigma: number;
}

/**
 * Quantile of the generalized Pareto distribution with location 0 (see the file comment); NaN for σ ≤ 0.
 *
 * @example
 * ```ts
 * gpdQuantile(0.5, 0, 1); // log 2 (exponential)
 * ```
 */
export function gpdQuantile(p: number, k: number, sigma: number): number {
  if (!(sigma > 0)) return NaN;
  if (k === 0) return -sigma * Math.log1p(-p);
  return (sigma * Math.expm1(-k * Math.log1p(-p))) / k;
}

/**
 * Zhang–Stephens fit of a generalized Pareto distribution to `x` (non-negative exceedances). Options: `wip`
 * (weakly informative prior on k, default true), `sorted` (x already ascending: skip the sort).
 * Returns k = NaN, σ = NaN when the first quartile equals the minimum (no tail shape to estimate).
 *
 * @example
 * ```ts
 * const x = Array.from({ length: 1000 }, (_, i) => gpdQuantile((i + 0.5) / 1000, 0.5, 1));
 * gpdFit(x, { wip: false }); // k ≈ 0.5, sigma ≈ 1
 * ```
 */
export function gpdFit(x: ArrayLike<number>, options: { wip?: boolean; sorted?: boolean } = {}): GpdFit {
  const xs = options.sorted ? x : Float64Array.from(x as ArrayLike<number>).sort();
  const n = xs.length;
  if (n === 0) return { k: NaN, sigma: NaN };
  const xStar = xs[Math.floor(n / 4 + 0.5) - 1]!; // first quartile
  if (!(n >= 2 && xStar > xs[0]!)) return { k: NaN, sigma: NaN };
  const gridSize = 30 + Math.floor(Math.sqrt(n));
  const prior = 3;
  const theta = new Float64Array(gridSize);
  const logLik = new Float64Array(gridSize);
  const kOf = (th: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log1p(-th * xs[i]!);
    return s / n;
  };
  for (let j = 0; j < gridSize; j++) {
    theta[j] = 1 / xs[n - 1]! + (1 - Math.sqrt(gridSize / (j + 0.5))) / prior / xStar;
    const kj = kOf(theta[j]!);
    logLik[j] = n * (Math.log(-theta[j]! / kj) - kj - 1);
  }
  const z = logSumExp(logLik);
  let thetaHat = 0;
  for (let j = 0; j < gridSize; j++) thetaHat += theta[j]! * Math.exp(logLik[j]! - z);
  let k = kOf(thetaHat);
  const sigma = -k / thetaHat;
  if (options.wip !== false) k = (k * n + 0.5 * 10) / (n + 10);
  if (Number.isNaN(k)) return { k: Infinity, sigma: NaN };
  return { k, sigma };
}
