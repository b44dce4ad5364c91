/**
 * flat(): the improper uniform "density" 1 on the real line (Stan's unbounded parameter with no prior).
 * `sample` refuses it; gradient methods (nuts, hmc, MAP, vi) can use it. Use `iid(flat(), n)` for a vector.
 *
 * @example
 * ```ts
 * flat().logpdf(123);   // 0
 * flat().sample(rng);   // throws: flat() is an improper prior and cannot be sampled
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { scalarFamily } from "./family.js";
import { REAL } from "./support.js";

export const FLAT_KERNEL: DensityKernel = {
  name: "flat",
  arity: 1,
  argNames: ["x"],
  f: (x) => (Number.isNaN(x) ? -Infinity : 0),
  df(x, _a, _b, _c, out) {
    out[0] = 0;
    return Number.isNaN(x) ? -Infinity : 0;
  },
};

export const flat = scalarFamily({
  name: "flat",
  params: [],
  kernel: FLAT_KERNEL,
  support: () => REAL,
  sample: () => NaN,
  mean: () => NaN,
  variance: () => NaN,
  improper: true,
});
