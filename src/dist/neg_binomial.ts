/**
 * neg_binomial(r, p): the number of failures before the r-th success in trials with success probability p.
 * log p(k) = log Γ(k + r) − log Γ(r) − log k! + r·log p + k·log(1 − p), k = 0, 1, …; r > 0 (real), 0 < p ≤ 1.
 * Mean r(1 − p)/p, variance r(1 − p)/p². Sampled as poisson(λ) with λ ~ gamma(r, p/(1 − p)).
 *
 * @example
 * ```ts
 * negBinomial(1, 0.5).logpdf(0);   // log 0.5 (geometric)
 * negBinomial(3, 0.25).mean();     // 9
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { lgamma } from "../math/lgamma.js";
import { digamma } from "../math/polygamma.js";
import { xlog1py } from "../math/log.js";
import { incBeta } from "../math/incbeta.js";
import { scalarFamily } from "./family.js";
import { lgammaRatio } from "./lgamma-ratio.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { badParameter } from "./params.js";
import { isCount } from "./poisson.js";
import { logGammaSample } from "./sample-gamma.js";
import { poissonSample } from "./sample-poisson.js";
import { NONNEGATIVE_INT } from "./support.js";

const value = (k: number, r: number, p: number): number =>
  lgammaRatio(r, k) - lgamma(k + 1) + r * Math.log(p) + xlog1py(k, -p);

export const NEG_BINOMIAL_KERNEL: DensityKernel = {
  name: "neg_binomial",
  arity: 3,
  argNames: ["x", "r", "p"],
  f(k, r, p) {
    return isCount(k) ? value(k, r, p) : -Infinity;
  },
  df(k, r, p, _c, out) {
    out.fill(0);
    if (!isCount(k)) return -Infinity;
    out[1] = digamma(k + r) - digamma(r) + Math.log(p);
    out[2] = r / p - (k === 0 ? 0 : k / (1 - p));
    return value(k, r, p);
  },
};

/** P(X ≤ x) = I_p(r, ⌊x⌋ + 1) (or its complement, when `upper`). */
export function negBinomialCdf(x: number, r: number, p: number, upper = false): number {
  const k = Math.floor(x);
  if (k < 0) return upper ? 1 : 0;
  if (p === 1) return upper ? 0 : 1;
  return incBeta(r, k + 1, p, 1 - p, upper);
}

/** log P(X ≤ x), through log1p(−P(X > x)) in the upper tail. */
export function negBinomialLogCdf(x: number, r: number, p: number): number {
  const f = negBinomialCdf(x, r, p);
  return f < 0.5 ? Math.log(f) : Math.log1p(-negBinomialCdf(x, r, p, true));
}

/** Checks 0 < p ≤ 1 elementwise, naming the argument. */
export function checkOpenClosedProbability(dist: string, arg: string, p: number | Float64Array): void {
  const ps = typeof p === "number" ? [p] : p;
  for (let i = 0; i < ps.length; i++)
    if (!(ps[i] > 0 && ps[i] <= 1)) throw badParameter(dist, arg, `must be in (0, 1], got ${ps[i]}${ps.length > 1 ? ` at element ${i}` : ""}`);
}

export const negBinomial = scalarFamily({
  name: "neg_binomial",
  params: [{ name: "r", check: "positive" }, { name: "p", check: "probability" }],
  kernel: NEG_BINOMIAL_KERNEL,
  validate: (_r, p) => checkOpenClosedProbability("neg_binomial", "p", p),
  support: () => NONNEGATIVE_INT,
  sample: (rng, r, p) => (p === 1 ? 0 : poissonSample(rng, (Math.exp(logGammaSample(rng, r)) * (1 - p)) / p)),
  mean: (r, p) => (r * (1 - p)) / p,
  variance: (r, p) => (r * (1 - p)) / (p * p),
  cdf: (x, r, p) => negBinomialCdf(x, r, p),
  logcdfAD: logcdfAD_of(logcdfKernel("neg_binomial", ["x", "r", "p"], negBinomialLogCdf)),
});
