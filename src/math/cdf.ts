/**
 * CDFs, survival functions and quantiles of the common distributions, written on top of the incomplete gamma
 * and beta functions so that each tail is computed directly (never as 1 − a number close to 1):
 *
 * - Student t: P(T ≤ t) = ½ I_{ν/(ν+t²)}(ν/2, ½) for t < 0 (A&S 26.7.1), with x = ν/(ν + t²) and
 *   y = t²/(ν + t²) both formed without cancellation or overflow;
 * - χ²_k: P(k/2, x/2) and Q(k/2, x/2); Gamma(shape, rate): P(shape, rate·x);
 * - Poisson(λ): P(N ≤ k) = Q(k + 1, λ); Binomial(n, p): P(K ≤ k) = I_{1−p}(n − k, k + 1).
 *
 * Invalid parameters give NaN (validation with messages belongs to the distribution layer).
 *
 * @example
 * ```ts
 * studentTCdf(2, 5);            // 0.9490302605850709
 * chiSquareSf(30, 10);          // 8.566717e-4, a χ² test p-value
 * studentTQuantile(0.975, 10);  // 2.2281388519862744
 * ```
 */
import { betaInc, betaIncInvPair, incBeta } from "./incbeta.js";
import { gammaP, gammaPInv, gammaQ, gammaQInv } from "./incgamma.js";
import { lbeta } from "./lbeta.js";
import { normalCdf, normalQuantile } from "./normal.js";

/** The lower tail P(T ≤ −|t|) of Student's t with ν degrees of freedom. */
function studentTTail(t: number, nu: number): number {
  const at = Math.abs(t);
  let x: number;
  let y: number;
  if (at * at < nu) {
    const z2 = (at * at) / nu;
    x = 1 / (1 + z2);
    y = z2 / (1 + z2);
  } else {
    const w = Math.sqrt(nu) / at; // ≤ 1; no overflow of t² for huge |t|
    const w2 = w * w;
    x = w2 / (1 + w2);
    y = 1 / (1 + w2);
  }
  return 0.5 * incBeta(0.5 * nu, 0.5, x, y, false);
}

/**
 * The CDF of Student's t distribution with ν > 0 degrees of freedom (ν = ∞ gives the normal CDF). Both tails
 * keep their relative accuracy.
 *
 * @example
 * ```ts
 * studentTCdf(0, 3);      // 0.5
 * studentTCdf(-1, 1);     // 0.25 (Cauchy)
 * studentTCdf(-1e10, 2);  // 5e-21
 * ```
 */
export function studentTCdf(t: number, nu: number): number {
  if (Number.isNaN(t) || !(nu > 0)) return NaN;
  if (nu === Infinity) return normalCdf(t);
  if (t === 0) return 0.5;
  const tail = studentTTail(t, nu);
  return t < 0 ? tail : 1 - tail;
}

/**
 * The quantile of Student's t with ν > 0 degrees of freedom: −∞ at 0, +∞ at 1. Closed forms for ν = 1 and 2;
 * otherwise |t| = √(ν y / x) from the incomplete-beta inverse (x, y) of the two-sided tail, so both the tails
 * and the centre (t ≈ 0) keep their relative accuracy.
 *
 * @example
 * ```ts
 * studentTQuantile(0.975, 10); // 2.2281388519862744
 * studentTQuantile(0.25, 1);   // −1
 * ```
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p >= 0 && p <= 1 && nu > 0)) return NaN;
  if (nu === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const pt = p < 0.5 ? p : 1 - p; // one-tail probability
  const sign = p < 0.5 ? -1 : 1;
  if (nu === 1) return sign * (pt < 0.25 ? 1 / Math.tan(Math.PI * pt) : Math.tan(Math.PI * (0.5 - pt)));
  if (nu === 2) return (sign * (1 - 2 * pt)) / Math.sqrt(2 * pt * (1 - pt));
  // I_x(ν/2, ½) = 2·pt with x = ν/(ν + t²), y = t²/(ν + t²).
  const a = 0.5 * nu;
  // Far tail: I_x(a, ½) ≈ xᵃ / (a B(a, ½)), so log x is known even when x underflows (t beyond ~1e150).
  const logX = (Math.log(2 * pt) + Math.log(a) + lbeta(a, 0.5)) / a;
  if (logX < -600) return sign * Math.exp(0.5 * (Math.log(nu) - logX));
  const { x, y } = betaIncInvPair(a, 0.5, 2 * pt);
  return sign * Math.sqrt((nu * y) / x);
}

/**
 * The CDF of the χ² distribution with k > 0 degrees of freedom: P(k/2, x/2). 0 for x ≤ 0.
 *
 * @example
 * ```ts
 * chiSquareCdf(3.841458820694124, 1); // 0.95
 * ```
 */
export function chiSquareCdf(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return NaN;
  return x <= 0 ? 0 : gammaP(0.5 * k, 0.5 * x);
}

/**
 * The χ² survival function 1 − CDF = Q(k/2, x/2), accurate for tiny p-values.
 *
 * @example
 * ```ts
 * chiSquareSf(3.841458820694124, 1); // 0.05
 * chiSquareSf(500, 10);              // 4.4e-101
 * ```
 */
export function chiSquareSf(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return NaN;
  return x <= 0 ? 1 : gammaQ(0.5 * k, 0.5 * x);
}

/**
 * The χ² quantile 2·P⁻¹(k/2, p).
 *
 * @example
 * ```ts
 * chiSquareQuantile(0.95, 1); // 3.841458820694124
 * ```
 */
export function chiSquareQuantile(p: number, k: number): number {
  if (!(k > 0)) return NaN;
  return 2 * gammaPInv(0.5 * k, p);
}

/**
 * The χ² inverse survival function: x with Q(k/2, x/2) = q, the critical value for a test at level q.
 *
 * @example
 * ```ts
 * chiSquareIsf(0.05, 1); // 3.841458820694124
 * ```
 */
export function chiSquareIsf(q: number, k: number): number {
  if (!(k > 0)) return NaN;
  return 2 * gammaQInv(0.5 * k, q);
}

/**
 * The CDF of Gamma(shape, rate) (density ∝ x^(shape−1) e^(−rate·x)): P(shape, rate·x). 0 for x ≤ 0.
 *
 * @example
 * ```ts
 * gammaCdf(1, 1, 2); // 1 − e^-2
 * ```
 */
export function gammaCdf(x: number, shape: number, rate = 1): number {
  if (Number.isNaN(x) || !(shape > 0 && rate > 0)) return NaN;
  return x <= 0 ? 0 : gammaP(shape, rate * x);
}

/**
 * The CDF of Beta(a, b): I_x(a, b), clamped to 0 below 0 and 1 above 1.
 *
 * @example
 * ```ts
 * betaCdf(0.5, 2, 2); // 0.5
 * ```
 */
export function betaCdf(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0 && b > 0)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betaInc(a, b, x);
}

/**
 * The CDF of Poisson(rate): P(N ≤ k) = Q(⌊k⌋ + 1, rate); 0 for k < 0.
 *
 * @example
 * ```ts
 * poissonCdf(0, 2); // e^-2
 * poissonCdf(2, 2); // 5e^-2
 * ```
 */
export function poissonCdf(k: number, rate: number): number {
  if (Number.isNaN(k) || !(rate >= 0)) return NaN;
  if (k < 0) return 0;
  if (rate === 0 || k === Infinity) return 1;
  return gammaQ(Math.floor(k) + 1, rate);
}

/**
 * The CDF of Binomial(n, p): P(K ≤ k) = I_{1−p}(n − ⌊k⌋, ⌊k⌋ + 1); 0 for k < 0, 1 for k ≥ n.
 *
 * @example
 * ```ts
 * binomialCdf(0, 10, 0.5); // 2^-10
 * binomialCdf(5, 10, 0.5); // 0.623046875
 * ```
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (Number.isNaN(k) || !(n >= 0 && Number.isInteger(n) && p >= 0 && p <= 1)) return NaN;
  if (k < 0) return 0;
  const j = Math.floor(k);
  if (j >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return incBeta(n - j, j + 1, 1 - p, p, false);
}
