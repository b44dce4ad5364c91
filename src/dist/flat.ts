/**
 * flat(low = −∞, high = ∞): the improper constant "density" 1 on (low, high) — Stan's parameter with bounds
 * and no prior: `flat()` is `real`, `flat(0)` is `real<lower=0>`, `flat(0, 1 - a)` is
 * `real<lower=0, upper=1-a>` (bounds may depend on other choices, as uniform's; unlike uniform(0, 1 − a) it
 * does not divide by the width, which would add a factor 1/(1 − a) Stan does not have). `sample` refuses it;
 * gradient methods (nuts, hmc, MAP, vi) move it through the bounds' bijector. Use `iid(flat(), n)` for a vector.
 *
 * @example
 * ```ts
 * flat().logpdf(123);      // 0
 * flat(0, 1).logpdf(2);    // −Infinity
 * flat().sample(rng);      // throws: flat() is an improper prior and cannot be sampled
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { scalarFamily } from "./family.js";
import { badParameter } from "./params.js";
import { REAL } from "./support.js";

export const FLAT_KERNEL: DensityKernel = {
  name: "flat",
  arity: 3,
  argNames: ["x", "low", "high"],
  f: (x, low, high) => (x >= low && x <= high ? 0 : -Infinity),   // NaN is outside too
  df(x, low, high, _c, out) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    return x >= low && x <= high ? 0 : -Infinity;
  },
};

const infinite = (v: number | Float64Array, sign: number): boolean =>
  typeof v === "number" ? v === sign * Infinity : v.every((e) => e === sign * Infinity);

export const flat = scalarFamily({
  name: "flat",
  params: [{ name: "low", check: "any", default: -Infinity }, { name: "high", check: "any", default: Infinity }],
  kernel: FLAT_KERNEL,
  support: (low, high) => (infinite(low, -1) && infinite(high, 1) ? REAL : { kind: "interval", low, high }),
  bounds: ([low, high]) => ({ low, high }),
  validate: (low, high) => {
    const n = typeof low === "number" ? (typeof high === "number" ? 1 : high.length) : low.length;
    for (let i = 0; i < n; i++) {
      const l = typeof low === "number" ? low : low[i], h = typeof high === "number" ? high : high[i];
      if (!(l < h)) throw badParameter("flat", "high", `must be greater than 'low', got low = ${l}, high = ${h}${n > 1 ? ` at element ${i}` : ""}`);
    }
  },
  sample: () => NaN,
  mean: () => NaN,
  variance: () => NaN,
  improper: true,
});
