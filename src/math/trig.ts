/**
 * sin(πx) and cos(πx) with exact argument reduction: the reduction `x mod 2` is exact in floating point, so
 * these are accurate where `Math.sin(Math.PI * x)` is not (large x, and near the zeros at the integers, where
 * the reflection formulas of Γ, ψ and ψ′ need relative accuracy).
 *
 * @example
 * ```ts
 * sinpi(1);       // 0 exactly (Math.sin(Math.PI) is 1.22e-16)
 * sinpi(-1e-20);  // -π·1e-20
 * cospi(0.5);     // 0 exactly
 * ```
 */

/**
 * sin(πx), exactly 0 at the integers and odd in x.
 *
 * @example
 * ```ts
 * sinpi(0.5);     // 1
 * sinpi(1e15 + 0.5); // 1 or -1 as appropriate, no loss from reducing the argument
 * ```
 */
export function sinpi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const sign = x < 0 ? -1 : 1;
  let r = Math.abs(x) % 2; // exact
  let s = sign;
  if (r >= 1) {
    s = -s;
    r -= 1; // exact
  }
  // r in [0, 1): sin(πr) = sin(π(1 − r)); 1 − r and r − 1/2 are exact here.
  let v: number;
  if (r <= 0.25) v = Math.sin(Math.PI * r);
  else if (r <= 0.75) v = Math.cos(Math.PI * (r - 0.5));
  else v = Math.sin(Math.PI * (1 - r));
  return s * v;
}

/**
 * cos(πx), exactly 0 at the half-integers and even in x.
 *
 * @example
 * ```ts
 * cospi(1);    // -1
 * cospi(2.5);  // 0
 * ```
 */
export function cospi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  let r = Math.abs(x) % 2;
  let s = 1;
  if (r >= 1) {
    s = -1;
    r -= 1;
  }
  let v: number;
  if (r <= 0.25) v = Math.cos(Math.PI * r);
  else if (r < 0.75) v = Math.sin(Math.PI * (0.5 - r));
  else v = -Math.cos(Math.PI * (1 - r));
  return s * v;
}
