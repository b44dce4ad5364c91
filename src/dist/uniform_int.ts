/**
 * uniform_int(low, high): each integer in low..high (inclusive) with probability 1/(high − low + 1).
 *
 * @example
 * ```ts
 * uniformInt(1, 6).logpdf(3);     // −log 6
 * uniformInt(1, 6).enumerate();   // [1, 2, 3, 4, 5, 6]
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { scalarFamily } from "./family.js";
import { badParameter } from "./params.js";
import { maxOf, minOf } from "./support-util.js";

export const UNIFORM_INT_KERNEL: DensityKernel = {
  name: "uniform_int",
  arity: 3,
  argNames: ["x", "low", "high"],
  f(k, low, high) {
    return Number.isInteger(k) && k >= low && k <= high ? -Math.log(high - low + 1) : -Infinity;
  },
  df(k, low, high, _c, out) {
    out.fill(0);
    return UNIFORM_INT_KERNEL.f(k, low, high, 0);
  },
};

function validate(low: number | Float64Array, high: number | Float64Array): void {
  const n = typeof low === "number" ? (typeof high === "number" ? 1 : high.length) : low.length;
  for (let i = 0; i < n; i++) {
    const l = typeof low === "number" ? low : low[i], h = typeof high === "number" ? high : high[i];
    const at = n > 1 ? ` at element ${i}` : "";
    if (!Number.isInteger(l)) throw badParameter("uniform_int", "low", `must be an integer, got ${l}${at}`);
    if (!Number.isInteger(h)) throw badParameter("uniform_int", "high", `must be an integer, got ${h}${at}`);
    if (h < l) throw badParameter("uniform_int", "high", `must be ≥ 'low', got low = ${l}, high = ${h}${at}`);
  }
}

export const uniformInt = scalarFamily({
  name: "uniform_int",
  params: [{ name: "low", check: "real" }, { name: "high", check: "real" }],
  kernel: UNIFORM_INT_KERNEL,
  validate,
  support: (low, high) => ({ kind: "integer", low: minOf(low), high: maxOf(high) }),
  sample: (rng, low, high) => low + rng.int(high - low + 1),
  mean: (low, high) => 0.5 * (low + high),
  variance: (low, high) => ((high - low + 1) * (high - low + 1) - 1) / 12,
  enumerate: (low, high) => Array.from({ length: high - low + 1 }, (_, i) => low + i),
  cdf: (x, low, high) => (x < low ? 0 : x >= high ? 1 : (Math.floor(x) - low + 1) / (high - low + 1)),
  quantile: (p, low, high) => Math.max(low, low + Math.ceil(p * (high - low + 1)) - 1),
});
