/**
 * Resampling schemes for particle methods, all O(N) in the number of particles (no sort, no binary search):
 * each draws sorted points u₁ ≤ … ≤ u_N in [0, 1) and merges them with the cumulative weights, so particle i
 * is chosen once for every point in [c_{i−1}, c_i).
 *
 * - `multinomial`: N iid uniforms, generated already sorted by the exponential-spacings trick
 *   (u_k = S_k / S_{N+1} with S_k a running sum of N+1 iid Exp(1) draws).
 * - `systematic`: u_k = (k + U)/N with one uniform U (lowest variance in practice; the default).
 * - `stratified`: u_k = (k + U_k)/N with one uniform per stratum.
 * - `residual`: ⌊N wᵢ⌋ copies of particle i, then the remaining R draws multinomially from the residual weights
 *   N wᵢ − ⌊N wᵢ⌋.
 *
 * Every scheme is unbiased: the expected number of copies of particle i is N wᵢ.
 *
 * @example
 * ```ts
 * const ancestors = resample("systematic", Float64Array.of(0.1, 0.6, 0.3), 3, new Rng(1));
 * // e.g. Int32Array [1, 1, 2]: non-decreasing ancestor indices
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";

export type ResampleScheme = "multinomial" | "systematic" | "stratified" | "residual";

export const RESAMPLE_SCHEMES: readonly ResampleScheme[] = ["multinomial", "systematic", "stratified", "residual"];

/**
 * Ancestor indices (non-decreasing) of `n` offspring drawn from normalized `weights` (they sum to 1 up to
 * rounding; zero-weight particles are never chosen).
 */
export function resample(scheme: ResampleScheme, weights: ArrayLike<number>, n: number, rng: Rng): Int32Array {
  if (!Number.isInteger(n) || n < 1) throw new BorelError("bad-argument", `resample: 'n' must be a positive integer, got ${n}`);
  if (weights.length === 0) throw new BorelError("bad-argument", "resample: 'weights' is empty");
  switch (scheme) {
    case "multinomial": return mergeSorted(weights, sortedUniforms(n, rng), n);
    case "systematic": {
      const u = rng.double(), points = new Float64Array(n);
      for (let k = 0; k < n; k++) points[k] = (k + u) / n;
      return mergeSorted(weights, points, n);
    }
    case "stratified": {
      const points = new Float64Array(n);
      for (let k = 0; k < n; k++) points[k] = (k + rng.double()) / n;
      return mergeSorted(weights, points, n);
    }
    case "residual": return residual(weights, n, rng);
    default:
      throw new BorelError("bad-option", `unknown resampling scheme '${String(scheme)}'`, { hint: `use one of ${RESAMPLE_SCHEMES.join(", ")}` });
  }
}

/** n iid U(0,1) draws in increasing order, in O(n): normalized partial sums of n+1 exponential spacings. */
export function sortedUniforms(n: number, rng: Rng): Float64Array {
  const s = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) { total -= Math.log(rng.open01()); s[k] = total; }
  total -= Math.log(rng.open01());
  for (let k = 0; k < n; k++) s[k] /= total;
  return s;
}

/**
 * Merges sorted points in [0, 1) with the cumulative weights: point u picks the particle i with
 * c_{i−1} ≤ u < c_i. Points beyond the last cumulative weight (rounding) pick the last positive-weight particle.
 */
function mergeSorted(weights: ArrayLike<number>, points: Float64Array, n: number): Int32Array {
  const out = new Int32Array(n), { total, last } = checkWeights(weights);
  const scale = total; // tolerate weights that sum to 1 only up to rounding (or are unnormalized)
  let i = 0, c = weights[0]! / scale;
  for (let k = 0; k < n; k++) {
    const u = points[k]!;
    while (u >= c && i < last) c += weights[++i]! / scale;
    out[k] = u >= c ? last : i;
  }
  return out;
}

/** The weights' sum and the index of the last positive one; a negative, NaN or infinite weight is an error. */
function checkWeights(weights: ArrayLike<number>): { total: number; last: number } {
  let last = -1, total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || w === Infinity) throw new BorelError("nan", `resample: weight ${i} is ${w}`, { hint: "weights must be finite and non-negative" });
    if (w > 0) last = i;
    total += w;
  }
  if (last < 0) throw new BorelError("zero-weights", "resample: every weight is zero");
  return { total, last };
}

function residual(weights: ArrayLike<number>, n: number, rng: Rng): Int32Array {
  const m = weights.length, copies = new Int32Array(m), rest = new Float64Array(m), { total } = checkWeights(weights);
  let kept = 0;
  for (let i = 0; i < m; i++) {
    const nw = (n * weights[i]!) / total;
    copies[i] = Math.floor(nw);
    rest[i] = nw - copies[i]!;
    kept += copies[i]!;
  }
  const r = n - kept;
  if (r > 0) {
    const extra = mergeSorted(rest, sortedUniforms(r, rng), r);
    for (let k = 0; k < r; k++) copies[extra[k]!]!++;
  }
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < m; i++) for (let c = copies[i]!; c > 0 && k < n; c--) out[k++] = i;
  return out;
}
