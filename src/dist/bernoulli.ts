/**
 * bernoulli(p): true with probability p. The value is a boolean; 0/1 are accepted as input. With a vector p
 * the value is a Float64Array of 0/1.
 *
 * @example
 * ```ts
 * bernoulli(0.3).logpdf(true);   // log 0.3
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { BorelError } from "../util/errors.js";
import { scalarFamily } from "./family.js";
import { put, sumByDf } from "./kernel-sum.js";
import { BOOLEAN } from "./support.js";

// The last p and its logs: a model observing many flips with one p (an observe in a loop) takes each log once.
// Keyed by value (p = ±0 is never reused, so the sign of log1p(−p) stays that of the argument).
let lastP1 = NaN, lastLog1 = NaN, lastP0 = NaN, lastLog0 = NaN;

export const BERNOULLI_KERNEL: DensityKernel = {
  name: "bernoulli",
  arity: 2,
  argNames: ["x", "p"],
  f(x, p) {
    if (x === 1) {
      if (p !== lastP1 || p === 0) { lastP1 = p; lastLog1 = Math.log(p); }
      return lastLog1;
    }
    if (x === 0) {
      if (p !== lastP0 || p === 0) { lastP0 = p; lastLog0 = Math.log1p(-p); }
      return lastLog0;
    }
    return -Infinity;
  },
  df(x, p, _b, _c, out) {
    out[0] = 0;
    if (x === 1) { out[1] = 1 / p; return Math.log(p); }
    if (x === 0) { out[1] = -1 / (1 - p); return Math.log1p(-p); }
    out[1] = 0;
    return -Infinity;
  },
  // A scalar p (an iid vector of flips): log p and log(1 − p) once. Without gradients, the flips are counted —
  // k·log p + (n − k)·log(1 − p), a term left out when its count is 0 (p = 0 or 1 would give 0·(−∞)) — with
  // four running sums (one sum is a chain of dependent additions, four overlap) and a check that every x is 0
  // or 1 (otherwise −∞, as the per-element form gives).
  sum(n, x, p, _b, _c, grads) {
    if (typeof p !== "number") return sumByDf(BERNOULLI_KERNEL, n, x, p, 0, 0, grads);
    const gx = grads[0], gp = grads[1];
    if (typeof x !== "number" && gx === null && gp === null) {
      const k = countOnes(n, x);
      if (k < 0) return -Infinity;
      return (k === 0 ? 0 : k * Math.log(p)) + (k === n ? 0 : (n - k) * Math.log1p(-p));
    }
    const l1 = Math.log(p), l0 = Math.log1p(-p), d1 = 1 / p, d0 = -1 / (1 - p);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const xi = typeof x === "number" ? x : x[i];
      s += xi === 1 ? l1 : xi === 0 ? l0 : -Infinity;
      if (gx !== null) put(gx, i, 0);
      if (gp !== null) put(gp, i, xi === 1 ? d1 : xi === 0 ? d0 : 0);
    }
    return s;
  },
};

/** The number of ones among x[0..n), or −1 when some x is neither 0 nor 1 (NaN included). */
function countOnes(n: number, x: ArrayLike<number>): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, ok = 1, i = 0;
  for (const m = n - (n % 4); i < m; i += 4) {
    const a = x[i]!, b = x[i + 1]!, c = x[i + 2]!, d = x[i + 3]!;
    s0 += a; s1 += b; s2 += c; s3 += d;
    ok &= (Number(a === 0) | Number(a === 1)) & (Number(b === 0) | Number(b === 1)) & (Number(c === 0) | Number(c === 1)) & (Number(d === 0) | Number(d === 1));
  }
  for (; i < n; i++) { const a = x[i]!; s0 += a; ok &= Number(a === 0) | Number(a === 1); }
  return ok === 0 ? -1 : s0 + s1 + s2 + s3;
}

/** Boolean or 0/1 to 1/0; anything else is an error naming the value. */
export function booleanToNumber(x: unknown): number {
  if (x === true || x === 1) return 1;
  if (x === false || x === 0) return 0;
  throw new BorelError("bad-value", `a bernoulli value must be true/false or 1/0, got ${String(x)}`);
}

export const bernoulli = scalarFamily<boolean>({
  name: "bernoulli",
  params: [{ name: "p", check: "probability" }],
  kernel: BERNOULLI_KERNEL,
  support: () => BOOLEAN,
  sample: (rng, p) => (rng.double() < p ? 1 : 0),
  mean: (p) => p,
  variance: (p) => p * (1 - p),
  enumerate: (p) => (p === 0 ? [0] : p === 1 ? [1] : [0, 1]),
  cdf: (x, p) => (x < 0 ? 0 : x < 1 ? 1 - p : 1),
  toNumber: booleanToNumber,
  fromNumber: (x) => x === 1,
});
