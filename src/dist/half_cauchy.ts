/**
 * half_cauchy(sigma): |cauchy(0, sigma)| on x ≥ 0. log p(x) = log 2 − log π − log sigma − log(1 + (x/sigma)²).
 * The mean and variance are infinite.
 *
 * @example
 * ```ts
 * halfCauchy(1).logpdf(0);      // log(2/π)
 * halfCauchy(2).quantile(0.5);  // 2
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { mul } from "../ad/arith.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { POSITIVE } from "./support.js";

const LOG_2_OVER_PI = Math.log(2 / Math.PI);

export const HALF_CAUCHY_KERNEL: DensityKernel = {
  name: "half_cauchy",
  arity: 2,
  argNames: ["x", "sigma"],
  f(x, sigma) {
    if (x < 0) return -Infinity;
    const z = x / sigma;
    return LOG_2_OVER_PI - Math.log(sigma) - Math.log1p(z * z);
  },
  df(x, sigma, _b, _c, out) {
    if (x < 0) { out[0] = 0; out[1] = 0; return -Infinity; }
    const z = x / sigma, d = (2 * z) / (sigma * (1 + z * z));
    out[0] = -d;
    out[1] = -1 / sigma + z * d;
    return LOG_2_OVER_PI - Math.log(sigma) - Math.log1p(z * z);
  },
};

/** P(X ≤ x) = (2/π)·atan(x/σ); written as 1 − (2/π)·atan(σ/x) in the upper tail. */
const cdf = (x: number, sigma: number): number =>
  x <= 0 ? 0 : x <= sigma ? (2 / Math.PI) * Math.atan(x / sigma) : 1 - (2 / Math.PI) * Math.atan(sigma / x);

export const halfCauchy = scalarFamily({
  name: "half_cauchy",
  params: [{ name: "sigma", check: "positive" }],
  kernel: HALF_CAUCHY_KERNEL,
  support: () => POSITIVE,
  sample: (rng, sigma) => sigma * Math.tan(0.5 * Math.PI * rng.double()),
  mean: () => Infinity,
  variance: () => Infinity,
  reparam: { noise: (rng) => Math.tan(0.5 * Math.PI * rng.double()), transform: (eps, [sigma]) => mul(sigma, eps) },
  cdf,
  quantile: (p, sigma) => (p === 1 ? Infinity : sigma * Math.tan(0.5 * Math.PI * p)),
  // log F through log1p(−(2/π)·atan(σ/x)) in the upper tail.
  logcdfAD: logcdfAD_of(logcdfKernel("half_cauchy", ["x", "sigma"], (x, sigma) =>
    x <= sigma ? Math.log(cdf(x, sigma)) : Math.log1p(-(2 / Math.PI) * Math.atan(sigma / x)))),
});
