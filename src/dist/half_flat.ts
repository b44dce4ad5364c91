/**
 * half_flat(): the improper "density" 1 on x ≥ 0 (Stan's `<lower=0>` parameter with no prior).
 * `sample` refuses it; gradient methods use it through the positive (exp) bijector.
 *
 * @example
 * ```ts
 * halfFlat().logpdf(3);    // 0
 * halfFlat().logpdf(-1);   // −Infinity
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { scalarFamily } from "./family.js";
import { POSITIVE } from "./support.js";

export const HALF_FLAT_KERNEL: DensityKernel = {
  name: "half_flat",
  arity: 1,
  argNames: ["x"],
  f: (x) => (x >= 0 ? 0 : -Infinity),
  df(x, _a, _b, _c, out) {
    out[0] = 0;
    return x >= 0 ? 0 : -Infinity;
  },
};

export const halfFlat = scalarFamily({
  name: "half_flat",
  params: [],
  kernel: HALF_FLAT_KERNEL,
  support: () => POSITIVE,
  sample: () => NaN,
  mean: () => NaN,
  variance: () => NaN,
  improper: true,
});
