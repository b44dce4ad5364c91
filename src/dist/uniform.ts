/**
 * uniform(low, high): constant density 1/(high − low) on [low, high]; low < high.
 *
 * @example
 * ```ts
 * uniform(0, 4).logpdf(1);    // −log 4
 * uniform(0, 4).logpdf(5);    // −Infinity
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { add, mul, sub } from "../ad/arith.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { badParameter } from "./params.js";

export const UNIFORM_KERNEL: DensityKernel = {
  name: "uniform",
  arity: 3,
  argNames: ["x", "low", "high"],
  f(x, low, high) {
    return x >= low && x <= high ? -Math.log(high - low) : -Infinity; // NaN is outside too
  },
  df(x, low, high, _c, out) {
    out[0] = 0;
    if (!(x >= low && x <= high)) { out[1] = 0; out[2] = 0; return -Infinity; }
    const w = high - low;
    out[1] = 1 / w;
    out[2] = -1 / w;
    return -Math.log(w);
  },
};

const cdf = (x: number, low: number, high: number): number => (x <= low ? 0 : x >= high ? 1 : (x - low) / (high - low));

export const uniform = scalarFamily({
  name: "uniform",
  params: [{ name: "low", check: "real" }, { name: "high", check: "real" }],
  kernel: UNIFORM_KERNEL,
  support: (low, high) => ({ kind: "interval", low, high }),
  bounds: ([low, high]) => ({ low, high }),
  validate: (low, high) => {
    const n = typeof low === "number" ? (typeof high === "number" ? 1 : high.length) : low.length;
    for (let i = 0; i < n; i++) {
      const l = typeof low === "number" ? low : low[i], h = typeof high === "number" ? high : high[i];
      if (!(l < h)) throw badParameter("uniform", "high", `must be greater than 'low', got low = ${l}, high = ${h}${n > 1 ? ` at element ${i}` : ""}`);
    }
  },
  sample: (rng, low, high) => low + (high - low) * rng.double(),
  mean: (low, high) => 0.5 * (low + high),
  variance: (low, high) => ((high - low) * (high - low)) / 12,
  reparam: { noise: (rng) => rng.double(), transform: (eps, [low, high]) => add(low, mul(sub(high, low), eps)) },
  cdf,
  quantile: (p, low, high) => low + p * (high - low),
  logcdfAD: logcdfAD_of(
    logcdfKernel("uniform", ["x", "low", "high"], (x, l, h) => Math.log(cdf(x, l, h)), (x, l, h, _c, out) => {
      if (x >= h) return;
      out[1] = -1 / (x - l) + 1 / (h - l);
      out[2] = -1 / (h - l);
    }),
  ),
});
