/**
 * poisson_log(log_rate): poisson(exp(log_rate)) with log p(k) = k·η − e^η − log k! in the log rate η —
 * the natural link of Poisson regression.
 *
 * @example
 * ```ts
 * poissonLog(0).logpdf(0);    // −1
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { DensityKernel } from "../ad/kernel.js";
import { lfactorial } from "../math/factorial.js";
import { scalarFamily } from "./family.js";
import { logGammaPrefix } from "./gamma-prefix.js";
import { isCount, poissonCdf, poissonLogCdf } from "./poisson.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { poissonSample } from "./sample-poisson.js";
import { NONNEGATIVE_INT } from "./support.js";

/** The largest log rate whose rate e^η is a finite number. */
const MAX_LOG_RATE = Math.log(Number.MAX_VALUE);

/**
 * k·η − e^η − log k! (a table up to 170), through the Stirling form beyond (src/dist/gamma-prefix.ts) for every
 * finite rate: the direct form cancels to 0 (η = 700) or gives ∞ − ∞ = NaN (η = 709) at the large counts such
 * rates have. (Below η = −700 the rate is subnormal and the direct form is exact.)
 */
const logPmf = (k: number, eta: number): number =>
  k > 170 && eta > -700 && eta <= MAX_LOG_RATE ? logGammaPrefix(k + 1, Math.exp(eta)) - eta : (k === 0 ? 0 : k * eta) - Math.exp(eta) - lfactorial(k);

/** A draw: a rate e^η that overflows has no count to give (it would be ∞, and NaN downstream). */
function sample(rng: Rng, eta: number): number {
  if (eta > MAX_LOG_RATE)
    throw new BorelError("bad-parameter", `poisson_log: argument 'log_rate' is ${eta}, whose rate e^${eta} is beyond the largest number, so no count can be drawn (log_rate ≤ ${MAX_LOG_RATE.toFixed(2)})`, {
      hint: "if it comes from random choices, give them priors on a realistic scale (a log rate of 20 is already a rate of 5e8)",
    });
  return poissonSample(rng, Math.exp(eta));
}

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
  sample,
  mean: (eta) => Math.exp(eta),
  variance: (eta) => Math.exp(eta),
  cdf: (x, eta) => poissonCdf(x, Math.exp(eta)),
  logcdfAD: logcdfAD_of(logcdfKernel("poisson_log", ["x", "log_rate"], (x, eta) => poissonLogCdf(x, Math.exp(eta)))),
});
