/**
 * Potential scale reduction R̂ (Gelman et al. 2013; Vehtari et al. 2021), as posterior 1.4.0 computes it.
 *
 * For m chains of n draws with chain means x̄_c and chain variances s²_c (divisor n − 1):
 *
 *   B = n · var(x̄_c),  W = mean_c s²_c,  R̂ = sqrt(((n − 1)/n · W + B/n) / W).
 *
 * `rhatBasic` applies this to split chains (or whole chains with `split: false`); `rhat` is the recommended
 * rank-normalized split R̂: the maximum of R̂ on rank-normalized split draws (bulk) and on rank-normalized split
 * draws folded around the median (tail). NaN plays R's NA: all draws equal, or (for `rhatBasic`) an infinite
 * draw; `rhat` ranks infinite draws like posterior does.
 *
 * @example
 * ```ts
 * rhat([chain1, chain2, chain3, chain4]); // ≈ 1 when the chains mix; > 1.01 flags trouble
 * ```
 */
import { type Chains, anyInfinite, checkChains, isConstant } from "./chains.js";
import { mean, variance } from "./moments.js";
import { foldDraws, zScale } from "./rank-normalize.js";
import { splitChains } from "./split.js";

/**
 * R̂ of the chains as given (no splitting, no rank normalization): posterior's internal `.rhat`.
 *
 * @example
 * ```ts
 * rhatOfChains([[1, 2, 3], [2, 3, 4]]); // 1.0801234497346435
 * ```
 */
export function rhatOfChains(chains: Chains): number {
  if (anyInfinite(chains) || isConstant(chains)) return NaN;
  const n = chains[0]!.length;
  const chainMeans = chains.map((c) => mean(c));
  const w = mean(chains.map((c) => variance(c)));
  const b = n * variance(chainMeans);
  return Math.sqrt((b / w + n - 1) / n);
}

/**
 * Basic R̂ of split chains (or of whole chains with `split: false`), without rank normalization.
 *
 * @example
 * ```ts
 * rhatBasic(chains);
 * rhatBasic(chains, { split: false }); // the classic Gelman–Rubin statistic
 * ```
 */
export function rhatBasic(chains: Chains, options: { split?: boolean } = {}): number {
  checkChains(chains, "rhatBasic");
  return rhatOfChains(options.split === false ? chains : splitChains(chains));
}

/**
 * Rank-normalized split R̂: max(R̂ of z-scaled split draws, R̂ of z-scaled split draws folded at the median).
 *
 * @example
 * ```ts
 * if (rhat(chains) > 1.01) console.warn("chains have not mixed");
 * ```
 */
export function rhat(chains: Chains): number {
  checkChains(chains, "rhat");
  const bulk = rhatOfChains(zScale(splitChains(chains)));
  const tail = rhatOfChains(zScale(splitChains(foldDraws(chains))));
  return Math.max(bulk, tail);
}
