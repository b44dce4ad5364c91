/**
 * bernoulli_logit(logit): bernoulli(logistic(logit)), with the log mass computed from the logit directly
 * (log σ(η) = −log(1 + e^−η)), so logit = ±800 neither overflows nor loses the small probability.
 * The value is a boolean (0/1 accepted), a Float64Array of 0/1 for a vector logit.
 *
 * @example
 * ```ts
 * bernoulliLogit(0).logpdf(true);                         // −log 2
 * bernoulliLogit(new Float64Array([-1, 2])).logpdf([0, 1]); // one summed term
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { log1pExp, logistic } from "../math/log.js";
import { booleanToNumber } from "./bernoulli.js";
import { scalarFamily } from "./family.js";
import { BOOLEAN } from "./support.js";

export const BERNOULLI_LOGIT_KERNEL: DensityKernel = {
  name: "bernoulli_logit",
  arity: 2,
  argNames: ["x", "logit"],
  f(x, eta) {
    return x === 1 ? -log1pExp(-eta) : x === 0 ? -log1pExp(eta) : -Infinity;
  },
  df(x, eta, _b, _c, out) {
    out[0] = 0;
    if (x === 1) { out[1] = logistic(-eta); return -log1pExp(-eta); }
    if (x === 0) { out[1] = -logistic(eta); return -log1pExp(eta); }
    out[1] = 0;
    return -Infinity;
  },
};

export const bernoulliLogit = scalarFamily<boolean>({
  name: "bernoulli_logit",
  params: [{ name: "logit", check: "real" }],
  kernel: BERNOULLI_LOGIT_KERNEL,
  support: () => BOOLEAN,
  sample: (rng, eta) => (rng.double() < logistic(eta) ? 1 : 0),
  mean: (eta) => logistic(eta),
  variance: (eta) => logistic(eta) * logistic(-eta),
  enumerate: () => [0, 1],
  cdf: (x, eta) => (x < 0 ? 0 : x < 1 ? logistic(-eta) : 1),
  toNumber: booleanToNumber,
  fromNumber: (x) => x === 1,
});
