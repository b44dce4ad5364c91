/**
 * binomial(n, p): successes in n trials. log p(k) = log C(n, k) + k·log p + (n − k)·log(1 − p), k = 0..n.
 * Exact sampler for every n (inversion or BTRS, src/dist/sample-binomial.ts).
 *
 * @example
 * ```ts
 * binomial(10, 0.5).logpdf(5);   // log(252/1024)
 * binomial(3, 0.2).enumerate();  // [0, 1, 2, 3]
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { lchoose } from "../math/gamma.js";
import { xlogy } from "../math/log.js";
import { betaPrefix, incBeta } from "../math/incbeta.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { binomialSample } from "./sample-binomial.js";
import { maxOf } from "./support-util.js";

/** True when k is a count in 0..n. */
export const inRange = (k: number, n: number): boolean => Number.isInteger(k) && k >= 0 && k <= n;

/**
 * log C(n, k) + k·log p + (n − k)·log q. When k + 1 and n − k + 1 are ≥ 10 these terms are huge and cancel;
 * there the mass is betaPrefix(k + 1, n − k + 1, p, q)/((n + 1)·p·q), as 1/B(k + 1, n − k + 1) = (n + 1)·C(n, k),
 * computed in Stirling form by src/math/incbeta.ts, unless it underflows.
 */
export function binomialLogPmf(k: number, n: number, p: number, q: number): number {
  if (k >= 9 && n - k >= 9 && p > 0 && q > 0) {
    const pre = betaPrefix(k + 1, n - k + 1, p, q);
    if (pre > 1e-290) return Math.log(pre) - Math.log(n + 1) - Math.log(p) - Math.log(q);
  }
  return lchoose(n, k) + xlogy(k, p) + xlogy(n - k, q);
}

export const BINOMIAL_KERNEL: DensityKernel = {
  name: "binomial",
  arity: 3,
  argNames: ["x", "n", "p"],
  f(k, n, p) {
    return inRange(k, n) ? binomialLogPmf(k, n, p, 1 - p) : -Infinity;
  },
  df(k, n, p, _c, out) {
    out.fill(0);
    if (!inRange(k, n)) return -Infinity;
    out[2] = (k === 0 ? 0 : k / p) - (n - k === 0 ? 0 : (n - k) / (1 - p));
    return binomialLogPmf(k, n, p, 1 - p);
  },
};

/** P(X ≤ x) = I_{1−p}(n − k, k + 1) for k = ⌊x⌋ in 0..n−1 (or its complement, when `upper`). */
export function binomialCdf(x: number, n: number, p: number, upper = false): number {
  const k = Math.floor(x);
  if (k < 0) return upper ? 1 : 0;
  if (k >= n) return upper ? 0 : 1;
  return incBeta(n - k, k + 1, 1 - p, p, upper);
}

/** log P(X ≤ x), through log1p(−P(X > x)) in the upper tail. */
export function binomialLogCdf(x: number, n: number, p: number): number {
  const f = binomialCdf(x, n, p);
  return f < 0.5 ? Math.log(f) : Math.log1p(-binomialCdf(x, n, p, true));
}

export const binomial = scalarFamily({
  name: "binomial",
  params: [{ name: "n", check: "count" }, { name: "p", check: "probability" }],
  kernel: BINOMIAL_KERNEL,
  support: (n) => ({ kind: "integer", low: 0, high: maxOf(n) }),
  sample: (rng, n, p) => binomialSample(rng, n, p),
  mean: (n, p) => n * p,
  variance: (n, p) => n * p * (1 - p),
  enumerate: (n) => Array.from({ length: n + 1 }, (_, k) => k),
  cdf: (x, n, p) => binomialCdf(x, n, p),
  logcdfAD: logcdfAD_of(logcdfKernel("binomial", ["x", "n", "p"], binomialLogCdf)),
});
