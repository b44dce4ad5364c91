/**
 * poisson(rate): log p(k) = k·log rate − rate − log k!, k = 0, 1, …; rate ≥ 0 (rate 0 is the point mass at 0).
 * Exact sampler at every rate (inversion below 10, PTRS above; src/dist/sample-poisson.ts).
 *
 * @example
 * ```ts
 * poisson(3).logpdf(2);    // 2·log 3 − 3 − log 2
 * poisson(1e9).sample(rng); // O(1) time
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { lfactorial } from "../math/factorial.js";
import { xlogy } from "../math/log.js";
import { gammaP, gammaQ } from "../math/incgamma.js";
import { scalarFamily } from "./family.js";
import { logGammaPrefix } from "./gamma-prefix.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { poissonSample } from "./sample-poisson.js";
import { NONNEGATIVE_INT } from "./support.js";

/** True for k = 0, 1, 2, … */
export const isCount = (k: number): boolean => Number.isInteger(k) && k >= 0;

/**
 * k·log λ − λ − log k! (log k! from a table up to 170), through log(λᵏ⁺¹e^{−λ}/k!) − log λ in Stirling form
 * beyond (no cancellation at large k and λ).
 */
export const poissonLogPmf = (k: number, rate: number): number =>
  k > 170 && rate > 0 ? logGammaPrefix(k + 1, rate) - Math.log(rate) : xlogy(k, rate) - rate - lfactorial(k);

export const POISSON_KERNEL: DensityKernel = {
  name: "poisson",
  arity: 2,
  argNames: ["x", "rate"],
  f(k, rate) {
    return isCount(k) ? poissonLogPmf(k, rate) : -Infinity;
  },
  df(k, rate, _b, _c, out) {
    out[0] = 0;
    if (!isCount(k)) { out[1] = 0; return -Infinity; }
    out[1] = (k === 0 ? 0 : k / rate) - 1;
    return poissonLogPmf(k, rate);
  },
};

/** P(X ≤ x) = Q(⌊x⌋ + 1, rate), the regularized upper incomplete gamma function. */
export function poissonCdf(x: number, rate: number): number {
  const k = Math.floor(x);
  if (k < 0) return 0;
  return rate === 0 ? 1 : gammaQ(k + 1, rate);
}

/** log P(X ≤ x), through log1p(−P(k + 1, rate)) in the upper tail. */
export function poissonLogCdf(x: number, rate: number): number {
  const k = Math.floor(x);
  if (k < 0) return -Infinity;
  if (rate === 0) return 0;
  const f = gammaQ(k + 1, rate);
  return f < 0.5 ? Math.log(f) : Math.log1p(-gammaP(k + 1, rate));
}

export const poisson = scalarFamily({
  name: "poisson",
  params: [{ name: "rate", check: "nonnegative" }],
  kernel: POISSON_KERNEL,
  support: () => NONNEGATIVE_INT,
  sample: (rng, rate) => poissonSample(rng, rate),
  mean: (rate) => rate,
  variance: (rate) => rate,
  cdf: poissonCdf,
  // d/dλ P(X ≤ k) = −p(k; λ), so d/dλ log F = −p(k)/F(k).
  logcdfAD: logcdfAD_of(
    logcdfKernel("poisson", ["x", "rate"], poissonLogCdf, (x, rate, _b, _c, out) => {
      const k = Math.floor(x);
      out[1] = -Math.exp(POISSON_KERNEL.f(k, rate, 0, 0) - poissonLogCdf(k, rate));
    }),
  ),
});
