/**
 * Small helpers for supports that depend on (possibly vector) parameters.
 *
 * @example
 * ```ts
 * maxOf(new Float64Array([3, 7]));   // 7 — binomial's support bound for a vector n
 * ```
 */

/** The largest element of a parameter (the value itself for a number). */
export function maxOf(v: number | Float64Array): number {
  if (typeof v === "number") return v;
  let m = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i] > m) m = v[i];
  return m;
}

/** The smallest element of a parameter. */
export function minOf(v: number | Float64Array): number {
  if (typeof v === "number") return v;
  let m = Infinity;
  for (let i = 0; i < v.length; i++) if (v[i] < m) m = v[i];
  return m;
}
