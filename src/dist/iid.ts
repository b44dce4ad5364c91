/**
 * iid(d, n): n independent copies of the scalar distribution d as ONE vector-valued choice (a Float64Array;
 * booleans become 0/1). log p(x) = Σ_i log d(x_i). When d is elementwise (a scalar family, mixture,
 * truncated) the whole sum is one fused AD node; otherwise one node per element.
 *
 * @example
 * ```ts
 * iid(normal(0, 1), 3).logpdf([0, 0, 0]);   // 3·(−0.9189…)
 * iid(flat(), 5);                            // improper vector prior for Stan-style models
 * ```
 */
import { add } from "../ad/arith.js";
import { index, stack } from "../ad/reduce.js";
import { lengthOf, plain } from "../ad/elementwise.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import type { Rng } from "../rand/rng.js";
import { BorelError } from "../util/errors.js";
import { isDistribution, type Distribution } from "./distribution.js";
import { badParameter, describeValue } from "./params.js";
import type { Support } from "./support.js";

const toNumber = (v: unknown): number => (v === true ? 1 : v === false ? 0 : (v as number));

class Iid implements Distribution<Float64Array> {
  readonly name = "iid";
  readonly params: readonly unknown[];
  readonly support: Support;
  readonly discrete: boolean;
  readonly improper: boolean;
  readonly rsample?: (rng: Rng) => Real;

  constructor(readonly d: Distribution, readonly size: number) {
    this.params = [d, size];
    this.support = d.support;
    this.discrete = d.discrete;
    this.improper = d.improper === true;
    if (d.rsample) this.rsample = (rng) => stack(Array.from({ length: size }, () => (d.rsample as (r: Rng) => Real)(rng) as Scalar));
  }

  /** The element distribution's bounds (a scalar bound applies to every element). */
  boundsAD(): { low: Real; high: Real } | undefined {
    return this.d.boundsAD?.();
  }

  sample(rng: Rng): Float64Array {
    if (this.improper) this.d.sample(rng); // throws the improper-prior error
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = toNumber(this.d.sample(rng));
    return out;
  }

  private vector(x: unknown): Float64Array | Var {
    let v: unknown = x;
    if (Array.isArray(x)) v = Float64Array.from(x as unknown[], toNumber);
    if (!(v instanceof Float64Array) && !(v instanceof Var && v.xs !== null))
      throw new BorelError("bad-value", `iid: the value must be a vector of length ${this.size}, got ${describeValue(x)}`);
    const n = lengthOf(v as Real);
    if (n !== this.size) throw new BorelError("shape", `iid: value has length ${n} but n = ${this.size}`);
    return v as Float64Array | Var;
  }

  logpdf(x: unknown): number {
    const v = this.vector(x);
    const xs = plain(v) as Float64Array;
    if (this.d.logpdfElementsAD) return this.d.logpdf(xs);
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += this.d.logpdf(xs[i]);
    return s;
  }

  logpdfAD(x: unknown): Scalar {
    const v = this.vector(x);
    if (this.d.logpdfElementsAD) return this.d.logpdfAD(v);
    let s: Scalar = 0;
    for (let i = 0; i < this.size; i++) s = add(s, this.d.logpdfAD(index(v, i))) as Scalar;
    return s;
  }

  logpdfElementsAD(x: unknown): Real {
    const v = this.vector(x);
    if (this.d.logpdfElementsAD) return this.d.logpdfElementsAD(v);
    return stack(Array.from({ length: this.size }, (_, i) => this.d.logpdfAD(index(v, i))));
  }

  mean(): Float64Array {
    return new Float64Array(this.size).fill(this.d.mean() as number);
  }

  variance(): Float64Array {
    return new Float64Array(this.size).fill(this.d.variance() as number);
  }

  toString(): string {
    return `iid(${String(this.d)}, ${this.size})`;
  }
}

/** iid(d, n): see the file comment. */
export function iid(d: unknown, n: unknown): Distribution<Float64Array> {
  if (!isDistribution(d)) throw badParameter("iid", "d", `must be a distribution, got ${describeValue(d)}`);
  if (d.size !== -1) throw badParameter("iid", "d", `must be a scalar-valued distribution, got ${d.name} with a vector value of length ${d.size}`,
    `a scalar family with vector parameters (bernoulli_logit(X * w), normal(mu, 1) for a vector mu) already gives that many independent values: use it without iid; for draws of a multivariate distribution, use a loop`);
  if (!(typeof n === "number" && Number.isInteger(n) && n >= 0)) throw badParameter("iid", "n", `must be a non-negative integer, got ${describeValue(n)}`);
  return new Iid(d, n);
}
