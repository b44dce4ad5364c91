/**
 * The effective-sample-size estimator of Vehtari et al. (2021), as posterior's `.ess` computes it, on chains
 * that the caller has already split / rank-normalized / transformed. m chains of n draws:
 *
 * - γ̂_{c,t}: biased autocovariance of chain c at lag t; W = mean_c γ̂_{c,0} · n/(n−1) (mean within-chain
 *   variance); var⁺ = W·(n−1)/n + var(chain means) (the last term only when m > 1).
 * - ρ̂_t = 1 − (W − mean_c γ̂_{c,t}) / var⁺.
 * - Geyer's initial positive sequence: sums of pairs P_k = ρ̂_{2k} + ρ̂_{2k+1} are taken while positive (the last
 *   lag used is max_t); then the initial monotone sequence replaces any pair sum larger than the previous one by
 *   the previous one.
 * - τ̂ = −1 + 2 Σ_{t<max_t} ρ̂_t + ρ̂_{max_t} (the last term reduces variance for antithetic chains), floored at
 *   1/log₁₀(mn) — the cap that bounds ESS at mn·log₁₀(mn), with a warning.
 * - ESS = mn / τ̂. NaN (R's NA) when n < 3, any draw is infinite, or all draws are equal.
 *
 * @example
 * ```ts
 * const { ess, capped } = essOfChains(splitChains(chains));
 * ```
 */
import { autocovarianceSum } from "./autocovariance.js";
import { type Chains, anyInfinite, isConstant } from "./chains.js";
import { mean, variance } from "./moments.js";

/** The warning posterior gives when the ESS bound mn·log₁₀(mn) is hit. */
export const ESS_CAPPED_WARNING = "The ESS has been capped to avoid unstable estimates.";

/** Result of one ESS computation. */
export interface EssValue {
  /** Effective sample size, NaN where posterior returns NA. */
  ess: number;
  /** True when τ̂ hit its floor 1/log₁₀(mn), i.e. ESS was capped at mn·log₁₀(mn). */
  capped: boolean;
}

/**
 * Options shared by the ESS, R-hat and MCSE functions.
 *
 * @example
 * ```ts
 * const warnings: string[] = [];
 * essBulk(chains, { warnings }); // warnings may now hold ESS_CAPPED_WARNING
 * ```
 */
export interface DiagnosticOptions {
  /** Receives warning messages (each message once). */
  warnings?: string[];
}

/** Adds `message` to the warning sink unless it is already there. */
export function warn(options: DiagnosticOptions | undefined, message: string): void {
  if (options?.warnings && !options.warnings.includes(message)) options.warnings.push(message);
}

/**
 * ESS of the given chains, used as they are (no splitting or rank normalization; see the file comment).
 *
 * @example
 * ```ts
 * essOfChains([chainA, chainB]).ess;
 * ```
 */
export function essOfChains(chains: Chains): EssValue {
  const m = chains.length;
  const n = m === 0 ? 0 : chains[0]!.length;
  if (n < 3 || anyInfinite(chains) || isConstant(chains)) return { ess: NaN, capped: false };
  const acovMean = autocovarianceSum(chains);
  const chainMeans = new Float64Array(m);
  for (let c = 0; c < m; c++) chainMeans[c] = mean(chains[c]!);
  for (let t = 0; t < n; t++) acovMean[t] = acovMean[t]! / m;
  const meanVar = (acovMean[0]! * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chainMeans);
  const rhoAt = (t: number): number => 1 - (meanVar - acovMean[t]!) / varPlus;

  // Geyer's initial positive sequence (rho[t] is the autocorrelation at lag t).
  const rho = new Float64Array(n);
  let t = 0;
  let even = 1;
  let odd = rhoAt(1);
  rho[0] = even;
  rho[1] = odd;
  while (t < n - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    t += 2;
    even = rhoAt(t);
    odd = rhoAt(t + 1);
    if (even + odd >= 0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const maxT = t;
  if (even > 0) rho[maxT] = even; // used by the improved (antithetic) estimate

  // Geyer's initial monotone sequence.
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t]! + rho[t + 1]! > rho[t - 2]! + rho[t - 1]!) {
      rho[t] = (rho[t - 2]! + rho[t - 1]!) / 2;
      rho[t + 1] = rho[t]!;
    }
  }

  const total = m * n;
  // τ̂ = −1 + 2 Σ_{t<max_t} ρ̂_t + ρ̂_{max_t}; for max_t = 0 posterior's R indexing 1:0 sums ρ̂_0 alone.
  let sum = 0;
  for (let k = 0; k < Math.max(maxT, 1); k++) sum += rho[k]!;
  let tau = -1 + 2 * sum + rho[maxT]!;
  const tauBound = 1 / Math.log10(total);
  let capped = false;
  if (tau < tauBound) {
    tau = tauBound;
    capped = true;
  }
  return { ess: total / tau, capped };
}
