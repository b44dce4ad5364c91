/**
 * Summaries of weighted draws from importance sampling, given log weights (unnormalized; −∞ allowed).
 * With normalized weights w̄ᵢ = exp(ℓᵢ − log Σ exp ℓ):
 *
 * - Kish effective sample size: ESS = (Σ wᵢ)² / Σ wᵢ² = 1 / Σ w̄ᵢ².
 * - Weighted mean: μ = Σ w̄ᵢ xᵢ.
 * - Weighted variance with the reliability-weights correction: Σ w̄ᵢ (xᵢ − μ)² / (1 − Σ w̄ᵢ²); equal weights give
 *   R's `var` (divisor n − 1). NaN when one draw carries all the weight.
 * - Weighted quantiles: the type-7 rule generalized to weights as in posterior's `weighted_quantile` (the
 *   sorted xₖ sit at p_k = (F_k − w̄ₖ)/(1 − w̄ₖ), F the cumulative weight, with linear interpolation between
 *   them); equal weights give R's `quantile(x, p)`. Zero-weight draws are ignored.
 *
 * @example
 * ```ts
 * const logW = [0, Math.log(2), Math.log(3)];
 * essImportance(logW);              // 36 / 14 ≈ 2.571
 * weightedMean([1, 2, 3], logW);    // 14 / 6
 * ```
 */
import { BorelError } from "../util/errors.js";
import { rescale } from "./moments.js";

function checkLogWeights(logWeights: ArrayLike<number>, fn: string, n?: number): void {
  if (logWeights.length === 0) throw new BorelError("bad-argument", `${fn}: argument 'logWeights' is empty`);
  if (n !== undefined && logWeights.length !== n)
    throw new BorelError("bad-argument", `${fn}: arguments 'values' (${n}) and 'logWeights' (${logWeights.length}) differ in length`);
  for (let i = 0; i < logWeights.length; i++) {
    const v = logWeights[i]!;
    if (Number.isNaN(v) || v === Infinity)
      throw new BorelError("nan", `${fn}: argument 'logWeights' has ${v} at index ${i}`, {
        hint: "a log weight must be a number or -Infinity",
      });
  }
}

/**
 * Normalized weights exp(ℓᵢ − log Σ exp ℓ) (they sum to 1). Throws when every weight is zero.
 *
 * @example
 * ```ts
 * normalizeLogWeights([0, 0, -Infinity]); // Float64Array [0.5, 0.5, 0]
 * ```
 */
export function normalizeLogWeights(logWeights: ArrayLike<number>): Float64Array {
  checkLogWeights(logWeights, "normalizeLogWeights");
  const w = relativeWeights(logWeights);
  if (w === null)
    throw new BorelError("zero-weights", "normalizeLogWeights: every log weight is -Infinity", {
      hint: "no draw is compatible with the observations; use a better proposal or check the constraints",
    });
  return w;
}

/**
 * exp(ℓᵢ − max ℓ) divided by their sum (null when every ℓ is −∞). Not exp(ℓᵢ − logSumExp(ℓ)): with log weights
 * near −10¹⁷ (a factor of −1e17) max + log N rounds back to max, and N equal weights came out as 1 each.
 */
function relativeWeights(logWeights: ArrayLike<number>): Float64Array | null {
  let max = -Infinity;
  for (let i = 0; i < logWeights.length; i++) if (logWeights[i]! > max) max = logWeights[i]!;
  if (max === -Infinity) return null;
  const w = new Float64Array(logWeights.length);
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i] = Math.exp(logWeights[i]! - max);
  for (let i = 0; i < w.length; i++) w[i]! /= sum;
  return w;
}

/**
 * Kish effective sample size (Σw)²/Σw², computed from log weights; 0 when every weight is zero.
 *
 * @example
 * ```ts
 * essImportance([0, 0, 0, 0]); // 4
 * essImportance([0, -Infinity, -Infinity]); // 1
 * ```
 */
export function essImportance(logWeights: ArrayLike<number>): number {
  checkLogWeights(logWeights, "essImportance");
  const w = relativeWeights(logWeights);
  if (w === null) return 0;
  let s2 = 0;
  for (let i = 0; i < w.length; i++) s2 += w[i]! * w[i]!;
  return 1 / s2;
}

/**
 * Self-normalized importance-sampling mean Σ w̄ᵢ xᵢ.
 *
 * @example
 * ```ts
 * weightedMean([0, 10], [Math.log(3), 0]); // 2.5
 * ```
 */
export function weightedMean(values: ArrayLike<number>, logWeights: ArrayLike<number>): number {
  checkLogWeights(logWeights, "weightedMean", values.length);
  return weightedMoments(values, normalizeLogWeights(logWeights)).mean;
}

/**
 * Σ w̄ᵢ xᵢ and Σ w̄ᵢ² over the draws of positive weight. Equal values (a constant column) have exactly that
 * value as mean and `constant` set, not a rounding error of the weights' sum.
 */
function weightedMoments(values: ArrayLike<number>, w: Float64Array): { mean: number; s2: number; count: number; constant: boolean } {
  let m = 0, s2 = 0, count = 0, first = NaN, same = true;
  for (let i = 0; i < w.length; i++) if (w[i]! > 0) {
    m += w[i]! * values[i]!;
    s2 += w[i]! * w[i]!;
    if (count++ === 0) first = values[i]!; else same &&= values[i] === first;
  }
  const constant = same && count > 0 && !Number.isNaN(first);
  return { mean: constant ? first : m, s2, count, constant };
}

/**
 * Weighted variance with the reliability-weights correction (see the file comment).
 *
 * @example
 * ```ts
 * weightedVariance([1, 2, 3], [0, 0, 0]); // 1, as R's var
 * ```
 */
export function weightedVariance(values: ArrayLike<number>, logWeights: ArrayLike<number>): number {
  checkLogWeights(logWeights, "weightedVariance", values.length);
  const w = normalizeLogWeights(logWeights);
  const { mean: m, s2, count, constant } = weightedMoments(values, w);
  // Equal values (two or more draws) vary by exactly 0, even when the weights' rounding leaves Σw² ≥ 1.
  if (constant && count > 1) return 0;
  // One draw holds (all but rounding of) the weight: like R's var of one value, the variance is undefined
  // (NaN, shown as "-"), not the ∞ or 10¹⁶-fold value that dividing by 1 − Σw² ≈ 0 would give.
  if (!(1 - s2 > 1e-9)) return NaN;
  let v = 0;
  for (let i = 0; i < w.length; i++) if (w[i]! > 0) v += w[i]! * (values[i]! - m) ** 2;
  return v / (1 - s2);
}

/**
 * Weighted standard deviation, `sqrt(weightedVariance(values, logWeights))`.
 *
 * @example
 * ```ts
 * weightedSd([1, 2, 3, 4], [0, 0, 0, 0]); // 1.2909944487358056, as R's sd
 * ```
 */
export function weightedSd(values: ArrayLike<number>, logWeights: ArrayLike<number>): number {
  const M = rescale(values);
  return M === 1 ? Math.sqrt(weightedVariance(values, logWeights)) : M * Math.sqrt(weightedVariance(Float64Array.from(values, (v) => v / M), logWeights));
}

/**
 * Weighted type-7 quantile (see the file comment).
 *
 * @example
 * ```ts
 * weightedQuantile([1, 2, 3, 4], [0, 0, 0, 0], 0.05); // 1.15, as R's quantile
 * ```
 */
export function weightedQuantile(values: ArrayLike<number>, logWeights: ArrayLike<number>, p: number): number {
  return weightedQuantiles(values, logWeights, [p])[0]!;
}

/**
 * Several weighted type-7 quantiles at once: the weights are normalized and the values sorted once (a summary
 * row's q05, q50 and q95 of 10⁵ draws cost one sort, not three).
 *
 * @example
 * ```ts
 * weightedQuantiles([1, 2, 3, 4], [0, 0, 0, 0], [0.05, 0.5]); // [1.15, 2.5]
 * ```
 */
export function weightedQuantiles(values: ArrayLike<number>, logWeights: ArrayLike<number>, ps: readonly number[]): number[] {
  checkLogWeights(logWeights, "weightedQuantile", values.length);
  for (const p of ps)
    if (!(p >= 0 && p <= 1)) throw new BorelError("bad-argument", `weightedQuantile: argument 'p' must be a probability in [0, 1], got ${p}`);
  const w = normalizeLogWeights(logWeights);
  const idx: number[] = [];
  for (let i = 0; i < w.length; i++) {
    if (Number.isNaN(values[i]!)) throw new BorelError("nan", `weightedQuantile: argument 'values' has NaN at index ${i}`);
    if (w[i]! > 0) idx.push(i);
  }
  idx.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
  const k = idx.length;
  if (k === 1) return ps.map(() => values[idx[0]!]!);
  // positions p_k of the sorted values, nondecreasing from 0 to 1
  const pos = new Float64Array(k);
  let cum = 0;
  for (let j = 0; j < k; j++) {
    const wj = w[idx[j]!]!;
    cum += wj;
    pos[j] = j === k - 1 ? 1 : (cum - wj) / (1 - wj);
  }
  pos[0] = 0;
  return ps.map((p) => {
    if (p <= pos[0]!) return values[idx[0]!]!;
    // the first j with pos[j] ≥ p (binary search; pos is nondecreasing), within [1, k − 1]
    let lo = 1, hi = k - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (pos[mid]! < p) lo = mid + 1; else hi = mid; }
    const j = lo;
    // pos[j-1] < p <= pos[j]
    const x0 = values[idx[j - 1]!]!;
    const x1 = values[idx[j]!]!;
    const span = pos[j]! - pos[j - 1]!;
    if (span <= 0 || x0 === x1) return x1;
    const h = (p - pos[j - 1]!) / span;
    return (1 - h) * x0 + h * x1;
  });
}
