/**
 * Error-free transformations (Dekker 1971, "A floating-point technique for extending the available
 * precision"): the exact rounding error of a product, so that cancellation-prone expressions such as
 * 1 − (2/√π)·x or e^(−x²) can be evaluated from exact pieces.
 *
 * @example
 * ```ts
 * const p = 0.1 * 3;
 * const e = productError(0.1, 3, p); // 0.1·3 = p + e exactly
 * ```
 */

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp splitting constant for binary64)

/**
 * The rounding error of `a * b`: given p = fl(a·b), returns e with a·b = p + e exactly (no overflow or
 * underflow assumed; |a|, |b| < 1e150).
 *
 * @example
 * ```ts
 * productError(1 + 2 ** -30, 1 + 2 ** -30, (1 + 2 ** -30) ** 2); // 2 ** -60
 * ```
 */
export function productError(a: number, b: number, p: number): number {
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * e^(−s·x²) for s = 1 or ½ (any power of two), with x² taken exactly as hi + lo, so the result has a few ulps of
 * relative error even where s·x² is in the hundreds (plain `Math.exp(-x * x)` loses x²·2⁻⁵³).
 *
 * @example
 * ```ts
 * expNegSquare(20);      // e^-400, correct to ~1e-16 relative
 * expNegSquare(30, 0.5); // e^-450
 * ```
 */
export function expNegSquare(x: number, s = 1): number {
  const ax = Math.abs(x);
  if (ax > 1e150) return 0;
  const hi = ax * ax;
  const lo = productError(ax, ax, hi);
  return Math.exp(-s * hi) * (1 - s * lo);
}
