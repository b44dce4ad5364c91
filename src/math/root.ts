/**
 * A safeguarded Newton iteration for inverting monotone functions such as CDFs: Newton steps in log x (the
 * natural scale of tail probabilities, where P(x) behaves like a power or an exponential), kept inside a bracket
 * that every evaluation shrinks, with a geometric bisection whenever a step leaves the bracket. The iterate is
 * stored as x itself (x ← x·e^(−Δ)), so the answer keeps full relative precision even at x = 1e-300.
 *
 * @example
 * ```ts
 * // Solve log(x³) = log 8 on (0, ∞): h(x) = 3 log x − log 8, dh/dlog x = 3.
 * solveLogNewton((x) => 3 * Math.log(x) - Math.log(8), () => 3, 1, 0, Infinity); // 2
 * ```
 */

const MIN_X = Number.MIN_VALUE;
const MAX_X = Number.MAX_VALUE;

/**
 * Finds x in (lo, hi) with h(x) = 0 for an increasing h, given `slope(x, hx)` = dh/d(log x) at x (positive).
 * `lo` ≥ 0 and `hi` ≤ ∞ bound the root; `x0` is the starting point (moved into the bracket if outside). Stops
 * when a step changes x by less than `tol` relatively, the bracket closes, or after `maxIter` evaluations.
 *
 * @example
 * ```ts
 * solveLogNewton((x) => Math.log(x) - 5, () => 1, 1, 0, Infinity); // e^5
 * ```
 */
export function solveLogNewton(
  h: (x: number) => number,
  slope: (x: number, hx: number) => number,
  x0: number,
  lo: number,
  hi: number,
  tol = 1e-15,
  maxIter = 200,
): number {
  lo = Math.max(lo, MIN_X);
  hi = Math.min(hi, MAX_X);
  let x = x0 > lo && x0 < hi && Number.isFinite(x0) ? x0 : geometricMid(lo, hi);
  for (let iter = 0; iter < maxIter; iter++) {
    const hx = h(x);
    if (hx === 0) return x;
    if (Number.isNaN(hx)) return NaN;
    if (hx < 0) lo = x;
    else hi = x;
    const step = hx / slope(x, hx);
    let next = x * Math.exp(-step);
    if (!(next > lo && next < hi)) {
      next = geometricMid(lo, hi);
      if (next === lo || next === hi) return x;
    } else if (Math.abs(step) <= tol) return next;
    if (hi / lo - 1 <= tol) return next;
    x = next;
  }
  return x;
}

/** √(lo·hi) without overflow or underflow. */
function geometricMid(lo: number, hi: number): number {
  return Math.exp(0.5 * (Math.log(lo) + Math.log(hi)));
}
