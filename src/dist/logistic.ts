/**
 * logistic(mu, s): the logistic distribution with location mu and scale s.
 * log p(x) = −log s − |z| − 2·log(1 + e^−|z|), z = (x − mu)/s (symmetric form, no overflow).
 *
 * @example
 * ```ts
 * logistic(0, 1).logpdf(0);   // −log 4
 * logistic(0, 1).cdf(0);      // 0.5
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { add, mul } from "../ad/arith.js";
import { log1pExp, logistic as sigmoid, logit } from "../math/log.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { REAL } from "./support.js";

const value = (z: number, s: number): number => {
  const a = Math.abs(z);
  return -Math.log(s) - a - 2 * Math.log1p(Math.exp(-a));
};

export const LOGISTIC_KERNEL: DensityKernel = {
  name: "logistic",
  arity: 3,
  argNames: ["x", "mu", "s"],
  f(x, mu, s) {
    return value((x - mu) / s, s);
  },
  df(x, mu, s, _c, out) {
    const z = (x - mu) / s, t = Math.tanh(0.5 * z);
    out[0] = -t / s;
    out[1] = t / s;
    out[2] = (z * t - 1) / s;
    return value(z, s);
  },
};

export const logistic = scalarFamily({
  name: "logistic",
  params: [{ name: "mu", check: "real" }, { name: "s", check: "positive" }],
  kernel: LOGISTIC_KERNEL,
  support: () => REAL,
  sample: (rng, mu, s) => mu + s * logit(rng.open01()),
  mean: (mu) => mu,
  variance: (_mu, s) => (s * s * Math.PI * Math.PI) / 3,
  reparam: { noise: (rng) => logit(rng.open01()), transform: (eps, [mu, s]) => add(mu, mul(s, eps)) },
  cdf: (x, mu, s) => sigmoid((x - mu) / s),
  quantile: (p, mu, s) => mu + s * logit(p),
  logcdfAD: logcdfAD_of(logcdfKernel("logistic", ["x", "mu", "s"], (x, mu, s) => -log1pExp(-(x - mu) / s))),
});
