/**
 * dirichlet(alpha): a probability vector x (x_k ≥ 0, Σ x = 1) of length K = alpha.length.
 * log p(x) = Σ_k [(alpha_k − 1)·log x_k − log Γ(alpha_k)] + log Γ(Σ alpha), a density on the first K − 1
 * coordinates (the simplex bijector's convention). Values off the simplex (|Σ x − 1| > 1e-8) have density 0.
 * Sampled from normalized gamma draws taken in log space, so alpha = 1e-3 works.
 *
 * @example
 * ```ts
 * dirichlet([1, 1, 1]).logpdf([0.2, 0.3, 0.5]);   // log 2
 * dirichlet([2, 3]).mean();                        // [0.4, 0.6]
 * ```
 */
import { add } from "../ad/arith.js";
import { applyKernel, type DensityKernel } from "../ad/kernel.js";
import { plain } from "../ad/elementwise.js";
import { sum } from "../ad/reduce.js";
import { lgamma as lgammaAD } from "../ad/unary.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import { lgamma } from "../math/lgamma.js";
import { digamma } from "../math/polygamma.js";
import { logSumExp, xlogy } from "../math/log.js";
import type { Rng } from "../rand/rng.js";
import { BorelError } from "../util/errors.js";
import type { Distribution } from "./distribution.js";
import { describeValue } from "./params.js";
import { logGammaSample } from "./sample-gamma.js";
import type { Support } from "./support.js";
import { formatDistribution, plainVector, vectorParam } from "./vector-param.js";

/** Σ_k (α_k − 1)·log x_k − log Γ(α_k), elementwise. */
export const DIRICHLET_KERNEL: DensityKernel = {
  name: "dirichlet",
  arity: 2,
  argNames: ["x", "alpha"],
  f: (x, a) => xlogy(a - 1, x) - lgamma(a),
  df(x, a, _b, _c, out) {
    out[0] = a === 1 ? 0 : (a - 1) / x;
    out[1] = Math.log(x) - digamma(a);
    return xlogy(a - 1, x) - lgamma(a);
  },
};

const SIMPLEX: Support = { kind: "simplex" };

class Dirichlet implements Distribution<Float64Array> {
  readonly name = "dirichlet";
  readonly support = SIMPLEX;
  readonly discrete = false;
  readonly size: number;
  readonly params: readonly Real[];
  private readonly a: Float64Array;

  constructor(private readonly alpha: Real) {
    this.params = [alpha];
    this.a = plainVector(alpha);
    this.size = this.a.length;
  }

  sample(rng: Rng): Float64Array {
    const lg = this.a.map((a) => logGammaSample(rng, a));
    const z = logSumExp(lg);
    // A component whose share underflows is the smallest positive double, not 0 (where the density of a small
    // alpha is infinite): the vector still sums to 1 in floating point.
    return lg.map((l) => Math.max(Math.exp(l - z), Number.MIN_VALUE));
  }

  private value(x: unknown): Float64Array | Var {
    if (x instanceof Var && x.xs !== null) return x;
    if (x instanceof Float64Array) return x;
    if (Array.isArray(x) && x.every((e) => typeof e === "number")) return Float64Array.from(x as number[]);
    throw new BorelError("bad-value", `dirichlet: the value must be a probability vector, got ${describeValue(x)}`);
  }

  private onSimplex(xv: Float64Array): boolean {
    if (xv.length !== this.size) throw new BorelError("shape", `dirichlet: value has length ${xv.length} but 'alpha' has length ${this.size}`);
    let s = 0;
    for (let i = 0; i < xv.length; i++) {
      if (!(xv[i] >= 0)) return false;
      s += xv[i];
    }
    return Math.abs(s - 1) <= 1e-8;
  }

  logpdf(x: unknown): number {
    const v = this.logpdfAD(plain(this.value(x)));
    return typeof v === "number" ? v : v.x;
  }

  logpdfAD(x: unknown): Scalar {
    const xv = this.value(x);
    if (!this.onSimplex(plain(xv) as Float64Array)) return -Infinity;
    const a0 = sum(this.alpha);
    return add(applyKernel(DIRICHLET_KERNEL, [xv, this.alpha]), lgammaAD(a0)) as Scalar;
  }

  mean(): Float64Array {
    const a0 = this.a.reduce((s, v) => s + v, 0);
    return this.a.map((a) => a / a0);
  }

  variance(): Float64Array {
    const a0 = this.a.reduce((s, v) => s + v, 0);
    return this.a.map((a) => (a * (a0 - a)) / (a0 * a0 * (a0 + 1)));
  }

  toString(): string {
    return formatDistribution(this.name, this.params);
  }
}

/** dirichlet(alpha): see the file comment. */
export function dirichlet(alpha: unknown): Distribution<Float64Array> {
  return new Dirichlet(vectorParam("dirichlet", "alpha", alpha, "positive"));
}
