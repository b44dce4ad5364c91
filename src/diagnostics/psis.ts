/**
 * Pareto-smoothed importance sampling (Vehtari, Gelman & Gabry 2017, "Practical Bayesian model evaluation using
 * leave-one-out cross-validation and WAIC", Statistics and Computing 27:1413–1432; Vehtari, Simpson, Gelman,
 * Yao & Gabry 2024, JMLR 25(72)).
 *
 * For S log importance ratios ℓ₁…ℓ_S:
 * 1. Shift by the maximum. Take the M = ⌈min(0.2 S, 3 √(S / r_eff))⌉ largest ratios as the tail (r_eff the
 *    relative efficiency of the draws, 1 for independent draws) and the next-largest ratio as the cutoff u.
 * 2. Fit a generalized Pareto distribution to the exceedances exp(ℓ) − exp(u) (`gpdFit`, weakly informative
 *    prior). Its shape k̂ is the diagnostic: k̂ ≤ 0.5 good, ≤ 0.7 ok, > 0.7 the estimate is unreliable, > 1 the
 *    ratios have no finite mean.
 * 3. Replace the tail ratios, in their order, by exp(u) plus the GPD quantiles at (j − ½)/M, j = 1…M.
 * 4. Truncate: `"mean"` (default, the 2017 paper) caps each weight at S^{3/4} · mean weight; `"max"` (loo ≥ 2.0)
 *    caps at the largest raw ratio; `"none"` keeps the smoothed weights.
 * Fewer than 5 tail draws: no smoothing, k̂ = +∞. A tail that cannot be fitted (its first quartile equals its
 * minimum) also gets k̂ = +∞ and no smoothing, as in loo. Deviation from loo: when the M largest ratios are all
 * equal the weights are bounded by their (shared) maximum, so no smoothing is needed and k̂ = −∞ is reported
 * (loo reports +∞ with a warning).
 *
 * @example
 * ```ts
 * const { logWeights, k } = psis(logRatios);
 * if (k > 0.7) console.warn("importance sampling estimate unreliable");
 * ```
 */
import { BorelError } from "../util/errors.js";
import { gpdFit, gpdQuantile } from "./gpd.js";
import { logSumExp } from "../math/log.js";

/** How PSIS caps the largest smoothed weights. */
export type PsisTruncation = "mean" | "max" | "none";

/** Options of `psis`. */
export interface PsisOptions {
  /** Relative efficiency of the draws (ESS / S of the ratios), shortening the tail for correlated draws; default 1. */
  rEff?: number;
  /** Truncation rule, default `"mean"` (S^{3/4} · mean weight). */
  truncation?: PsisTruncation;
}

/** Result of `psis` for one vector of log ratios. */
export interface PsisResult {
  /** Smoothed and truncated log weights, not normalized, on the scale of the input ratios. */
  logWeights: Float64Array;
  /** Estimated Pareto shape k̂ of the ratio tail (see the file comment). */
  k: number;
  /** Number of draws in the fitted tail. */
  tailLength: number;
  /** PSIS effective sample size: r_eff / Σ w̄ᵢ² of the normalized smoothed weights. */
  ess: number;
}

/** Tail length M = ⌈min(0.2 S, 3 √(S / r_eff))⌉ used to fit the generalized Pareto distribution. */
export function psisTailLength(s: number, rEff = 1): number {
  return Math.ceil(Math.min(0.2 * s, 3 * Math.sqrt(s / rEff)));
}

/**
 * Pareto-smoothed importance weights and the k̂ diagnostic for one vector of log importance ratios (see the
 * file comment). Ratios may be −∞ (zero weight); NaN or +∞ is an error naming the index.
 *
 * @example
 * ```ts
 * // LOO for observation i: the ratios are −log p(y_i | θ_s)
 * const r = psis(logLik_i.map((l) => -l));
 * ```
 */
export function psis(logRatios: ArrayLike<number>, options: PsisOptions = {}): PsisResult {
  const s = logRatios.length;
  const rEff = options.rEff ?? 1;
  if (!(rEff > 0)) throw new BorelError("bad-argument", `psis: option 'rEff' must be > 0, got ${rEff}`);
  if (s < 2) throw new BorelError("too-few-draws", `psis: argument 'logRatios' needs at least 2 draws, got ${s}`);
  let max = -Infinity;
  for (let i = 0; i < s; i++) {
    const v = logRatios[i]!;
    if (Number.isNaN(v) || v === Infinity)
      throw new BorelError("nan", `psis: argument 'logRatios' has ${v} at draw ${i}`, {
        hint: "for LOO the ratios are -log-likelihood: a log-likelihood of -Infinity or NaN at a draw is the cause",
      });
    if (v > max) max = v;
  }
  if (max === -Infinity) throw new BorelError("zero-weights", "psis: every log ratio is -Infinity");
  const lw = Float64Array.from(logRatios as ArrayLike<number>, (v) => v - max);
  const tailLength = psisTailLength(s, rEff);
  let k = Infinity;
  if (tailLength >= 5 && tailLength < s) {
    const order = Array.from({ length: s }, (_, i) => i).sort((a, b) => lw[a]! - lw[b]! || a - b);
    const tail = Float64Array.from({ length: tailLength }, (_, j) => lw[order[s - tailLength + j]!]!);
    const cutoff = lw[order[s - tailLength - 1]!]!;
    // Ratios equal to 9 digits are bounded, with nothing to smooth — an exact proposal's (a Gaussian Laplace
    // approximation of a Gaussian posterior) differ only by rounding, whose ties leave the fit undefined (k̂ was ∞).
    if (tail[tailLength - 1]! - cutoff < 1e-9) {
      k = -Infinity;
    } else {
      const expCutoff = Math.exp(cutoff);
      const fit = gpdFit(tail.map((v) => Math.exp(v) - expCutoff), { sorted: true });
      if (Number.isFinite(fit.k)) {
        k = fit.k;
        for (let j = 0; j < tailLength; j++)
          lw[order[s - tailLength + j]!] = Math.log(gpdQuantile((j + 0.5) / tailLength, fit.k, fit.sigma) + expCutoff);
      }
    }
  }
  const truncation = options.truncation ?? "mean";
  if (truncation !== "none") {
    const cap = truncation === "max" ? 0 : 0.75 * Math.log(s) - Math.log(s) + logSumExp(lw);
    for (let i = 0; i < s; i++) if (lw[i]! > cap) lw[i] = cap;
  }
  const z = logSumExp(lw);
  let sumSq = 0;
  for (let i = 0; i < s; i++) sumSq += Math.exp(2 * (lw[i]! - z));
  for (let i = 0; i < s; i++) lw[i] = lw[i]! + max;
  return { logWeights: lw, k, tailLength, ess: rEff / sumSq };
}

/** Pareto k̂ category: ≤ 0.5 good, ≤ 0.7 ok, ≤ 1 bad, > 1 very bad. */
export type ParetoKCategory = "good" | "ok" | "bad" | "very bad";

/**
 * The category of a Pareto k̂ value (thresholds 0.5, 0.7, 1 of Vehtari et al. 2017).
 *
 * @example
 * ```ts
 * paretoKCategory(0.62); // "ok"
 * ```
 */
export function paretoKCategory(k: number): ParetoKCategory {
  if (k <= 0.5) return "good";
  if (k <= 0.7) return "ok";
  if (k <= 1) return "bad";
  return "very bad";
}
