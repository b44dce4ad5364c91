// Conjugate and exact checks of the gradient methods with fixed seeds, and the divergences of the centered
// eight schools.
//
// Tolerances: a posterior mean must lie within 4 MCSE of the exact mean and a posterior sd within 4 MCSE(sd)
// of the exact sd (MCSEs as posterior 1.4.0 computes them from the chains' ESS): for a correct sampler each
// check fails with probability ~6e-5, and a bias as small as a fifth of a posterior sd fails it (MCSE ≈ sd/√ESS
// with ESS in the thousands). The correlation of the linear regression's coefficients is checked within
// 0.1 (its Monte Carlo sd at ESS ~2000 is ≈ 0.02).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { gamma } from "../../src/dist/gamma.js";
import { halfCauchy } from "../../src/dist/half_cauchy.js";
import { iid } from "../../src/dist/iid.js";
import { uniform } from "../../src/dist/uniform.js";
import { beta } from "../../src/dist/beta.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { mcseMean, mcseSd } from "../../src/diagnostics/index.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { nuts } from "../../src/infer/nuts.js";
import { hmc } from "../../src/infer/hmc.js";
import { mala } from "../../src/infer/mala.js";
import type { SamplerDiagnostics } from "../../src/infer/hmc-diagnostics.js";

const fixture = (p: string) => JSON.parse(readFileSync(new URL(`../fixtures/${p}`, import.meta.url), "utf8"));

function checkMoments(post: Posterior, key: string, mean: number, sd: number, label: string): void {
  const chains = post.chains(key);
  const mcse = mcseMean(chains), mcse2 = mcseSd(chains);
  const m = post.mean(key), s = post.sd(key);
  assert.ok(Math.abs(m - mean) <= 4 * mcse, `${label} ${key}: mean ${m} vs exact ${mean} (MCSE ${mcse})`);
  assert.ok(Math.abs(s - sd) <= 4 * mcse2, `${label} ${key}: sd ${s} vs exact ${sd} (MCSE ${mcse2})`);
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length, ma = a.reduce((x, y) => x + y) / n, mb = b.reduce((x, y) => x + y) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

const lr = fixture("bench/linreg.json"), exact = fixture("bench/exact.json").linreg;
const linreg = gen((t, x: Float64Array, y: Float64Array) => {
  const slope = t.sample("slope", normal(0, 10));
  const intercept = t.sample("intercept", normal(0, 10));
  t.observe("y", normal(t.m.add(intercept, t.m.mul(slope, x)), 0.5), y);
}, "linreg");
const lrArgs = [Float64Array.from(lr.xs), Float64Array.from(lr.ys)];

test("linear regression: NUTS, HMC and MALA match the conjugate posterior (exact.json)", (t) => {
  const runs: [string, Posterior][] = [
    ["NUTS", nuts(linreg, lrArgs, {}, { samples: 1000, warmup: 500, chains: 4, seed: 1 })],
    ["HMC", hmc(linreg, lrArgs, {}, { samples: 1000, warmup: 500, chains: 4, seed: 2, steps: 5, jitterSteps: true })],
    ["MALA", mala(linreg, lrArgs, {}, { samples: 3000, warmup: 1000, chains: 4, seed: 3 })],
  ];
  for (const [name, post] of runs) {
    checkMoments(post, "slope", exact.slopeMean, exact.slopeSd, name);
    checkMoments(post, "intercept", exact.interceptMean, exact.interceptSd, name);
    const r = correlation(post.values("slope"), post.values("intercept"));
    assert.ok(Math.abs(r - exact.corr) < 0.1, `${name}: correlation ${r} vs ${exact.corr}`);
    const d = post.diagnostics.sampler as SamplerDiagnostics;
    t.diagnostic(`${name}: slope ${post.mean("slope").toFixed(4)} ± ${post.sd("slope").toFixed(4)}, intercept ${post.mean("intercept").toFixed(4)} ± ${post.sd("intercept").toFixed(4)}, corr ${r.toFixed(3)}; step sizes ${d.step_size.map((x) => x.toFixed(3))}, divergences ${d.divergences}`);
    assert.equal(d.divergences, 0);
  }
});

// Normal-Gamma: tau ~ Gamma(a, b), mu | tau ~ N(m0, 1/√(k0 τ)), y_i ~ N(mu, 1/√τ). Exact posterior:
// tau | y ~ Gamma(a + n/2, b + ½Σ(y − ȳ)² + k0 n (ȳ − m0)² / (2(k0 + n))), E[mu | y] = (k0 m0 + n ȳ)/(k0 + n),
// Var(mu | y) = b_n / ((a_n − 1)(k0 + n)) (a Student-t).
test("Normal-Gamma: NUTS matches the conjugate posterior of mu and tau", (t) => {
  const a = 3, b = 2, m0 = 1, k0 = 2;
  const y = new Float64Array([0.3, 1.9, 1.2, -0.4, 2.2, 0.8, 1.5, 0.1, 1.1, 0.6]);
  const model = gen((tr) => {
    const tau = tr.sample("tau", gamma(a, b));
    const mu = tr.sample("mu", normal(m0, tr.m.div(1, tr.m.sqrt(tr.m.mul(k0, tau)))));
    tr.observe("y", iid(normal(mu, tr.m.div(1, tr.m.sqrt(tau))), y.length), y);
  }, "normalGamma");
  const n = y.length, ybar = y.reduce((s, v) => s + v) / n, ss = y.reduce((s, v) => s + (v - ybar) ** 2, 0);
  const an = a + n / 2, bn = b + ss / 2 + (k0 * n * (ybar - m0) ** 2) / (2 * (k0 + n));
  const post = nuts(model, [], {}, { samples: 1000, warmup: 500, chains: 4, seed: 4 });
  checkMoments(post, "tau", an / bn, Math.sqrt(an) / bn, "NUTS");
  checkMoments(post, "mu", (k0 * m0 + n * ybar) / (k0 + n), Math.sqrt(bn / ((an - 1) * (k0 + n))), "NUTS");
  t.diagnostic(`tau ${post.mean("tau").toFixed(4)} (exact ${(an / bn).toFixed(4)}), mu ${post.mean("mu").toFixed(4)} (exact ${((k0 * m0 + n * ybar) / (k0 + n)).toFixed(4)})`);
});

test("a posterior whose density diverges at a bound: Beta(1.5, 0.5) (beta(0.5, 0.5) prior, one success)", (t) => {
  // The chains used to stop at p = 1, where the density rounds to +∞ (mean 0.87, R-hat 2.2 or a failed start).
  const m = gen((tr) => { const p = tr.sample("p", beta(0.5, 0.5)); tr.observe("y", bernoulli(p), true); }, "beta_half");
  const post = nuts(m, [], {}, { samples: 1000, warmup: 1000, chains: 4, seed: 1 });
  t.diagnostic(`mean ${post.mean("p")}`);
  checkMoments(post, "p", 0.75, Math.sqrt((1.5 * 0.5) / (2 * 2 * 3)), "nuts");
});

test("a bound that depends on another choice: b ~ uniform(0, 1 − a) gives the exact moments with an unshrunk step size", (t) => {
  // a ~ U(0, 1), b | a ~ U(0, 1 − a): p(a) stays uniform (mean ½, sd √(1/12)); E b = ¼, E b² = E (1 − a)²/3 = 1/9.
  const model = gen((tr) => { const a = tr.sample("a", uniform(0, 1)); tr.sample("b", uniform(0, tr.m.sub(1, a))); }, "dependentBound");
  const post = nuts(model, [], {}, { samples: 1000, warmup: 500, chains: 4, seed: 2 });
  checkMoments(post, "a", 0.5, Math.sqrt(1 / 12), "NUTS");
  checkMoments(post, "b", 0.25, Math.sqrt(1 / 9 - 1 / 16), "NUTS");
  // Without the bound's gradient in the leapfrog the adapted step size fell to ~0.01 and trees hit max depth.
  const d = post.diagnostics.sampler as SamplerDiagnostics;
  t.diagnostic(`step sizes ${d.step_size.map((x) => x.toFixed(3))}, tree depth hits ${d.treedepth_hits}`);
  assert.ok(d.step_size.every((e) => e > 0.2) && d.treedepth_hits === 0, `step sizes ${d.step_size}, tree depth hits ${d.treedepth_hits}`);
});

test("order statistics of a bounded base: ordered(uniform(0, 1), 3) has Beta(k, 4 − k) marginals, sampled without divergences", async (t) => {
  // The unbounded ordered bijector let θ reach values outside (0, 1): half the transitions diverged, and
  // Laplace and VI returned impossible draws.
  const { ordered } = await import("../../src/dist/ordered.js");
  const model = gen((tr) => { tr.sample("o", ordered(uniform(0, 1), 3)); }, "sortedUniforms");
  const post = nuts(model, [], {}, { samples: 1000, warmup: 500, chains: 4, seed: 2 });
  const sd = (a: number, b: number) => Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  for (let k = 1; k <= 3; k++) checkMoments(post, `o[${k - 1}]`, k / 4, sd(k, 4 - k), "NUTS");
  const d = post.diagnostics.sampler as SamplerDiagnostics;
  t.diagnostic(`divergences ${d.divergences}`);
  assert.ok(d.divergences <= 4, `${d.divergences} divergences`);
});

test("centered eight schools: NUTS reports divergences (as Stan does), per draw and in the warnings", (t) => {
  const es = fixture("posteriordb/eight_schools-eight_schools_centered.json");
  const sigma = Float64Array.from(es.sigma as number[]);
  const centered = gen((tr) => {
    const mu = tr.sample("mu", normal(0, 5));
    const tau = tr.sample("tau", halfCauchy(5));
    const theta = tr.sample("theta", normal(tr.m.mul(mu, new Float64Array(es.J).fill(1)), tau));
    tr.observe("y", normal(theta, sigma), Float64Array.from(es.y as number[]));
  }, "eightSchoolsCentered");
  const post = nuts(centered, [], {}, { samples: 1000, warmup: 1000, chains: 4, seed: 1 });
  const d = post.diagnostics.sampler as SamplerDiagnostics;
  t.diagnostic(`divergences ${d.divergences} (per chain ${d.divergencesPerChain}), E-BFMI ${d.ebfmi.map((x) => x.toFixed(2))}, step sizes ${d.step_size.map((x) => x.toFixed(3))}`);
  assert.ok(d.divergences > 0, "the funnel of the centered parameterization must show divergent transitions");
  assert.equal(post.sampleStats.get("divergent")!.reduce((s, v) => s + v, 0), d.divergences);
  assert.equal(post.diagnostics.divergences, d.divergences);
  assert.ok((post.diagnostics.warnings as string[]).some((w) => /divergence/.test(w)));
  assert.ok(d.ebfmi.every((e) => e > 0 && e < 2));
});
