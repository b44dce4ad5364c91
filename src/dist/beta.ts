/**
 * beta(alpha, beta): log p(x) = (alpha − 1)·log x + (beta − 1)·log(1 − x) − log B(alpha, beta) on [0, 1].
 * Sampled as X/(X + Y) for X ~ gamma(alpha), Y ~ gamma(beta), combined in log space —
 * logistic(log X − log Y) — so shapes like 1e-3 (where X and Y underflow) still give correct draws; with a
 * unit shape (beta(1, 1) is the uniform prior) by inverting the cdf.
 *
 * @example
 * ```ts
 * beta(2, 3).logpdf(0.5);   // log(12·0.5·0.25) = log 1.5
 * beta(2, 3).mean();        // 0.4
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { lbeta } from "../math/gamma.js";
import { digamma } from "../math/polygamma.js";
import { logistic, xlog1py, xlogy } from "../math/log.js";
import { betaInc, betaIncC, betaIncInv, betaPrefix } from "../math/incbeta.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { logGammaSample } from "./sample-gamma.js";
import { UNIT } from "./support.js";

/**
 * For a, b ≥ 10 the terms (a − 1)·log x, (b − 1)·log(1 − x) and log B(a, b) are huge and cancel; there the
 * density is betaPrefix(a, b, x, 1 − x)/(x(1 − x)) (src/math/incbeta.ts, Stirling form), unless that underflows.
 */
const value = (x: number, a: number, b: number): number => {
  if (a >= 10 && b >= 10 && x > 0 && x < 1) {
    const p = betaPrefix(a, b, x, 1 - x);
    if (p > 1e-290) return Math.log(p) - Math.log(x) - Math.log1p(-x);
  }
  return xlogy(a - 1, x) + xlog1py(b - 1, -x) - lbetaOf(a, b);
};

// log B of the last shapes (a prior's shapes are the same at every step of a chain).
let lastA = NaN, lastB = NaN, lastLogBeta = NaN;
const lbetaOf = (a: number, b: number): number => {
  if (a !== lastA || b !== lastB) { lastA = a; lastB = b; lastLogBeta = lbeta(a, b); }
  return lastLogBeta;
};

export const BETA_KERNEL: DensityKernel = {
  name: "beta",
  arity: 3,
  argNames: ["x", "alpha", "beta"],
  f(x, a, b) {
    return x < 0 || x > 1 ? -Infinity : value(x, a, b);
  },
  df(x, a, b, _c, out) {
    if (x < 0 || x > 1) { out.fill(0); return -Infinity; }
    const dab = digamma(a + b);
    out[0] = (a === 1 ? 0 : (a - 1) / x) - (b === 1 ? 0 : (b - 1) / (1 - x));
    out[1] = Math.log(x) - digamma(a) + dab;
    out[2] = Math.log1p(-x) - digamma(b) + dab;
    return value(x, a, b);
  },
};

/** log I_x(a, b), through log1p(−(1 − I)) in the upper tail. */
const logcdf = (x: number, a: number, b: number): number => {
  if (x <= 0) return -Infinity;
  if (x >= 1) return 0;
  const i = betaInc(a, b, x);
  return i < 0.5 ? Math.log(i) : Math.log1p(-betaIncC(a, b, x));
};

export const beta = scalarFamily({
  name: "beta",
  params: [{ name: "alpha", check: "positive" }, { name: "beta", check: "positive" }],
  kernel: BETA_KERNEL,
  support: () => UNIT,
  sample: (rng, a, b) =>
    // With a unit shape the cdf inverts in closed form (x^a, or 1 − (1 − x)^b): one uniform, no gamma draws
    // (and with both, the uniform prior, no logarithm either: the same value as the first form, 1 − u).
    a === 1 ? (b === 1 ? 1 - rng.open01() : -Math.expm1(Math.log(rng.open01()) / b)) : b === 1 ? Math.exp(Math.log(rng.open01()) / a) : logistic(logGammaSample(rng, a) - logGammaSample(rng, b)),
  mean: (a, b) => a / (a + b),
  variance: (a, b) => (a * b) / ((a + b) * (a + b) * (a + b + 1)),
  cdf: (x, a, b) => (x <= 0 ? 0 : x >= 1 ? 1 : betaInc(a, b, x)),
  quantile: (p, a, b) => betaIncInv(a, b, p),
  logcdfAD: logcdfAD_of(logcdfKernel("beta", ["x", "alpha", "beta"], logcdf)),
});
