/**
 * Exact binomial variates: inversion (BINV of Kachitvichyanukul & Schmeiser, "Binomial random variate
 * generation", CACM 31(2), 1988) when n·min(p, 1 − p) < 10, otherwise BTRS — W. Hörmann, "The generation of
 * binomial random variates", J. Statist. Comput. Simul. 46 (1993) 101–110 — with O(1) expected cost.
 * Both run on q = min(p, 1 − p) and reflect.
 *
 * @example
 * ```ts
 * binomialSample(new Rng(5), 1000, 0.3);   // a Binomial(1000, 0.3) count
 * ```
 */
import type { Rng } from "../rand/rng.js";
import { lgamma } from "../math/lgamma.js";

/** A Binomial(n, p) draw, n a non-negative integer, p in [0, 1]. */
export function binomialSample(rng: Rng, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const q = Math.min(p, 1 - p);
  const k = n * q < 10 ? binomialInversion(rng, n, q) : binomialBtrs(rng, n, q);
  return p > 0.5 ? n - k : k;
}

function binomialInversion(rng: Rng, n: number, q: number): number {
  const s = q / (1 - q), a = (n + 1) * s;
  let r = Math.exp(n * Math.log1p(-q)), u = rng.double(), x = 0;
  while (u > r && x < n) {
    u -= r;
    x++;
    r *= a / x - s;
  }
  return x;
}

function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p, spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p, c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b, alpha = (2.83 + 5.1 / b) * spq, lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p), h = lgamma(m + 1) + lgamma(n - m + 1);
  for (;;) {
    const u = rng.double() - 0.5, v = rng.double(), us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const lv = Math.log((v * alpha) / (a / (us * us) + b));
    if (lv <= h - lgamma(k + 1) - lgamma(n - k + 1) + (k - m) * lpq) return k;
  }
}
