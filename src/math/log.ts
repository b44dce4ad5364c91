/**
 * Log-space arithmetic: sums and differences of numbers held as logarithms, softplus, the logistic function and
 * its inverse, and `x·log y` with the convention 0·log 0 = 0. Every function here is accurate (a few ulps) over
 * the whole real line; none overflows where the mathematical result is finite.
 *
 * References: M. Mächler, "Accurately computing log(1 − exp(−|a|))", Rmpfr vignette (2012), for the switch
 * points of `log1mExp` and `log1pExp`.
 *
 * @example
 * ```ts
 * logSumExp([Math.log(1), Math.log(3)]); // log 4
 * log1mExp(-1e-20);                      // log(1e-20), no cancellation
 * ```
 */

/**
 * log Σᵢ exp(xᵢ). −∞ for an empty input or all −∞; +∞ if any entry is +∞; NaN if any entry is NaN.
 * The largest term is taken out exactly, so `logSumExp([a, b])` with b ≪ a is `a + log1p(e^(b−a))`.
 *
 * @example
 * ```ts
 * logSumExp([1000, 1000]); // 1000 + Math.LN2
 * logSumExp([]);           // -Infinity
 * ```
 */
export function logSumExp(xs: ArrayLike<number>): number {
  const n = xs.length;
  let max = -Infinity;
  let argmax = -1;
  for (let i = 0; i < n; i++) {
    const v = xs[i]!;
    if (Number.isNaN(v)) return NaN;
    if (v > max) {
      max = v;
      argmax = i;
    }
  }
  if (max === -Infinity || max === Infinity) return max;
  let rest = 0;
  for (let i = 0; i < n; i++) if (i !== argmax) rest += Math.exp(xs[i]! - max);
  return max + Math.log1p(rest);
}

/**
 * log(mean exp(xᵢ)) = logSumExp(xs) − log n. NaN for an empty input (the mean of nothing is undefined).
 *
 * @example
 * ```ts
 * logMeanExp([Math.log(1), Math.log(3)]); // log 2
 * ```
 */
export function logMeanExp(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let max = -Infinity;
  for (let i = 0; i < n; i++) { const v = xs[i]!; if (Number.isNaN(v)) return NaN; if (v > max) max = v; }
  if (max === -Infinity || max === Infinity) return max;
  // max + log(Σ exp(xᵢ − max) / n): equal values give exactly max (log1p(n − 1) − log n left 5.6e-17 for log Z 0).
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(xs[i]! - max);
  return max + Math.log(sum / n);
}

/**
 * log(e^a + e^b) without overflow.
 *
 * @example
 * ```ts
 * logAddExp(0, 0);            // Math.LN2
 * logAddExp(-Infinity, 3);    // 3
 * ```
 */
export function logAddExp(a: number, b: number): number {
  const max = a > b ? a : b;
  if (max === -Infinity || max === Infinity) return Number.isNaN(a) || Number.isNaN(b) ? NaN : max;
  return max + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * log(e^a − e^b) for a ≥ b (NaN for a < b). Equal arguments give −∞.
 *
 * @example
 * ```ts
 * logSubExp(Math.log(3), Math.log(1)); // log 2
 * logSubExp(0, -1e-20);                // log(1e-20)
 * ```
 */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a < b || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === b) return a === Infinity ? NaN : -Infinity;
  return a + log1mExp(b - a);
}

/**
 * Softplus log(1 + e^x), accurate for all x: e^x below −37, x + e^(−x) above 18, x above 33.3.
 *
 * @example
 * ```ts
 * log1pExp(0);     // Math.LN2
 * log1pExp(-800);  // 0 (underflow of e^-800), not NaN
 * log1pExp(800);   // 800
 * ```
 */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/**
 * log(1 − e^x) for x ≤ 0 (NaN for x > 0), with Mächler's switch at −log 2: log(−expm1(x)) near 0,
 * log1p(−e^x) further out.
 *
 * @example
 * ```ts
 * log1mExp(-Math.LN2);  // log(1/2)
 * log1mExp(0);          // -Infinity
 * ```
 */
export function log1mExp(x: number): number {
  if (x > 0) return NaN;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * The logistic (sigmoid) function 1 / (1 + e^(−x)), computed without overflow and with full relative accuracy
 * in the left tail.
 *
 * @example
 * ```ts
 * logistic(0);     // 0.5
 * logistic(-800);  // ≈ e^-800 underflows to 0; logistic(-700) ≈ 9.86e-305
 * ```
 */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * The log-odds log(p / (1 − p)) for p in [0, 1]; ±∞ at the ends, NaN outside. Near p = 1/2 it is computed
 * as log1p((2p − 1)/(1 − p)) so that small results keep their relative accuracy.
 *
 * @example
 * ```ts
 * logit(0.5);           // 0
 * logit(logistic(3));   // 3 (to rounding)
 * ```
 */
export function logit(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p > 0.3 && p < 0.7) return Math.log1p((2 * p - 1) / (1 - p));
  return Math.log(p / (1 - p));
}

/**
 * x·log(y) with 0·log(y) = 0 for every y that is not NaN (including y = 0), as in entropy and likelihood terms.
 *
 * @example
 * ```ts
 * xlogy(0, 0);   // 0
 * xlogy(2, Math.E); // 2
 * ```
 */
export function xlogy(x: number, y: number): number {
  if (x === 0 && !Number.isNaN(y)) return 0;
  return x * Math.log(y);
}

/**
 * x·log(1 + y) with 0·log1p(y) = 0 for every y that is not NaN (including y = −1).
 *
 * @example
 * ```ts
 * xlog1py(0, -1);    // 0
 * xlog1py(3, 1e-20); // 3e-20
 * ```
 */
export function xlog1py(x: number, y: number): number {
  if (x === 0 && !Number.isNaN(y)) return 0;
  return x * Math.log1p(y);
}

/**
 * log(1 + x) − x for x > −1, accurate near 0 (where it is ≈ −x²/2 and the direct difference cancels). For
 * x in [−½, 1] it uses log(1 + x) = 2 atanh(s), s = x/(2 + x): log1pmx(x) = −x²/(2 + x) + 2 Σₖ≥₁ s²ᵏ⁺¹/(2k + 1)
 * (|s| ≤ ⅓, so 16 terms reach 1e-17). It gives the exponent of Stirling-form densities,
 * x^a e^(−x) / Γ(a) ∝ exp(a·log1pmx((x − a)/a)).
 *
 * @example
 * ```ts
 * log1pmx(1e-10); // −5e-21
 * log1pmx(-1);    // −Infinity
 * ```
 */
export function log1pmx(x: number): number {
  if (x < -0.5 || x > 1) return Math.log1p(x) - x;
  const s = x / (2 + x);
  const s2 = s * s;
  let term = s * s2;
  let sum = 0;
  for (let k = 1; k < 40; k++) {
    const t = term / (2 * k + 1);
    sum += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
    term *= s2;
  }
  return -(x * x) / (2 + x) + 2 * sum;
}
