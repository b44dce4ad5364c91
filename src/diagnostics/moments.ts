/**
 * Sample moments as R computes them: the mean with a second correcting pass (R's `mean` refines the
 * long-double sum the same way) and the variance with divisor n − 1.
 *
 * @example
 * ```ts
 * mean([1, 2, 3]);     // 2
 * variance([1, 2, 3]); // 1
 * sd([1, 2, 3]);       // 1
 * ```
 */

/**
 * Arithmetic mean, computed in two passes (`m = Σx/n`, then `m += Σ(x − m)/n`) so that it agrees with R's `mean`
 * to the last bits for the sizes seen in MCMC output.
 *
 * @example
 * ```ts
 * mean(new Float64Array([0.1, 0.2, 0.3])); // 0.2
 * ```
 */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const m = s / n;
  if (!Number.isFinite(m)) return m;
  let r = 0;
  for (let i = 0; i < n; i++) r += x[i]! - m;
  return m + r / n;
}

/**
 * Sample variance with divisor n − 1 (R's `var`); NaN for fewer than two values.
 *
 * @example
 * ```ts
 * variance([2, 4, 4, 4, 5, 5, 7, 9]); // 4.571428571428571
 * ```
 */
export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - m;
    s += d * d;
  }
  return s / (n - 1);
}

/**
 * Sample standard deviation, `sqrt(variance(x))` (R's `sd`).
 *
 * @example
 * ```ts
 * sd([1, 2, 3, 4]); // 1.2909944487358056
 * ```
 */
export function sd(x: ArrayLike<number>): number {
  const M = rescale(x);
  return M === 1 ? Math.sqrt(variance(x)) : M * Math.sqrt(variance(Float64Array.from(x, (v) => v / M)));
}

/**
 * 1, or the largest |x| when squares of the values' scale would overflow or underflow (sd of draws of ~1e200
 * was ∞, of ~1e-300 was 0): the sd is then computed on x / M and scaled back.
 */
export function rescale(x: ArrayLike<number>): number {
  let M = 0;
  for (let i = 0; i < x.length; i++) { const a = Math.abs(x[i]!); if (a > M && a < Infinity) M = a; }
  return M > 1e150 || (M > 0 && M < 1e-150) ? M : 1;
}
