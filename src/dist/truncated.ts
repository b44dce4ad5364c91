/**
 * truncated(d, low = −∞, high = ∞): the scalar distribution d restricted to [low, high] and renormalized.
 * log p(x) = log d(x) − log Z on [low, high] (−Infinity outside), Z = F(high) − F(low⁻), where F(low⁻) is
 * P(X < low) — for a discrete d, F(⌈low⌉ − 1).
 *
 * Everything is computed from log F (d.logcdfAD), which the families keep accurate in both tails: in the
 * lower half Z = F(high)·(1 − F(low)/F(high)), in the upper half (F(low) > ½) through the survival function
 * S = 1 − F = −expm1(log F), Z = S(low)·(1 − S(high)/S(low)). So truncated(normal(0, 1), 15) — where F(15)
 * rounds to 1 — still has the right density, cdf, quantile and samples. log Z is an AD expression in d's
 * parameters. Sampling is inversion: d.quantile in the lower half when d has one, otherwise a safeguarded
 * Newton inversion of log F or log S (src/dist/invert-cdf.ts); a base without a quantile whose interval holds
 * ≥ 10% of its mass is sampled by rejection (at most 100,000 tries). A discrete d is sampled by rejection
 * (mass ≥ 10%) or a walk over the pmf from ⌈low⌉.
 *
 * @example
 * ```ts
 * truncated(normal(0, 1), 0).logpdf(1);       // normal(0,1).logpdf(1) + log 2
 * truncated(poisson(3), 1, 5).enumerate();    // [1, 2, 3, 4, 5]
 * ```
 */
import { add, sub } from "../ad/arith.js";
import { applyUnary, plain, type UnaryOp } from "../ad/elementwise.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import { log1mExp, logAddExp } from "../math/log.js";
import type { Rng } from "../rand/rng.js";
import { BorelError } from "../util/errors.js";
import { isDistribution, type Distribution } from "./distribution.js";
import { invertLog } from "./invert-cdf.js";
import { badParameter, describeValue } from "./params.js";
import { tanhSinh } from "./quadrature.js";
import { truncateSupport } from "./truncated-support.js";

const LOG1M_EXP: UnaryOp = { name: "log1m_exp", f: log1mExp, df: (x) => -1 / Math.expm1(-x) };
const num = (s: Scalar): number => (typeof s === "number" ? s : s.x);
const log1mExpAD = (x: Scalar): Scalar => applyUnary(LOG1M_EXP, x) as Scalar;

class Truncated implements Distribution<number> {
  readonly name = "truncated";
  readonly params: readonly unknown[];
  readonly support;
  readonly discrete: boolean;
  readonly size = -1;
  /** Effective bounds (integers for a discrete base) and the point whose cdf is F(low⁻). */
  private readonly lo: number;
  private readonly hi: number;
  private readonly below: number;
  /** True when F(low⁻) > ½: work with the survival function. */
  private readonly upper: boolean;
  private readonly lfLo: number;
  private readonly lsLo: number;
  private readonly lsHi: number;
  private readonly logZPlain: number;
  private readonly logZ: Scalar;
  private readonly hasQuantile: boolean;
  private readonly scale: number;
  logpdfElementsAD?: (x: unknown) => Real;

  constructor(readonly d: Distribution, readonly low: number, readonly high: number) {
    this.params = [d, low, high];
    this.discrete = d.discrete;
    this.lo = d.discrete ? Math.ceil(low) : low;
    this.hi = d.discrete ? Math.floor(high) : high;
    this.below = this.discrete ? this.lo - 1 : this.lo;
    this.support = truncateSupport(d.support, this.lo, this.hi);
    this.lfLo = this.logF(this.below);
    const lfHi = this.logF(this.hi);
    this.upper = this.lfLo > -Math.LN2;
    this.lsLo = log1mExp(this.lfLo);
    this.lsHi = log1mExp(lfHi);
    this.logZPlain = this.upper ? this.lsLo + log1mExp(this.lsHi - this.lsLo) : lfHi + log1mExp(this.lfLo - lfHi);
    this.logZ = this.logMassAD();
    if (!(this.logZPlain > -Infinity))
      throw badParameter("truncated", "low", `and 'high' enclose no probability under ${String(d)}: [${low}, ${high}]`);
    this.hasQuantile = !this.discrete && (() => { try { return Number.isFinite((d.quantile as (p: number) => number)(0.5)); } catch { return false; } })();
    const v = d.variance() as number;
    this.scale = Number.isFinite(v) && v > 0 ? Math.sqrt(v) : 1;
    if (d.logpdfElementsAD) this.logpdfElementsAD = (x) => this.elements(x);
  }

  /** Plain log F(x) of the base. */
  private logF(x: number): number {
    if (x === -Infinity) return -Infinity;
    if (x === Infinity) return 0;
    const d = this.d;
    if (d.logcdfAD) { try { return num(d.logcdfAD(x)); } catch { /* no differentiable cdf: use cdf */ } }
    return Math.log((d.cdf as (v: number) => number).call(d, x));
  }

  /** log Z as an AD expression in d's parameters (the same formula as the plain value). */
  private logMassAD(): Scalar {
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
      return this.logZPlain;
    }
    if (this.upper) {
      const sLo = log1mExpAD(lLo);
      return add(sLo, log1mExpAD(sub(log1mExpAD(lHi), sLo) as Scalar)) as Scalar;
    }
    return add(lHi, log1mExpAD(sub(lLo, lHi) as Scalar)) as Scalar;
  }

  private inside(x: number): boolean {
    return x >= this.low && x <= this.high;
  }

  sample(rng: Rng): number {
    const d = this.d, z = Math.exp(this.logZPlain);
    if (z >= 0.1 && (this.discrete || !this.hasQuantile)) {
      for (let i = 0; i < 100_000; i++) {
        const x = d.sample(rng) as number;
        if (this.inside(x)) return x;
      }
      throw new BorelError("truncated-sample", `${String(this)}: rejection sampling found no draw in 100000 tries`);
    }
    if (!this.discrete) return this.quantile(rng.double());
    let u = rng.double() * z;
    for (let k = this.lo; k <= this.hi && k < this.lo + 1e7; k++) {
      u -= Math.exp(d.logpdf(k));
      if (u < 0) return k;
    }
    return this.lo;
  }

  logpdf(x: unknown): number {
    return num(this.logpdfAD(x instanceof Var ? plain(x) : x));
  }

  logpdfAD(x: unknown): Scalar {
    if (typeof x === "number" || typeof x === "boolean" || (x instanceof Var && x.xs === null)) {
      if (!this.inside(x instanceof Var ? x.x : Number(x))) return -Infinity;
      return sub(this.d.logpdfAD(x), this.logZ) as Scalar;
    }
    const v = plain(this.vectorValue(x)) as Float64Array;
    if (!v.every((e) => this.inside(e))) return -Infinity;
    const n = v.length;
    return sub(this.d.logpdfAD(x), n === 1 ? this.logZ : applyUnary({ name: "scale", f: (t) => n * t, df: () => n }, this.logZ)) as Scalar;
  }

  private vectorValue(x: unknown): Real {
    if (Array.isArray(x)) return Float64Array.from(x as number[], Number);
    if (x instanceof Float64Array || (x instanceof Var && x.xs !== null)) return x;
    throw new BorelError("bad-value", `truncated: cannot evaluate the density at ${describeValue(x)}`);
  }

  private elements(x: unknown): Real {
    const xv = this.vectorValue(x);
    const mask = (plain(xv) as Float64Array).map((e) => (this.inside(e) ? 0 : -Infinity));
    return add(sub((this.d.logpdfElementsAD as (x: unknown) => Real)(xv), this.logZ), mask);
  }

  cdf(x: number): number {
    if (x < this.low) return 0;
    if (x >= this.high) return 1;
    const lf = this.logF(x);
    const c = this.upper
      ? Math.exp(this.lsLo - this.logZPlain) * -Math.expm1(log1mExp(lf) - this.lsLo)
      : Math.exp(lf - this.logZPlain) * -Math.expm1(this.lfLo - lf);
    return Math.min(1, Math.max(0, c));
  }

  quantile(p: number): number {
    const d = this.d;
    if (this.discrete) throw new BorelError("no-quantile", `${String(this)}: no quantile for a discrete base`);
    if (p <= 0) return this.lo;
    if (p >= 1) return this.hi;
    let x: number;
    if (this.hasQuantile && !this.upper) x = (d.quantile as (p: number) => number).call(d, Math.exp(this.lfLo) + p * Math.exp(this.logZPlain));
    else if (this.upper) {
      const target = this.lsLo + Math.log1p(p * Math.expm1(this.lsHi - this.lsLo));
      x = invertLog((t) => log1mExp(this.logF(t)), (t) => -Math.exp(d.logpdf(t) - log1mExp(this.logF(t))), target, this.lo, this.hi, this.scale, false);
    } else {
      const target = logAddExp(this.lfLo, Math.log(p) + this.logZPlain);
      x = invertLog((t) => this.logF(t), (t) => Math.exp(d.logpdf(t) - this.logF(t)), target, this.lo, this.hi, this.scale, true);
    }
    return Math.min(this.hi, Math.max(this.lo, x));
  }

  logcdfAD(x: number): Scalar {
    return Math.log(this.cdf(x));
  }

  mean(): number {
    return this.moment(1);
  }

  variance(): number {
    const m = this.moment(1);
    return this.moment(2) - m * m;
  }

  /** E[X^k]: a sum over the pmf (discrete) or tanh–sinh quadrature of Q(u)^k on the probability scale. */
  private moment(k: number): number {
    const d = this.d;
    if (this.discrete) {
      let s = 0, mass = 0;
      for (let x = this.lo; x <= this.hi && x < this.lo + 1e7; x++) {
        const p = Math.exp(d.logpdf(x) - this.logZPlain);
        s += p * x ** k;
        mass += p;
        if (mass > 1 - 1e-15 && p < 1e-17) break;
      }
      return s;
    }
    return tanhSinh((u) => this.quantile(u) ** k, 0, 1);
  }

  enumerate(): number[] {
    if (!this.discrete || !Number.isFinite(this.lo) || !Number.isFinite(this.hi))
      throw new BorelError("not-enumerable", `${String(this)} has no finite support to enumerate`);
    const out: number[] = [];
    for (let k = this.lo; k <= this.hi; k++) if (this.d.logpdf(k) > -Infinity) out.push(k);
    return out;
  }

  toString(): string {
    return `truncated(${String(this.d)}, ${this.low}, ${this.high})`;
  }
}

/** truncated(d, low, high): see the file comment. */
export function truncated(d: unknown, low: unknown = -Infinity, high: unknown = Infinity): Distribution<number> {
  if (!isDistribution(d)) throw badParameter("truncated", "d", `must be a distribution, got ${describeValue(d)}`);
  if (d.size !== -1) throw badParameter("truncated", "d", `must be scalar-valued, got ${d.name} with a vector value of length ${d.size}`);
  if (typeof low !== "number" || Number.isNaN(low)) throw badParameter("truncated", "low", `must be a number, got ${describeValue(low)}`);
  if (typeof high !== "number" || Number.isNaN(high)) throw badParameter("truncated", "high", `must be a number, got ${describeValue(high)}`);
  if (!(low < high) && !(d.discrete && low === high)) throw badParameter("truncated", "high", `must be greater than 'low', got low = ${low}, high = ${high}`);
  try {
    if (typeof d.cdf !== "function") throw new Error("no cdf");
    d.cdf(Number.isFinite(low) ? low : Number.isFinite(high) ? high : 0);
  } catch {
    throw badParameter("truncated", "d", `must have a cdf, and ${String(d)} has none`, "truncation needs the base distribution's cdf to normalize");
  }
  return new Truncated(d, low, high);
}
