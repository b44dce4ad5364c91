/**
 * Bucket borders of a bar ("Riemann") distribution: K buckets of equal prior mass, from prior samples of the
 * output (the PFN papers use ≥ 10^5 samples). Border j (0 ≤ j ≤ K) is the empirical quantile j/K of the
 * samples (linear interpolation between order statistics), so border 0 is the smallest sample and border K
 * the largest. Ties (a prior with atoms) would give empty buckets; those borders are spread apart by a tiny
 * relative step so every bucket has positive width.
 *
 * @example
 * ```ts
 * const ys = Float64Array.from({ length: 100000 }, () => rng.normal());
 * const b = equalMassBorders(ys, 100);   // 101 increasing borders, b[50] ≈ 0
 * ```
 */
import { BorelError } from "../util/errors.js";

/** The minimum number of prior samples `equalMassBorders` accepts per bucket (below it borders are noise). */
export const MIN_SAMPLES_PER_BUCKET = 10;

/** K + 1 strictly increasing borders at the quantiles j/K of `samples`. */
export function equalMassBorders(samples: ArrayLike<number>, buckets: number): Float64Array {
  if (!Number.isInteger(buckets) || buckets < 2)
    throw new BorelError("bad-option", `equalMassBorders: 'buckets' must be an integer ≥ 2, got ${buckets}`);
  const n = samples.length;
  if (n < buckets * MIN_SAMPLES_PER_BUCKET)
    throw new BorelError("bad-option", `equalMassBorders: ${n} samples are too few for ${buckets} buckets`, {
      hint: `give at least ${buckets * MIN_SAMPLES_PER_BUCKET} samples (the PFN papers use ≥ 100000), or fewer buckets`,
    });
  const s = Float64Array.from(samples);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(s[i])) throw new BorelError("nan", `equalMassBorders: sample ${i} is ${s[i]}`, { hint: "the prior produced a non-finite output" });
  s.sort();
  const b = new Float64Array(buckets + 1);
  for (let j = 0; j <= buckets; j++) {
    const pos = (j / buckets) * (n - 1), lo = Math.floor(pos), hi = Math.min(n - 1, lo + 1);
    b[j] = s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }
  return separate(b);
}

/** Makes borders strictly increasing: runs of equal borders are spread over a small relative step. */
export function separate(b: Float64Array): Float64Array {
  const span = b[b.length - 1] - b[0];
  const eps = Math.max(span, Math.abs(b[0]), 1) * 1e-6;
  for (let j = 1; j < b.length; j++) if (!(b[j] > b[j - 1])) b[j] = b[j - 1] + eps;
  return b;
}

/** Checks borders given by a user: finite, strictly increasing, at least 3 (two buckets). */
export function checkBorders(b: ArrayLike<number>, where: string): void {
  if (b.length < 3) throw new BorelError("bad-parameter", `${where}: needs at least 3 borders (2 buckets), got ${b.length}`);
  for (let j = 0; j < b.length; j++) {
    if (!Number.isFinite(b[j])) throw new BorelError("bad-parameter", `${where}: border ${j} is ${b[j]}`);
    if (j > 0 && !(b[j] > b[j - 1]))
      throw new BorelError("bad-parameter", `${where}: borders must increase strictly, but border ${j} (${b[j]}) ≤ border ${j - 1} (${b[j - 1]})`);
  }
}

/**
 * The bucket of y: the j with b[j] ≤ y < b[j+1]; values below b[1] fall in bucket 0 and values at or above
 * b[K−1] in bucket K−1 (the half-normal tails of the edge buckets cover all of ℝ). Binary search.
 */
export function bucketOf(b: ArrayLike<number>, y: number): number {
  const K = b.length - 1;
  if (y < b[1]) return 0;
  if (y >= b[K - 1]) return K - 1;
  let lo = 1, hi = K - 1; // b[lo] ≤ y < b[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (b[mid] <= y) lo = mid; else hi = mid;
  }
  return lo;
}
