/**
 * The logarithm of the beta function, log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), written so that it keeps
 * its relative accuracy when one or both arguments are large (where the three log Γ terms are huge and nearly
 * cancel): above 10 the Stirling parts are combined analytically and only the small remainders δ are
 * subtracted.
 *
 * @example
 * ```ts
 * lbeta(1, 1);      // 0
 * lbeta(1e10, 1);   // −log(1e10), not the rounding noise of lgamma(1e10) − lgamma(1e10 + 1)
 * ```
 */
import { HALF_LOG_2PI, lgamma, stirlingCorrection } from "./lgamma.js";

/**
 * log Γ(b) − log Γ(a + b) for b > 0, a ≥ 0, accurate relative to its own size when a is small (where the two
 * log Γ values nearly cancel): Stirling's formula −(b − ½) log1p(a/b) − a log(a + b) + a + δ(b) − δ(a + b)
 * for b ≥ 10, after the shift log Γ(b) − log Γ(a + b) = Σₖ log1p(a/(b + k)) + [the same at b + n] below.
 *
 * @example
 * ```ts
 * lgammaRatio(1, 5);     // −log 5
 * lgammaRatio(1e-10, 3); // −1e-10·ψ(3)
 * ```
 */
export function lgammaRatio(a: number, b: number): number {
  let s = 0;
  while (b < 10) {
    s += Math.log1p(a / b);
    b += 1;
  }
  const deltaB = stirlingCorrection(b) - stirlingCorrection(a + b);
  return s - (b - 0.5) * Math.log1p(a / b) - a * Math.log(a + b) + a + deltaB;
}

/**
 * log B(a, b) for a, b > 0 (log|B(a, b)| from log Γ elsewhere). +∞ if either argument is 0; −∞ if one is +∞
 * and the other finite and positive.
 *
 * @example
 * ```ts
 * lbeta(0.5, 0.5); // log π
 * lbeta(2, 3);     // log(1/12)
 * ```
 */
export function lbeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a > b) [a, b] = [b, a]; // now a ≤ b
  if (!(a > 0)) return lgamma(a) + lgamma(b) - lgamma(a + b);
  if (b === Infinity) return a === Infinity ? NaN : -Infinity;
  if (a + b < 4) return lgamma(a) + lgamma(b) - lgamma(a + b);
  if (a < 10) return lgamma(a) + lgammaRatio(a, b);
  const deltaB = stirlingCorrection(b) - stirlingCorrection(a + b);
  // ½ log 2π − ½ log b + (a − ½) log(a/(a + b)) + b log(b/(a + b)) + δ(a) + δ(b) − δ(a + b).
  const r = a / b;
  return (
    HALF_LOG_2PI - 0.5 * Math.log(b) - (a - 0.5) * Math.log1p(1 / r) - b * Math.log1p(r) +
    stirlingCorrection(a) + deltaB
  );
}
