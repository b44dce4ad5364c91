// MAP and the Laplace approximation against closed forms. The optimizer's tolerances (gradient ≤ 1e-8·|f|)
// put the mode within ~1e-7 of the exact one; the Hessian by central differences is exact for a Gaussian up to
// rounding (~1e-8 relative here, checked at 1e-5); sample moments of the Laplace draws within 4 standard errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { gamma } from "../../src/dist/gamma.js";
import { uniform } from "../../src/dist/uniform.js";
import { iid } from "../../src/dist/iid.js";
import { poissonLog } from "../../src/dist/poisson_log.js";
import { mapEstimate } from "../../src/infer/map.js";
import { laplace, type LaplaceInfo } from "../../src/infer/laplace.js";
import { getMethod } from "../../src/infer/registry.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { isBorelError } from "../../src/util/errors.js";
import "../../src/infer/index.js";

const fixture = (p: string) => JSON.parse(readFileSync(new URL(`../fixtures/${p}`, import.meta.url), "utf8"));
const lr = fixture("bench/linreg.json"), exact = fixture("bench/exact.json").linreg;
const linreg = gen((t, x: Float64Array, y: Float64Array) => {
  const slope = t.sample("slope", normal(0, 10));
  const intercept = t.sample("intercept", normal(0, 10));
  t.observe("y", normal(t.m.add(intercept, t.m.mul(slope, x)), 0.5), y);
}, "linreg");
const args = [Float64Array.from(lr.xs), Float64Array.from(lr.ys)];

test("map and laplace: an observation at an address the model never visits is an error naming it (it was dropped silently)", () => {
  const m = gen((t) => { const mu = t.sample("mu", normal(0, 1)) as number; t.observe("y", normal(mu, 1), 0.5); }, "m");
  assert.throws(() => mapEstimate(m, [], { muu: 1 }, { seed: 1 }), (e: unknown) => isBorelError(e) && e.code === "unknown-address" && e.address === "muu" && e.message === "map: the constraint at 'muu' was not visited by m");
  assert.throws(() => laplace(m, [], { muu: 1 }, { seed: 1 }), (e: unknown) => isBorelError(e) && e.code === "unknown-address" && e.address === "muu" && e.message === "laplace: the constraint at 'muu' was not visited by m");
});

test("MAP of the conjugate linear regression is its posterior mean (exact.json)", () => {
  const post = mapEstimate(linreg, args, {}, { seed: 1 });
  assert.ok(Math.abs(post.mean("slope") - exact.slopeMean) < 1e-6 && Math.abs(post.mean("intercept") - exact.interceptMean) < 1e-6, `${post.mean("slope")}, ${post.mean("intercept")}`);
  assert.equal((post.diagnostics.map as { converged: boolean }).converged, true);
});

test("MAP stopped by the iteration limit warns that it is not the mode; a converged one does not", () => {
  const short = mapEstimate(linreg, args, {}, { seed: 1, maxIterations: 1 });
  assert.equal((short.diagnostics.map as { converged: boolean }).converged, false);
  assert.match((short.diagnostics.warnings as string[])[0]!, /^map: L-BFGS stopped after 1 iteration without converging .* raise max_iterations/);
  assert.deepEqual(mapEstimate(linreg, args, {}, { seed: 1 }).diagnostics.warnings, []);
});

test("MAP of Normal-Gamma: the constrained mode by default, the unconstrained one with the Jacobian", () => {
  // p(mu, tau | y) ∝ tau^(a_n − 1/2) exp(−tau (b_n + k_n (mu − m_n)²/2)): mode mu = m_n, tau = (a_n − ½)/b_n;
  // in (mu, log tau) the density gains a factor tau: tau = (a_n + ½)/b_n.
  const a = 3, b = 2, m0 = 1, k0 = 2, y = new Float64Array([0.3, 1.9, 1.2, -0.4, 2.2, 0.8, 1.5, 0.1, 1.1, 0.6]);
  const model = gen((t) => {
    const tau = t.sample("tau", gamma(a, b));
    const mu = t.sample("mu", normal(m0, t.m.div(1, t.m.sqrt(t.m.mul(k0, tau)))));
    t.observe("y", iid(normal(mu, t.m.div(1, t.m.sqrt(tau))), y.length), y);
  }, "normalGamma");
  const n = y.length, ybar = y.reduce((s, v) => s + v) / n, ss = y.reduce((s, v) => s + (v - ybar) ** 2, 0);
  const an = a + n / 2, bn = b + ss / 2 + (k0 * n * (ybar - m0) ** 2) / (2 * (k0 + n)), mn = (k0 * m0 + n * ybar) / (k0 + n);
  const plain = mapEstimate(model, [], {}, { seed: 2 }), jac = mapEstimate(model, [], {}, { seed: 2, jacobian: true });
  assert.ok(Math.abs(plain.mean("mu") - mn) < 1e-6 && Math.abs(plain.mean("tau") - (an - 0.5) / bn) < 1e-6, `${plain.mean("mu")} ${plain.mean("tau")}`);
  assert.ok(Math.abs(jac.mean("tau") - (an + 0.5) / bn) < 1e-6, `${jac.mean("tau")}`);
});

test("Laplace on the linear regression recovers the exact Gaussian posterior", () => {
  const post = laplace(linreg, args, {}, { samples: 4000, seed: 3 });
  const info = post.diagnostics.laplace as LaplaceInfo;
  const [vs, c, , vi] = info.covariance, corr = c / Math.sqrt(vs * vi);
  assert.ok(Math.abs(Math.sqrt(vs) / exact.slopeSd - 1) < 1e-5 && Math.abs(Math.sqrt(vi) / exact.interceptSd - 1) < 1e-5, `sds ${Math.sqrt(vs)} ${Math.sqrt(vi)}`);
  assert.ok(Math.abs(corr - exact.corr) < 1e-5, `corr ${corr}`);
  for (const [k, m, s] of [["slope", exact.slopeMean, exact.slopeSd], ["intercept", exact.interceptMean, exact.interceptSd]] as const)
    assert.ok(Math.abs(post.mean(k) - m) < 4 * s / Math.sqrt(4000), `${k} ${post.mean(k)}`);
  assert.ok(info.paretoK < 0.5, `a Gaussian posterior has small k̂: ${info.paretoK}`);
  assert.deepEqual(post.diagnostics.warnings, []);
});

test("laplace warns at a kink of the log density (a laplace likelihood gave sd 0.01 for the posterior's 1.3, silently) and when k̂ > 0.7; not for an exact Gaussian (its k̂ was ∞ from rounding ties)", async () => {
  const { laplace: laplaceDist } = await import("../../src/dist/laplace.js");
  const kinked = gen((t) => { const mu = t.sample("mu", normal(0, 10)); t.observe("y", laplaceDist(mu, 1), 0.5); }, "kinked");
  const post = laplace(kinked, [], {}, { seed: 1 });
  const warnings = post.diagnostics.warnings as string[];
  assert.ok(warnings.some((w) => /not smooth at the mode along 'mu'/.test(w)), String(warnings));
  assert.ok(warnings.some((w) => /Pareto k̂ .* > 0\.7/.test(w)), String(warnings));
  // N(0, 10²) prior, one N(μ, 1) observation: the posterior is Gaussian, and so exactly the approximation.
  const gaussian = gen((t) => { const mu = t.sample("mu", normal(0, 10)); t.observe("y", normal(mu, 1), 0.5); }, "gaussian");
  for (const seed of [1, 2, 3]) {
    const g = laplace(gaussian, [], {}, { seed });
    assert.equal((g.diagnostics.laplace as LaplaceInfo).paretoK, -Infinity);
    assert.deepEqual(g.diagnostics.warnings, []);
    assert.equal(g.traces, null);
  }
  assert.equal(laplace(gaussian, [], {}, { seed: 1, samples: 10, keepTraces: true }).traces?.length, 10);
  const short = laplace(linreg, args, {}, { seed: 1, maxIterations: 1 });
  assert.ok((short.diagnostics.warnings as string[]).some((w) => /laplace: L-BFGS stopped after 1 iteration/.test(w)), String(short.diagnostics.warnings));
});

test("map and laplace run as Borel query methods", async () => {
  const m = await getMethod("map")!.run(linreg, args, new ChoiceMap(), { jacobian: false, restarts: 1, max_iterations: 1000 }, { seed: 1 });
  assert.ok(Math.abs(m.mean("slope") - exact.slopeMean) < 1e-6);
  const l = await getMethod("laplace")!.run(linreg, args, new ChoiceMap(), { samples: 100, restarts: 1 }, { seed: 1 });
  assert.equal(l.size, 100);
});

test("an impossible observation: map names it", () => {
  const impossible = gen((t) => { t.sample("x", normal(0, 1)); t.observe("o", uniform(0, 1), 2); }, "impossible");
  assert.throws(() => mapEstimate(impossible, [], {}, { seed: 1 }), /no starting point with a finite log density in 100 tries \(in a run from the prior, the observation at 'o' has zero density\)/);
});

test("MAP of a Poisson regression under uniform priors converges from starts where the gradient is huge (backtracking alone stalled)", () => {
  // posteriordb's GLM_Poisson shape: a cubic in year on the log scale. From seeds 0 and 5 the first step (gradient
  // ~1e15) left a curvature pair that made every later direction ~1e-16 long: 1000 iterations without moving
  // (alpha −5.33); from seed 7 the second tiny step met the relative-decrease test, "converged" at alpha −11.8.
  // A Wolfe line search doubles such steps. The mode is the same from every start (a concave log-likelihood in
  // the coefficients, the uniform bounds inactive): the seeds must agree to 1e-5.
  const year = Array.from({ length: 40 }, (_, i) => -1.668 + (3.336 * i) / 39);
  const C = year.map((y) => Math.round(Math.exp(4.28 + 1.25 * y + 0.07 * y * y - 0.23 * y ** 3)));
  const m = gen((t) => {
    const a = t.sample("alpha", uniform(-20, 20)), b1 = t.sample("b1", uniform(-10, 10)), b2 = t.sample("b2", uniform(-10, 10)), b3 = t.sample("b3", uniform(-10, 10));
    year.forEach((y, i) => t.observe(["c", i], poissonLog(t.m.add(a, t.m.add(t.m.mul(b1, y), t.m.add(t.m.mul(b2, y * y), t.m.mul(b3, y ** 3))))), C[i]));
  }, "pois");
  const ref = mapEstimate(m, [], {}, { seed: 1 });
  assert.ok(Math.abs(ref.mean("alpha") - 4.2785) < 1e-3, `alpha ${ref.mean("alpha")}`);
  for (const seed of [0, 5, 7]) {
    const p = mapEstimate(m, [], {}, { seed });
    assert.equal((p.diagnostics.map as { converged: boolean }).converged, true, `seed ${seed}`);
    for (const k of ["alpha", "b1", "b2", "b3"]) assert.ok(Math.abs(p.mean(k) - ref.mean(k)) < 1e-5, `seed ${seed}: ${k} ${p.mean(k)} vs ${ref.mean(k)}`);
  }
});

test("map warns where the log density is flat or still rising at the estimate, and not at a proper mode", async () => {
  const { flat } = await import("../../src/dist/flat.js");
  const unidentified = gen((t) => { const x = t.sample("x", normal(0, 1)) as number; t.sample("y", flat()); t.observe("o", normal(x, 1), 0.5); }, "unidentified");
  const unbounded = gen((t) => { const x = t.sample("x", flat()) as number; t.factor(x); }, "unbounded");
  const proper = gen((t) => { const x = t.sample("x", normal(0, 1)) as number; t.observe("o", normal(x, 1), 0.5); }, "proper");
  const warnings = (m: typeof proper) => (mapEstimate(m, [], {}, { seed: 1 }).diagnostics.warnings as string[]).join("\n");
  assert.match(warnings(unidentified), /not curved downward at the estimate along 'y'/);
  assert.doesNotMatch(warnings(unidentified), /'x'/);
  assert.match(warnings(unbounded), /along 'x'/);
  assert.equal(warnings(proper), "");
  assert.ok(Math.abs(mapEstimate(proper, [], {}, { seed: 1 }).mean("x") - 0.25) < 1e-6);
  // A density unbounded at the edge of the support (s → 0): no mode, and not "raise max_iterations".
  const { halfFlat } = await import("../../src/dist/half_flat.js");
  const pole = gen((t) => { const s = t.sample("s", halfFlat()) as number; t.observe("y", normal(0, s), 0); }, "pole");
  assert.match(warnings(pole), /gradient is infinite where L-BFGS stopped .* there is no mode/);
  assert.doesNotMatch(warnings(pole), /raise max_iterations/);
});
