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
  // The summed form (a vector of observations): one exp and one log1p per element, from e = exp(−|η|):
  // log(1 + e^∓η) = max(0, ∓η) + log1p(e) and σ(∓η) from the same e.
  sum(n, x, eta, _b, _c, grads) {
    const g = grads[1], gAcc = g !== null && g.length !== n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const xi = typeof x === "number" ? x : x[i], h = typeof eta === "number" ? eta : eta[i];
      const e = Math.exp(-Math.abs(h)), l = Math.log1p(e), inv = 1 / (1 + e);
      let d: number;
      if (xi === 1) { s -= (h < 0 ? -h : 0) + l; d = h >= 0 ? e * inv : inv; }
      else if (xi === 0) { s -= (h > 0 ? h : 0) + l; d = -(h >= 0 ? inv : e * inv); }
      else { s = -Infinity; d = 0; }
      if (g !== null) { if (gAcc) g[0] += d; else g[i] = d; }
    }
    return s;
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
