/**
 * The error function erf, its complement erfc = 1 − erf with full relative accuracy in the upper tail, and the
 * scaled complement erfcx(x) = e^(x²) erfc(x).
 *
 * Method: for |x| < 1 the Maclaurin series erf x = (2/√π) Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1)) (A&S 7.1.5); for
 * x ≥ 1 Legendre's continued fraction for the upper incomplete gamma function Γ(½, x²) (A&S 6.5.31, evaluated
 * backwards to a fitted depth), since erfc x = Γ(½, x²)/√π. The factor e^(−x²)
 * is computed from an exact two-term split of x² (Dekker 1971), so erfc keeps its relative accuracy down to
 * the underflow threshold (erfc(26) ≈ 5.7e-296) instead of losing x²·2⁻⁵³.
 *
 * @example
 * ```ts
 * erf(1);     // 0.8427007929497149
 * erfc(10);   // 2.088487583762545e-45
 * erfcx(100); // 0.005641613782989433
 * ```
 */

import { expNegSquare, productError } from "./exact.js";

const SQRT_PI = 1.772453850905516;
/** 2/√π as hi + lo (mpmath). */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const TWO_OVER_SQRT_PI_LO = 1.533545961316588e-17;

/**
 * Legendre's continued fraction F(z) = e^z z^(−½) Γ(½, z) = 1/(z + ½ − (1·½)/(z + 5/2 − (2·3/2)/(z + 9/2 − …))),
 * for z ≥ 1; erfcx(x) = x F(x²)/√π. It is evaluated backwards from a depth N(z) = 12 + 110/(z + 0.2)^¾
 * (≈ 100 terms at z = 1, 30 at z = 6, 7 at z = 1000), fitted so that the truncation error is below 2e-17 for all
 * z ≥ 1; backward evaluation does not accumulate the rounding error that forward (Lentz) products do.
 *
 * @example
 * ```ts
 * halfGammaCF(1); // e·Γ(½, 1) = 0.7578721561413122
 * ```
 */
export function halfGammaCF(z: number): number {
  const depth = Math.ceil(12 + 110 / Math.pow(z + 0.2, 0.75));
  let t = z + 2 * depth + 0.5;
  for (let n = depth; n >= 1; n--) t = z + 2 * n - 1.5 - (n * (n - 0.5)) / t;
  return 1 / t;
}

/**
 * The Maclaurin series of erf without its leading term: R(y) = Σₙ≥₁ (−y)ⁿ / (n! (2n + 1)), so that
 * erf x = (2/√π) x (1 + R(x²)) (A&S 7.1.5). For 0 ≤ y ≤ 1 (about 18 terms at y = 1). Keeping the leading term
 * apart lets callers form 1 − erf x and ½ + ½ erf x from exact pieces.
 *
 * @example
 * ```ts
 * erfSeriesRest(0.25); // −0.0774...; erf(0.5) = (2/√π)·0.5·(1 + R)
 * ```
 */
export function erfSeriesRest(y: number): number {
  let term = 1;
  let sum = 0;
  for (let n = 1; n < 40; n++) {
    term *= -y / n;
    const t = term / (2 * n + 1);
    sum += t;
    if (Math.abs(t) < 1e-17 * (1 + sum)) break;
  }
  return sum;
}

/** erf x for |x| < 1. */
function erfSeries(x: number): number {
  return TWO_OVER_SQRT_PI * x * (1 + erfSeriesRest(x * x));
}

/** 1 − erf x for |x| < 1: 1 − c·x is formed exactly from c = hi + lo and the rounding error of hi·x. */
function erfcSeries(x: number): number {
  const p = TWO_OVER_SQRT_PI * x;
  const e = productError(TWO_OVER_SQRT_PI, x, p);
  return 1 - p - e - TWO_OVER_SQRT_PI_LO * x - p * erfSeriesRest(x * x);
}

/** erfc for x ≥ 1. */
function erfcUpper(x: number): number {
  if (x > 27.3) return 0; // below the smallest subnormal
  return (expNegSquare(x) * x * halfGammaCF(x * x)) / SQRT_PI;
}

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt. Odd; ±1 at ±∞; relative error ≲ 2e-16.
 *
 * @example
 * ```ts
 * erf(0.5);   // 0.5204998778130465
 * erf(-1e-300); // −1.128e-300
 * ```
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 1) return erfSeries(x);
  const r = 1 - erfcUpper(ax);
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), with relative accuracy ~1e-15 for all x (no
 * cancellation in the upper tail). 2 at −∞, 0 at +∞ (underflow above 27.3).
 *
 * @example
 * ```ts
 * erfc(0);   // 1
 * erfc(5);   // 1.5374597944280349e-12
 * erfc(-3);  // 1.9999779095030015
 * ```
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 1) {
    if (x > -1) return erfcSeries(x);
    return 2 - erfcUpper(-x);
  }
  return erfcUpper(x);
}

/**
 * The scaled complementary error function erfcx(x) = e^(x²) erfc(x), which stays representable for large x
 * (≈ 1/(x√π)); +∞ below about −26.6.
 *
 * @example
 * ```ts
 * erfcx(0);    // 1
 * erfcx(1e10); // 5.641895835477563e-11
 * ```
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 1) {
    if (x > 1e8) return 1 / (x * SQRT_PI);
    return (x * halfGammaCF(x * x)) / SQRT_PI;
  }
  if (x < -26.7) return Infinity;
  return erfc(x) / expNegSquare(x);
}
