/**
 * The neighbouring doubles of a number: the next representable value above and below. Samplers use them to
 * keep a continuous draw inside an open support when the true value is not representable (a gamma(0.001)
 * draw of 10^-400 underflows to 0, a beta draw of 1 − 10^-20 rounds to 1).
 *
 * @example
 * ```ts
 * nextUp(0);          // 5e-324 (Number.MIN_VALUE)
 * nextDown(1);        // 1 − 2^-53
 * nextDown(Infinity); // Number.MAX_VALUE
 * ```
 */
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The smallest double greater than x (x for NaN and +∞). */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  i64[0] += x > 0 ? 1n : -1n;
  return f64[0];
}

/** The largest double less than x (x for NaN and −∞). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}
