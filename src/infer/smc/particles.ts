/**
 * A weighted particle collection and its bookkeeping for the marginal likelihood. The log weights are kept
 * unnormalized since the last resampling; resampling folds their mean into `logZBase` and resets them to 0, so
 * at every moment
 *
 *   log Ẑ = logZBase + log mean exp(logWeights),
 *
 * the product over resampling epochs of the mean weight — an unbiased estimate of the marginal likelihood.
 *
 * @example
 * ```ts
 * const ps = new ParticleSet(states);
 * ps.logWeights[0] += w0;  ...
 * ps.maybeResample(0.5, "systematic", rng, (s) => s);   // resamples when ESS < N/2
 * ps.logZ();
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { showOptionValue } from "../option-names.js";
import type { Rng } from "../../rand/rng.js";
import { resample, type ResampleScheme } from "../resample.js";

/** Resample when ESS < threshold·N (a fraction in [0, 1]), at every step, or never. */
export type EssThreshold = number | "always" | "never";

export function checkEssThreshold(t: unknown): EssThreshold {
  if (t === "always" || t === "never") return t;
  if (typeof t === "number" && t >= 0 && t <= 1) return t;
  throw new BorelError("bad-option", `smc: 'ess_threshold' must be a fraction of the particles in [0, 1], "always" or "never", got ${showOptionValue(t)}`);
}

export class ParticleSet<S> {
  readonly logWeights: Float64Array;
  logZBase = 0;
  /** Normalized weights, filled by `updateWeights`. */
  private readonly normalized: Float64Array;
  private lastEss = NaN;
  private lastLogMean = NaN;

  constructor(public states: S[]) {
    this.logWeights = new Float64Array(states.length);
    this.normalized = new Float64Array(states.length);
    this.updateWeights();
  }

  get size(): number {
    return this.states.length;
  }

  /**
   * Recomputes the normalized weights, ESS and log mean weight after the log weights changed (O(N)). Returns
   * the log mean weight (−∞ when every weight is zero).
   */
  updateWeights(): number {
    const lw = this.logWeights, n = lw.length;
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (lw[i]! > max) max = lw[i]!;
    if (max === -Infinity) { this.normalized.fill(0); this.lastEss = 0; return (this.lastLogMean = -Infinity); }
    let sum = 0;
    for (let i = 0; i < n; i++) { const w = Math.exp(lw[i]! - max); this.normalized[i] = w; sum += w; }
    let sq = 0;
    for (let i = 0; i < n; i++) { const w = this.normalized[i]! / sum; this.normalized[i] = w; sq += w * w; }
    this.lastEss = 1 / sq;
    return (this.lastLogMean = max + Math.log(sum / n));
  }

  /** Kish ESS of the current weights (as of the last `updateWeights`). */
  ess(): number {
    return this.lastEss;
  }

  /** log mean exp of the current log weights (as of the last `updateWeights`). */
  logMeanWeight(): number {
    return this.lastLogMean;
  }

  logZ(): number {
    return this.logZBase + this.lastLogMean;
  }

  weights(): Float64Array {
    return this.normalized;
  }

  /** Resamples when the ESS is below the threshold; duplicates of a particle are `copy`s. True if it did. */
  maybeResample(threshold: EssThreshold, scheme: ResampleScheme, rng: Rng, copy: (s: S) => S): boolean {
    const n = this.size;
    const go = threshold === "always" || (threshold !== "never" && this.lastEss < threshold * n);
    if (!go) return false;
    const ancestors = resample(scheme, this.normalized, n, rng);
    const next = new Array<S>(n);
    for (let k = 0; k < n; k++) {
      const a = ancestors[k]!;
      next[k] = k > 0 && ancestors[k - 1] === a ? copy(this.states[a]!) : this.states[a]!;
    }
    this.states = next;
    this.logZBase += this.lastLogMean;
    this.logWeights.fill(0);
    this.normalized.fill(1 / n);
    this.lastEss = n;
    this.lastLogMean = 0;
    return true;
  }
}
