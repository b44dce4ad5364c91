/**
 * PSIS-LOO: approximate leave-one-out cross-validation from one posterior sample (Vehtari, Gelman & Gabry 2017).
 *
 * For observation i, the importance ratios of the LOO posterior p(θ | y₋ᵢ) against the full posterior are
 * rᵢₛ ∝ 1 / p(yᵢ | θₛ), so log ratios are −log p(yᵢ | θₛ). With w̄ᵢₛ the normalized PSIS weights (`psis.ts`):
 *
 *   elpd_loo,i = log Σₛ w̄ᵢₛ p(yᵢ | θₛ),   lpdᵢ = log (1/S) Σₛ p(yᵢ | θₛ),   p_loo,i = lpdᵢ − elpd_loo,i,
 *   looicᵢ = −2 elpd_loo,i,
 *
 * each summed over i with SE sqrt(N · var) (`sumWithSe`). k̂ᵢ > 0.7 makes elpd_loo,i unreliable (warning);
 * 0.5 < k̂ᵢ ≤ 0.7 is "ok".
 *
 * @example
 * ```ts
 * const res = loo(logLikPerObservation); // Float64Array[] of S draws each
 * res.elpd_loo; res.se_elpd_loo; res.p_loo; res.looic; res.pareto_k; res.warnings;
 * ```
 */
import { BorelError } from "../util/errors.js";
import { type LogLikInput, logLikColumns, sumWithSe } from "./log-lik.js";
import { logMeanExp, logSumExp } from "../math/log.js";
import { type PsisTruncation, type ParetoKCategory, paretoKCategory, psis } from "./psis.js";

/** Options of `loo`. */
export interface LooOptions {
  /** Relative efficiency of exp(log-lik) per observation (or one value for all); default 1 (independent draws). */
  rEff?: number | ArrayLike<number>;
  /** PSIS truncation rule (see `psis`), default `"mean"`. */
  truncation?: PsisTruncation;
}

/** Result of `loo`: totals with standard errors, pointwise values, Pareto k̂ and warnings. */
export interface LooResult {
  elpd_loo: number;
  se_elpd_loo: number;
  p_loo: number;
  se_p_loo: number;
  looic: number;
  se_looic: number;
  pointwise: {
    elpd_loo: Float64Array;
    p_loo: Float64Array;
    looic: Float64Array;
    /** log of the mean likelihood over the full posterior (the in-sample lpd). */
    lpd: Float64Array;
    pareto_k: Float64Array;
    /** PSIS effective sample sizes. */
    ess: Float64Array;
  };
  /** Pareto k̂ per observation (same array as `pointwise.pareto_k`). */
  pareto_k: Float64Array;
  /** Number of observations per k̂ category. */
  pareto_k_counts: Record<ParetoKCategory, number>;
  warnings: string[];
}

/**
 * PSIS-LOO from a pointwise log-likelihood matrix (see the file comment and `LogLikInput`).
 *
 * @example
 * ```ts
 * const { elpd_loo, se_elpd_loo, pareto_k } = loo({ values: flat, draws: 4000, observations: 50 });
 * ```
 */
export function loo(logLik: LogLikInput, options: LooOptions = {}): LooResult {
  const cols = logLikColumns(logLik, "loo");
  const n = cols.length;
  const rEffs = options.rEff;
  if (rEffs !== undefined && typeof rEffs !== "number" && rEffs.length !== n)
    throw new BorelError("bad-argument", `loo: option 'rEff' must be one number or one per observation (${n}), got ${rEffs.length}`);
  const elpd = new Float64Array(n);
  const lpd = new Float64Array(n);
  const k = new Float64Array(n);
  const ess = new Float64Array(n);
  cols.forEach((ll, i) => {
    const rEff = rEffs === undefined ? 1 : typeof rEffs === "number" ? rEffs : rEffs[i]!;
    const d = ll.indexOf(-Infinity);
    if (d >= 0)
      throw new BorelError("bad-argument", `loo: argument 'logLik' is -Infinity at draw ${d}, observation ${i}`, {
        hint: "an observation impossible under some posterior draw has an infinite importance ratio; PSIS-LOO is undefined there",
      });
    const ps = psis(ll.map((v) => -v), { rEff, truncation: options.truncation });
    const z = logSumExp(ps.logWeights);
    const terms = ll.map((v, s) => v + ps.logWeights[s]! - z);
    elpd[i] = logSumExp(terms);
    lpd[i] = logMeanExp(ll);
    k[i] = ps.k;
    ess[i] = ps.ess;
  });
  const pLoo = lpd.map((v, i) => v - elpd[i]!);
  const looic = elpd.map((v) => -2 * v);
  const e = sumWithSe(elpd);
  const p = sumWithSe(pLoo);
  const counts: Record<ParetoKCategory, number> = { good: 0, ok: 0, bad: 0, "very bad": 0 };
  const high: number[] = [];
  k.forEach((ki, i) => {
    counts[paretoKCategory(ki)]++;
    if (!(ki <= 0.7)) high.push(i);
  });
  const warnings: string[] = [];
  if (high.length > 0) {
    const shown = high.slice(0, 10).join(", ") + (high.length > 10 ? ", ..." : "");
    warnings.push(
      `${high.length} of ${n} Pareto k diagnostic values are too high (k > 0.7; observations ${shown}): ` +
        "PSIS-LOO is unreliable there; use more draws, exact LOO or K-fold cross-validation for those observations.",
    );
  }
  return {
    elpd_loo: e.estimate,
    se_elpd_loo: e.se,
    p_loo: p.estimate,
    se_p_loo: p.se,
    looic: -2 * e.estimate,
    se_looic: 2 * e.se,
    pointwise: { elpd_loo: elpd, p_loo: pLoo, looic, lpd, pareto_k: k, ess },
    pareto_k: k,
    pareto_k_counts: counts,
    warnings,
  };
}
