/**
 * neg_binomial_2(mu, phi): the negative binomial by mean mu > 0 and concentration phi > 0 (Stan's
 * parameterization): variance mu + mu²/phi; phi → ∞ gives poisson(mu).
 * log p(k) = log Γ(k + φ) − log Γ(φ) − log k! − φ·log(1 + μ/φ) + k·(log μ − log(μ + φ)).
 *
 * @example
 * ```ts
 * negBinomial2(4, 2).variance();   // 12
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { lgamma } from "../math/lgamma.js";
import { digamma } from "../math/polygamma.js";
import { scalarFamily } from "./family.js";
import { lgammaRatio } from "./lgamma-ratio.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { negBinomialCdf, negBinomialLogCdf } from "./neg_binomial.js";
import { isCount } from "./poisson.js";
import { logGammaSample } from "./sample-gamma.js";
import { poissonSample } from "./sample-poisson.js";
import { NONNEGATIVE_INT } from "./support.js";

const value = (k: number, mu: number, phi: number): number =>
  lgammaRatio(phi, k) - lgamma(k + 1) - phi * Math.log1p(mu / phi) + (k === 0 ? 0 : k * (Math.log(mu) - Math.log(mu + phi)));

export const NEG_BINOMIAL_2_KERNEL: DensityKernel = {
  name: "neg_binomial_2",
  arity: 3,
  argNames: ["x", "mu", "phi"],
  f(k, mu, phi) {
    return isCount(k) ? value(k, mu, phi) : -Infinity;
  },
  df(k, mu, phi, _c, out) {
    out.fill(0);
    if (!isCount(k)) return -Infinity;
    out[1] = k / mu - (k + phi) / (mu + phi);
    out[2] = digamma(k + phi) - digamma(phi) - Math.log1p(mu / phi) + (mu - k) / (mu + phi);
    return value(k, mu, phi);
  },
};

export const negBinomial2 = scalarFamily({
  name: "neg_binomial_2",
  params: [{ name: "mu", check: "positive" }, { name: "phi", check: "positive" }],
  kernel: NEG_BINOMIAL_2_KERNEL,
  support: () => NONNEGATIVE_INT,
  sample: (rng, mu, phi) => poissonSample(rng, (Math.exp(logGammaSample(rng, phi)) * mu) / phi),
  mean: (mu) => mu,
  variance: (mu, phi) => mu + (mu * mu) / phi,
  cdf: (x, mu, phi) => negBinomialCdf(x, phi, phi / (mu + phi)),
  logcdfAD: logcdfAD_of(logcdfKernel("neg_binomial_2", ["x", "mu", "phi"], (x, mu, phi) => negBinomialLogCdf(x, phi, phi / (mu + phi)))),
});
