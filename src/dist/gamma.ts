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
import { lgamma } from "../math/lgamma.js";
import { scalarFamily } from "./family.js";
import { put, sumByDf } from "./kernel-sum.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { logGammaPrefix } from "./gamma-prefix.js";
import { gammaSample } from "./sample-gamma.js";
import { POSITIVE } from "./support.js";

/** The density at x = 0: +∞ for shape < 1, rate for shape = 1, 0 for shape > 1 (in log space). */
function atZero(shape: number, rate: number): number {
  return shape < 1 ? Infinity : shape === 1 ? Math.log(rate) : -Infinity;
}

/**
 * log((rate·x)^shape e^(−rate·x) / Γ(shape)) for x > 0; when rate·x underflows to 0 (x = 1e-320 with rate 0.001:
 * small-shape draws are that small), from log rate + log x, not log 0.
 */
function prefix(x: number, shape: number, rate: number): number {
  const t = rate * x;
  return t > 0 ? logGammaPrefix(shape, t) : shape * (Math.log(rate) + Math.log(x)) - lgamma(shape);
}

export const GAMMA_KERNEL: DensityKernel = {
  name: "gamma",
  arity: 3,
  argNames: ["x", "shape", "rate"],
  f(x, shape, rate) {
    if (x < 0) return -Infinity;
    if (x === 0) return atZero(shape, rate);
    return prefix(x, shape, rate) - Math.log(x);
  },
  df(x, shape, rate, _c, out) {
    if (x <= 0) { out.fill(0); return x < 0 ? -Infinity : atZero(shape, rate); }
    const lx = Math.log(x), lr = Math.log(rate);
    out[0] = (shape - 1) / x - rate;
    out[1] = lr - digamma(shape) + lx;
    out[2] = shape / rate - x;
    return prefix(x, shape, rate) - lx;
  },
  // Scalar shape and rate: log Γ and ψ of the shape once per call (for shape ≥ 10 the per-element value keeps
  // the Stirling form of logGammaPrefix).
  sum(n, x, shape, rate, _c, grads) {
    if (typeof shape !== "number" || typeof rate !== "number" || typeof x === "number") return sumByDf(GAMMA_KERNEL, n, x, shape, rate, 0, grads);
    for (let i = 0; i < n; i++) if (!(x[i] > 0)) return sumByDf(GAMMA_KERNEL, n, x, shape, rate, 0, grads);
    const [gx, ga, gb] = grads;
    const lr = Math.log(rate), small = shape < 10;
    const c = small ? shape * lr - lgamma(shape) : 0;
    let total = n * c, slx = 0, sx = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i], lx = Math.log(xi);
      total += small ? (shape - 1) * lx - rate * xi : prefix(xi, shape, rate) - lx;
      slx += lx;
      sx += xi;
      put(gx, i, (shape - 1) / xi - rate);
    }
    if (ga !== null) ga[0] += n * (lr - digamma(shape)) + slx;
    if (gb !== null) gb[0] += (n * shape) / rate - sx;
    return total;
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
