/**
 * log Γ(r + x) − log Γ(r) without cancellation when r is large (student_t's normalizer, the negative binomials'
 * rising factorial). For r, r + x ≥ 10 it uses Stirling remainders δ (src/math/lgamma.ts):
 * log Γ(r + x) − log Γ(r) = (r − ½)·log1p(x/r) + x·(log(r + x) − 1) + δ(r + x) − δ(r).
 *
 * @example
 * ```ts
 * lgammaRatio(1e10, 0.5);   // ≈ ½·log(1e10), accurate to ~1e-16 relative
 * ```
 */
import { lgamma, stirlingCorrection } from "../math/lgamma.js";

export function lgammaRatio(r: number, x: number): number {
  if (x === 0) return 0;
  if (r < 10 || r + x < 10 || !Number.isFinite(r + x)) return lgamma(r + x) - lgamma(r);
  return (r - 0.5) * Math.log1p(x / r) + x * (Math.log(r + x) - 1) + stirlingCorrection(r + x) - stirlingCorrection(r);
}
