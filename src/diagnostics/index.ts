/**
 * MCMC and importance-sampling diagnostics (layer 6, pure numeric code): R-hat, ESS and MCSE exactly as R's
 * `posterior` package 1.4.0, quantiles, `summarizeDraws`, weighted-draw summaries, PSIS, PSIS-LOO and WAIC.
 *
 * Draws of one scalar quantity are passed as `chains`: one array per chain, equal lengths.
 *
 * @example
 * ```ts
 * import { summarizeDraws, loo } from "./diagnostics/index.js";
 * const s = summarizeDraws([chain1, chain2, chain3, chain4]); // s.rhat, s.ess_bulk, s.mcse_mean, ...
 * const l = loo(logLikPerObservation);                         // l.elpd_loo, l.pareto_k, l.warnings
 * ```
 */
export { type Chains, checkChains } from "./chains.js";
export { mean, variance, sd } from "./moments.js";
export { quantile, median, mad } from "./quantile.js";
export { splitChains } from "./split.js";
export { averageRanks, zScale, foldDraws } from "./rank-normalize.js";
export { autocovariance } from "./autocovariance.js";
export { type DiagnosticOptions, ESS_CAPPED_WARNING } from "./ess-core.js";
export { essBasic, essMean, essBulk, essTail, essQuantile, essMedian, essSd, essSdSquared } from "./ess.js";
export { rhat, rhatBasic } from "./rhat.js";
export { mcseMean, mcseSd, mcseQuantile, mcseMedian } from "./mcse.js";
export { type CoreSummary, type DrawsSummary, summarizeCore, summarizeDraws, summarizeVariables } from "./summarize.js";
export {
  essImportance,
  normalizeLogWeights,
  weightedMean,
  weightedVariance,
  weightedSd,
  weightedQuantile,
  weightedQuantiles,
} from "./importance.js";
export { type GpdFit, gpdFit, gpdQuantile } from "./gpd.js";
export {
  type PsisOptions,
  type PsisResult,
  type PsisTruncation,
  type ParetoKCategory,
  psis,
  psisTailLength,
  paretoKCategory,
} from "./psis.js";
export { type LogLikInput, type LogLikMatrix, type PointwiseEstimate, sumWithSe } from "./log-lik.js";
export { type LooOptions, type LooResult, loo } from "./loo.js";
export { type WaicResult, waic } from "./waic.js";
