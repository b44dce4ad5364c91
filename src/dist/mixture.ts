/**
 * mixture(weights, dists): with probability weights[k] a draw from dists[k].
 * log p(x) = log Σ_k w_k·p_k(x), computed as logSumExp_k(log w_k + log p_k(x)) (src/ad/log-sum-exp-n.ts).
 *
 * Two cases:
 * - elementwise components (scalar families, possibly vectorized, truncated, other mixtures): each element of
 *   a vector value is its own mixture draw — `y ~ mixture([w, 1 − w], [normal(m1, s), normal(m2, s)])` over 200
 *   points is the usual Gaussian mixture model. The density is K fused kernel nodes, one log node for the
 *   weights and one log-sum-exp node that also sums over the points, whatever the number of points.
 * - vector-valued components (mvnormal, dirichlet, …): the whole vector comes from one component.
 * Components must agree on discreteness and on the value size (scalars broadcast against vectors).
 *
 * @example
 * ```ts
 * mixture([0.5, 0.5], [normal(-1, 1), normal(1, 1)]).logpdf(0);   // normal(1, 1).logpdf(0)
 * ```
 */
import { logSumExpN } from "../ad/log-sum-exp-n.js";
import { log } from "../ad/unary.js";
import { plain } from "../ad/elementwise.js";
import type { Real, Scalar } from "../ad/var.js";
import type { Rng } from "../rand/rng.js";
import { isDistribution, type Distribution } from "./distribution.js";
import { badParameter, describeValue } from "./params.js";
import type { Support } from "./support.js";
import { mixtureSupport } from "./mixture-support.js";
import { boundsOf } from "./truncated-support.js";
import { checkSumsToOne, formatDistribution, plainVector, vectorParam } from "./vector-param.js";

const toNumber = (v: unknown): number => (v === true ? 1 : v === false ? 0 : (v as number));
/** A boolean value given to a component over integers becomes 0/1 (mixtures of bernoulli and counts). */
const valueFor = (d: Distribution, x: unknown): unknown => (typeof x === "boolean" && d.support.kind !== "boolean" ? toNumber(x) : x);

class Mixture implements Distribution<unknown> {
  readonly name = "mixture";
  readonly params: readonly unknown[];
  readonly support: Support;
  readonly discrete: boolean;
  readonly size: number;
  readonly elementwise: boolean;
  private readonly w: Float64Array;
  private lwCache: Real | undefined;
  logpdfElementsAD?: (x: unknown) => Real;

  constructor(private readonly weights: Real, readonly dists: readonly Distribution[], size: number) {
    this.params = [weights, dists];
    this.w = plainVector(weights);
    this.discrete = dists[0].discrete;
    this.size = size;
    this.elementwise = dists.every((d) => d.logpdfElementsAD !== undefined);
    this.support = mixtureSupport(dists.map((d) => d.support));
    if (this.elementwise) this.logpdfElementsAD = (x) => logSumExpN(this.terms(x, true), { offsets: this.logWeights });
  }

  /**
   * The bounds of the support (the union of the components') with the AD ones kept: the lowest component low
   * and highest high, as the expressions they are when another choice sets them (uniform(0, 1 + c)) — else the
   * bijector lost ∂x/∂c. Undefined when no component has AD bounds.
   */
  boundsAD(): { low: Real; high: Real } | undefined {
    if (this.discrete || boundsOf(this.support) === null) return undefined;
    const ad = this.dists.map((d) => d.boundsAD?.());
    if (ad.every((b) => b === undefined)) return undefined;
    let low: Real = Infinity, high: Real = -Infinity, lo = Infinity, hi = -Infinity;
    this.dists.forEach((d, k) => {
      const b = boundsOf(d.support) as [number, number];
      if (b[0] < lo) { lo = b[0]; low = ad[k]?.low ?? b[0]; }
      if (b[1] > hi) { hi = b[1]; high = ad[k]?.high ?? b[1]; }
    });
    return { low, high };
  }

  private get logWeights(): Real {
    return (this.lwCache ??= log(this.weights));
  }

  /** log p_k(x) per component: per element when `elements`, else summed. */
  private terms(x: unknown, elements: boolean): Real[] {
    return this.dists.map((d) => {
      const v = valueFor(d, x);
      return elements ? (d.logpdfElementsAD as (x: unknown) => Real)(v) : d.logpdfAD(v);
    });
  }

  private pick(rng: Rng): number {
    let u = rng.double();
    for (let k = 0; k < this.w.length; k++) {
      u -= this.w[k];
      if (u < 0 && this.w[k] > 0) return k;
    }
    let k = this.w.length - 1;
    while (this.w[k] === 0) k--;
    return k;
  }

  sample(rng: Rng): unknown {
    if (!this.elementwise || this.size === -1) return this.dists[this.pick(rng)].sample(rng);
    const draws: (Float64Array | undefined)[] = [];
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const k = this.pick(rng), d = this.dists[k];
      if (d.size === -1) out[i] = toNumber(d.sample(rng));
      else out[i] = (draws[k] ??= d.sample(rng) as Float64Array)[i];
    }
    return out;
  }

  logpdf(x: unknown): number {
    const v = this.logpdfAD(x);
    return typeof v === "number" ? v : v.x;
  }

  logpdfAD(x: unknown): Scalar {
    return logSumExpN(this.terms(x, this.elementwise), { offsets: this.logWeights, sum: true }) as Scalar;
  }

  mean(): number | Float64Array {
    return this.combine((m) => m);
  }

  variance(): number | Float64Array {
    const mean = this.mean();
    const second = this.combine((m, v) => v + m * m);
    if (typeof second === "number") return second - (mean as number) ** 2;
    return second.map((s, i) => s - (mean as Float64Array)[i] ** 2);
  }

  /** Σ_k w_k·g(mean_k, var_k), elementwise (broadcasting scalar components). */
  private combine(g: (m: number, v: number) => number): number | Float64Array {
    const n = this.size === -1 ? 1 : this.size;
    const out = new Float64Array(n);
    this.dists.forEach((d, k) => {
      const m = d.mean(), v = d.variance();
      for (let i = 0; i < n; i++) {
        const mi = typeof m === "number" ? m : m[i], vi = typeof v === "number" ? v : v[i];
        if (this.w[k] > 0) out[i] += this.w[k] * g(mi, vi);
      }
    });
    return this.size === -1 ? out[0] : out;
  }

  cdf(x: number): number {
    let s = 0;
    this.dists.forEach((d, k) => { if (this.w[k] > 0) s += this.w[k] * (d.cdf as (x: number) => number)(x); });
    return s;
  }

  logcdfAD(x: number): Scalar {
    return logSumExpN(this.dists.map((d) => (d.logcdfAD as (x: number) => Scalar).call(d, x)), { offsets: this.logWeights }) as Scalar;
  }

  enumerate(): unknown[] {
    const allBoolean = this.dists.every((d) => d.support.kind === "boolean");
    const seen = new Map<string, unknown>();
    this.dists.forEach((d, k) => {
      if (this.w[k] === 0) return;
      for (const v of (d.enumerate as () => unknown[])()) {
        const u = allBoolean ? v : toNumber(v);
        seen.set(String(u), u);
      }
    });
    return [...seen.values()];
  }

  toString(): string {
    return formatDistribution(this.name, [plain(this.weights), this.dists]);
  }
}

/** mixture(weights, dists): see the file comment. */
export function mixture(weights: unknown, dists: unknown): Distribution {
  const w = vectorParam("mixture", "weights", weights, "nonnegative");
  if (!Array.isArray(dists) || dists.length === 0 || !dists.every(isDistribution))
    throw badParameter("mixture", "dists", `must be a non-empty array of distributions, got ${describeValue(dists)}`);
  // The counts first: one weight short of the components is a missing weight, not weights that fail to sum to 1.
  const k = plainVector(w).length;
  if (dists.length !== k) throw badParameter("mixture", "dists", `has ${dists.length} components but 'weights' has ${k} elements`);
  checkSumsToOne("mixture", "weights", plainVector(w));
  if (!dists.every((d) => d.discrete === dists[0].discrete))
    throw badParameter("mixture", "dists", "mixes discrete and continuous components", "a mixture density needs all components of one kind");
  const elementwise = dists.every((d) => d.logpdfElementsAD !== undefined);
  let size = -1;
  for (const d of dists) {
    if (d.size === -1 && elementwise) continue;
    if (size !== -1 && d.size !== size) throw badParameter("mixture", "dists", `components have value sizes ${size} and ${d.size}`);
    size = d.size;
  }
  if (!elementwise && dists.some((d) => d.size !== size)) throw badParameter("mixture", "dists", "vector-valued components must all have the same size");
  const hasEnumerate = dists.every((d) => typeof d.enumerate === "function") && size === -1;
  const hasCdf = dists.every((d) => typeof d.cdf === "function") && size === -1;
  const m = new Mixture(w, dists, size);
  if (!hasEnumerate) (m as { enumerate?: unknown }).enumerate = undefined;
  if (!hasCdf) { (m as { cdf?: unknown }).cdf = undefined; (m as { logcdfAD?: unknown }).logcdfAD = undefined; }
  return m;
}
