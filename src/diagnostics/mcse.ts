/**
 * Monte Carlo standard errors of posterior 1.4.0 for draws of one scalar quantity given as chains.
 *
 * - mean: sd(x) / sqrt(essMean(x)).
 * - sd (posterior 1.4.0, Kenney & Keeping 1951 moments with a first-order Taylor step): with c = x − mean(x),
 *   E₂ = mean(c²), Var(E₂) ≈ (mean(c⁴) − E₂²) / essMean(c²), and mcse_sd = sqrt(Var(E₂) / E₂ / 4).
 * - quantile p: with ESS_p = essQuantile(x, p), take a = qbeta((0.1586553, 0.8413447), ESS_p·p + 1,
 *   ESS_p·(1 − p) + 1), the sorted draws x₍₁₎ ≤ … ≤ x₍S₎, and return (x₍min(⌈a₂S⌉, S)₎ − x₍max(⌊a₁S⌋, 1)₎) / 2, half
 *   the width of a ±1 sd interval of the quantile's order statistic.
 *
 * @example
 * ```ts
 * mcseMean(chains); mcseSd(chains); mcseQuantile(chains, 0.05);
 * ```
 */
import { betaIncInv } from "../math/incbeta.js";
import { type Chains, anyInfinite, checkChains, mapDraws, pool } from "./chains.js";
import { type DiagnosticOptions, essMean, essQuantile } from "./ess.js";
import { mean, sd } from "./moments.js";
import { sorted } from "./quantile.js";

/**
 * MCSE of the posterior mean estimate: sd(x) / sqrt(essMean(x)).
 *
 * @example
 * ```ts
 * const m = mean(pool(chains)), se = mcseMean(chains); // report m ± 2·se
 * ```
 */
export function mcseMean(chains: Chains, options?: DiagnosticOptions): number {
  checkChains(chains, "mcseMean");
  return sd(pool(chains)) / Math.sqrt(essMean(chains, options));
}

/**
 * MCSE of the posterior sd estimate, posterior 1.4.0 formula (see the file comment).
 *
 * @example
 * ```ts
 * mcseSd(chains);
 * ```
 */
export function mcseSd(chains: Chains, options?: DiagnosticOptions): number {
  checkChains(chains, "mcseSd");
  if (anyInfinite(chains)) return NaN;
  const m = mean(pool(chains));
  const c2 = mapDraws(chains, (x) => (x - m) * (x - m));
  const ess = essMean(c2, options);
  const all2 = pool(c2);
  const e2 = mean(all2);
  const e4 = mean(all2.map((v) => v * v));
  const varVar = (e4 - e2 * e2) / ess;
  return Math.sqrt(varVar / e2 / 4);
}

/** posterior's Φ(−1) and Φ(1), to the 7 digits it uses. */
const LOWER = 0.1586553;
const UPPER = 0.8413447;

/**
 * MCSE of the p-quantile estimate (see the file comment); NaN when the quantile ESS is NaN.
 *
 * @example
 * ```ts
 * mcseQuantile(chains, 0.95);
 * ```
 */
export function mcseQuantile(chains: Chains, p: number, options?: DiagnosticOptions): number {
  checkChains(chains, "mcseQuantile");
  const ess = essQuantile(chains, p, options);
  if (!Number.isFinite(ess)) return NaN;
  const a1 = betaIncInv(ess * p + 1, ess * (1 - p) + 1, LOWER);
  const a2 = betaIncInv(ess * p + 1, ess * (1 - p) + 1, UPPER);
  const xs = sorted(pool(chains));
  const s = xs.length;
  const th1 = xs[Math.max(Math.floor(a1 * s), 1) - 1]!;
  const th2 = xs[Math.min(Math.ceil(a2 * s), s) - 1]!;
  return (th2 - th1) / 2;
}

/**
 * MCSE of the median estimate: `mcseQuantile(chains, 0.5)`.
 *
 * @example
 * ```ts
 * mcseMedian(chains);
 * ```
 */
export function mcseMedian(chains: Chains, options?: DiagnosticOptions): number {
  return mcseQuantile(chains, 0.5, options);
}
