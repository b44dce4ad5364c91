/**
 * normal(mu, sigma): the Gaussian with mean mu and standard deviation sigma.
 * log p(x) = −½((x−mu)/sigma)² − log sigma − ½ log 2π.
 *
 * @example
 * ```ts
 * normal(0, 1).logpdf(0);                       // −0.918938533204673
 * normal(new Float64Array([0, 1]), 1);          // a vector value of length 2
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { add, mul } from "../ad/arith.js";
import { normalLogCdfAD } from "../ad/unary.js";
import { div, sub } from "../ad/arith.js";
import { normalCdf, normalQuantile } from "../math/normal.js";
import { scalarFamily } from "./family.js";
import { REAL } from "./support.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export const NORMAL_KERNEL: DensityKernel = {
  name: "normal",
  arity: 3,
  argNames: ["x", "mu", "sigma"],
  f(x, mu, sigma) {
    const z = (x - mu) / sigma;
    return -0.5 * z * z - Math.log(sigma) - HALF_LOG_2PI;
  },
  df(x, mu, sigma, _c, out) {
    const z = (x - mu) / sigma, zs = z / sigma;
    out[0] = -zs;
    out[1] = zs;
    out[2] = (z * z - 1) / sigma;
    return -0.5 * z * z - Math.log(sigma) - HALF_LOG_2PI;
  },
};

export const normal = scalarFamily({
  name: "normal",
  params: [{ name: "mu", check: "real" }, { name: "sigma", check: "positive" }],
  kernel: NORMAL_KERNEL,
  support: () => REAL,
  sample: (rng, mu, sigma) => mu + sigma * rng.normal(),
  mean: (mu) => mu,
  variance: (_mu, sigma) => sigma * sigma,
  reparam: { noise: (rng) => rng.normal(), transform: (eps, [mu, sigma]) => add(mu, mul(sigma, eps)) },
  cdf: (x, mu, sigma) => normalCdf((x - mu) / sigma),
  quantile: (p, mu, sigma) => mu + sigma * normalQuantile(p),
  logcdfAD: (x, [mu, sigma]) => normalLogCdfAD(div(sub(x, mu), sigma)) as number,
});
