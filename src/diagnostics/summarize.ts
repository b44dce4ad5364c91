/**
 * One-call summary of the draws of a scalar quantity, with the fields (and names) of R's posterior 1.4.0
 * `summarise_draws` and its diagnostic functions: location and scale, quantiles, R̂ variants, ESS variants,
 * MCSEs, and the warnings posterior would print (e.g. the ESS cap).
 *
 * Mean, sd (n − 1), median, mad and quantiles (type 7) are over all draws pooled; see `rhat.ts`, `ess.ts` and
 * `mcse.ts` for the diagnostics. NaN stands for R's NA.
 *
 * @example
 * ```ts
 * const s = summarizeDraws([chain1, chain2, chain3, chain4]);
 * s.mean; s.q05; s.rhat; s.ess_bulk; s.ess_tail; s.mcse_mean; s.warnings;
 * ```
 */
import { type Chains, anyInfinite, checkChains, isConstant, pool } from "./chains.js";
import { essBasic, essBelow, essBulk, essMean, essQuantile, essSd, essSdSquared } from "./ess.js";
import { essOfChains } from "./ess-core.js";
import { foldDraws, zScale } from "./rank-normalize.js";
import { splitChains } from "./split.js";
import { mcseMean, mcseQuantile, mcseSd } from "./mcse.js";
import { mean, sd } from "./moments.js";
import { mad, quantileSorted, sorted } from "./quantile.js";
import { rhat, rhatBasic, rhatOfChains } from "./rhat.js";

/** Summary of one scalar quantity; field names as in R's posterior package. */
export interface DrawsSummary {
  mean: number;
  median: number;
  sd: number;
  mad: number;
  q05: number;
  q50: number;
  q95: number;
  /** Rank-normalized split R̂ (max of bulk and folded). */
  rhat: number;
  /** R̂ of split chains without rank normalization. */
  rhat_basic: number;
  /** Classic R̂ of whole chains. */
  rhat_basic_nosplit: number;
  ess_bulk: number;
  ess_tail: number;
  /** ESS of split chains without rank normalization. */
  ess_basic: number;
  /** ESS of whole chains. */
  ess_basic_nosplit: number;
  ess_mean: number;
  /** posterior 1.4.0 ESS for the sd: ESS of |x − mean(x)|. */
  ess_sd: number;
  /** posterior ≥ 1.6.1 ESS for the sd: ESS of (x − mean(x))². */
  "ess_sd_posterior_ge_1.6.1": number;
  ess_q05: number;
  ess_q95: number;
  mcse_mean: number;
  mcse_sd: number;
  mcse_q05: number;
  mcse_q95: number;
  /** Warnings posterior would give for this quantity (each once). */
  warnings: string[];
}

/**
 * Summarizes the draws of one scalar quantity (see `DrawsSummary`).
 *
 * @example
 * ```ts
 * const { mean, sd, rhat, ess_bulk, warnings } = summarizeDraws(chains);
 * ```
 */
export function summarizeDraws(chains: Chains): DrawsSummary {
  checkChains(chains, "summarizeDraws");
  const warnings: string[] = [];
  const o = { warnings };
  const all = pool(chains);
  const xs = sorted(all);
  const essQ05 = essQuantile(chains, 0.05, o);
  const essQ95 = essQuantile(chains, 0.95, o);
  return {
    mean: mean(all),
    median: quantileSorted(xs, 0.5),
    sd: sd(all),
    mad: mad(all),
    q05: quantileSorted(xs, 0.05),
    q50: quantileSorted(xs, 0.5),
    q95: quantileSorted(xs, 0.95),
    rhat: rhat(chains),
    rhat_basic: rhatBasic(chains),
    rhat_basic_nosplit: rhatBasic(chains, { split: false }),
    ess_bulk: essBulk(chains, o),
    ess_tail: Math.min(essQ05, essQ95),
    ess_basic: essBasic(chains, o),
    ess_basic_nosplit: essBasic(chains, { ...o, split: false }),
    ess_mean: essMean(chains, o),
    ess_sd: essSd(chains, o),
    "ess_sd_posterior_ge_1.6.1": essSdSquared(chains, o),
    ess_q05: essQ05,
    ess_q95: essQ95,
    mcse_mean: mcseMean(chains, o),
    mcse_sd: mcseSd(chains, o),
    mcse_q05: mcseQuantile(chains, 0.05, o),
    mcse_q95: mcseQuantile(chains, 0.95, o),
    warnings,
  };
}

/** The fields of `summarizeDraws` a posterior's summary table shows, and the MCSE of the mean. */
export type CoreSummary = Pick<DrawsSummary, "mean" | "sd" | "q05" | "q50" | "q95" | "rhat" | "ess_bulk" | "ess_tail" | "mcse_mean">;

/**
 * Only the fields of `CoreSummary`, each computed as `summarizeDraws` computes it (the same numbers), without
 * the other dozen ESS/MCSE variants — each one an FFT or a rank normalization of every draw.
 *
 * @example
 * ```ts
 * const { mean, rhat, ess_bulk } = summarizeCore(chains);
 * ```
 */
export function summarizeCore(chains: Chains): CoreSummary {
  checkChains(chains, "summarizeDraws");
  const all = pool(chains);
  const xs = sorted(all);
  const q05 = quantileSorted(xs, 0.05), q50 = quantileSorted(xs, 0.5), q95 = quantileSorted(xs, 0.95);
  // As essQuantile (same quantiles of the same draws) and rhat/essBulk (one rank normalization of the split
  // draws serves both); the function names in the errors are those of summarizeDraws.
  const degenerate = anyInfinite(chains) || isConstant(chains) || all.some(Number.isNaN);
  const essQ05 = degenerate ? essQuantile(chains, 0.05) : essBelow(chains, q05);
  const essQ95 = degenerate ? essQuantile(chains, 0.95) : essBelow(chains, q95);
  const z = zScale(splitChains(chains));
  const rhatValue = Math.max(rhatOfChains(z), rhatOfChains(zScale(splitChains(foldDraws(chains)))));
  return {
    mean: mean(all), sd: sd(all), q05, q50, q95,
    rhat: rhatValue, ess_bulk: essOfChains(z).ess, ess_tail: Math.min(essQ05, essQ95),
    mcse_mean: mcseMean(chains),
  };
}

/**
 * Summaries of several named quantities, one row each with its `variable` name, in the order given.
 *
 * @example
 * ```ts
 * summarizeVariables({ mu: muChains, sigma: sigmaChains }); // [{variable: "mu", ...}, {variable: "sigma", ...}]
 * ```
 */
export function summarizeVariables(variables: Record<string, Chains>): (DrawsSummary & { variable: string })[] {
  return Object.entries(variables).map(([variable, chains]) => ({ variable, ...summarizeDraws(chains) }));
}
