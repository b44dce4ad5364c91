/**
 * Gamma-family special functions in one place: log Γ, Γ, ψ, ψ′, log B, log n!, log C(n, k) and the log
 * multivariate gamma function. Each is implemented in its own file; this module gathers them.
 *
 * @example
 * ```ts
 * import { lgamma, digamma, lbeta, lchoose } from "../math/gamma.js";
 * lgamma(0.5); // log √π
 * ```
 */
import { lgamma } from "./lgamma.js";

export { gammaFn, lgamma, lgamma1p, stirlingCorrection } from "./lgamma.js";
export { digamma, trigamma } from "./polygamma.js";
export { lbeta, lgammaRatio } from "./lbeta.js";
export { lchoose, lfactorial } from "./factorial.js";

const LOG_PI = 1.1447298858494002;

/**
 * The log multivariate gamma function log Γₚ(a) = p(p − 1)/4 · log π + Σⱼ₌₁ᵖ log Γ(a + (1 − j)/2), defined for
 * a > (p − 1)/2 (NaN otherwise). It normalizes the Wishart and inverse-Wishart densities.
 *
 * @example
 * ```ts
 * lmultigamma(3, 1); // lgamma(3) = log 2
 * lmultigamma(3, 2); // log π / 2 + lgamma(3) + lgamma(2.5)
 * ```
 */
export function lmultigamma(a: number, p: number): number {
  if (!Number.isInteger(p) || p < 1 || !(a > (p - 1) / 2)) return NaN;
  let s = (p * (p - 1) * LOG_PI) / 4;
  for (let j = 1; j <= p; j++) s += lgamma(a + (1 - j) / 2);
  return s;
}
