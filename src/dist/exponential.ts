/**
 * exponential(rate): log p(x) = log rate − rate·x on x ≥ 0; mean 1/rate.
 *
 * @example
 * ```ts
 * exponential(2).logpdf(1);    // log 2 − 2
 * exponential(2).quantile(0.5); // log(2)/2
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { div } from "../ad/arith.js";
import { log1mExp } from "../math/log.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { POSITIVE } from "./support.js";

export const EXPONENTIAL_KERNEL: DensityKernel = {
  name: "exponential",
  arity: 2,
  argNames: ["x", "rate"],
  f(x, rate) {
    return x < 0 ? -Infinity : Math.log(rate) - rate * x;
  },
  df(x, rate, _b, _c, out) {
    if (x < 0) { out[0] = 0; out[1] = 0; return -Infinity; }
    out[0] = -rate;
    out[1] = 1 / rate - x;
    return Math.log(rate) - rate * x;
  },
};

const logcdf = (x: number, rate: number): number => (x <= 0 ? -Infinity : log1mExp(-rate * x));

export const exponential = scalarFamily({
  name: "exponential",
  params: [{ name: "rate", check: "positive" }],
  kernel: EXPONENTIAL_KERNEL,
  support: () => POSITIVE,
  sample: (rng, rate) => -Math.log(rng.open01()) / rate,
  mean: (rate) => 1 / rate,
  variance: (rate) => 1 / (rate * rate),
  reparam: { noise: (rng) => -Math.log(rng.open01()), transform: (eps, [rate]) => div(eps, rate) },
  cdf: (x, rate) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
  quantile: (p, rate) => -Math.log1p(-p) / rate,
  logcdfAD: logcdfAD_of(
    logcdfKernel("exponential", ["x", "rate"], logcdf, (x, rate, _b, _c, out) => {
      out[1] = x / Math.expm1(rate * x);
    }),
  ),
});
