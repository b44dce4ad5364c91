/**
 * Numerical inversion of a monotone function given in log space — a log cdf log F(x) (increasing) or a log
 * survival log S(x) (decreasing) — by Newton steps safeguarded with bisection. `truncated` uses it to sample
 * and to take quantiles where the base has no quantile function, or where F(low) ≈ 1 so that the probability
 * scale has no resolution left (truncated(normal(0, 1), 15): S(15) ≈ 4e-51 while F(15) rounds to 1).
 *
 * @example
 * ```ts
 * // x with log S(x) = log 1e-60 for the standard normal
 * invertLog((x) => normalLogCdf(-x), (x) => -Math.exp(normalLogpdf(x) - normalLogCdf(-x)), Math.log(1e-60), 0, Infinity, 1, false);
 * ```
 */

/**
 * x in [lo, hi] with g(x) = target, for g monotone (`increasing` or not). `dg` is g's derivative (Newton
 * steps); `scale` sets the first step when a bound is infinite (the bracket then grows by doubling).
 */
export function invertLog(
  g: (x: number) => number, dg: (x: number) => number, target: number, lo: number, hi: number, scale: number, increasing: boolean,
): number {
  const below = (x: number): boolean => (increasing ? g(x) < target : g(x) > target);
  let a = lo, b = hi;
  if (!Number.isFinite(b)) {
    let step = scale, base = Number.isFinite(a) ? a : 0;
    b = base + step;
    while (below(b) && step < 1e300) { base = b; step *= 2; b = base + step; }
    a = Math.max(a, base);
  }
  if (!Number.isFinite(a)) {
    let step = scale, base = b;
    a = base - step;
    while (!below(a) && step < 1e300) { base = a; step *= 2; a = base - step; }
    b = Math.min(b, base);
  }
  let x = 0.5 * (a + b);
  for (let i = 0; i < 200; i++) {
    const gx = g(x);
    if (gx === target) return x;
    if (increasing ? gx < target : gx > target) a = x; else b = x;
    const d = dg(x);
    let next = x - (gx - target) / d;
    if (!(next > a && next < b) || !Number.isFinite(gx)) next = 0.5 * (a + b);
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x)) || b - a <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
