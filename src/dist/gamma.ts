/**
 * gamma(shape, rate): log p(x) = shape·log rate − log Γ(shape) + (shape − 1)·log x − rate·x on x ≥ 0, computed as
 * log(tᵃe⁻ᵗ/Γ(a)) − log x with t = rate·x (src/dist/gamma-prefix.ts), exact also for shapes like 1e6.
 * Mean shape/rate. Sampler: Marsaglia–Tsang with the shape < 1 boost (src/dist/sample-gamma.ts).
 *
 * @example
 * ```ts
 * gamma(2, 1).logpdf(1);     // −1
 * gamma(2, 4).mean();        // 0.5
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { digamma } from "../math/polygamma.js";
import { gammaP, gammaPInv, gammaQ } from "../math/incgamma.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { logGammaPrefix } from "./gamma-prefix.js";
import { gammaSample } from "./sample-gamma.js";
import { POSITIVE } from "./support.js";

/** The density at x = 0: +∞ for shape < 1, rate for shape = 1, 0 for shape > 1 (in log space). */
function atZero(shape: number, rate: number): number {
  return shape < 1 ? Infinity : shape === 1 ? Math.log(rate) : -Infinity;
}

export const GAMMA_KERNEL: DensityKernel = {
  name: "gamma",
  arity: 3,
  argNames: ["x", "shape", "rate"],
  f(x, shape, rate) {
    if (x < 0) return -Infinity;
    if (x === 0) return atZero(shape, rate);
    return logGammaPrefix(shape, rate * x) - Math.log(x);
  },
  df(x, shape, rate, _c, out) {
    if (x <= 0) { out.fill(0); return x < 0 ? -Infinity : atZero(shape, rate); }
    const lx = Math.log(x), lr = Math.log(rate);
    out[0] = (shape - 1) / x - rate;
    out[1] = lr - digamma(shape) + lx;
    out[2] = shape / rate - x;
    return logGammaPrefix(shape, rate * x) - lx;
  },
};

/** log P(shape, rate·x), through log1p(−Q) in the upper tail so that 1 − F keeps its accuracy. */
const logcdf = (x: number, shape: number, rate: number): number => {
  if (x <= 0) return -Infinity;
  const p = gammaP(shape, rate * x);
  return p < 0.5 ? Math.log(p) : Math.log1p(-gammaQ(shape, rate * x));
};

export const gamma = scalarFamily({
  name: "gamma",
  params: [{ name: "shape", check: "positive" }, { name: "rate", check: "positive" }],
  kernel: GAMMA_KERNEL,
  support: () => POSITIVE,
  sample: (rng, shape, rate) => gammaSample(rng, shape) / rate,
  mean: (shape, rate) => shape / rate,
  variance: (shape, rate) => shape / (rate * rate),
  cdf: (x, shape, rate) => (x <= 0 ? 0 : gammaP(shape, rate * x)),
  quantile: (p, shape, rate) => gammaPInv(shape, p) / rate,
  logcdfAD: logcdfAD_of(logcdfKernel("gamma", ["x", "shape", "rate"], logcdf)),
});
