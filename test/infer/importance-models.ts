// Exact-answer models shared by the importance-sampling and SMC tests, each with its closed-form posterior
// and log marginal likelihood.
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { beta } from "../../src/dist/beta.js";
import { gamma } from "../../src/dist/gamma.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { categorical } from "../../src/dist/categorical.js";
import { iid } from "../../src/dist/iid.js";
import { lgamma } from "../../src/math/lgamma.js";
import { lbeta } from "../../src/math/lbeta.js";

const LOG_2PI = Math.log(2 * Math.PI);

/** p ~ Beta(1, 1); flips iid Bernoulli(p), one vector choice "flips". Posterior Beta(1 + h, 1 + n − h). */
export const betaBernoulli = gen((t, n: number) => {
  const p = t.sample("p", beta(1, 1)) as number;
  t.sample("flips", iid(bernoulli(p), n));
  return p;
}, "betaBernoulli");

export function betaBernoulliExact(flips: readonly boolean[]) {
  const h = flips.filter(Boolean).length, n = flips.length, a = 1 + h, b = 1 + n - h;
  return { mean: a / (a + b), sd: Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))), logZ: lbeta(a, b) - lbeta(1, 1) };
}

/** mu ~ N(0, s0); y_i ~ N(mu, s), one vector choice "y". */
export const normalNormal = gen((t, n: number, s0: number, s: number) => {
  const mu = t.sample("mu", normal(0, s0)) as number;
  t.sample("y", iid(normal(mu, s), n));
  return mu;
}, "normalNormal");

export function normalNormalExact(y: readonly number[], s0: number, s: number) {
  const n = y.length, sum = y.reduce((a, b) => a + b, 0);
  const prec = 1 / s0 ** 2 + n / s ** 2, mean = sum / s ** 2 / prec;
  // log Z: y ~ N(0, s² I + s0² 11ᵀ); by the matrix determinant lemma and Sherman–Morrison
  const sq = y.reduce((a, v) => a + v * v, 0);
  const logDet = n * Math.log(s ** 2) + Math.log(1 + (n * s0 ** 2) / s ** 2);
  const quad = sq / s ** 2 - (s0 ** 2 * sum ** 2) / (s ** 4 * (1 + (n * s0 ** 2) / s ** 2));
  return { mean, sd: 1 / Math.sqrt(prec), logZ: -0.5 * (n * LOG_2PI + logDet + quad) };
}

/** tau ~ Gamma(a, b) (rate); mu | tau ~ N(m0, 1/√(k0 tau)); y_i ~ N(mu, 1/√tau). */
export const normalGammaModel = gen((t, n: number, a: number, b: number, m0: number, k0: number) => {
  const tau = t.sample("tau", gamma(a, b)) as number;
  const mu = t.sample("mu", normal(m0, 1 / Math.sqrt(k0 * tau))) as number;
  t.sample("y", iid(normal(mu, 1 / Math.sqrt(tau)), n));
}, "normalGamma");

export function normalGammaExact(y: readonly number[], a: number, b: number, m0: number, k0: number) {
  const n = y.length, ybar = y.reduce((s, v) => s + v, 0) / n;
  const ss = y.reduce((s, v) => s + (v - ybar) ** 2, 0);
  const kn = k0 + n, mn = (k0 * m0 + n * ybar) / kn, an = a + n / 2;
  const bn = b + 0.5 * ss + (k0 * n * (ybar - m0) ** 2) / (2 * kn);
  const logZ = lgamma(an) - lgamma(a) + a * Math.log(b) - an * Math.log(bn) + 0.5 * Math.log(k0 / kn) - (n / 2) * LOG_2PI;
  // E[tau] = an/bn; mu marginal is Student-t(2an) with scale² = bn/(an kn): sd² = bn/((an − 1) kn)
  return { muMean: mn, muSd: Math.sqrt(bn / ((an - 1) * kn)), tauMean: an / bn, tauSd: Math.sqrt(an) / bn, logZ };
}

/** Burglary/alarm network (Russell–Norvig tables); johnCalls and maryCalls are the observations. */
export const alarm = gen((t) => {
  const b = t.sample("burglary", bernoulli(0.001));
  const e = t.sample("earthquake", bernoulli(0.002));
  const a = t.sample("alarm", bernoulli(b ? (e ? 0.95 : 0.94) : e ? 0.29 : 0.001));
  t.sample("johnCalls", bernoulli(a ? 0.9 : 0.05));
  t.sample("maryCalls", bernoulli(a ? 0.7 : 0.01));
}, "alarm");

/**
 * A different number of choices per branch, hard and soft conditioning: b ~ flip(0.4); b: k ~ categorical(0.2,
 * 0.5, 0.3), factor(−k), o ~ flip(0.8); ¬b: c1, c2 ~ flip(0.6), hard condition c1 ∨ c2, o ~ flip(0.3).
 * Observed o = true. Exact answers by enumeration (test/infer/enumerate.test.ts checks enumeration).
 */
export const branchy = gen((t) => {
  if (t.sample("b", bernoulli(0.4))) {
    const k = t.sample("k", categorical([0.2, 0.5, 0.3])) as number;
    t.factor(-k);
    t.sample("o", bernoulli(0.8));
  } else {
    const c1 = t.sample("c1", bernoulli(0.6)), c2 = t.sample("c2", bernoulli(0.6));
    t.factor(c1 || c2 ? 0 : -Infinity);
    t.sample("o", bernoulli(0.3));
  }
}, "branchy");

export function branchyExact() {
  const zb = 0.4 * (0.2 + 0.5 * Math.exp(-1) + 0.3 * Math.exp(-2)) * 0.8;
  const znb = 0.6 * (1 - 0.16) * 0.3;
  return { pB: zb / (zb + znb), logZ: Math.log(zb + znb) };
}
