/**
 * Quantiles of pooled draws: R's default `quantile(x, p)` (type 7), the median, and the scaled median absolute
 * deviation (R's `mad`, constant 1.4826).
 *
 * Type 7: with sorted draws x₁ ≤ … ≤ xₙ and h = (n − 1)p, the quantile is (1 − γ)·x₍⌊h⌋+1₎ + γ·x₍⌊h⌋+2₎ with
 * γ = h − ⌊h⌋ (evaluated in that form, as R does, so that ties give exactly the tied value).
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.5);  // 2.5
 * quantile([1, 2, 3, 4], 0.05); // 1.15
 * ```
 */
import { BorelError } from "../util/errors.js";

/** A sorted Float64Array copy of `x`. */
export function sorted(x: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(x as ArrayLike<number>);
  out.sort();
  return out;
}

function checkProb(p: number, fn: string): void {
  if (!(p >= 0 && p <= 1))
    throw new BorelError("bad-argument", `${fn}: argument 'p' must be a probability in [0, 1], got ${p}`);
}

/**
 * The type-7 quantile of already sorted values (no copy, no sort).
 *
 * @example
 * ```ts
 * quantileSorted(new Float64Array([1, 2, 3, 4]), 0.25); // 1.75
 * ```
 */
export function quantileSorted(xs: ArrayLike<number>, p: number): number {
  checkProb(p, "quantileSorted");
  const n = xs.length;
  if (n === 0) return NaN;
  const index = (n - 1) * p; // 0-based; R's is 1 + (n - 1) p
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qlo = xs[lo]!;
  const qhi = xs[hi]!;
  if (index > lo && qhi !== qlo) {
    const h = index - lo;
    return (1 - h) * qlo + h * qhi;
  }
  return qlo;
}

/**
 * R's `quantile(x, p)` (type 7) for one probability or several.
 *
 * @example
 * ```ts
 * quantile([3, 1, 2], 0.5);         // 2
 * quantile([3, 1, 2], [0.05, 0.95]); // Float64Array [1.1, 2.9]
 * ```
 */
export function quantile(x: ArrayLike<number>, p: number): number;
export function quantile(x: ArrayLike<number>, p: readonly number[]): Float64Array;
export function quantile(x: ArrayLike<number>, p: number | readonly number[]): number | Float64Array {
  for (let i = 0; i < x.length; i++)
    if (Number.isNaN(x[i]!)) throw new BorelError("nan", `quantile: argument 'x' has NaN at index ${i}`);
  const xs = sorted(x);
  if (typeof p === "number") return quantileSorted(xs, p);
  return Float64Array.from(p, (pi) => quantileSorted(xs, pi));
}

/**
 * The median (type-7 quantile at 0.5, the mean of the two middle values when n is even).
 *
 * @example
 * ```ts
 * median([5, 1, 4, 2]); // 3
 * ```
 */
export function median(x: ArrayLike<number>): number {
  return quantile(x, 0.5);
}

/**
 * Median absolute deviation scaled to estimate a normal sd: `1.4826 · median(|x − median(x)|)` (R's `mad`).
 *
 * @example
 * ```ts
 * mad([1, 2, 3, 4, 100]); // 1.4826
 * ```
 */
export function mad(x: ArrayLike<number>): number {
  const m = median(x);
  const dev = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) dev[i] = Math.abs(x[i]! - m);
  return 1.4826 * median(dev);
}
