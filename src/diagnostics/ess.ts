/**
 * Effective sample sizes of posterior 1.4.0 (Vehtari, Gelman, Simpson, Carpenter, Bürkner 2021) for draws of one
 * scalar quantity given as chains. All use split chains and the estimator in `ess-core.ts`:
 *
 * | function | ESS of |
 * |---|---|
 * | `essBasic` | the draws (split unless `split: false`) |
 * | `essMean` | the draws, split (same as `essBasic`) — the ESS for estimating the mean |
 * | `essBulk` | rank-normalized split draws |
 * | `essQuantile(p)` | the indicator I(x ≤ q̂_p), split, q̂_p the type-7 quantile of all draws |
 * | `essTail` | min(essQuantile(0.05), essQuantile(0.95)) |
 * | `essMedian` | essQuantile(0.5) |
 * | `essSd` | \|x − mean(x)\|, split (posterior 1.4.0; ≥ 1.6.1 uses (x − mean)², see `essSdSquared`) |
 *
 * NaN plays R's NA: fewer than 3 draws per (split) chain, infinite draws, or all draws equal.
 *
 * @example
 * ```ts
 * const chains = [chain1, chain2, chain3, chain4];
 * essBulk(chains); essTail(chains); essMean(chains);
 * ```
 */
import { BorelError } from "../util/errors.js";
import { type Chains, checkChains, anyInfinite, isConstant, mapDraws, pool } from "./chains.js";
import { type DiagnosticOptions, ESS_CAPPED_WARNING, essOfChains, warn } from "./ess-core.js";
import { mean } from "./moments.js";
import { quantile } from "./quantile.js";
import { zScale } from "./rank-normalize.js";
import { splitChains } from "./split.js";

export type { DiagnosticOptions } from "./ess-core.js";

function essWarn(chains: Chains, options: DiagnosticOptions | undefined): number {
  const { ess, capped } = essOfChains(chains);
  if (capped) warn(options, ESS_CAPPED_WARNING);
  return ess;
}

/**
 * Basic ESS: the estimator applied to the (split, by default) draws without rank normalization.
 *
 * @example
 * ```ts
 * essBasic(chains);                   // split chains
 * essBasic(chains, { split: false }); // whole chains
 * ```
 */
export function essBasic(chains: Chains, options: DiagnosticOptions & { split?: boolean } = {}): number {
  checkChains(chains, "essBasic");
  return essWarn(options.split === false ? chains : splitChains(chains), options);
}

/**
 * ESS for the mean: `essBasic` of the split draws.
 *
 * @example
 * ```ts
 * const se = sd(pool(chains)) / Math.sqrt(essMean(chains)); // = mcseMean(chains)
 * ```
 */
export function essMean(chains: Chains, options?: DiagnosticOptions): number {
  checkChains(chains, "essMean");
  return essWarn(splitChains(chains), options);
}

/**
 * Bulk ESS: ESS of the rank-normalized split draws (robust to heavy tails; the default ESS to report).
 *
 * @example
 * ```ts
 * if (essBulk(chains) < 400) console.warn("run longer");
 * ```
 */
export function essBulk(chains: Chains, options?: DiagnosticOptions): number {
  checkChains(chains, "essBulk");
  return essWarn(zScale(splitChains(chains)), options);
}

/**
 * ESS for the p-quantile: ESS of the split indicator I(x ≤ q̂_p). For p = 1 posterior uses p = (S − 0.5)/S.
 *
 * @example
 * ```ts
 * essQuantile(chains, 0.05);
 * ```
 */
export function essQuantile(chains: Chains, p: number, options?: DiagnosticOptions): number {
  checkChains(chains, "essQuantile");
  if (!(p >= 0 && p <= 1))
    throw new BorelError("bad-argument", `essQuantile: argument 'p' must be a probability in [0, 1], got ${p}`);
  if (anyInfinite(chains) || isConstant(chains)) return NaN;
  const all = pool(chains);
  const prob = p === 1 ? (all.length - 0.5) / all.length : p;
  return essBelow(chains, quantile(all, prob), options);
}

/** ESS of the split indicator I(x ≤ q) (`essQuantile` once q̂_p is known, e.g. from draws sorted once). */
export function essBelow(chains: Chains, q: number, options?: DiagnosticOptions): number {
  return essWarn(splitChains(mapDraws(chains, (x) => (x <= q ? 1 : 0))), options);
}

/**
 * Tail ESS: the smaller of the 5% and 95% quantile ESS.
 *
 * @example
 * ```ts
 * essTail(chains);
 * ```
 */
export function essTail(chains: Chains, options?: DiagnosticOptions): number {
  return Math.min(essQuantile(chains, 0.05, options), essQuantile(chains, 0.95, options));
}

/**
 * ESS for the median: `essQuantile(chains, 0.5)`.
 *
 * @example
 * ```ts
 * essMedian(chains);
 * ```
 */
export function essMedian(chains: Chains, options?: DiagnosticOptions): number {
  return essQuantile(chains, 0.5, options);
}

/**
 * ESS for the standard deviation as posterior 1.4.0 defines it: ESS of the split |x − mean(x)|.
 *
 * @example
 * ```ts
 * essSd(chains);
 * ```
 */
export function essSd(chains: Chains, options?: DiagnosticOptions): number {
  checkChains(chains, "essSd");
  if (anyInfinite(chains)) return NaN;
  const m = mean(pool(chains));
  return essWarn(splitChains(mapDraws(chains, (x) => Math.abs(x - m))), options);
}

/**
 * ESS for the standard deviation as posterior ≥ 1.6.1 defines it: ESS of the split (x − mean(x))².
 *
 * @example
 * ```ts
 * essSdSquared(chains);
 * ```
 */
export function essSdSquared(chains: Chains, options?: DiagnosticOptions): number {
  checkChains(chains, "essSdSquared");
  if (anyInfinite(chains)) return NaN;
  const m = mean(pool(chains));
  return essWarn(splitChains(mapDraws(chains, (x) => (x - m) * (x - m))), options);
}
