// Extreme parameters: log densities stay exact (against asymptotic oracles) or at least finite, and samplers
// return valid values, where naive formulas overflow, cancel or return NaN.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as d from "../../src/dist/index.js";
import { normalLogCdf } from "../../src/math/normal.js";
import { Rng } from "../../src/rand/rng.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const near = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test("log densities at extreme parameters match asymptotic oracles", () => {
  near(d.normal(0, 1).logpdf(1e10), -5e19 - HALF_LOG_2PI, 1e-15, "normal far tail");
  near(d.studentT(1e12).logpdf(0.3), d.normal(0, 1).logpdf(0.3), 1e-10, "student_t → normal");
  near(d.negBinomial2(5, 1e12).logpdf(3), d.poisson(5).logpdf(3), 1e-10, "neg_binomial_2 → poisson");
  // gamma(a, a) at 1: ½ log a − ½ log 2π − δ(a), δ(a) = 1/(12a) − 1/(360a³) + …
  const a = 1e6;
  near(d.gamma(a, a).logpdf(1), 0.5 * Math.log(a) - HALF_LOG_2PI - 1 / (12 * a), 1e-12, "gamma(1e6, 1e6)");
  // beta(b, b) at ½: log 2 − ½ log π + ½ log b − 1/(8b) + 1/(192b³)
  const b = 1e5;
  near(d.beta(b, b).logpdf(0.5), Math.LN2 - 0.5 * Math.log(Math.PI) + 0.5 * Math.log(b) - 1 / (8 * b), 1e-12, "beta(1e5, 1e5)");
  // poisson(n) at n: −½ log(2πn) − 1/(12n); binomial(n, ½) at n/2: ½ log(2/(πn)) − 1/(4n).
  near(d.poisson(1e9).logpdf(1e9), -0.5 * Math.log(2 * Math.PI * 1e9) - 1 / 12e9, 1e-13, "poisson(1e9)");
  near(d.poissonLog(Math.log(1e9)).logpdf(1e9), -0.5 * Math.log(2 * Math.PI * 1e9) - 1 / 12e9, 1e-8, "poisson_log(log 1e9)");
  near(d.binomial(1e9, 0.5).logpdf(5e8), 0.5 * Math.log(2 / (Math.PI * 1e9)) - 1 / 4e9, 1e-13, "binomial(1e9, ½)");
  near(d.binomialLogit(1e9, 0).logpdf(5e8), 0.5 * Math.log(2 / (Math.PI * 1e9)) - 1 / 4e9, 1e-13, "binomial_logit(1e9, 0)");
  assert.ok(Number.isFinite(d.gamma(1e-3, 1).logpdf(1e-300)));
  assert.ok(Number.isFinite(d.beta(1e-3, 1e-3).logpdf(1e-200)));
  assert.equal(d.bernoulliLogit(800).logpdf(false), -800);
  assert.equal(d.bernoulliLogit(-800).logpdf(true), -800);
  assert.equal(d.binomialLogit(10, 800).logpdf(0), -8000);
  assert.ok(Math.abs(d.binomialLogit(10, -800).logpdf(0)) < 1e-300);
  near(d.categoricalLogit([1000, 0, -1000]).logpdf(1), -1000, 1e-15, "categorical_logit");
  near(d.poissonLog(-700).logpdf(0), -Math.exp(-700), 1e-15, "poisson_log tiny rate");
  // poisson_log at a rate near the largest double, at the count k = e^η: −½ log(2π e^η) (it gave 0 at η = 700 and
  // NaN at η = 709 — the direct form cancels); beyond, the rate overflows: no draw, an error saying why.
  for (const eta of [700, 709]) near(d.poissonLog(eta).logpdf(Math.exp(eta)), -0.5 * (Math.log(2 * Math.PI) + eta), 1e-12, `poisson_log(${eta})`);
  assert.throws(() => d.poissonLog(710).sample(new Rng(1)), /poisson_log: argument 'log_rate' is 710, whose rate e\^710 is beyond the largest number/);
  assert.equal(d.poissonLog(710).logpdf(3), -Infinity);
  // The cdf far out in the tail: I_p(r, x + 1) with x + 1 = 1e308 (it ran the continued fraction ~1e155 terms).
  assert.equal(d.negBinomial(3, 0.4).cdf!(1e308), 1);
  // Far below the mode of a gamma with shape ≥ 10: (a − 1) log x − b x + a log b − log Γ(a), no cancellation (it
  // was −∞: t/a − 1 rounded to −1); at x = ∞ the density is 0 (it was ∞ − ∞ = NaN); uniform at NaN is outside.
  near(d.gamma(20, 3).logpdf(1e-300), 20 * Math.log(3) - 39.339884187199495 + 19 * Math.log(1e-300), 1e-14, "gamma(20, 3) at 1e-300");
  near(d.invGamma(30, 2).logpdf(1e308), 30 * Math.LN2 - 71.257038967168 - 31 * Math.log(1e308), 1e-14, "inv_gamma(30, 2) at 1e308");
  assert.equal(d.gamma(2, 3).logpdf(Infinity), -Infinity);
  assert.equal(d.uniform(1, 3).logpdf(NaN), -Infinity);
  assert.equal(d.poisson(0).logpdf(0), 0);
  assert.equal(d.poisson(0).logpdf(1), -Infinity);
  assert.equal(d.lognormal(0, 1).logpdf(0), -Infinity);
  assert.equal(d.geometric(1).logpdf(0), 0);
});

test("truncation far in the upper tail keeps density, mean and samples", () => {
  const t = d.truncated(d.normal(0, 1), 15);
  const logS = normalLogCdf(-15);
  near(t.logpdf(15.1), d.normal(0, 1).logpdf(15.1) - logS, 1e-12, "logpdf");
  // E[X | X > 15] = φ(15)/S(15) (inverse Mills ratio).
  near(t.mean() as number, Math.exp(d.normal(0, 1).logpdf(15) - logS), 1e-9, "mean");
  const rng = new Rng("tail");
  const xs = Array.from({ length: 2000 }, () => t.sample(rng));
  assert.ok(xs.every((x) => x >= 15 && x < 17));
  near(xs.reduce((s, x) => s + x, 0) / xs.length, t.mean() as number, 5 * Math.sqrt(t.variance() as number / 2000) / 15, "sample mean");
  near(t.cdf!(t.quantile!(0.3)), 0.3, 1e-9, "cdf∘quantile");
});

test("truncation far in the lower tail (Z ≈ e^−1255, below the doubles): samples and mean by log-space inversion", () => {
  // d.quantile(F(low) + u·Z) would see 0 + u·0 and put every draw at −60; E[X | −60 < X < −50] ≈ −50 − 1/50.
  const t = d.truncated(d.normal(0, 1), -60, -50);
  const rng = new Rng("lower-tail");
  const xs = Array.from({ length: 500 }, () => t.sample(rng));
  assert.ok(xs.every((x) => x >= -60 && x <= -50));
  near(t.mean() as number, -50.02, 1e-3, "mean");
  near(xs.reduce((s, x) => s + x, 0) / xs.length, -50.02, 5 * 0.02 / Math.sqrt(500), "sample mean");
  near(t.cdf!(t.quantile!(0.3)), 0.3, 1e-9, "cdf∘quantile");
});

test("samplers at extreme parameters return valid values", () => {
  const rng = new Rng("extreme");
  const within = (x: number, mean: number, sd: number, what: string) => assert.ok(Math.abs(x - mean) < 10 * sd, `${what}: ${x}`);
  for (let i = 0; i < 20; i++) {
    within(d.poisson(1e9).sample(rng), 1e9, Math.sqrt(1e9), "poisson(1e9)");
    within(d.binomial(1e9, 0.3).sample(rng), 3e8, Math.sqrt(1e9 * 0.21), "binomial(1e9, 0.3)");
    within(d.binomial(50, 0.999).sample(rng), 49.95, 0.3, "binomial(50, 0.999)");
    assert.ok(Number.isFinite(d.negBinomial2(1e6, 1e-2).sample(rng)));
    const b = d.beta(1e-3, 1e-3).sample(rng);
    assert.ok(b >= 0 && b <= 1, `beta(1e-3, 1e-3): ${b}`);
    const g = d.gamma(1e-3, 1).sample(rng);
    assert.ok(g >= 0 && Number.isFinite(g), `gamma(1e-3): ${g}`);
    const x = d.dirichlet([1e-3, 1e-3, 1e-3]).sample(rng);
    near(x.reduce((s, v) => s + v, 0), 1, 1e-14, "dirichlet(1e-3) sums to 1");
    assert.ok(x.every((v) => v >= 0));
    assert.ok(Number.isFinite(d.exponential(1e-300).sample(rng)));
    assert.ok(Number.isFinite(d.studentT(0.1).sample(rng)));
  }
  // beta(1e-3, 1e-3) puts half its mass at each end: the mean of many draws is ½.
  const bs = Array.from({ length: 4000 }, () => d.beta(1e-3, 1e-3).sample(rng));
  near(bs.reduce((s, v) => s + v, 0) / bs.length, 0.5, 5 * 0.5 / Math.sqrt(4000), "beta(1e-3, 1e-3) mean");
});

test("draws of continuous families stay strictly inside the support, with a finite density, when the true value underflows or overflows", async () => {
  const fc = (await import("fast-check")).default;
  const { nextUp, nextDown } = await import("../../src/math/ulp.js");
  assert.equal(nextUp(0), Number.MIN_VALUE);
  assert.equal(nextDown(1), 1 - 2 ** -53);
  assert.equal(nextDown(Infinity), Number.MAX_VALUE);
  assert.equal(nextUp(-Infinity), -Number.MAX_VALUE);
  assert.equal(nextUp(1), 1 + 2 ** -52);
  assert.equal(nextDown(-0.5), -0.5 - 2 ** -53);
  // Small shapes put most draws closer to a bound than a double can hold (beta(0.05, 0.05): 8% of draws were
  // exactly 1 with log density +∞, which stopped a model run); tiny ν overflows student_t draws to ±∞.
  const cases: [string, d.Distribution][] = [
    ["beta(0.05, 0.05)", d.beta(0.05, 0.05)], ["beta(1e-3, 5)", d.beta(1e-3, 5)], ["beta(5, 1e-3)", d.beta(5, 1e-3)],
    ["gamma(1e-3, 1)", d.gamma(1e-3, 1)], ["gamma(1e-3, 1e-3)", d.gamma(1e-3, 1e-3)], ["inv_gamma(1e-3, 1)", d.invGamma(1e-3, 1)],
    ["student_t(1e-3)", d.studentT(1e-3)], ["normal(0, 1e308)", d.normal(0, 1e308)], ["dirichlet(1e-3 × 3)", d.dirichlet([1e-3, 1e-3, 1e-3])],
    ["gamma(1e-3, [1, 1e-3]) vector", d.gamma(1e-3, new Float64Array([1, 1e-3]))],
  ];
  const rng = new Rng(7);
  for (const [name, dist] of cases)
    for (let i = 0; i < 300; i++) {
      const x = dist.sample(rng) as number | Float64Array;
      const xs = typeof x === "number" ? [x] : [...x];
      assert.ok(xs.every(Number.isFinite), `${name}: draw ${xs}`);
      assert.ok(Number.isFinite(dist.logpdf(x)), `${name}: log density ${dist.logpdf(x)} at ${xs}`);
    }
  // The formulas that held those draws: student_t far out as 2 log|z| − log ν, gamma at x with rate·x = 0.
  const nu = 1e-3, z = 1e200;
  const c = d.studentT(nu).logpdf(0);
  near(d.studentT(nu).logpdf(z), c - 0.5 * (nu + 1) * (2 * Math.log(z) - Math.log(nu)), 1e-14, "student_t at 1e200");
  const x = 1e-322, a = 1e-3, r = 1e-3;
  near(d.gamma(a, r).logpdf(x), a * Math.log(r) - Math.log(1000) /* lgamma(1e-3) ≈ log 1000 − γ·1e-3 */ + 0.5772156649e-3 + (a - 1) * Math.log(x) - r * x, 1e-6, "gamma at 1e-322");
  // Any small beta shapes: every draw in (0, 1) with a finite density.
  fc.assert(fc.property(fc.double({ min: 1e-4, max: 0.2, noNaN: true }), fc.double({ min: 1e-4, max: 0.2, noNaN: true }), fc.integer({ min: 1, max: 1e6 }), (p, q, seed) => {
    const b = d.beta(p, q), g = new Rng(seed);
    for (let i = 0; i < 20; i++) { const v = b.sample(g) as number; if (!(v > 0 && v < 1 && Number.isFinite(b.logpdf(v)))) return false; }
    return true;
  }), { numRuns: 200 });
});
