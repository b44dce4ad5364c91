/**
 * laplace(mu, b): the double exponential with location mu and scale b. log p(x) = −log(2b) − |x − mu|/b.
 *
 * @example
 * ```ts
 * laplace(0, 1).logpdf(0);    // −log 2
 * laplace(0, 2).variance();   // 8
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { add, mul } from "../ad/arith.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { REAL } from "./support.js";

export const LAPLACE_KERNEL: DensityKernel = {
  name: "laplace",
  arity: 3,
  argNames: ["x", "mu", "b"],
  f(x, mu, b) {
    return -Math.log(2 * b) - Math.abs(x - mu) / b;
  },
  df(x, mu, b, _c, out) {
    const d = x - mu, s = d > 0 ? 1 : d < 0 ? -1 : 0;
    out[0] = -s / b;
    out[1] = s / b;
    out[2] = -1 / b + Math.abs(d) / (b * b);
    return -Math.log(2 * b) - Math.abs(d) / b;
  },
};

/** Standard Laplace quantile: log(2p) below ½, −log(2 − 2p) above. */
function standardQuantile(p: number): number {
  return p < 0.5 ? Math.log(2 * p) : -Math.log(2 - 2 * p);
}

const logcdf = (x: number, mu: number, b: number): number => {
  const z = (x - mu) / b;
  return z < 0 ? z - Math.LN2 : Math.log1p(-0.5 * Math.exp(-z));
};

export const laplace = scalarFamily({
  name: "laplace",
  params: [{ name: "mu", check: "real" }, { name: "b", check: "positive" }],
  kernel: LAPLACE_KERNEL,
  support: () => REAL,
  sample: (rng, mu, b) => mu + b * standardQuantile(rng.open01()),
  mean: (mu) => mu,
  variance: (_mu, b) => 2 * b * b,
  reparam: { noise: (rng) => standardQuantile(rng.open01()), transform: (eps, [mu, b]) => add(mu, mul(b, eps)) },
  cdf: (x, mu, b) => Math.exp(logcdf(x, mu, b)),
  quantile: (p, mu, b) => mu + b * standardQuantile(p),
  logcdfAD: logcdfAD_of(logcdfKernel("laplace", ["x", "mu", "b"], logcdf)),
});
