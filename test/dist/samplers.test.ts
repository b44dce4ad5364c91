// The exact samplers, path by path, with high power: Pearson χ² goodness of fit of 100,000 draws against the
// pmf for every branch of the Poisson (inversion, PTRS) and binomial (inversion, BTRS, reflected) samplers and
// the gamma-mixture counts; Kolmogorov–Smirnov with 50,000 draws for the gamma (Marsaglia–Tsang, shape < 1
// boost), beta (gamma ratio and unit-shape inversion) and Student-t samplers. Pass when the p-value > 1e-4 (χ²) and √N·D < 2.23 (KS, α ≈ 1e-4).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Distribution } from "../../src/dist/distribution.js";
import * as d from "../../src/dist/index.js";
import { chiSquareSf } from "../../src/math/cdf.js";
import { Rng } from "../../src/rand/rng.js";

/** χ² p-value of n draws against the pmf, pooling tail cells so every expected count is ≥ 20. */
function chiSquarePValue(dist: Distribution, n: number, seed: string): number {
  const rng = new Rng(seed), counts = new Map<number, number>();
  for (let i = 0; i < n; i++) { const k = Number(dist.sample(rng)); counts.set(k, (counts.get(k) ?? 0) + 1); }
  const mean = dist.mean() as number, sd = Math.sqrt(dist.variance() as number);
  const low = dist.support.kind === "integer" ? dist.support.low : 0;
  const lo = Math.max(low, Math.floor(mean - 12 * sd - 5)), hi = Math.ceil(mean + 12 * sd + 5);
  const cells: { e: number; o: number }[] = [];
  let cur = { e: 0, o: 0 }, below = 0, belowObs = 0;
  for (let k = low; k < lo; k++) { below += Math.exp(dist.logpdf(k)); belowObs += counts.get(k) ?? 0; }
  cur.e = n * below; cur.o = belowObs;
  let covered = below;
  for (let k = lo; k <= hi; k++) {
    const p = Math.exp(dist.logpdf(k));
    covered += p;
    cur.e += n * p; cur.o += counts.get(k) ?? 0;
    if (cur.e >= 20) { cells.push(cur); cur = { e: 0, o: 0 }; }
  }
  let above = 0;
  for (const [k, c] of counts) if (k > hi) above += c;
  cur.e += n * Math.max(0, 1 - covered); cur.o += above;
  if (cells.length > 0) { cells[cells.length - 1].e += cur.e; cells[cells.length - 1].o += cur.o; }
  const stat = cells.reduce((s, c) => s + ((c.o - c.e) * (c.o - c.e)) / c.e, 0);
  return chiSquareSf(stat, cells.length - 1);
}

function ks(dist: Distribution, n: number, seed: string): number {
  const rng = new Rng(seed);
  const xs = Float64Array.from({ length: n }, () => dist.sample(rng) as number).sort();
  let D = 0;
  xs.forEach((x, i) => { const F = dist.cdf!(x); D = Math.max(D, Math.abs(F - i / n), Math.abs((i + 1) / n - F)); });
  return Math.sqrt(n) * D;
}

test("discrete samplers: χ² goodness of fit on every branch", () => {
  const cases: [string, Distribution][] = [
    ["poisson inversion", d.poisson(3.5)], ["poisson PTRS", d.poisson(30)], ["poisson PTRS large", d.poisson(2500)],
    ["binomial inversion", d.binomial(20, 0.3)], ["binomial BTRS", d.binomial(1000, 0.3)],
    ["binomial reflected inversion", d.binomial(1000, 0.995)], ["binomial reflected BTRS", d.binomial(300, 0.8)],
    ["neg_binomial_2", d.negBinomial2(20, 3)], ["neg_binomial", d.negBinomial(2.5, 0.3)], ["geometric", d.geometric(0.2)],
    ["bernoulli_logit", d.bernoulliLogit(0.7)], ["categorical", d.categorical([0.1, 0.6, 0.3])], ["uniform_int", d.uniformInt(-3, 4)],
  ];
  for (const [name, dist] of cases) {
    const p = chiSquarePValue(dist, 100_000, `chi2/${name}`);
    assert.ok(p > 1e-4, `${name}: χ² p-value ${p}`);
  }
});

test("continuous samplers: Kolmogorov–Smirnov with 50,000 draws", () => {
  const cases: [string, Distribution][] = [
    ["gamma shape < 1", d.gamma(0.3, 2)], ["gamma Marsaglia–Tsang", d.gamma(5, 0.5)], ["gamma shape 1", d.gamma(1, 1)],
    ["beta small shapes", d.beta(0.5, 0.7)], ["beta", d.beta(2, 3)], ["beta(1, b) by inversion", d.beta(1, 3.5)],
    ["beta(a, 1) by inversion", d.beta(0.4, 1)], ["beta(1, 1)", d.beta(1, 1)], ["student_t", d.studentT(3, 1, 2)],
    ["inv_gamma", d.invGamma(3, 2)], ["logistic", d.logistic(1, 2)], ["half_cauchy", d.halfCauchy(2)],
  ];
  for (const [name, dist] of cases) {
    const stat = ks(dist, 50_000, `ks50k/${name}`);
    assert.ok(stat < 2.23, `${name}: √N·D = ${stat}`);
  }
});

test("the χ² check detects a sampler that is off by one 20% of the time (negative control)", () => {
  const base = d.poisson(30);
  const broken = { ...base, mean: () => 30, variance: () => 30, logpdf: (x: unknown) => base.logpdf(x),
    sample: (rng: Rng) => { const k = base.sample(rng); return rng.double() < 0.2 ? k + 1 : k; } } as unknown as Distribution;
  assert.ok(chiSquarePValue(broken, 100_000, "chi2/broken") < 1e-4);
});
