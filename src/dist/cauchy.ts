/**
 * cauchy(mu, sigma): location mu, scale sigma. log p(x) = −log π − log sigma − log(1 + z²), z = (x − mu)/sigma.
 * Mean and variance do not exist (NaN).
 *
 * @example
 * ```ts
 * cauchy(0, 1).logpdf(0);     // −log π
 * cauchy(0, 1).quantile(0.75); // 1
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { add, mul } from "../ad/arith.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { REAL } from "./support.js";

const LOG_PI = Math.log(Math.PI);

export const CAUCHY_KERNEL: DensityKernel = {
  name: "cauchy",
  arity: 3,
  argNames: ["x", "mu", "sigma"],
  f(x, mu, sigma) {
    const z = (x - mu) / sigma;
    return -LOG_PI - Math.log(sigma) - Math.log1p(z * z);
  },
  df(x, mu, sigma, _c, out) {
    const z = (x - mu) / sigma, d = (2 * z) / (sigma * (1 + z * z));
    out[0] = -d;
    out[1] = d;
    out[2] = -1 / sigma + z * d;
    return -LOG_PI - Math.log(sigma) - Math.log1p(z * z);
  },
};

/** Standard Cauchy cdf, accurate in the lower tail: for z < 0, ½ + atan(z)/π = atan(−1/z)/π. */
export function standardCauchyCdf(z: number): number {
  return z < -1 ? Math.atan(-1 / z) / Math.PI : 0.5 + Math.atan(z) / Math.PI;
}

/** Standard Cauchy quantile tan(π(p − ½)). */
export function standardCauchyQuantile(p: number): number {
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return Math.tan(Math.PI * (p - 0.5));
}

export const cauchy = scalarFamily({
  name: "cauchy",
  params: [{ name: "mu", check: "real" }, { name: "sigma", check: "positive" }],
  kernel: CAUCHY_KERNEL,
  support: () => REAL,
  sample: (rng, mu, sigma) => mu + sigma * standardCauchyQuantile(rng.open01()),
  mean: () => NaN,
  variance: () => NaN,
  reparam: { noise: (rng) => standardCauchyQuantile(rng.open01()), transform: (eps, [mu, sigma]) => add(mu, mul(sigma, eps)) },
  cdf: (x, mu, sigma) => standardCauchyCdf((x - mu) / sigma),
  quantile: (p, mu, sigma) => mu + sigma * standardCauchyQuantile(p),
  // log F through log1p(−F(−z)) in the upper tail.
  logcdfAD: logcdfAD_of(logcdfKernel("cauchy", ["x", "mu", "sigma"], (x, mu, sigma) => {
    const z = (x - mu) / sigma;
    return z <= 0 ? Math.log(standardCauchyCdf(z)) : Math.log1p(-standardCauchyCdf(-z));
  })),
});
