/**
 * The standard normal distribution: Φ, log Φ, log(1 − Φ), Φ⁻¹ and the log density.
 *
 * Φ is computed from x directly rather than as ½ erfc(−x/√2), because rounding x/√2 costs a relative error
 * of x²·2⁻⁵³ in the tail. For |x| < √2, Φ(x) = ½ + ½ erf(x/√2) from the Maclaurin series of erf with its
 * leading term kept exact; beyond, the tail
 * Φ(−t) = e^(−t²/2) · t · F(t²/2) / (2√(2π)) with Legendre's continued fraction F (see `halfGammaCF`), and
 * log Φ(−t) = −t²/2 + log(t F(t²/2) / (2√(2π))), which is finite far past the underflow of Φ (x = −40, −1e5, …).
 *
 * Φ⁻¹ is Wichura's algorithm AS 241 (PPND16, Applied Statistics 37:477–484, 1988): rational minimax
 * approximations with ~1e-16 relative accuracy for p in (0, 1), down to the smallest subnormal p.
 *
 * @example
 * ```ts
 * normalCdf(1.96);        // 0.9750021048517795
 * normalLogCdf(-40);      // −804.6084420137538
 * normalQuantile(0.975);  // 1.959963984540054
 * ```
 */
import { erfSeriesRest, halfGammaCF } from "./erf.js";
import { expNegSquare, productError } from "./exact.js";

const SQRT2 = Math.SQRT2;
const INV_2SQRT_2PI = 0.19947114020071635; // 1 / (2√(2π))
const LOG_INV_2SQRT_2PI = -1.612085713764618; // log(1 / (2√(2π)))
const HALF_LOG_2PI = 0.9189385332046727;

/** 1/√(2π) as hi + lo (mpmath). */
const INV_SQRT_2PI = 0.3989422804014327;
const INV_SQRT_2PI_LO = -2.49232720227773e-17;

/**
 * Φ(x) for |x| < √2 as ½ + x/√(2π)·(1 + R(x²/2)) with the erf series remainder R; the leading product
 * x/√(2π) is kept exact (hi + lo), so the cancellation in ½ + (negative) costs nothing.
 */
function central(x: number): number {
  const p = INV_SQRT_2PI * x;
  const e = productError(INV_SQRT_2PI, x, p);
  return 0.5 + p + (e + INV_SQRT_2PI_LO * x + p * erfSeriesRest(0.5 * x * x));
}

/** Φ(−t) for t ≥ √2. */
function upperTail(t: number): number {
  if (t > 38.5) return 0;
  return expNegSquare(t, 0.5) * t * halfGammaCF(0.5 * t * t) * INV_2SQRT_2PI;
}

/**
 * The standard normal CDF Φ(x) = P(Z ≤ x), with relative accuracy ~1e-15 in the lower tail (down to the
 * underflow near x = −38.5) and absolute accuracy 1e-16 in the upper.
 *
 * @example
 * ```ts
 * normalCdf(0);    // 0.5
 * normalCdf(-10);  // 7.619853024160527e-24
 * ```
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -SQRT2) return upperTail(-x);
  if (x < SQRT2) return central(x);
  return 1 - upperTail(x);
}

/**
 * log Φ(x), accurate in both tails: for x → −∞ through the continued fraction in log space (≈ −x²/2 − log(−x√(2π))),
 * for x → +∞ as log1p(−Φ(−x)) ≈ −Φ(−x).
 *
 * @example
 * ```ts
 * normalLogCdf(-40); // −804.6084420137538
 * normalLogCdf(10);  // −7.619853024160527e-24
 * ```
 */
export function normalLogCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -SQRT2) {
    if (x === -Infinity) return -Infinity;
    const t = -x;
    return -0.5 * t * t + Math.log(t * halfGammaCF(0.5 * t * t)) + LOG_INV_2SQRT_2PI;
  }
  if (x < 0) return Math.log(central(x));
  const tail = x < SQRT2 ? central(-x) : upperTail(x);
  return tail === 0 ? 0 : Math.log1p(-tail);
}

/**
 * log(1 − Φ(x)) = log Φ(−x): the log survival function, accurate for x → +∞.
 *
 * @example
 * ```ts
 * normalLogSf(40); // −804.6084420137538
 * ```
 */
export function normalLogSf(x: number): number {
  return normalLogCdf(-x);
}

/**
 * The log density of N(mu, sigma²) at x: −½((x − mu)/sigma)² − log sigma − ½ log 2π. NaN unless sigma > 0.
 *
 * @example
 * ```ts
 * normalLogpdf(0, 0, 1); // −0.9189385332046727
 * normalLogpdf(3, 1, 2); // −0.5 − log 2 − ½ log 2π
 * ```
 */
export function normalLogpdf(x: number, mu = 0, sigma = 1): number {
  if (!(sigma > 0)) return NaN;
  const z = (x - mu) / sigma;
  return -0.5 * z * z - Math.log(sigma) - HALF_LOG_2PI;
}

// AS 241 (PPND16) coefficients, Wichura (1988).
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

function ratio(num: readonly number[], den: readonly number[], r: number): number {
  let n = num[7]!;
  let d = den[7]!;
  for (let k = 6; k >= 0; k--) {
    n = n * r + num[k]!;
    d = d * r + den[k]!;
  }
  return n / d;
}

/**
 * The standard normal quantile Φ⁻¹(p) (AS 241): −∞ at 0, +∞ at 1, NaN outside [0, 1]. Relative error ~1e-16;
 * the lower tail is computed from p itself, so `normalQuantile(1e-300)` is accurate (−37.0471...).
 *
 * @example
 * ```ts
 * normalQuantile(0.5);   // 0
 * normalQuantile(0.025); // −1.959963984540054
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return q * ratio(A, B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = ratio(C, D, r);
  } else {
    r -= 5;
    z = ratio(E, F, r);
  }
  return q < 0 ? -z : z;
}
