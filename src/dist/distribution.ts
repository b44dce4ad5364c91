/**
 * The distribution interface every `src/dist/*.ts` implements.
 *
 * A distribution's value is a number (continuous or integer), a boolean (bernoulli), or — for vectorized
 * parameters and vector families (dirichlet, mvnormal) — a `Float64Array` at one address (DESIGN.md).
 * `logpdf` is exact in log space and −Infinity outside the support; `logpdfAD` is the same density as an
 * autodiff expression in the parameters (which may be AD values) and, for continuous families, the value.
 *
 * @example
 * ```ts
 * const d = normal(0, 1);
 * d.sample(new Rng(1));   // a number
 * d.logpdf(0);            // −0.9189…
 * ```
 */
import type { Rng } from "../rand/rng.js";
import type { Real, Scalar } from "../ad/var.js";
import type { Support } from "./support.js";

export interface Distribution<T = unknown> {
  /** Borel (snake_case) name, e.g. "half_normal". */
  readonly name: string;
  /** Parameters as given (numbers, vectors, AD values, nested distributions). */
  readonly params: readonly unknown[];
  readonly support: Support;
  /** True for integer/boolean values (a finite or countable support). */
  readonly discrete: boolean;
  /** −1 for a scalar value, else the length of the vector value. */
  readonly size: number;
  /** True when `sample` must refuse (improper priors `flat`, `half_flat`). */
  readonly improper?: boolean;

  sample(rng: Rng): T;
  /** log density (or mass) at x as a plain number; −Infinity outside the support. */
  logpdf(x: unknown): number;
  /** log density as an AD expression; a plain number when nothing is an AD value. */
  logpdfAD(x: unknown): Scalar;
  /**
   * Per-element log densities of a vector value, as one AD vector (elementwise families only: a scalar
   * family, `iid`, `mixture` and `truncated` of them). `logpdfAD(x)` is the sum of this vector. Used by
   * `mixture` to mix point by point and by `iid` to stay one node.
   */
  logpdfElementsAD?(x: unknown): Real;
  /** Mean (per element for vectors); NaN where it does not exist. */
  mean(): number | Float64Array;
  /** Variance (per element for vectors); NaN or Infinity where it does not exist. */
  variance(): number | Float64Array;
  /** All values of a finite discrete distribution (each element's support for iid vectors is not enumerated). */
  enumerate?(): T[];
  /** A reparameterized sample: a differentiable function of the parameters and parameter-free noise. */
  rsample?(rng: Rng): Real;
  /** Cumulative distribution function (scalar families where known). */
  cdf?(x: number): number;
  /** log cdf as an AD expression in the parameters (used by `truncated`). */
  logcdfAD?(x: number): Scalar;
  /** Quantile function (scalar families where known). */
  quantile?(p: number): number;
  /**
   * The support's bounds as AD values when they depend on parameters that are AD values (`uniform(0, 1 − a)`
   * in a gradient run), so that a bijector onto the support carries their gradient; undefined otherwise.
   */
  boundsAD?(): { low: Real; high: Real } | undefined;
  toString(): string;
}

/** True for anything implementing `Distribution`. */
export function isDistribution(x: unknown): x is Distribution {
  return typeof x === "object" && x !== null && typeof (x as Distribution).logpdf === "function" &&
    typeof (x as Distribution).sample === "function" && typeof (x as Distribution).name === "string";
}
