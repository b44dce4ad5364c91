/**
 * half_normal(sigma): |N(0, sigma²)| on x ≥ 0. log p(x) = ½ log(2/π) − log sigma − ½ (x/sigma)².
 *
 * @example
 * ```ts
 * halfNormal(1).logpdf(0);    // ½ log(2/π) = −0.2257913526447274
 * halfNormal(2).mean();       // 2·√(2/π)
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { mul } from "../ad/arith.js";
import { abs } from "../ad/unary.js";
import { erf, erfc } from "../math/erf.js";
import { normalQuantile } from "../math/normal.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { POSITIVE } from "./support.js";

const HALF_LOG_2_OVER_PI = 0.5 * Math.log(2 / Math.PI);

export const HALF_NORMAL_KERNEL: DensityKernel = {
  name: "half_normal",
  arity: 2,
  argNames: ["x", "sigma"],
  f(x, sigma) {
    if (x < 0) return -Infinity;
    const z = x / sigma;
    return HALF_LOG_2_OVER_PI - Math.log(sigma) - 0.5 * z * z;
  },
  df(x, sigma, _b, _c, out) {
    if (x < 0) { out[0] = 0; out[1] = 0; return -Infinity; }
    const z = x / sigma;
    out[0] = -z / sigma;
    out[1] = (z * z - 1) / sigma;
    return HALF_LOG_2_OVER_PI - Math.log(sigma) - 0.5 * z * z;
  },
};

/** P(X ≤ x) = erf(x/(σ√2)); its log through log1p(−erfc) in the upper tail. */
const cdf = (x: number, sigma: number): number => (x <= 0 ? 0 : erf(x / (sigma * Math.SQRT2)));
const logcdf = (x: number, sigma: number): number => {
  if (x <= 0) return -Infinity;
  const z = x / (sigma * Math.SQRT2);
  return z < 0.5 ? Math.log(erf(z)) : Math.log1p(-erfc(z));
};

export const halfNormal = scalarFamily({
  name: "half_normal",
  params: [{ name: "sigma", check: "positive" }],
  kernel: HALF_NORMAL_KERNEL,
  support: () => POSITIVE,
  sample: (rng, sigma) => sigma * Math.abs(rng.normal()),
  mean: (sigma) => sigma * Math.sqrt(2 / Math.PI),
  variance: (sigma) => sigma * sigma * (1 - 2 / Math.PI),
  reparam: { noise: (rng) => rng.normal(), transform: (eps, [sigma]) => mul(sigma, abs(eps)) },
  cdf,
  quantile: (p, sigma) => sigma * normalQuantile(0.5 + 0.5 * p),
  logcdfAD: logcdfAD_of(logcdfKernel("half_normal", ["x", "sigma"], logcdf)),
});
