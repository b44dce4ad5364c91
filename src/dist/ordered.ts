/**
 * ordered(d, n): the order statistics of n iid draws of the continuous scalar distribution d — the draws
 * sorted increasingly. log p(x) = log n! + Σ_i log d(x_i) on the ordered region x_0 ≤ x_1 ≤ … ≤ x_{n−1},
 * −Infinity off it. The support is `ordered` (`positive_ordered` when d lives on x > 0; `ordered` within the
 * base's bounds for a bounded base such as uniform or beta), so gradient methods use an ordered bijector — the
 * standard way to break label switching in mixtures.
 * The mean and variance of order statistics have no closed form here: NaN.
 *
 * @example
 * ```ts
 * ordered(normal(0, 1), 3).sample(rng);          // an increasing Float64Array of length 3
 * ordered(normal(0, 1), 2).logpdf([-1, 1]);      // log 2 + 2·normal(0, 1).logpdf(±1)
 * ```
 */
import { add } from "../ad/arith.js";
import { plain } from "../ad/elementwise.js";
import { index } from "../ad/reduce.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import { lfactorial } from "../math/factorial.js";
import type { Rng } from "../rand/rng.js";
import { BorelError } from "../util/errors.js";
import { isDistribution, type Distribution } from "./distribution.js";
import { badParameter, describeValue } from "./params.js";
import type { Support } from "./support.js";
import { boundsOf } from "./truncated-support.js";

/**
 * Increasing vectors, within the base's bounds: a bounded base (uniform, beta, a truncation) got the unbounded
 * ordered bijector, and Laplace and VI returned draws outside it (all of VI's above 1 for uniform(0, 1)).
 */
function orderedSupport(base: Support): Support {
  if (base.kind === "positive") return { kind: "positive_ordered" };
  const b = boundsOf(base);
  if (b === null || (!Number.isFinite(b[0]) && !Number.isFinite(b[1]))) return { kind: "ordered" };
  return { kind: "ordered", ...(Number.isFinite(b[0]) ? { low: b[0] } : {}), ...(Number.isFinite(b[1]) ? { high: b[1] } : {}) };
}

class Ordered implements Distribution<Float64Array> {
  readonly name = "ordered";
  readonly params: readonly unknown[];
  readonly support: Support;
  readonly discrete = false;
  private readonly logNFact: number;

  constructor(readonly d: Distribution, readonly size: number) {
    this.params = [d, size];
    this.support = orderedSupport(d.support);
    this.logNFact = lfactorial(size);
  }

  /** The base's bounds when another choice sets them (ordered(uniform(0, c), n)): the bijector keeps their gradient. */
  boundsAD(): { low: Real; high: Real } | undefined {
    return this.d.boundsAD?.();
  }

  sample(rng: Rng): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.d.sample(rng) as number;
    return out.sort();
  }

  private vector(x: unknown): Float64Array | Var {
    const v = Array.isArray(x) && x.every((e) => typeof e === "number") ? Float64Array.from(x as number[]) : x;
    if (!(v instanceof Float64Array) && !(v instanceof Var && v.xs !== null))
      throw new BorelError("bad-value", `ordered: the value must be a vector of length ${this.size}, got ${describeValue(x)}`);
    const n = (plain(v) as Float64Array).length;
    if (n !== this.size) throw new BorelError("shape", `ordered: value has length ${n} but n = ${this.size}`);
    return v;
  }

  private isOrdered(xs: Float64Array): boolean {
    for (let i = 1; i < xs.length; i++) if (!(xs[i - 1] <= xs[i])) return false;
    return true;
  }

  logpdf(x: unknown): number {
    const v = this.logpdfAD(plain(this.vector(x)));
    return typeof v === "number" ? v : v.x;
  }

  logpdfAD(x: unknown): Scalar {
    const v = this.vector(x);
    if (!this.isOrdered(plain(v) as Float64Array)) return -Infinity;
    if (this.d.logpdfElementsAD) return add(this.logNFact, this.d.logpdfAD(v)) as Scalar;
    let s: Scalar = this.logNFact;
    for (let i = 0; i < this.size; i++) s = add(s, this.d.logpdfAD(index(v, i))) as Scalar;
    return s;
  }

  mean(): Float64Array {
    return new Float64Array(this.size).fill(NaN);
  }

  variance(): Float64Array {
    return new Float64Array(this.size).fill(NaN);
  }

  toString(): string {
    return `ordered(${String(this.d)}, ${this.size})`;
  }
}

/** ordered(d, n): see the file comment. */
export function ordered(d: unknown, n: unknown): Distribution<Float64Array> {
  if (!isDistribution(d)) throw badParameter("ordered", "d", `must be a distribution, got ${describeValue(d)}`);
  if (d.size !== -1 || d.discrete)
    throw badParameter("ordered", "d", `must be a continuous scalar distribution, got ${String(d)}`, "order statistics of discrete draws have ties; sort the draws in the model instead");
  if (!(typeof n === "number" && Number.isInteger(n) && n >= 1)) throw badParameter("ordered", "n", `must be a positive integer, got ${describeValue(n)}`);
  return new Ordered(d, n);
}
