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
import { BOOLEAN } from "./support.js";

export const BERNOULLI_KERNEL: DensityKernel = {
  name: "bernoulli",
  arity: 2,
  argNames: ["x", "p"],
  f(x, p) {
    return x === 1 ? Math.log(p) : x === 0 ? Math.log1p(-p) : -Infinity;
  },
  df(x, p, _b, _c, out) {
    out[0] = 0;
    if (x === 1) { out[1] = 1 / p; return Math.log(p); }
    if (x === 0) { out[1] = -1 / (1 - p); return Math.log1p(-p); }
    out[1] = 0;
    return -Infinity;
  },
};

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
