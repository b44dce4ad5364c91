/**
 * normal(mu, sigma): the Gaussian with mean mu and standard deviation sigma.
 * log p(x) = −½((x−mu)/sigma)² − log sigma − ½ log 2π.
 *
 * @example
 * ```ts
 * normal(0, 1).logpdf(0);                       // −0.918938533204673
 * normal(new Float64Array([0, 1]), 1);          // a vector value of length 2
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { add, mul } from "../ad/arith.js";
import { normalLogCdfAD } from "../ad/unary.js";
import { div, sub } from "../ad/arith.js";
import { normalCdf, normalQuantile } from "../math/normal.js";
import { scalarFamily } from "./family.js";
import { REAL } from "./support.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

// The last sigma and its log (a model with one noise scale takes the log once).
let lastSigma = NaN, lastLogSigma = NaN;

export const NORMAL_KERNEL: DensityKernel = {
  name: "normal",
  arity: 3,
  argNames: ["x", "mu", "sigma"],
  f(x, mu, sigma) {
    const z = (x - mu) / sigma;
    if (sigma !== lastSigma) { lastSigma = sigma; lastLogSigma = Math.log(sigma); }
    return -0.5 * z * z - lastLogSigma - HALF_LOG_2PI;
  },
  df(x, mu, sigma, _c, out) {
    const z = (x - mu) / sigma, zs = z / sigma;
    out[0] = -zs;
    out[1] = zs;
    out[2] = (z * z - 1) / sigma;
    return -0.5 * z * z - Math.log(sigma) - HALF_LOG_2PI;
  },
  sum(n, x, mu, sigma, _c, grads) {
    const gx = grads[0], gm = grads[1], gs = grads[2];
    if (typeof sigma === "number" && typeof x !== "number") {
      // The regression case: σ a scalar, one log per call. Σz and Σz² give the scalar gradients.
      const inv = 1 / sigma;
      // A scalar mu's partial accumulates even when n = 1 (its buffer then also has length n).
      const gxv = gx !== null && gx.length === n ? gx : null, gmv = gm !== null && gm.length === n && typeof mu !== "number" ? gm : null;
      let sz = 0, quad = 0;
      if (typeof mu === "number") {
        for (let i = 0; i < n; i++) { const z = (x[i] - mu) * inv; sz += z; quad += z * z; if (gxv !== null) gxv[i] = -z * inv; }
      } else {
        for (let i = 0; i < n; i++) {
          const z = (x[i] - mu[i]) * inv; sz += z; quad += z * z;
          if (gxv !== null) gxv[i] = -z * inv;
          if (gmv !== null) gmv[i] = z * inv;
        }
      }
      if (gx !== null && gxv === null) gx[0] -= sz * inv;
      if (gm !== null && gmv === null) gm[0] += sz * inv;
      if (gs !== null) gs[0] += (quad - n) * inv;
      return -0.5 * quad - n * (Math.log(sigma) + HALF_LOG_2PI);
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      const xi = typeof x === "number" ? x : x[i], mi = typeof mu === "number" ? mu : mu[i], si = typeof sigma === "number" ? sigma : sigma[i];
      const inv = 1 / si, z = (xi - mi) * inv, zs = z * inv, ds = (z * z - 1) * inv;
      total += -0.5 * z * z - Math.log(si) - HALF_LOG_2PI;
      if (gx !== null) { if (gx.length === n) gx[i] = -zs; else gx[0] -= zs; }
      if (gm !== null) { if (gm.length === n) gm[i] = zs; else gm[0] += zs; }
      if (gs !== null) { if (gs.length === n) gs[i] = ds; else gs[0] += ds; }
    }
    return total;
  },
};

export const normal = scalarFamily({
  name: "normal",
  params: [{ name: "mu", check: "real" }, { name: "sigma", check: "positive" }],
  kernel: NORMAL_KERNEL,
  support: () => REAL,
  sample: (rng, mu, sigma) => mu + sigma * rng.normal(),
  mean: (mu) => mu,
  variance: (_mu, sigma) => sigma * sigma,
  reparam: { noise: (rng) => rng.normal(), transform: (eps, [mu, sigma]) => add(mu, mul(sigma, eps)) },
  cdf: (x, mu, sigma) => normalCdf((x - mu) / sigma),
  quantile: (p, mu, sigma) => mu + sigma * normalQuantile(p),
  logcdfAD: (x, [mu, sigma]) => normalLogCdfAD(div(sub(x, mu), sigma)) as number,
});
