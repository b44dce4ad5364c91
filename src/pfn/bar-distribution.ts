/**
 * The bar ("Riemann") distribution a PFN outputs: K buckets with borders b_0 < … < b_K and probabilities p_j
 * (a softmax of the network's logits). An inner bucket j (0 < j < K−1) is uniform on [b_j, b_{j+1}); the two edge
 * buckets are half-normal tails so that the support is all of ℝ:
 *
 *   left  (j = 0):    density p_0 · HN(b_1 − y; s_0)        for y < b_1,
 *   right (j = K−1):  density p_{K−1} · HN(y − b_{K−1}; s_1)  for y ≥ b_{K−1},
 *
 * with HN(t; s) = √(2/π)/s · exp(−t²/2s²) and the scale chosen so that half of a tail's mass lies inside its
 * bucket: s_0 = (b_1 − b_0)/Φ⁻¹(3/4), s_1 = (b_K − b_{K−1})/Φ⁻¹(3/4). With c = √(2/π), C_j = Σ_{i<j} p_i:
 *
 *   log density  inner: log p_j − log(b_{j+1} − b_j)
 *   CDF          left: 2 p_0 Φ((y − b_1)/s_0);  inner: C_j + p_j (y − b_j)/(b_{j+1} − b_j);
 *                right: C_{K−1} + p_{K−1}(2Φ((y − b_{K−1})/s_1) − 1)
 *   quantile     q ≤ p_0: b_1 + s_0 Φ⁻¹(q / 2p_0);  q ≥ C_{K−1}: b_{K−1} + s_1 Φ⁻¹((1 + (q − C_{K−1})/p_{K−1})/2)
 *   mean         p_0 (b_1 − c s_0) + Σ_inner p_j (b_j + b_{j+1})/2 + p_{K−1}(b_{K−1} + c s_1)
 *   variance     Σ_j p_j ((m_j − μ)² + v_j): inner m_j the midpoint, v_j = w_j²/12; tails m = b ∓ c s, v = s²(1 − 2/π)
 *
 * Sampling inverts the CDF. It implements Borel's `Distribution`, so it can be a proposal's choice.
 *
 * @example
 * ```ts
 * const d = BarDistribution.fromLogits(borders, logits);
 * d.mean(); d.variance(); d.quantile(0.975); d.logpdf(0.3); d.sample(rng);
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import { normalCdf, normalQuantile } from "../math/normal.js";
import type { Distribution } from "../dist/distribution.js";
import { REAL } from "../dist/support.js";
import { bucketOf, checkBorders } from "./borders.js";

/** Φ⁻¹(3/4): a half-normal with scale s has half its mass below s·Φ⁻¹(3/4). */
export const HALF_NORMAL_MEDIAN = normalQuantile(0.75);

/** The half-normal scale of edge bucket `j` (0 or K − 1): half of its mass inside the bucket. */
function tailScale(b: ArrayLike<number>, j: number): number {
  return (b[j + 1]! - b[j]!) / HALF_NORMAL_MEDIAN;
}
const C = Math.sqrt(2 / Math.PI);
const HALF_LOG_2_OVER_PI = 0.5 * Math.log(2 / Math.PI);

/** log p from logits (log-softmax, stable). */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let mx = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > mx) mx = logits[i];
  let s = 0;
  for (let i = 0; i < logits.length; i++) s += Math.exp(logits[i] - mx);
  const lse = mx + Math.log(s), out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i] - lse;
  return out;
}

export class BarDistribution implements Distribution<number> {
  readonly name = "bar";
  readonly support = REAL;
  readonly discrete = false;
  readonly size = -1;
  readonly borders: Float64Array;
  /** log p_j. */
  readonly logProbs: Float64Array;
  readonly probs: Float64Array;
  /** Half-normal scales of the left and right tails. */
  readonly tailScales: readonly [number, number];
  private cum: Float64Array | null = null;

  /** From borders (K + 1) and log probabilities (K, normalized). Use `fromLogits` for raw network outputs. */
  constructor(borders: ArrayLike<number>, logProbs: ArrayLike<number>) {
    checkBorders(borders, "BarDistribution");
    if (logProbs.length !== borders.length - 1)
      throw new BorelError("shape", `BarDistribution: ${logProbs.length} probabilities for ${borders.length - 1} buckets (${borders.length} borders)`);
    this.borders = Float64Array.from(borders);
    this.logProbs = Float64Array.from(logProbs);
    this.probs = this.logProbs.map(Math.exp);
    // NaN (a NaN or +∞ logit) or probabilities not summing to 1 would give wrong summaries silently
    const total = this.probs.reduce((a, b) => a + b, 0);
    if (!(Math.abs(total - 1) <= 1e-6))
      throw new BorelError("bad-parameter", `BarDistribution: the bucket probabilities must be finite and sum to 1, got sum ${total}`,
        { hint: "pass log-probabilities normalized over the buckets, or logits to BarDistribution.fromLogits (finite or −∞)" });
    const K = this.probs.length, b = this.borders;
    this.tailScales = [tailScale(b, 0), tailScale(b, K - 1)];
  }

  static fromLogits(borders: ArrayLike<number>, logits: ArrayLike<number>): BarDistribution {
    return new BarDistribution(borders, logSoftmax(logits));
  }

  get buckets(): number { return this.probs.length; }
  get params(): readonly unknown[] { return [this.borders, this.probs]; }

  /** C_j = Σ_{i<j} p_i for j = 0..K. */
  private cumulative(): Float64Array {
    if (this.cum) return this.cum;
    const c = new Float64Array(this.buckets + 1);
    for (let j = 0; j < this.buckets; j++) c[j + 1] = c[j] + this.probs[j];
    return (this.cum = c);
  }

  logpdf(x: unknown): number {
    if (typeof x !== "number") return -Infinity;
    if (Number.isNaN(x)) throw new BorelError("nan", "bar distribution: logpdf of NaN");
    const { bucket, logShape } = BarDistribution.bucketTerm(this.borders, x);
    return this.logProbs[bucket] + logShape;
  }

  /**
   * The bucket of x and the log density of x within it given the bucket (−log width inside; the half-normal
   * tail's log density at the edges): log p(x) = log p_bucket + logShape, whatever the probabilities — so a
   * fit over the probabilities (a temperature) needs them once per row.
   */
  static bucketTerm(borders: ArrayLike<number>, x: number): { bucket: number; logShape: number } {
    const b = borders, K = b.length - 1, j = bucketOf(b, x);
    if (j === 0 || j === K - 1) {
      const s = tailScale(b, j), t = j === 0 ? (b[1]! - x) / s : (x - b[K - 1]!) / s;
      return { bucket: j, logShape: HALF_LOG_2_OVER_PI - Math.log(s) - 0.5 * t * t };
    }
    return { bucket: j, logShape: -Math.log(b[j + 1]! - b[j]!) };
  }

  logpdfAD(x: unknown): number { return this.logpdf(x); }

  /** Negative log density (the PFN training loss for one target). */
  nll(y: number): number { return -this.logpdf(y); }

  cdf(y: number): number {
    // The ends exactly (the sum of the bucket probabilities rounds: 1 − 2e-16 at +∞).
    if (y === Infinity) return 1;
    if (y === -Infinity) return 0;
    const b = this.borders, K = this.buckets, p = this.probs, j = bucketOf(b, y);
    if (j === 0) return 2 * p[0] * normalCdf((y - b[1]) / this.tailScales[0]);
    const c = this.cumulative();
    if (j === K - 1) return c[K - 1] + p[K - 1] * (2 * normalCdf((y - b[K - 1]) / this.tailScales[1]) - 1);
    return c[j] + (p[j] * (y - b[j])) / (b[j + 1] - b[j]);
  }

  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new BorelError("bad-parameter", `bar distribution: quantile level must be in [0, 1], got ${q}`);
    const b = this.borders, K = this.buckets, p = this.probs, c = this.cumulative();
    // a tail of probability 0 (an underflowed logit) is skipped: q / (2·0) was NaN at q = 0 (and at q = 1 on the right)
    if (q <= p[0] && p[0] > 0) return b[1] + this.tailScales[0] * normalQuantile(q / (2 * p[0]));
    // q = 1 is +∞ exactly (Σp rounding to just under 1 made it finite: b_{K−1} + 8.2·s)
    if (q >= c[K - 1] && p[K - 1] > 0)
      return q === 1 ? Infinity : b[K - 1] + this.tailScales[1] * normalQuantile(Math.min(1, (1 + (q - c[K - 1]) / p[K - 1]) / 2));
    let lo = 1, hi = K - 1; // c[lo] ≤ q < c[hi]
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (c[mid] <= q) lo = mid; else hi = mid; }
    return b[lo] + (p[lo] > 0 ? ((q - c[lo]) / p[lo]) * (b[lo + 1] - b[lo]) : 0);
  }

  /** The conditional mean and variance of each bucket's shape (tails: shifted half-normals). */
  private bucketMoments(j: number): [number, number] {
    const b = this.borders, K = this.buckets;
    if (j === 0) { const s = this.tailScales[0]; return [b[1] - C * s, s * s * (1 - 2 / Math.PI)]; }
    if (j === K - 1) { const s = this.tailScales[1]; return [b[K - 1] + C * s, s * s * (1 - 2 / Math.PI)]; }
    const w = b[j + 1] - b[j];
    return [b[j] + w / 2, (w * w) / 12];
  }

  mean(): number {
    let m = 0;
    for (let j = 0; j < this.buckets; j++) m += this.probs[j] * this.bucketMoments(j)[0];
    return m;
  }

  variance(): number {
    const mu = this.mean();
    let v = 0;
    for (let j = 0; j < this.buckets; j++) { const [m, vj] = this.bucketMoments(j); v += this.probs[j] * ((m - mu) * (m - mu) + vj); }
    return v;
  }

  /** Inverse-CDF sampling. */
  sample(rng: Rng): number { return this.quantile(rng.open01()); }

  /** The central interval holding `mass` (e.g. 0.95). */
  interval(mass: number): [number, number] {
    if (!(mass >= 0 && mass <= 1)) throw new BorelError("bad-parameter", `bar distribution: interval mass must be in [0, 1], got ${mass}`);
    return [this.quantile((1 - mass) / 2), this.quantile((1 + mass) / 2)]; }

  toString(): string { return `bar(${this.buckets} buckets, mean ${this.mean().toPrecision(4)})`; }
}
