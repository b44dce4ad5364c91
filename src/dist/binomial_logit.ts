/**
 * binomial_logit(n, logit): binomial(n, logistic(logit)) with log p = −log(1 + e^−η) and
 * log(1 − p) = −log(1 + e^η) computed from the logit, stable for |η| in the hundreds.
 *
 * @example
 * ```ts
 * binomialLogit(10, 0).logpdf(5);   // log(252/1024)
 * ```
 */
import type { DensityKernel } from "../ad/kernel.js";
import { lchoose } from "../math/gamma.js";
import { log1pExp, logistic } from "../math/log.js";
import { binomialCdf, binomialLogCdf, binomialLogPmf, inRange } from "./binomial.js";
import { scalarFamily } from "./family.js";
import { logcdfAD_of, logcdfKernel } from "./logcdf-kernel.js";
import { binomialSample } from "./sample-binomial.js";
import { maxOf } from "./support-util.js";

const value = (k: number, n: number, eta: number): number =>
  k >= 9 && n - k >= 9
    ? binomialLogPmf(k, n, logistic(eta), logistic(-eta))
    : lchoose(n, k) - (k === 0 ? 0 : k * log1pExp(-eta)) - (n - k === 0 ? 0 : (n - k) * log1pExp(eta));

export const BINOMIAL_LOGIT_KERNEL: DensityKernel = {
  name: "binomial_logit",
  arity: 3,
  argNames: ["x", "n", "logit"],
  f(k, n, eta) {
    return inRange(k, n) ? value(k, n, eta) : -Infinity;
  },
  df(k, n, eta, _c, out) {
    out.fill(0);
    if (!inRange(k, n)) return -Infinity;
    out[2] = k - n * logistic(eta);
    return value(k, n, eta);
  },
};

export const binomialLogit = scalarFamily({
  name: "binomial_logit",
  params: [{ name: "n", check: "count" }, { name: "logit", check: "real" }],
  kernel: BINOMIAL_LOGIT_KERNEL,
  support: (n) => ({ kind: "integer", low: 0, high: maxOf(n) }),
  sample: (rng, n, eta) => binomialSample(rng, n, logistic(eta)),
  mean: (n, eta) => n * logistic(eta),
  variance: (n, eta) => n * logistic(eta) * logistic(-eta),
  enumerate: (n) => Array.from({ length: n + 1 }, (_, k) => k),
  cdf: (x, n, eta) => binomialCdf(x, n, logistic(eta)),
  logcdfAD: logcdfAD_of(logcdfKernel("binomial_logit", ["x", "n", "logit"], (x, n, eta) => binomialLogCdf(x, n, logistic(eta)))),
});
