/**
 * student_t(nu, mu = 0, sigma = 1): Student's t with nu degrees of freedom, location mu and scale sigma.
 * log p(x) = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log(1 + z²/ν), z = (x − μ)/σ.
 * The Γ ratio is computed without cancellation (src/dist/lgamma-ratio.ts), so ν = 1e12 agrees with the normal.
 * Mean μ for ν > 1 (NaN otherwise); variance σ²ν/(ν − 2) for ν > 2, Infinity for 1 < ν ≤ 2, NaN for ν ≤ 1.
 *
 * @example
 * ```ts
 * studentT(3).logpdf(0);          // log Γ(2) − log Γ(1.5) − ½ log 3π
 * studentT(5, 1, 2).variance();   // 4·5/3
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { digamma } from "../math/polygamma.js";
import { studentTCdf, studentTQuantile } from "../math/cdf.js";
import { scalarFamily } from "./family.js";
import { put, sumByDf } from "./kernel-sum.js";
import { lgammaRatio } from "./lgamma-ratio.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { logGammaSample } from "./sample-gamma.js";
import { REAL } from "./support.js";

const LOG_PI = Math.log(Math.PI);

/** log F, through log1p(−F(−z)) in the upper tail (the distribution is symmetric). */
const logcdf = (x: number, nu: number, mu: number, sigma: number): number => {
  const z = (x - mu) / sigma;
  return z <= 0 ? Math.log(studentTCdf(z, nu)) : Math.log1p(-studentTCdf(-z, nu));
};

/**
 * log(1 + z²/ν); when z² overflows (a draw of student_t(0.01) can be 1e200), as 2·log|z| − log ν, which is
 * then exact in floating point.
 */
const log1pT = (z: number, nu: number): number => {
  const t = (z * z) / nu;
  return t < Infinity ? Math.log1p(t) : 2 * Math.log(Math.abs(z)) - Math.log(nu);
};

/** t/(1 + t) for t = z²/ν, 1 when t overflows (it was ∞/∞ = NaN). */
const share = (t: number): number => (t < Infinity ? t / (1 + t) : 1);

const value = (z: number, nu: number, sigma: number): number =>
  lgammaRatio(0.5 * nu, 0.5) - 0.5 * (Math.log(nu) + LOG_PI) - Math.log(sigma) - 0.5 * (nu + 1) * log1pT(z, nu);

export const STUDENT_T_KERNEL: DensityKernel = {
  name: "student_t",
  arity: 4,
  argNames: ["x", "nu", "mu", "sigma"],
  f(x, nu, mu, sigma) {
    return value((x - mu) / sigma, nu, sigma);
  },
  df(x, nu, mu, sigma, out) {
    const z = (x - mu) / sigma, z2 = z * z, t = z2 / nu;
    const dx = (-(nu + 1) * z) / (sigma * (nu + z2));
    out[0] = dx;
    out[1] = 0.5 * (digamma(0.5 * (nu + 1)) - digamma(0.5 * nu)) - 0.5 / nu - 0.5 * log1pT(z, nu) + (t < Infinity ? (0.5 * (nu + 1) * t) / (nu * (1 + t)) : (0.5 * (nu + 1)) / nu);
    out[2] = -dx;
    out[3] = -1 / sigma + ((nu + 1) * share(t)) / sigma;
    return value(z, nu, sigma);
  },
  // Scalar nu and sigma (the regression case): the normalizer and its digammas once per call.
  sum(n, x, nu, mu, sigma, grads) {
    if (typeof nu !== "number" || typeof sigma !== "number") return sumByDf(STUDENT_T_KERNEL, n, x, nu, mu, sigma, grads);
    const [gx, gnu, gmu, gs] = grads;
    const c = lgammaRatio(0.5 * nu, 0.5) - 0.5 * (Math.log(nu) + LOG_PI) - Math.log(sigma);
    const dc = 0.5 * (digamma(0.5 * (nu + 1)) - digamma(0.5 * nu)) - 0.5 / nu;
    let total = n * c;
    put(gnu, 0, gnu !== null && gnu.length === 1 ? n * dc : 0);
    put(gs, 0, gs !== null && gs.length === 1 ? -n / sigma : 0);
    for (let i = 0; i < n; i++) {
      const z = ((typeof x === "number" ? x : x[i]) - (typeof mu === "number" ? mu : mu[i])) / sigma, z2 = z * z, t = z2 / nu;
      const l1p = log1pT(z, nu);
      total -= 0.5 * (nu + 1) * l1p;
      const dx = (-(nu + 1) * z) / (sigma * (nu + z2));
      put(gx, i, dx);
      put(gmu, i, -dx);
      if (gnu !== null) gnu[gnu.length === 1 ? 0 : i] += -0.5 * l1p + (t < Infinity ? (0.5 * (nu + 1) * t) / (nu * (1 + t)) : (0.5 * (nu + 1)) / nu);
      if (gs !== null) gs[gs.length === 1 ? 0 : i] += ((nu + 1) * share(t)) / sigma;
    }
    return total;
  },
};

export const studentT = scalarFamily({
  name: "student_t",
  params: [
    { name: "nu", check: "positive" },
    { name: "mu", check: "real", default: 0 },
    { name: "sigma", check: "positive", default: 1 },
  ],
  kernel: STUDENT_T_KERNEL,
  support: () => REAL,
  // Z / sqrt(V/ν) with V ~ χ²_ν = 2·gamma(ν/2, 1), the ratio taken in log space.
  sample: (rng, nu, mu, sigma) => {
    const z = rng.normal(), lv = logGammaSample(rng, 0.5 * nu) + Math.LN2 - Math.log(nu);
    return mu + sigma * z * Math.exp(-0.5 * lv);
  },
  mean: (nu, mu) => (nu > 1 ? mu : NaN),
  variance: (nu, _mu, sigma) => (nu > 2 ? (sigma * sigma * nu) / (nu - 2) : nu > 1 ? Infinity : NaN),
  cdf: (x, nu, mu, sigma) => studentTCdf((x - mu) / sigma, nu),
  quantile: (p, nu, mu, sigma) => mu + sigma * studentTQuantile(p, nu),
  logcdfAD: logcdfAD_of(logcdfKernel("student_t", ["x", "nu", "mu", "sigma"], logcdf)),
});
