/**
 * geometric(p): the number of failures before the first success, k = 0, 1, …; 0 < p ≤ 1.
 * log p(k) = log p + k·log(1 − p). Mean (1 − p)/p.
 *
 * @example
 * ```ts
 * geometric(0.5).logpdf(2);   // log 0.125
 * geometric(0.25).mean();     // 3
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { xlog1py } from "../math/log.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { checkOpenClosedProbability } from "./neg_binomial.js";
import { isCount } from "./poisson.js";
import { NONNEGATIVE_INT } from "./support.js";

export const GEOMETRIC_KERNEL: DensityKernel = {
  name: "geometric",
  arity: 2,
  argNames: ["x", "p"],
  f(k, p) {
    return isCount(k) ? Math.log(p) + xlog1py(k, -p) : -Infinity;
  },
  df(k, p, _b, _c, out) {
    out[0] = 0;
    if (!isCount(k)) { out[1] = 0; return -Infinity; }
    out[1] = 1 / p - (k === 0 ? 0 : k / (1 - p));
    return Math.log(p) + xlog1py(k, -p);
  },
};

/** log P(X ≤ x) = log(1 − (1 − p)^(⌊x⌋+1)). */
const logcdf = (x: number, p: number): number => {
  const k = Math.floor(x);
  if (k < 0) return -Infinity;
  if (p === 1) return 0;
  const t = (k + 1) * Math.log1p(-p);
  return t > -Math.LN2 ? Math.log(-Math.expm1(t)) : Math.log1p(-Math.exp(t));
};

export const geometric = scalarFamily({
  name: "geometric",
  params: [{ name: "p", check: "probability" }],
  kernel: GEOMETRIC_KERNEL,
  validate: (p) => checkOpenClosedProbability("geometric", "p", p),
  support: () => NONNEGATIVE_INT,
  sample: (rng, p) => (p === 1 ? 0 : Math.floor(Math.log(rng.open01()) / Math.log1p(-p))),
  mean: (p) => (1 - p) / p,
  variance: (p) => (1 - p) / (p * p),
  cdf: (x, p) => Math.exp(logcdf(x, p)),
  quantile: (q, p) => (p === 1 ? 0 : Math.max(0, Math.ceil(Math.log1p(-q) / Math.log1p(-p) - 1))),
  logcdfAD: logcdfAD_of(logcdfKernel("geometric", ["x", "p"], logcdf)),
});
