/**
 * poisson_log(log_rate): poisson(exp(log_rate)) with log p(k) = k·η − e^η − log k! in the log rate η —
 * the natural link of Poisson regression.
 *
 * @example
 * ```ts
 * poissonLog(0).logpdf(0);    // −1
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { lfactorial } from "../math/factorial.js";
import { scalarFamily } from "./family.js";
import { logGammaPrefix } from "./gamma-prefix.js";
import { isCount, poissonCdf, poissonLogCdf } from "./poisson.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { poissonSample } from "./sample-poisson.js";
import { NONNEGATIVE_INT } from "./support.js";

/** k·η − e^η − log k! (a table up to 170), through the Stirling form beyond (src/dist/gamma-prefix.ts). */
const logPmf = (k: number, eta: number): number =>
  k > 170 && eta > -700 && eta < 700 ? logGammaPrefix(k + 1, Math.exp(eta)) - eta : (k === 0 ? 0 : k * eta) - Math.exp(eta) - lfactorial(k);

export const POISSON_LOG_KERNEL: DensityKernel = {
  name: "poisson_log",
  arity: 2,
  argNames: ["x", "log_rate"],
  f(k, eta) {
    if (!isCount(k)) return -Infinity;
    return logPmf(k, eta);
  },
  df(k, eta, _b, _c, out) {
    out[0] = 0;
    if (!isCount(k)) { out[1] = 0; return -Infinity; }
    out[1] = k - Math.exp(eta);
    return logPmf(k, eta);
  },
};

export const poissonLog = scalarFamily({
  name: "poisson_log",
  params: [{ name: "log_rate", check: "real" }],
  kernel: POISSON_LOG_KERNEL,
  support: () => NONNEGATIVE_INT,
  sample: (rng, eta) => poissonSample(rng, Math.exp(eta)),
  mean: (eta) => Math.exp(eta),
  variance: (eta) => Math.exp(eta),
  cdf: (x, eta) => poissonCdf(x, Math.exp(eta)),
  logcdfAD: logcdfAD_of(logcdfKernel("poisson_log", ["x", "log_rate"], (x, eta) => poissonLogCdf(x, Math.exp(eta)))),
});
