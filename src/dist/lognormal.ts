/**
 * lognormal(mu, sigma): exp of a normal(mu, sigma) draw, on x > 0.
 * log p(x) = −log x − log sigma − ½ log 2π − ½ ((log x − mu)/sigma)².
 *
 * @example
 * ```ts
 * lognormal(0, 1).logpdf(1);   // −0.9189385332046727
 * lognormal(0, 1).mean();      // e^½
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { add, mul } from "../ad/arith.js";
import { exp } from "../ad/unary.js";
import { normalCdf, normalLogCdf, normalQuantile } from "../math/normal.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { POSITIVE } from "./support.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export const LOGNORMAL_KERNEL: DensityKernel = {
  name: "lognormal",
  arity: 3,
  argNames: ["x", "mu", "sigma"],
  f(x, mu, sigma) {
    if (x <= 0) return -Infinity;
    const lx = Math.log(x), z = (lx - mu) / sigma;
    return -lx - Math.log(sigma) - HALF_LOG_2PI - 0.5 * z * z;
  },
  df(x, mu, sigma, _c, out) {
    if (x <= 0) { out.fill(0); return -Infinity; }
    const lx = Math.log(x), z = (lx - mu) / sigma;
    out[0] = -(1 + z / sigma) / x;
    out[1] = z / sigma;
    out[2] = (z * z - 1) / sigma;
    return -lx - Math.log(sigma) - HALF_LOG_2PI - 0.5 * z * z;
  },
};

const logcdf = (x: number, mu: number, sigma: number): number => (x <= 0 ? -Infinity : normalLogCdf((Math.log(x) - mu) / sigma));

export const lognormal = scalarFamily({
  name: "lognormal",
  params: [{ name: "mu", check: "real" }, { name: "sigma", check: "positive" }],
  kernel: LOGNORMAL_KERNEL,
  support: () => POSITIVE,
  sample: (rng, mu, sigma) => Math.exp(mu + sigma * rng.normal()),
  mean: (mu, sigma) => Math.exp(mu + 0.5 * sigma * sigma),
  variance: (mu, sigma) => Math.expm1(sigma * sigma) * Math.exp(2 * mu + sigma * sigma),
  reparam: { noise: (rng) => rng.normal(), transform: (eps, [mu, sigma]) => exp(add(mu, mul(sigma, eps))) },
  cdf: (x, mu, sigma) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
  quantile: (p, mu, sigma) => Math.exp(mu + sigma * normalQuantile(p)),
  logcdfAD: logcdfAD_of(logcdfKernel("lognormal", ["x", "mu", "sigma"], logcdf)),
});
