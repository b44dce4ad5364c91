/**
 * One summary row of a scalar key, as `summarizeDraws` (R's posterior 1.4.0) computes it: weighted mean, sd
 * and quantiles for weighted draws (no convergence diagnostics); for chains, rank-normalized split R̂, bulk
 * and tail ESS and the MCSE of the mean. Draws where the key is absent (a branch not taken) are left out and
 * the rest pooled as one chain; chains of unequal length (an interrupted run) are cut to the shortest for the
 * diagnostics.
 *
 * @example
 * ```ts
 * summaryRow(post.values("mu"), post.chainLengths, null, "mu"); // { mean, sd, q05, q50, q95, rhat, ... }
 * ```
 */
import { BorelError } from "../util/errors.js";
import { mean, normalizeLogWeights, quantile, sd, summarizeCore, weightedMean, weightedQuantiles, weightedSd } from "../diagnostics/index.js";

const QS = [0.05, 0.5, 0.95] as const;
import type { SummaryRow } from "./types.js";

/** The draws that have a value (not NaN) and their log weights (zeros when unweighted). */
function present(all: Float64Array, logWeights: Float64Array | null, key: string): { values: Float64Array; logW: Float64Array; complete: boolean } {
  let values = all, logW = logWeights ?? new Float64Array(all.length);
  // Draws of zero weight do not count: an address only they reach (a branch a factor(-inf) rejects) has no value.
  const counts = (i: number) => !Number.isNaN(all[i]) && logW[i] > -Infinity;
  let complete = true;
  for (let i = 0; i < all.length && complete; i++) complete = counts(i);
  if (!complete) {
    const idx = [...all.keys()].filter(counts);
    if (idx.length === 0) throw new BorelError("no-draws", `no draw${logWeights ? " of positive weight" : ""} has a value at '${key}'`, { address: key });
    values = Float64Array.from(idx, (i) => all[i]);
    logW = Float64Array.from(idx, (i) => logW[i]);
  }
  return { values, logW, complete };
}

/**
 * The `mean` of `summaryRow` alone — for weighted draws without the quantiles and sd (the same arithmetic, so
 * the same number); chains take the whole row.
 */
export function summaryMean(all: Float64Array, chainLengths: readonly number[], logWeights: Float64Array | null, key: string, exact = false): number {
  if (!logWeights) return summaryRow(all, chainLengths, logWeights, key, exact).mean;
  const { values, logW } = present(all, logWeights, key);
  return exact ? exactMean(values, normalizeLogWeights(logW)) : weightedMean(values, logW);
}

export function summaryRow(all: Float64Array, chainLengths: readonly number[], logWeights: Float64Array | null, key: string, exact = false): SummaryRow {
  const { values, logW, complete } = present(all, logWeights, key);
  if (logWeights && exact) return exactRow(values, logW);
  if (logWeights) {
    const [q05, q50, q95] = weightedQuantiles(values, logW, QS);
    return {
      mean: weightedMean(values, logW), sd: weightedSd(values, logW), q05: q05!, q50: q50!, q95: q95!,
      rhat: null, ess_bulk: null, ess_tail: null, mcse_mean: null,
    };
  }
  const chains = complete ? equalChains(values, chainLengths) : [values];
  if (chains.length === 0 || chains.some((c) => c.length < 4)) {
    const lw = new Float64Array(values.length);
    const [q05, q50, q95] = weightedQuantiles(values, lw, QS);
    return {
      mean: weightedMean(values, lw), sd: values.length > 1 ? weightedSd(values, lw) : NaN, q05: q05!, q50: q50!, q95: q95!,
      rhat: null, ess_bulk: null, ess_tail: null, mcse_mean: null,
    };
  }
  const s = summarizeCore(chains);
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  // Chains of unequal length (an interrupted run) are cut for the diagnostics, which need equal chains; the
  // estimates use every draw (cut, they dropped 1000 of 3000).
  if (chains.reduce((n, c) => n + c.length, 0) < values.length) {
    const [q05, q50, q95] = QS.map((p) => quantile(values, p));
    return { mean: mean(values), sd: sd(values), q05: q05!, q50: q50!, q95: q95!, rhat: fin(s.rhat), ess_bulk: fin(s.ess_bulk), ess_tail: fin(s.ess_tail), mcse_mean: fin(s.mcse_mean) };
  }
  return { mean: s.mean, sd: s.sd, q05: s.q05, q50: s.q50, q95: s.q95, rhat: fin(s.rhat), ess_bulk: fin(s.ess_bulk), ess_tail: fin(s.ess_tail), mcse_mean: fin(s.mcse_mean) };
}

/** Chains cut to the shortest non-empty length (empty chains dropped). */
function equalChains(values: Float64Array, lengths: readonly number[]): Float64Array[] {
  const n = Math.min(...lengths.filter((l) => l > 0));
  const out: Float64Array[] = [];
  let off = 0;
  for (const l of lengths) { if (l > 0) out.push(values.subarray(off, off + n)); off += l; }
  return out;
}

/**
 * Summary of an exact discrete distribution (enumeration: the weights are the probabilities): population
 * moments (no finite-sample correction) and quantiles from the inverse cdf, min{x : F(x) ≥ p}.
 */
function exactRow(values: Float64Array, logW: Float64Array): SummaryRow {
  const w = normalizeLogWeights(logW);
  const mean = exactMean(values, w);
  let v = 0;
  // A constant (a tracked parameter, a conditioned return value) varies by exactly 0, not by rounding.
  if (!constantValue(values, w)) for (let i = 0; i < values.length; i++) if (w[i] > 0) v += w[i] * (values[i] - mean) ** 2;
  return {
    mean, sd: Math.sqrt(v),
    q05: exactQuantile(values, w, 0.05), q50: exactQuantile(values, w, 0.5), q95: exactQuantile(values, w, 0.95),
    rhat: null, ess_bulk: null, ess_tail: null, mcse_mean: null,
  };
}

/** True when every value of positive weight is the same number. */
function constantValue(values: Float64Array, w: Float64Array): boolean {
  let first = NaN;
  for (let i = 0; i < values.length; i++) {
    if (!(w[i] > 0)) continue;
    if (Number.isNaN(first)) first = values[i];
    else if (values[i] !== first) return false;
  }
  return !Number.isNaN(first);
}

/** Σ w_i x_i / Σ w_i for normalized weights: exactly the value of a constant column, not a rounding of it. */
function exactMean(values: Float64Array, w: Float64Array): number {
  if (constantValue(values, w)) return values[w.findIndex((x) => x > 0)];
  let mean = 0, total = 0;
  for (let i = 0; i < values.length; i++) if (w[i] > 0) { mean += w[i] * values[i]; total += w[i]; }
  return mean / total;
}

/** min{x : Σ_{x_i ≤ x} w_i ≥ p} for normalized weights (a small tolerance absorbs rounding in the sums). */
export function exactQuantile(values: Float64Array, w: Float64Array, p: number): number {
  const order = [...values.keys()].sort((a, b) => values[a] - values[b]);
  let cdf = 0;
  for (const i of order) {
    cdf += w[i];
    if (cdf >= p - 1e-12) return values[i];
  }
  return values[order[order.length - 1]];
}
