/**
 * WAIC, the widely applicable information criterion (Watanabe 2010), in the form of Vehtari, Gelman & Gabry
 * (2017) and the loo package. For S draws and observation i:
 *
 *   lpdᵢ = log (1/S) Σₛ p(yᵢ | θₛ),   p_waic,i = var_s log p(yᵢ | θₛ) (divisor S − 1),
 *   elpd_waic,i = lpdᵢ − p_waic,i,   waicᵢ = −2 elpd_waic,i,
 *
 * each summed over i with SE sqrt(N · var) (`sumWithSe`). A warning is given when some p_waic,i > 0.4, where
 * WAIC is known to be unreliable and PSIS-LOO is recommended.
 *
 * @example
 * ```ts
 * const w = waic(logLikPerObservation);
 * w.elpd_waic; w.p_waic; w.waic; w.se_waic; w.warnings;
 * ```
 */
import { BorelError } from "../util/errors.js";
import { type LogLikInput, logLikColumns, sumWithSe } from "./log-lik.js";
import { logMeanExp } from "../math/log.js";
import { variance } from "./moments.js";

/** Result of `waic`: totals with standard errors, pointwise values and warnings. */
export interface WaicResult {
  elpd_waic: number;
  se_elpd_waic: number;
  p_waic: number;
  se_p_waic: number;
  waic: number;
  se_waic: number;
  pointwise: { elpd_waic: Float64Array; p_waic: Float64Array; waic: Float64Array; lpd: Float64Array };
  warnings: string[];
}

/**
 * WAIC from a pointwise log-likelihood matrix (see the file comment and `LogLikInput`).
 *
 * @example
 * ```ts
 * const { elpd_waic, se_elpd_waic, p_waic } = waic({ values: flat, draws: 4000, observations: 50 });
 * ```
 */
export function waic(logLik: LogLikInput): WaicResult {
  const cols = logLikColumns(logLik, "waic");
  const n = cols.length;
  const lpd = new Float64Array(n);
  const pw = new Float64Array(n);
  cols.forEach((ll, i) => {
    if (ll.some((v) => v === -Infinity))
      throw new BorelError("bad-argument", `waic: observation ${i} has log-likelihood -Infinity at some draw`, {
        hint: "the variance of the log-likelihood is then infinite; use loo instead",
      });
    lpd[i] = logMeanExp(ll);
    pw[i] = variance(ll);
  });
  const elpd = lpd.map((v, i) => v - pw[i]!);
  const e = sumWithSe(elpd);
  const p = sumWithSe(pw);
  const warnings: string[] = [];
  const nBad = pw.reduce((c, v) => c + (v > 0.4 ? 1 : 0), 0);
  if (nBad > 0)
    warnings.push(
      `${nBad} (${((100 * nBad) / n).toFixed(1)}%) p_waic estimates greater than 0.4. We recommend trying loo instead.`,
    );
  return {
    elpd_waic: e.estimate,
    se_elpd_waic: e.se,
    p_waic: p.estimate,
    se_p_waic: p.se,
    waic: -2 * e.estimate,
    se_waic: 2 * e.se,
    pointwise: { elpd_waic: elpd, p_waic: pw, waic: elpd.map((v) => -2 * v), lpd },
    warnings,
  };
}
