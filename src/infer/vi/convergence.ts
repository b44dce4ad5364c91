/**
 * When to stop a stochastic optimization of a variational objective. Every `checkEvery` steps the objective's
 * trend is fitted by least squares over the last half of the run so far (at least 2·checkEvery steps); the run
 * has converged when even a pessimistic projection of the change per `checkEvery` steps — |slope|·checkEvery
 * plus two standard errors of it — is below `tolerance`·clamp(|mean objective|, 1, 100), at two checks in a row.
 *
 * Why the cap at 100: the gap that matters, KL(q‖p), is in absolute nats whatever the size of the data, while
 * the objective grows with it. Relative to an ELBO of −7000 (5000 observations), 10⁻³ would allow 7 nats per
 * window — a guide whose sd is twice the posterior's costs about one nat — and a run stopped with its scale
 * still drifting; capped, a run stops only when the objective moves less than 0.1 nats per window.
 *
 * Why a trend with its standard error: each step's estimate is noisy (sd ≈ 1 nat is common, far more for IWAE
 * from a poor guide), while a guide still moving slowly gains a few hundredths of a nat per window. Comparing
 * two window means and stopping when their difference is "within the noise" stops such runs early — the
 * noisier the objective, the earlier — with a guide far from the optimum (eight schools with a custom guide
 * stopped after 400 of 3000 steps, mu's guide mean at 2.7 of its optimum 4.5). Requiring the change to be
 * *known* to be small instead makes a noisy objective run longer, as it should; the span grows with the run, so
 * the standard error shrinks like steps^(−3/2) and a converged run does stop.
 *
 * @example
 * ```ts
 * const stop = new ConvergenceCheck(1e-3, 100);
 * for (let t = 0; t < steps; t++) { values.push(estimate()); if (stop.check(values)) break; }
 * ```
 */

/** Least-squares line through the finite values of xs[from..to) against their index. */
export function trend(xs: ArrayLike<number>, from: number, to: number): { mean: number; slope: number; se: number; n: number } {
  let n = 0, sx = 0, sy = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(xs[i])) { n++; sx += i; sy += xs[i]; }
  if (n < 3) return { mean: n ? sy / n : NaN, slope: NaN, se: Infinity, n };
  const mx = sx / n, my = sy / n;
  let vxx = 0, vxy = 0, vyy = 0;
  for (let i = from; i < to; i++) {
    const y = xs[i];
    if (!Number.isFinite(y)) continue;
    const dx = i - mx, dy = y - my;
    vxx += dx * dx; vxy += dx * dy; vyy += dy * dy;
  }
  const slope = vxy / vxx, resid = Math.max(0, vyy - slope * vxy) / (n - 2);
  return { mean: my, slope, se: Math.sqrt(resid / vxx), n };
}

export class ConvergenceCheck {
  private calm = 0;

  /** `tolerance` 0 never stops. */
  constructor(readonly tolerance: number, readonly checkEvery: number) {}

  /**
   * Called after each step with the objective trace so far; true when the run has converged. Reports the
   * check's figures to `onCheck` at every check: the objective's mean, the pessimistic change per window, and
   * the change it is known to exceed — (|slope| − 2 se)·checkEvery, 0 when the trend is within its noise.
   */
  check(values: ArrayLike<number>, onCheck?: (mean: number, change: number, knownChange: number) => void): boolean {
    const t = values.length, w = this.checkEvery;
    if (t % w !== 0 || t < 2 * w) return false;
    const span = Math.max(2 * w, Math.floor(t / 2));
    const r = trend(values, t - span, t);
    const change = (Math.abs(r.slope) + 2 * r.se) * w;
    onCheck?.(r.mean, change, Math.max(0, Math.abs(r.slope) - 2 * r.se) * w);
    if (!(this.tolerance > 0)) return false;
    this.calm = change < this.tolerance * scale(r.mean) ? this.calm + 1 : 0;
    return this.calm >= 2;
  }
}

/** The objective's scale for the relative tolerance: |mean| between 1 and 100 (see the module comment). */
export function scale(mean: number): number {
  return Math.min(100, Math.max(1, Math.abs(mean)));
}
