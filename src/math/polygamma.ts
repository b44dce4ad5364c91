/**
 * The digamma function ψ = Γ′/Γ and the trigamma function ψ′, for all real arguments.
 *
 * Method: above 10, the asymptotic series in Bernoulli numbers (Abramowitz & Stegun 6.3.18, 6.4.12; truncation
 * < 1e-16). Below, ψ′ by the recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to 10 (no cancellation: all terms are
 * positive); ψ by the Taylor series of ψ about 2 and the recurrence ψ(x + 1) = ψ(x) + 1/x. Reflection
 * ψ(1 − x) − ψ(x) = π cot πx and ψ′(1 − x) + ψ′(x) = π² / sin² πx for x ≤ 0. Near the positive zero of ψ,
 * x₀ = 1.4616321449683623, a Taylor series about x₀ keeps full relative accuracy.
 *
 * @example
 * ```ts
 * digamma(1);  // −γ = −0.5772156649015329
 * trigamma(1); // π²/6
 * ```
 */
import { cospi, sinpi } from "./trig.js";

/** The positive zero of ψ, split as hi + lo (mpmath, 30 digits: 1.46163214496836234126265954233). */
const ROOT_HI = 1.4616321449683622;
const ROOT_LO = 9.549995429965697e-17;
/** ψ⁽ⁿ⁾(x₀) / n! for n = 1..16 (mpmath, 40 digits). */
const ROOT_SERIES = [
  0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
  -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104,
  -0.01542476590494896, 0.010538791616612175, -0.007204534386356869, 0.004926781395729853,
  -0.003369801655439328, 0.002305126326734928, -0.0015769367714301972,
];

/** (−1)ᵏ⁺¹ (ζ(k + 1) − 1) for k = 1..28: ψ(2 + e) = 1 − γ + Σₖ cₖ eᵏ (mpmath, 40 digits). */
const PSI2_SERIES = [
  0.6449340668482264, -0.2020569031595943, 0.08232323371113819, -0.03692775514336993, 0.01734306198444914,
  -0.008349277381922827, 0.00407735619794434, -0.0020083928260822143, 0.0009945751278180853,
  -0.0004941886041194645, 0.0002460865533080483, -0.00012271334757848915, 6.124813505870483e-5,
  -3.058823630702049e-5, 1.528225940865187e-5, -7.637197637899763e-6, 3.81729326499984e-6,
  -1.908212716553939e-6, 9.539620338727962e-7, -4.769329867878064e-7, 2.38450502727733e-7,
  -1.1921992596531106e-7, 5.960818905125948e-8, -2.980350351465228e-8, 1.4901554828365043e-8,
  -7.45071178983543e-9, 3.725334024788457e-9, -1.862659723513049e-9,
];
const ONE_MINUS_EULER = 0.42278433509846713;

/** B₂ₖ / (2k) for k = 1..7 (digamma asymptotic series). */
const PSI_ASYMP = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];
/** B₂ₖ for k = 1..7 (trigamma asymptotic series). */
const PSI1_ASYMP = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6];

function horner(c: readonly number[], z: number): number {
  let s = c[c.length - 1]!;
  for (let k = c.length - 2; k >= 0; k--) s = s * z + c[k]!;
  return s;
}

/** ψ(2 + e) for |e| ≤ 1/2 by its Taylor series (A&S 6.3.14 shifted by one). */
function psi2p(e: number): number {
  return ONE_MINUS_EULER + e * horner(PSI2_SERIES, e);
}

/**
 * The digamma function ψ(x) = d/dx log Γ(x). NaN at the poles x = 0, −1, −2, … and at −∞; +∞ at +∞.
 *
 * @example
 * ```ts
 * digamma(0.5); // −γ − 2 log 2 = −1.9635100260214235
 * digamma(1.4616321449683622); // ≈ 1e-16 (the zero)
 * ```
 */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    return digamma(1 - x) - (Math.PI * cospi(x)) / sinpi(x);
  }
  const d = x - ROOT_HI;
  if (Math.abs(d) < 0.1) {
    const e = d - ROOT_LO;
    return e * horner(ROOT_SERIES, e);
  }
  if (x >= 10) {
    const z = 1 / (x * x);
    return Math.log(x) - 0.5 / x - z * horner(PSI_ASYMP, z);
  }
  // Below 10: the series about 2 with an exact offset e, and the recurrence towards [1.5, 2.5).
  if (x >= 2.5) {
    let acc = 0;
    let y = x;
    while (y >= 2.5) {
      y -= 1; // exact
      acc += 1 / y;
    }
    return psi2p(y - 2) + acc;
  }
  if (x >= 1.5) return psi2p(x - 2);
  if (x >= 0.5) return psi2p(x - 1) - 1 / x;
  return psi2p(x) - 1 / x - 1 / (1 + x);
}

/**
 * The trigamma function ψ′(x) = d²/dx² log Γ(x). +∞ at the poles x = 0, −1, −2, …; 0 at +∞; NaN at −∞.
 *
 * @example
 * ```ts
 * trigamma(0.5); // π²/2
 * trigamma(1e6); // ≈ 1e-6
 * ```
 */
export function trigamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return 0;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    const s = sinpi(x);
    return (Math.PI * Math.PI) / (s * s) - trigamma(1 - x);
  }
  let acc = 0;
  while (x < 10) {
    acc += 1 / (x * x);
    x += 1;
  }
  const z = 1 / (x * x);
  return acc + 1 / x + 0.5 * z + (z / x) * horner(PSI1_ASYMP, z);
}
