/**
 * Small helpers for supports that depend on (possibly vector) parameters.
 *
 * @example
 * ```ts
 * maxOf(new Float64Array([3, 7]));   // 7 — binomial's support bound for a vector n
 * ```
 */
import { BorelError } from "../util/errors.js";

/** The most values `enumerate()` lists: a larger finite support is an error, not an allocation that exhausts memory. */
export const MAX_ENUMERATED = 10_000_000;

/** Throws a `not-enumerable` error when a finite support of `count` values is too large to list. */
export function checkEnumerable(d: unknown, count: number): void {
  if (count > MAX_ENUMERATED)
    throw new BorelError("not-enumerable", `${String(d)} has ${count} values, too many to list (at most ${MAX_ENUMERATED})`, {
      hint: "enumeration and Gibbs list every value of a discrete choice: use importance sampling, SMC or MCMC (mh) for a choice with this many values",
    });
}

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
