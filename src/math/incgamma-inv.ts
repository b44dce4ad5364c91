/**
 * The inverses of the regularized incomplete gamma functions in x (Gamma and χ² quantiles): safeguarded Newton
 * in log x (`root.ts`) on log P or log Q, whichever tail is smaller, from a Wilson–Hilferty start (with the
 * small-x bound (p Γ(a+1))^(1/a) for the lower tail and the large-x asymptote for the upper).
 *
 * @example
 * ```ts
 * gammaPInv(3, 0.5);           // 2.674060313723561
 * gammaQInv(1, Math.exp(-50)); // 50
 * ```
 */
import { lgamma, lgamma1p } from "./lgamma.js";
import { gammaP, gammaPrefix, gammaQ } from "./incgamma-fn.js";
import { normalQuantile } from "./normal.js";
import { solveLogNewton } from "./root.js";

/** Initial guess for the root of P(a, x) = p (lower, p ≤ ½) or Q(a, x) = q (upper, q ≤ ½). */
function initialGuess(a: number, prob: number, upper: boolean): number {
  // Wilson–Hilferty: (x/a)^(1/3) is nearly normal with mean 1 − 1/(9a) and variance 1/(9a).
  const z = upper ? -normalQuantile(prob) : normalQuantile(prob);
  const c = 1 / (9 * a);
  const base = 1 - c + z * Math.sqrt(c);
  const wh = base > 0 ? a * base * base * base : 0;
  if (!upper) {
    // P ≤ xᵃ/Γ(a + 1), so solving xᵃ/Γ(a + 1) = p gives a lower bound.
    const small = Math.exp((Math.log(prob) + lgamma1p(a)) / a);
    return Math.max(wh, small);
  }
  // Upper tail: Q ≈ xᵃ⁻¹ e⁻ˣ / Γ(a) for large x.
  let x = Math.max(wh, 1);
  for (let i = 0; i < 3; i++) x = Math.max(-Math.log(prob) - lgamma(a) + (a - 1) * Math.log(x), 1e-300);
  return Math.max(wh, x);
}

/** x with P(a, x) = p (lower) or Q(a, x) = q (upper), for prob ≤ ½. */
function invert(a: number, prob: number, upper: boolean): number {
  const logProb = Math.log(prob);
  const x0 = initialGuess(a, prob, upper);
  if (upper) {
    // h(x) = log q − log Q(a, x) is increasing; dh/dlog x = D(a, x)/Q.
    return solveLogNewton((x) => logProb - Math.log(gammaQ(a, x)), (x) => gammaPrefix(a, x) / gammaQ(a, x), x0, 0, Infinity);
  }
  const x = solveLogNewton((x) => Math.log(gammaP(a, x)) - logProb, (x) => gammaPrefix(a, x) / gammaP(a, x), x0, 0, Infinity);
  // Below 1e-300, P(a, x) = xᵃ/Γ(a + 1)·(1 − a·x/(a + 1) + …) is xᵃ/Γ(a + 1) to the last digit, so the root is
  // (p Γ(a + 1))^(1/a) — 0 when it lies below the smallest double. (The Newton end point was compared with p
  // instead, and a root there, e.g. 5.2e-302 for a = 0.001 and p = ½, came back as 0.)
  return x < 1e-300 ? Math.exp((logProb + lgamma1p(a)) / a) : x;
}

/**
 * The inverse of P(a, ·): x ≥ 0 with P(a, x) = p (the Gamma(a, 1) quantile). 0 at p = 0, ∞ at p = 1, NaN for
 * p outside [0, 1] or a ≤ 0. For p > ½ it solves Q(a, x) = 1 − p instead. Safeguarded Newton in log x from a
 * Wilson–Hilferty start; round trip P(a, gammaPInv(a, p)) = p to ~1e-14 relative.
 *
 * @example
 * ```ts
 * gammaPInv(1, 0.5);    // log 2
 * gammaPInv(2, 1e-10);  // 1.4142135638e-5 ≈ √(2·1e-10)
 * ```
 */
export function gammaPInv(a: number, p: number): number {
  if (!(a > 0 && p >= 0 && p <= 1)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  return p <= 0.5 ? invert(a, p, false) : invert(a, 1 - p, true);
}

/**
 * The inverse of Q(a, ·): x with Q(a, x) = q, accurate for tiny q (large quantiles, e.g. χ² critical values
 * at 1e-100).
 *
 * @example
 * ```ts
 * gammaQInv(1, Math.exp(-50)); // 50
 * ```
 */
export function gammaQInv(a: number, q: number): number {
  if (!(a > 0 && q >= 0 && q <= 1)) return NaN;
  if (q === 0) return Infinity;
  if (q === 1) return 0;
  return q <= 0.5 ? invert(a, q, true) : invert(a, 1 - q, false);
}
