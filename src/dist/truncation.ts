/**
 * The probability of [low, high] under a scalar distribution d, in log space, and the truncated cdf and
 * quantile built on it (src/dist/truncated.ts). Everything comes from log F (d.logcdfAD), which the families
 * keep accurate in both tails: in the lower half Z = F(high)·(1 − F(low⁻)/F(high)); in the upper half
 * (F(low⁻) > ½) through the survival function S = 1 − F = −expm1(log F), Z = S(low⁻)·(1 − S(high)/S(low⁻)).
 * So truncated(normal(0, 1), 15), where F(15) rounds to 1, keeps its density, cdf and quantile.
 *
 * @example
 * ```ts
 * const t = new Truncation(normal(0, 1), 15, Infinity, 15);
 * t.logZ;            // log(1 − Φ(15)) = −116.13…
 * t.quantile(0.5);   // the median of the tail beyond 15
 * ```
 */
import { add, sub } from "../ad/arith.js";
import { applyUnary, type UnaryOp } from "../ad/elementwise.js";
import { Var, type Scalar } from "../ad/var.js";
import { log1mExp, logAddExp } from "../math/log.js";
import type { Distribution } from "./distribution.js";
import { invertLog } from "./invert-cdf.js";
import { badParameter } from "./params.js";

const LOG1M_EXP: UnaryOp = { name: "log1m_exp", f: log1mExp, df: (x) => -1 / Math.expm1(-x) };
const log1mExpAD = (x: Scalar): Scalar => applyUnary(LOG1M_EXP, x) as Scalar;
const num = (s: Scalar): number => (typeof s === "number" ? s : s.x);

export class Truncation {
  /** True when F(low⁻) > ½: the survival function carries the precision. */
  readonly upper: boolean;
  private readonly lfLo: number;
  private readonly lsLo: number;
  private readonly lsHi: number;
  /** log Z as a plain number. */
  readonly logZ: number;
  /** Whether d's quantile works (asked on first use: a density evaluation never needs it). */
  private quantileWorks: boolean | undefined;
  private readonly scale: number;

  /**
   * @param below the point whose cdf is P(X < low): low itself, or ⌈low⌉ − 1 for a discrete d
   * @param lo, hi the effective bounds
   */
  constructor(readonly d: Distribution, readonly lo: number, readonly hi: number, readonly below: number) {
    this.lfLo = this.logF(below);
    const lfHi = this.logF(hi);
    this.upper = this.lfLo > -Math.LN2;
    this.lsLo = log1mExp(this.lfLo);
    this.lsHi = log1mExp(lfHi);
    this.logZ = this.upper ? this.lsLo + log1mExp(this.lsHi - this.lsLo) : lfHi + log1mExp(this.lfLo - lfHi);
    const v = d.variance() as number;
    this.scale = Number.isFinite(v) && v > 0 ? Math.sqrt(v) : 1;
  }

  /** Plain log F(x) of the base. */
  logF(x: number): number {
    if (x === -Infinity) return -Infinity;
    if (x === Infinity) return 0;
    const d = this.d;
    if (d.logcdfAD) { try { return num(d.logcdfAD(x)); } catch { /* no differentiable cdf: use cdf */ } }
    return Math.log((d.cdf as (v: number) => number).call(d, x));
  }

  /** log Z as an AD expression in d's parameters (the same formula as the plain value). */
  logZAD(): Scalar {
    const d = this.d;
    let ad = true;
    const logF = (x: number): Scalar => {
      if (x === -Infinity) return -Infinity;
      if (x === Infinity) return 0;
      try { return (d.logcdfAD as (x: number) => Scalar).call(d, x); } catch { ad = false; return this.logF(x); }
    };
    const lLo = logF(this.below), lHi = logF(this.hi);
    if (!ad) {
      if (d.params.some((p) => p instanceof Var))
        throw badParameter("truncated", "d", `must have a differentiable cdf when its parameters are AD values; ${d.name} has none`);
      return this.logZ;
    }
    if (this.upper) {
      const sLo = log1mExpAD(lLo);
      return add(sLo, log1mExpAD(sub(log1mExpAD(lHi), sLo) as Scalar)) as Scalar;
    }
    return add(lHi, log1mExpAD(sub(lLo, lHi) as Scalar)) as Scalar;
  }

  /** The truncated cdf at x in (low, high). */
  cdf(x: number): number {
    const lf = this.logF(x);
    const c = this.upper
      ? Math.exp(this.lsLo - this.logZ) * -Math.expm1(log1mExp(lf) - this.lsLo)
      : Math.exp(lf - this.logZ) * -Math.expm1(this.lfLo - lf);
    return Math.min(1, Math.max(0, c));
  }

  /** The truncated quantile (continuous d): d.quantile in the lower half, else inversion of log F or log S. */
  quantile(p: number): number {
    const d = this.d;
    if (p <= 0) return this.lo;
    if (p >= 1) return this.hi;
    let x: number;
    if (this.fastQuantile) x = (d.quantile as (p: number) => number).call(d, Math.exp(this.lfLo) + p * Math.exp(this.logZ));
    else if (this.upper) {
      const target = this.lsLo + Math.log1p(p * Math.expm1(this.lsHi - this.lsLo));
      const logS = (t: number): number => log1mExp(this.logF(t));
      x = invertLog(logS, (t) => -Math.exp(d.logpdf(t) - logS(t)), target, this.lo, this.hi, this.scale, false);
    } else {
      const target = logAddExp(this.lfLo, Math.log(p) + this.logZ);
      x = invertLog((t) => this.logF(t), (t) => Math.exp(d.logpdf(t) - this.logF(t)), target, this.lo, this.hi, this.scale, true);
    }
    return Math.min(this.hi, Math.max(this.lo, x));
  }

  /** True when d's own quantile is used (exact inversion sampling). */
  get fastQuantile(): boolean {
    // Only while Z is a normal double: far in the lower tail (truncated(normal(0, 1), −60, −50), Z ≈ e^−1255)
    // e^{log Z} underflows to 0 and d.quantile(0) would put every draw at the lower bound; log F inverts there.
    return this.hasQuantile() && !this.upper && this.logZ > -700;
  }

  /** True when d has a quantile function at all. */
  get baseHasQuantile(): boolean {
    return this.hasQuantile();
  }

  private hasQuantile(): boolean {
    const d = this.d;
    return (this.quantileWorks ??= !d.discrete && (() => { try { return Number.isFinite((d.quantile as (p: number) => number).call(d, 0.5)); } catch { return false; } })());
  }
}
