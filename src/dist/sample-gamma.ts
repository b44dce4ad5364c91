/**
 * Gamma(shape, 1) variates by Marsaglia & Tsang, "A simple method for generating gamma variables",
 * ACM TOMS 26(3), 2000. For shape < 1 their boost: G(a) = G(a + 1)·U^(1/a). The draw is returned as its
 * logarithm, log G(a) = log G(a + 1) + log(U)/a, so tiny shapes (a = 1e-3, where G(a) underflows to 0) still
 * give usable beta and Dirichlet draws.
 *
 * @example
 * ```ts
 * const rng = new Rng(1);
 * Math.exp(logGammaSample(rng, 2.5));   // a Gamma(2.5, 1) draw
 * ```
 */
import type { Rng } from "../rand/rng.js";

/** log of a Gamma(shape, 1) draw, shape > 0. */
export function logGammaSample(rng: Rng, shape: number): number {
  if (shape < 1) {
    const lg = logGammaSample(rng, shape + 1);
    return lg + Math.log(rng.open01()) / shape;
  }
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.open01(), x2 = x * x;
    // Squeeze (1 − 0.0331 x⁴), then the exact test in log space.
    if (u < 1 - 0.0331 * x2 * x2) return Math.log(d * v);
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return Math.log(d * v);
  }
}

/** A Gamma(shape, 1) draw. */
export function gammaSample(rng: Rng, shape: number): number {
  return Math.exp(logGammaSample(rng, shape));
}
