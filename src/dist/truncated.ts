/**
 * truncated(d, low = −∞, high = ∞): the scalar distribution d restricted to [low, high] and renormalized.
 * log p(x) = log d(x) − log Z on [low, high] (−Infinity outside), Z = F(high) − F(low⁻), where F(low⁻) is
 * P(X < low) — for a discrete d, F(⌈low⌉ − 1). Z, the cdf and the quantile are computed in log space from
 * d.logcdfAD, accurate in either tail (src/dist/truncation.ts); log Z is an AD expression in d's parameters.
 * Sampling is inversion: d.quantile in the lower half when d has one, otherwise a safeguarded Newton inversion
 * of log F or log S (src/dist/invert-cdf.ts); a base without a quantile whose interval holds ≥ 10% of its
 * mass is sampled by rejection (at most 100,000 tries). A discrete d is sampled by rejection (mass ≥ 10%) or
 * a walk over the pmf from ⌈low⌉. Mean and variance: a sum over the pmf, or tanh–sinh quadrature of the
 * quantile.
 *
 * @example
 * ```ts
 * truncated(normal(0, 1), 0).logpdf(1);       // normal(0,1).logpdf(1) + log 2
 * truncated(poisson(3), 1, 5).enumerate();    // [1, 2, 3, 4, 5]
 * ```
 */
import { add, mul, sub } from "../ad/arith.js";
import { checkEnumerable } from "./support-util.js";
import { insideSupport } from "./support.js";
import { applyUnary, plain } from "../ad/elementwise.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import type { Rng } from "../rand/rng.js";
import { BorelError } from "../util/errors.js";
import { isDistribution, type Distribution } from "./distribution.js";
import { badParameter, checkQuantileLevel, describeValue } from "./params.js";
import { tanhSinh } from "./quadrature.js";
import { boundsOf, truncateSupport } from "./truncated-support.js";
import { Truncation } from "./truncation.js";

const num = (s: Scalar): number => (typeof s === "number" ? s : s.x);

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
  private readonly mass: Truncation;
  private readonly logZPlain: number;
  private readonly logZ: Scalar;
  logpdfElementsAD?: (x: unknown) => Real;

  constructor(readonly d: Distribution, readonly low: number, readonly high: number, private readonly lowAD?: Var, private readonly highAD?: Var) {
    this.params = [d, lowAD ?? low, highAD ?? high];
    this.discrete = d.discrete;
    this.lo = d.discrete ? Math.ceil(low) : low;
    this.hi = d.discrete ? Math.floor(high) : high;
    this.below = this.discrete ? this.lo - 1 : this.lo;
    this.support = truncateSupport(d.support, this.lo, this.hi);
    this.mass = new Truncation(d, this.lo, this.hi, this.below);
    this.logZPlain = this.mass.logZ;
    if (d.discrete && this.lo > this.hi)
      throw badParameter("truncated", "low", `and 'high' enclose no value of the discrete ${String(d)}: there is no integer in [${low}, ${high}]`, "a discrete distribution's bounds are rounded inwards to integers (low up, high down): widen them to include one");
    if (!(this.logZPlain > -Infinity)) {
      // Far in the upper tail, P(X ≥ low) = 1 − F(low) is below the smallest double (F rounds to 1): the density
      // there may well be positive, but the mass is not computable from F (there is no survival function).
      const inside = Number.isFinite(this.lo) ? this.lo : this.hi;
      if (this.mass.upper && Number.isFinite(inside) && d.logpdf(inside) > -Infinity)
        throw badParameter("truncated", "low", `is too far in the upper tail of ${String(d)}: P(X ≥ ${low}) underflows (below 1e-308), so the truncated density cannot be normalized`, "the lower tail keeps its precision: for a symmetric base, sample the mirror image there and negate it (x = −y, y ~ truncated(normal(−mu, sigma), −high, −low))");
      throw badParameter("truncated", "low", `and 'high' enclose no probability under ${String(d)}: [${low}, ${high}]`);
    }
    this.logZ = this.boundTerms(this.mass.logZAD());
    if (d.logpdfElementsAD) this.logpdfElementsAD = (x) => this.elements(x);
  }

  /**
   * log Z with the gradient of AD bounds (a bound that is another choice): ∂log Z/∂low = −p(low)/Z and
   * ∂log Z/∂high = p(high)/Z enter as (bound − its value)·slope, which adds 0 to the value. A discrete base
   * has a piecewise-constant Z in its bounds (gradient 0).
   */
  private boundTerms(logZ: Scalar): Scalar {
    if (this.discrete) return logZ;
    let out = logZ;
    if (this.lowAD) out = add(out, mul(sub(this.lowAD, this.low), -Math.exp(this.d.logpdf(this.low) - this.logZPlain))) as Scalar;
    if (this.highAD) out = add(out, mul(sub(this.highAD, this.high), Math.exp(this.d.logpdf(this.high) - this.logZPlain))) as Scalar;
    return out;
  }

  /**
   * The support's bounds with the AD ones kept: this truncation's where they bound it, else the base's — a base
   * whose own bound is another choice (truncated(uniform(0, 1 + c), 0.5)) kept only its value, and the bijector
   * lost ∂x/∂c (VI and MAP of c were biased, 2.3 for 3).
   */
  boundsAD(): { low: Real; high: Real } | undefined {
    if (this.discrete) return undefined;
    const baseAD = this.d.boundsAD?.();
    if (!this.lowAD && !this.highAD && !baseAD) return undefined;
    const base = boundsOf(this.d.support);
    if (base === null) return undefined;
    return {
      low: this.low >= base[0] ? (this.lowAD ?? this.low) : (baseAD?.low ?? base[0]),
      high: this.high <= base[1] ? (this.highAD ?? this.high) : (baseAD?.high ?? base[1]),
    };
  }

  private inside(x: number): boolean {
    return x >= this.low && x <= this.high;
  }

  sample(rng: Rng): number {
    const d = this.d, z = Math.exp(this.logZPlain);
    if (z >= 0.1 && (this.discrete || !this.mass.baseHasQuantile)) {
      for (let i = 0; i < 100_000; i++) {
        const x = d.sample(rng) as number;
        if (this.inside(x)) return x;
      }
      throw new BorelError("truncated-sample", `${String(this)}: rejection sampling found no draw in 100000 tries`);
    }
    // Strictly inside: a quantile near a bound where the density is infinite rounds onto it (truncated(beta(1,
    // 0.05), 0.5, 1) drew exactly 1, of density +∞, and every method stopped there).
    if (!this.discrete) return insideSupport(this.quantile(rng.double()), this.support);
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
    // A scalar (a mixture asks its components per element of whatever value it has): the one term.
    if (typeof x === "number" || typeof x === "boolean" || (x instanceof Var && x.xs === null)) return this.logpdfAD(x);
    const xv = this.vectorValue(x);
    const mask = (plain(xv) as Float64Array).map((e) => (this.inside(e) ? 0 : -Infinity));
    return add(sub((this.d.logpdfElementsAD as (x: unknown) => Real)(xv), this.logZ), mask);
  }

  cdf(x: number): number {
    if (x < this.low) return 0;
    if (x >= this.high) return 1;
    return this.mass.cdf(x);
  }

  quantile(p: number): number {
    if (this.discrete) throw new BorelError("no-quantile", `${String(this)}: no quantile for a discrete base`);
    checkQuantileLevel("truncated", p);
    return this.mass.quantile(p);
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
    checkEnumerable(this, this.hi - this.lo + 1);
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
  // A bound may be a scalar AD value (another choice, in a gradient run): checked and used by its value, differentiated through Z and the support.
  const lowAD = low instanceof Var && low.xs === null ? low : undefined, highAD = high instanceof Var && high.xs === null ? high : undefined;
  if (lowAD) low = lowAD.x;
  if (highAD) high = highAD.x;
  if (typeof low !== "number" || Number.isNaN(low)) throw badParameter("truncated", "low", `must be a number, got ${describeValue(low)}`);
  if (typeof high !== "number" || Number.isNaN(high)) throw badParameter("truncated", "high", `must be a number, got ${describeValue(high)}`);
  if (!(low < high) && !(d.discrete && low === high)) throw badParameter("truncated", "high", `must be greater than 'low', got low = ${low}, high = ${high}`);
  try {
    if (typeof d.cdf !== "function") throw new Error("no cdf");
    d.cdf(Number.isFinite(low) ? low : Number.isFinite(high) ? high : 0);
  } catch {
    throw badParameter("truncated", "d", `must have a cdf, and ${String(d)} has none`, "truncation needs the base distribution's cdf to normalize");
  }
  return new Truncated(d, low, high, lowAD, highAD);
}
