/**
 * log(tᵃ e⁻ᵗ / Γ(a)), the core of the gamma and inverse-gamma log densities, without the cancellation of
 * a·log t − t − log Γ(a) at large a (each term ~1e7 at a = 1e6, the sum ~6). For a ≥ 10, with u = t/a − 1 and
 * Stirling's remainder δ (Temme's form, as in src/math/incgamma-fn.ts):
 *   a·log t − t − log Γ(a) = a·(log(1 + u) − u) + ½ log a − ½ log 2π − δ(a).
 *
 * @example
 * ```ts
 * logGammaPrefix(2, 1);     // log(1·e⁻¹/1) = −1
 * logGammaPrefix(1e6, 1e6); // ½ log 1e6 − ½ log 2π − 1/(12e6)
 * ```
 */
import { lgamma, stirlingCorrection } from "../math/lgamma.js";
import { log1pmx, xlogy } from "../math/log.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export function logGammaPrefix(a: number, t: number): number {
  if (t === Infinity) return -Infinity; // tᵃ e⁻ᵗ → 0 (the terms below give ∞ − ∞ = NaN)
  if (a < 10) return xlogy(a, t) - t - lgamma(a);
  // log(1 + u) − u with u = t/a − 1; far below the mode (u < −½, nothing cancels) as log t − log a − u: u rounds
  // to −1 when t/a < 1e-16 and log1pmx(−1) = −∞ (gamma(20, 3) at 1e-300 had density 0).
  const u = (t - a) / a;
  return a * (u >= -0.5 ? log1pmx(u) : Math.log(t) - Math.log(a) - u) + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingCorrection(a);
}
