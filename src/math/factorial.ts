/**
 * log n! and log binomial coefficients. Small integer arguments use exact integer arithmetic (n! is exact in
 * a double up to 22!, C(n, k) up to n = 50), so `lfactorial(5) === Math.log(120)` and
 * `lchoose(10, 3) === Math.log(120)`; larger ones go through log Γ and log B.
 *
 * @example
 * ```ts
 * lfactorial(10);    // log 3628800
 * lchoose(1e6, 2);   // log(499999500000)
 * ```
 */
import { lgamma } from "./lgamma.js";
import { lbeta } from "./lbeta.js";

const TABLE_SIZE = 171;
const LOG_FACTORIAL = (() => {
  const t = new Float64Array(TABLE_SIZE);
  let f = 1;
  for (let n = 1; n < TABLE_SIZE; n++) {
    f *= n;
    t[n] = n <= 22 ? Math.log(f) : lgamma(n + 1);
  }
  return t;
})();

/**
 * log n! = log Γ(n + 1): a table for integers 0..170, log Γ otherwise (so non-integer n is allowed).
 * +∞ for negative integers, NaN for NaN.
 *
 * @example
 * ```ts
 * lfactorial(0);   // 0
 * lfactorial(3);   // Math.log(6)
 * lfactorial(0.5); // log Γ(1.5)
 * ```
 */
export function lfactorial(n: number): number {
  if (n >= 0 && n < TABLE_SIZE && Number.isInteger(n)) return LOG_FACTORIAL[n]!;
  return lgamma(n + 1);
}

/**
 * log C(n, k) = log Γ(n + 1) − log Γ(k + 1) − log Γ(n − k + 1). For integers, −∞ when k < 0 or k > n (C = 0)
 * and exact (correctly rounded log of the exact integer) for n ≤ 50. Non-integers use the gamma-function
 * definition, computed as −log(n + 1) − log B(n − k + 1, k + 1) so that large n keeps its accuracy.
 *
 * @example
 * ```ts
 * lchoose(5, 2);   // Math.log(10)
 * lchoose(5, 7);   // -Infinity
 * lchoose(1e12, 1); // log(1e12)
 * ```
 */
export function lchoose(n: number, k: number): number {
  if (Number.isNaN(n) || Number.isNaN(k)) return NaN;
  if (Number.isInteger(n) && Number.isInteger(k) && n >= 0) {
    if (k < 0 || k > n) return -Infinity;
    if (k === 0 || k === n) return 0;
    if (n <= 50) {
      const m = Math.min(k, n - k);
      let c = 1;
      for (let i = 1; i <= m; i++) c = (c * (n - m + i)) / i; // exact: each c is an integer C(n − m + i, i)
      return Math.log(c);
    }
  }
  return -Math.log1p(n) - lbeta(n - k + 1, k + 1);
}
