/**
 * inv_gamma(shape, scale): 1/X for X ~ gamma(shape, scale).
 * log p(x) = shape·log scale − log Γ(shape) − (shape + 1)·log x − scale/x on x > 0 (computed as
 * log(tᵃe⁻ᵗ/Γ(a)) − log x with t = scale/x, src/dist/gamma-prefix.ts).
 * Mean scale/(shape − 1) for shape > 1 (else Infinity); variance finite for shape > 2.
 *
 * @example
 * ```ts
 * invGamma(3, 2).mean();        // 1
 * invGamma(3, 2).logpdf(1);     // 3·log 2 − log 2 − 2
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { digamma } from "../math/polygamma.js";
import { gammaP, gammaQ, gammaQInv } from "../math/incgamma.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { logGammaPrefix } from "./gamma-prefix.js";
import { logGammaSample } from "./sample-gamma.js";
import { POSITIVE } from "./support.js";

export const INV_GAMMA_KERNEL: DensityKernel = {
  name: "inv_gamma",
  arity: 3,
  argNames: ["x", "shape", "scale"],
  f(x, shape, scale) {
    if (x <= 0) return -Infinity;
    return logGammaPrefix(shape, scale / x) - Math.log(x);
  },
  df(x, shape, scale, _c, out) {
    if (x <= 0) { out.fill(0); return -Infinity; }
    const lx = Math.log(x), ls = Math.log(scale);
    out[0] = -(shape + 1) / x + scale / (x * x);
    out[1] = ls - digamma(shape) - lx;
    out[2] = shape / scale - 1 / x;
    return logGammaPrefix(shape, scale / x) - lx;
  },
};

/** log Q(shape, scale/x), through log1p(−P) when Q > ½. */
const logcdf = (x: number, shape: number, scale: number): number => {
  if (x <= 0) return -Infinity;
  const q = gammaQ(shape, scale / x);
  return q < 0.5 ? Math.log(q) : Math.log1p(-gammaP(shape, scale / x));
};

export const invGamma = scalarFamily({
  name: "inv_gamma",
  params: [{ name: "shape", check: "positive" }, { name: "scale", check: "positive" }],
  kernel: INV_GAMMA_KERNEL,
  support: () => POSITIVE,
  sample: (rng, shape, scale) => scale * Math.exp(-logGammaSample(rng, shape)),
  mean: (shape, scale) => (shape > 1 ? scale / (shape - 1) : Infinity),
  variance: (shape, scale) => (shape > 2 ? (scale * scale) / ((shape - 1) * (shape - 1) * (shape - 2)) : shape > 1 ? Infinity : NaN),
  cdf: (x, shape, scale) => (x <= 0 ? 0 : gammaQ(shape, scale / x)),
  quantile: (p, shape, scale) => scale / gammaQInv(shape, p),
  logcdfAD: logcdfAD_of(logcdfKernel("inv_gamma", ["x", "shape", "scale"], logcdf)),
});
