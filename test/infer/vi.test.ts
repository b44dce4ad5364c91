// Variational inference: recovery of Gaussian targets by the automatic guides, unbiasedness of the ELBO
// estimate against its closed form, IWAE(K) bounds tightening with K, score-function and reparameterized
// gradients agreeing in expectation, enumeration, minibatch scaling, user guides and objectives.
//
// Tolerances: optimization runs use Adam with a decaying rate and Polyak averaging over the second half, which
// leaves an SGD error of ~1% of a posterior sd in the means and ~3% in variances (measured over seeds); the
// checks allow 5% of a sd and 8% of a variance. Unbiasedness checks compare a Monte Carlo mean with its exact
// value within 4 standard errors of that mean.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { poisson } from "../../src/dist/poisson.js";
import { uniform } from "../../src/dist/uniform.js";
import { map } from "../../src/combinators/map.js";
import { Rng } from "../../src/rand/rng.js";
import { ParamStore } from "../../src/trace/params.js";
import { vi } from "../../src/infer/vi/vi.js";
import { ObjectiveEstimator } from "../../src/infer/vi/estimate.js";
import { AutoGuide } from "../../src/infer/vi/auto-guide.js";
import { iwae, type Objective } from "../../src/infer/vi/objectives.js";
import { inverseDecay } from "../../src/infer/vi/optim.js";
import type { Scalar } from "../../src/ad/var.js";

const meanSe = (xs: number[]) => {
  const n = xs.length, mu = xs.reduce((a, b) => a + b) / n;
  return [mu, Math.sqrt(xs.reduce((s, x) => s + (x - mu) ** 2, 0) / (n - 1) / n)];
};
const lognorm = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

// a ~ N(0, 1), b | a ~ N(0.9a, √0.19), c ~ N(1, 2): covariance [[1, .9, 0], [.9, 1, 0], [0, 0, 4]], mean (0, 0, 1).
const gaussian3 = gen((t) => { const a = t.sample("a", normal(0, 1)); t.sample("b", normal(t.m.mul(0.9, a), Math.sqrt(0.19))); t.sample("c", normal(1, 2)); }, "gaussian3");
const cov = [1, 0.9, 0, 0.9, 1, 0, 0, 0, 4], mean3 = [0, 0, 1];

test("automatic guides recover a Gaussian target: full-rank its mean and covariance, mean-field its mean and the precision diagonal", () => {
  for (const family of ["full_rank", "mean_field"] as const) {
    const post = vi(gaussian3, [], {}, { family, steps: 6000, lr: inverseDecay(0.05, 500), particles: 4, average: true, tolerance: 0, seed: 1, samples: 10 });
    const g = post.diagnostics.guide as AutoGuide, store = post.diagnostics.params as ParamStore;
    const loc = g.loc(store), C = g.covariance(store);
    // Mean-field's optimum matches the precision diagonal: variances 1/Λ_ii = (0.19, 0.19, 4).
    const target = family === "full_rank" ? cov : [0.19, 0, 0, 0, 0.19, 0, 0, 0, 4];
    for (let i = 0; i < 3; i++) {
      assert.ok(Math.abs(loc[i] - mean3[i]) < 0.05 * Math.sqrt(cov[4 * i]), `${family} mean ${i}: ${loc[i]}`);
      for (let j = 0; j < 3; j++) {
        const e = target[3 * i + j], scale = Math.sqrt(target[4 * i] * target[4 * j]);
        assert.ok(Math.abs(C[3 * i + j] - e) < 0.08 * scale, `${family} cov[${i}][${j}]: ${C[3 * i + j]} vs ${e}`);
      }
    }
  }
});

// mu ~ N(0, 1), y = 0.8 ~ N(mu, 1); guide N(m, s). Closed-form ELBO and log Z.
const nn = gen((t) => { const mu = t.sample("mu", normal(0, 1)); t.observe("y", normal(mu, 1), 0.8); }, "nn");
const guide = gen((t) => { t.sample("mu", normal(t.param("m", 0.1), t.m.exp(t.param("log_s", Math.log(0.9))))); }, "nnGuide");
const exactElbo = (m: number, s: number, y = 0.8) => -0.5 * (m * m + s * s) - 0.5 * ((y - m) ** 2 + s * s) - Math.log(2 * Math.PI) + 0.5 * Math.log(2 * Math.PI * Math.E * s * s);
const logZ = lognorm(0.8, 0, Math.SQRT2);

test("the ELBO estimate is unbiased: its mean matches the closed form, with reparameterized and score-function draws", () => {
  for (const estimators of ["reparam", "score"] as const) {
    const est = new ObjectiveEstimator(nn, [], {}, { guide, estimators, seed: 3 });
    const vals = Array.from({ length: 20000 }, () => est.estimate().value);
    const [mu, se] = meanSe(vals);
    assert.ok(Math.abs(mu - exactElbo(0.1, 0.9)) < 4 * se, `${estimators}: ${mu} ± ${se} vs ${exactElbo(0.1, 0.9)}`);
  }
});

test("IWAE(K) bounds tighten with K towards log Z", () => {
  const means = [1, 4, 32].map((K) => {
    const est = new ObjectiveEstimator(nn, [], {}, { guide, objective: iwae(K), seed: 4, params: new ParamStore({ m: -0.5, log_s: Math.log(1.5) }) });
    return meanSe(Array.from({ length: 4000 }, () => est.estimate().value));
  });
  // IWAE(1) is the ELBO; each bound is ≤ log Z and larger K is strictly tighter here.
  assert.ok(Math.abs(means[0][0] - exactElbo(-0.5, 1.5)) < 4 * means[0][1]);
  for (let i = 0; i < 3; i++) assert.ok(means[i][0] < logZ + 4 * means[i][1], `K bound ${means[i][0]} > log Z ${logZ}`);
  for (let i = 1; i < 3; i++) assert.ok(means[i][0] - means[i - 1][0] > 4 * Math.hypot(means[i][1], means[i - 1][1]), `not tighter: ${means.map((x) => x[0])}`);
  assert.ok(logZ - means[2][0] < 0.02, `IWAE(32) ${means[2][0]} vs log Z ${logZ}`);
});

test("score-function and reparameterized gradients agree in expectation (and with the closed form)", () => {
  // d ELBO / d m = −m + (y − m) − 0 at s fixed; d ELBO / d log s = −2 s² + 1.
  const m0 = 0.1, s0 = 0.9, exact = { m: -m0 + (0.8 - m0), log_s: 1 - 2 * s0 * s0 };
  for (const estimators of ["reparam", "score"] as const) {
    const est = new ObjectiveEstimator(nn, [], {}, { guide, estimators, seed: 5 });
    const g = { m: [] as number[], log_s: [] as number[] };
    for (let i = 0; i < (estimators === "score" ? 40000 : 5000); i++) {
      const r = est.estimate().gradients!;
      g.m.push(r.get("m") as number); g.log_s.push(r.get("log_s") as number);
    }
    for (const k of ["m", "log_s"] as const) {
      const [mu, se] = meanSe(g[k]);
      assert.ok(Math.abs(mu - exact[k]) < 4 * se, `${estimators} d/d${k}: ${mu} ± ${se} vs ${exact[k]}`);
    }
  }
});

test("enumeration sums a discrete guide choice out exactly: the trained guide matches p(z | y) and the ELBO reaches log Z", () => {
  const model = gen((t) => { const z = t.sample("z", bernoulli(0.3)); t.observe("y", normal(z ? 1 : -1, 1), 0.4); }, "mix");
  const g = gen((t) => { t.sample("z", bernoulli(t.m.logistic(t.param("logit", 0)))); }, "zGuide");
  const l1 = 0.3 * Math.exp(lognorm(0.4, 1, 1)), l0 = 0.7 * Math.exp(lognorm(0.4, -1, 1));
  const post = vi(model, [], {}, { guide: g, steps: 1500, lr: 0.05, tolerance: 0, seed: 6, samples: 2000 });
  const p = 1 / (1 + Math.exp(-((post.diagnostics.params as ParamStore).get("logit") as number)));
  assert.ok(Math.abs(p - l1 / (l0 + l1)) < 0.01, `q(z) ${p} vs ${l1 / (l0 + l1)}`);
  const elboTrace = post.diagnostics.elbo as Float64Array;
  assert.ok(Math.abs(elboTrace[elboTrace.length - 1] - Math.log(l0 + l1)) < 1e-3, "with enumeration the ELBO estimate is exact");
  assert.throws(() => new ObjectiveEstimator(model, [], {}, { guide: g, estimators: { z: "reparam" } }).estimate(), /no reparameterized sampler/);
});

test("a guide mixing enumerated and score-function choices has an unbiased gradient (the branch weight multiplied the score term's value: d/da −0.053 against −0.145)", () => {
  // z1 ~ Bern(0.4), z2 | z1 ~ Bern(0.7 or 0.2), y ~ N(z1 + 2 z2, 1) = 1.5; guide q(z1) q(z2) with logits a, b.
  // The exact gradient is the finite difference of the ELBO summed over the 4 joint values.
  const model = gen((t) => { const z1 = t.sample("z1", bernoulli(0.4)); const z2 = t.sample("z2", bernoulli(z1 ? 0.7 : 0.2)); t.observe("y", normal((z1 ? 1 : 0) + (z2 ? 2 : 0), 1), 1.5); }, "twoBits");
  const A = 0.3, B = -0.4, sig = (x: number) => 1 / (1 + Math.exp(-x));
  const g = gen((t) => { t.sample("z1", bernoulli(t.m.logistic(t.param("a", A)))); t.sample("z2", bernoulli(t.m.logistic(t.param("b", B)))); }, "twoBitsGuide");
  const elbo = (a: number, b: number) => {
    let s = 0;
    for (const z1 of [0, 1]) for (const z2 of [0, 1]) {
      const q = (z1 ? sig(a) : 1 - sig(a)) * (z2 ? sig(b) : 1 - sig(b)), pz2 = z1 ? 0.7 : 0.2;
      s += q * (Math.log(z1 ? 0.4 : 0.6) + Math.log(z2 ? pz2 : 1 - pz2) + lognorm(1.5, z1 + 2 * z2, 1) - Math.log(q));
    }
    return s;
  };
  const exact = { a: (elbo(A + 1e-6, B) - elbo(A - 1e-6, B)) / 2e-6, b: (elbo(A, B + 1e-6) - elbo(A, B - 1e-6)) / 2e-6 };
  for (const estimators of [{ z1: "enumerate", z2: "score" }, { z1: "score", z2: "enumerate" }] as const) {
    const est = new ObjectiveEstimator(model, [], {}, { guide: g, estimators, seed: 8 });
    const d = { a: [] as number[], b: [] as number[] };
    for (let i = 0; i < 6000; i++) { const r = est.estimate().gradients!; d.a.push(r.get("a") as number); d.b.push(r.get("b") as number); }
    for (const k of ["a", "b"] as const) {
      const [mu, se] = meanSe(d[k]);
      assert.ok(Math.abs(mu - exact[k]) < 4 * se, `${JSON.stringify(estimators)} d/d${k}: ${mu} ± ${se} vs ${exact[k]}`);
    }
  }
});

test("a model's own params are learned with the automatic guide too (they stayed at their initial value), and the guide's draws read the learned values", () => {
  // m is a maximum-likelihood parameter: the ELBO's optimum in m is mean(ys) = 3 whatever q(z) is.
  const model = gen((t, ys: number[]) => {
    const m = t.param("m", 0);
    t.sample("z", normal(0, 1));
    ys.forEach((y, i) => t.observe(["y", i], normal(m, 1), y));
    t.track("m_value", m);
  }, "mle");
  for (const family of ["mean_field", "full_rank"] as const) {
    const post = vi(model, [[1, 2, 3, 6]], {}, { family, steps: 2000, lr: 0.05, seed: 1, samples: 200 });
    const m = (post.diagnostics.params as ParamStore).get("m") as number;
    assert.ok(Math.abs(m - 3) < 0.01, `${family}: m = ${m}`);
    assert.ok(Math.abs(post.mean("m_value") - m) < 1e-12, `${family}: the draws read m = ${post.mean("m_value")}`);
  }
});

test("minibatches: the N/B-scaled ELBO is unbiased for the full-data ELBO, for vectorized data and for a map plate", () => {
  const r = new Rng(7), N = 40, xs = Float64Array.from({ length: N }, () => r.normal()), ys = xs.map((x) => 2 * x - 1 + 0.5 * r.normal());
  const vec = gen((t, x: Float64Array, y: Float64Array) => {
    const w = t.sample("w", normal(0, 3)), b = t.sample("b", normal(0, 3));
    t.observe("y", normal(t.m.add(b, t.m.mul(w, x)), 0.5), y);
  }, "vec");
  const point = gen((t, x: number, w: unknown, b: unknown) => { t.sample("y", normal(t.m.add(b as number, t.m.mul(w as number, x)), 0.5)); }, "point");
  const plate = map(point);
  const viaPlate = gen((t, x: Float64Array) => {
    const w = t.sample("w", normal(0, 3)), b = t.sample("b", normal(0, 3));
    t.trace("pts", plate, [Array.from(x), Array.from(x, () => w), Array.from(x, () => b)]);
  }, "viaPlate");
  const params = () => new ParamStore({ "auto/loc": new Float64Array([1.8, -0.9]), "auto/log_scale": new Float64Array([-2, -2]) });
  const full = meanSe(Array.from({ length: 3000 }, (() => { const e = new ObjectiveEstimator(vec, [xs, ys], {}, { params: params(), seed: 8 }); return () => e.estimate().value; })()));
  const batched = meanSe(Array.from({ length: 3000 }, (() => { const e = new ObjectiveEstimator(vec, [xs, ys], {}, { params: params(), seed: 9, minibatch: { size: 10 } }); return () => e.estimate().value; })()));
  assert.ok(Math.abs(full[0] - batched[0]) < 4 * Math.hypot(full[1], batched[1]), `full ${full} vs minibatch ${batched}`);
  const obs = { pts: Array.from(ys, (y) => ({ y })) };
  const plateB = meanSe(Array.from({ length: 3000 }, (() => { const e = new ObjectiveEstimator(viaPlate, [xs], obs, { params: params(), seed: 10, minibatch: { size: 10, plate: "pts" } }); return () => e.estimate().value; })()));
  assert.ok(Math.abs(full[0] - plateB[0]) < 4 * Math.hypot(full[1], plateB[1]), `full ${full} vs plate minibatch ${plateB}`);
});

test("a user guide with params is trained towards the exact posterior; early convergence and progress", () => {
  let reports = 0;
  // The convergence check (convergence.ts) stops only when the objective's trend is known to be flat; here the
  // ELBO's noise vanishes as q approaches the exact posterior (log p − log q → log Z), so it stops early.
  const post = vi(nn, [], {}, { guide, steps: 20000, lr: 0.01, checkEvery: 500, seed: 11, onProgress: () => reports++ });
  const store = post.diagnostics.params as ParamStore, m = store.get("m") as number, s = Math.exp(store.get("log_s") as number);
  // A constant-rate Adam run stops near the optimum and keeps fluctuating around it by several learning rates.
  assert.ok(Math.abs(m - 0.4) < 0.1 && Math.abs(s - Math.SQRT1_2) < 0.1, `q = N(${m}, ${s}) vs N(0.4, ${Math.SQRT1_2})`);
  assert.ok(post.diagnostics.converged === true && (post.diagnostics.steps as number) < 20000 && reports > 0, `converged ${post.diagnostics.converged} after ${post.diagnostics.steps}`);
  assert.ok(Math.abs(post.mean("mu") - m) < 0.06 && post.size === 1000, "the returned draws come from the trained guide");
  assert.ok((post.diagnostics.paretoK as number) < 0.5);
  assert.deepEqual(post.diagnostics.warnings, []);
  // Cut at 300 steps the run is at the optimum but its objective's trend is not yet known to be flat (the
  // check's error bar is wider than the tolerance): not a warning — it fired on every seed of a conjugate model.
  const short = vi(nn, [], {}, { guide, steps: 300, lr: 0.01, checkEvery: 100, seed: 11 });
  assert.ok(!(short.diagnostics.converged as boolean) && !(short.diagnostics.warnings as string[]).some((w) => /not converged/.test(w)), String(short.diagnostics.warnings));
  // A guide started far off (m = −3) is known to be still climbing after 300 steps: it says so (and with
  // tolerance 0, a fixed run, it does not).
  const far = gen((t) => { t.sample("mu", normal(t.param("m", -3), t.m.exp(t.param("log_s", Math.log(0.9))))); }, "farGuide");
  const climbing = vi(nn, [], {}, { guide: far, steps: 300, lr: 0.01, checkEvery: 100, seed: 11 });
  assert.ok((climbing.diagnostics.warnings as string[]).some((w) => /not converged after 300 steps: the objective still changed by at least/.test(w)), String(climbing.diagnostics.warnings));
  const fixed = vi(nn, [], {}, { guide: far, steps: 300, lr: 0.01, checkEvery: 100, seed: 11, tolerance: 0 });
  assert.ok(!(fixed.diagnostics.warnings as string[]).some((w) => /not converged/.test(w)));
});

test("a user-written objective: E_q[log p − ½ log q] is maximized by q ∝ p², i.e. N(0.4, ½) here", () => {
  const betaElbo: Objective = (ctx) => { const [b] = ctx.draw(); return ctx.m.sub(b.logp, ctx.m.mul(0.5, b.logq)) as Scalar; };
  const post = vi(nn, [], {}, { guide, objective: betaElbo, steps: 6000, lr: inverseDecay(0.05, 500), average: true, tolerance: 0, seed: 12, samples: 10 });
  const store = post.diagnostics.params as ParamStore, m = store.get("m") as number, s = Math.exp(store.get("log_s") as number);
  assert.ok(Math.abs(m - 0.4) < 0.03 && Math.abs(s - 0.5) < 0.03, `q = N(${m}, ${s})`);
});

test("an impossible observation is an error naming it (after 100 fruitless steps, not all 2000); a partly impossible one warns", () => {
  const impossible = gen((t) => { t.sample("x", normal(0, 1)); t.observe("o", uniform(0, 1), 2); }, "impossible");
  assert.throws(() => vi(impossible, [], {}, { steps: 2000, seed: 1 }), /objective was −∞ at every one of the 100 steps.*the observation at 'o' has zero density/);
  // x ~ N(0, 3) observed inside (−1, 1): guide draws outside have zero density, and those steps take no gradient step.
  const truncated = gen((t) => { const x = t.sample("x", normal(0, 3)); t.observe("o", uniform(-1, 1), x as number); }, "truncated");
  const post = vi(truncated, [], {}, { steps: 300, seed: 1 });
  assert.ok((post.diagnostics.warnings as string[]).some((w) => /objective was not finite at \d+ of 300 steps/.test(w)));
});

test("a guide without parameters is not an impossible objective: its draws are returned with a warning", () => {
  // It used to stop with "the objective was −∞ at every one of the steps": no AD parameter read as no gradient.
  const model = gen((t) => { const mu = t.sample("mu", normal(0, 10)) as number; t.observe("y", normal(mu, 2), 4); }, "model");
  const fixed = gen((t) => { t.sample("mu", normal(4, 1)); }, "fixed");
  const post = vi(model, [], {}, { guide: fixed, steps: 20, samples: 4000, seed: 1 });
  // 4000 draws of N(4, 1): the mean within 4 standard errors (4 · 1/√4000 = 0.063).
  assert.ok(Math.abs(post.mean("mu") - 4) < 0.063, `${post.mean("mu")}`);
  assert.ok((post.diagnostics.elbo as Float64Array).every(Number.isFinite));
  assert.ok((post.diagnostics.warnings as string[]).some((w) => /no learnable parameters/.test(w)));
});

test("an observation at an address the model never visits is an error naming it, with the automatic guide and with a user guide", () => {
  // The automatic guide dropped it silently; a user guide ended in "the objective was −∞ at every step".
  const m = gen((t) => { const mu = t.sample("mu", normal(0, 1)) as number; t.observe("y", normal(mu, 1), 0.5); }, "m");
  const guide = gen((t) => { t.sample("mu", normal(t.param("m", 0), 1)); }, "guide");
  for (const o of [{}, { guide }]) assert.throws(() => vi(m, [], { muu: 1 }, { ...o, steps: 200, seed: 1 }), (e: Error & { code?: string; address?: string }) => e.code === "unknown-address" && e.address === "muu" && e.message === "vi: the constraint at 'muu' was not visited by m");
});

test("errors: a guide that misses a latent choice of the model names it", () => {
  const model = gen((t) => { t.sample("k", poisson(3)); t.sample("x", normal(0, 1)); });
  const g = gen((t) => { t.sample("x", normal(t.param("m", 0), 1)); });
  assert.throws(() => vi(model, [], {}, { guide: g, steps: 5 }), /does not propose the model's latent choice 'k'/);
});

test("Borel source: `query ... using vi(guide: g, ...)` trains a Borel guide with params; without a guide the automatic one", async () => {
  const { compileProgram, runQuery } = await import("../../src/lang/index.js");
  const p = compileProgram(`
model nn(y) {
  mu ~ normal(0, 1)
  observe(normal(mu, 1), y)
}
model guide(y) {
  let m = param("m", 0)
  let s = param("log_s", 0)
  mu ~ normal(m, exp(s))
}
query nn(0.8) using vi(guide: guide, objective: "elbo", steps: 4000, lr: 0.01, average: true, tolerance: 0, samples: 4000)
query nn(0.8) using vi(family: "full_rank", steps: 4000, lr: 0.01, average: true, tolerance: 0, samples: 4000)
`, "vi.borel");
  assert.deepEqual(p.errors, []);
  for (const q of p.queries) {
    const post = await runQuery(q, { seed: 3 });
    assert.equal(post.method, "vi");
    // Exact posterior N(0.4, 0.707); the fitted guide's draws (4000: Monte Carlo sd ≈ 0.011) within 0.08.
    assert.ok(Math.abs(post.mean("mu") - 0.4) < 0.08 && Math.abs(post.sd("mu") - Math.SQRT1_2) < 0.08, `${post.mean("mu")} ± ${post.sd("mu")}`);
  }
});

test("Borel source: vi's `estimators` (one for all, or a record by address) and `max_enumerate` reach the guide", async () => {
  const { compileProgram, runQuery } = await import("../../src/lang/index.js");
  const p = compileProgram(`
model bit() {
  z ~ bernoulli(0.3)
  observe(normal(if z { 1 } else { -1 }, 1), 1.2)
}
model g() {
  z ~ bernoulli(logistic(param("logit", 0)))
}
query bit() using vi(guide: g, steps: 800, lr: 0.05, tolerance: 0, samples: 4000)
query bit() using vi(guide: g, estimators: score, steps: 800, lr: 0.05, tolerance: 0, samples: 4000)
query bit() using vi(guide: g, estimators: {z: "score"}, steps: 800, lr: 0.05, tolerance: 0, samples: 4000)
query bit() using vi(guide: g, max_enumerate: 1, steps: 800, lr: 0.05, tolerance: 0, samples: 4000)
query bit() using vi(guide: g, estimators: {w: "score"}, steps: 5)
`, "vi-estimators.borel");
  assert.deepEqual(p.errors, []);
  const l1 = 0.3 * Math.exp(lognorm(1.2, 1, 1)), l0 = 0.7 * Math.exp(lognorm(1.2, -1, 1)), exact = l1 / (l0 + l1);
  const elbos: number[] = [];
  for (const [i, q] of p.queries.slice(0, 4).entries()) {
    const post = await runQuery(q, { seed: 4 });
    // 4000 guide draws: binomial sd ≈ 0.006; the fitted q(z) is within SGD noise of p(z | y) (exact for a one-bit guide).
    assert.ok(Math.abs(post.mean("z") - exact) < 0.04, `query ${i + 1}: ${post.mean("z")} vs ${exact}`);
    const e = post.diagnostics.elbo as Float64Array;
    elbos.push(e[e.length - 1]);
  }
  // Enumeration makes the ELBO estimate exact (log Z at the optimum); the score function's estimate varies by draw.
  assert.ok(Math.abs(elbos[0] - Math.log(l0 + l1)) < 1e-3);
  assert.ok(elbos.slice(1).every((v) => Math.abs(v - Math.log(l0 + l1)) > 1e-6), `score-function runs: ${elbos}`);
  await assert.rejects(runQuery(p.queries[4], { seed: 1 }), /'estimators' names 'w', which the guide g does not sample/);
});

test("an observed value computed from a latent choice (observe(d, x - 1)) is differentiated through, with the default settings", async () => {
  const { compileProgram, runQuery } = await import("../../src/lang/index.js");
  // Prior N(0, 1); observe(normal(0, 0.5), x - 1) is the likelihood N(x; 1, 0.5): posterior N(0.8, sd √0.2 = 0.447).
  // The AD value used to fail the observation's type check ("an AD scalar ... is not a number").
  const p = compileProgram(`
model m() {
  x ~ normal(0, 1)
  observe(normal(0, 0.5), x - 1)
}
query m() using vi(samples: 20000)
query m() using nuts(samples: 2000, chains: 1)
`, "vi-observe.borel");
  assert.deepEqual(p.errors, []);
  // Default VI (2000 Adam steps at lr 0.01, iterates averaged over the last half): over seeds 1–6 the guide's mean
  // fell in 0.79–0.82 and its sd in 0.43–0.46 (draws' Monte Carlo sd 0.003); NUTS' mean has mcse ≈ 0.015.
  for (const q of p.queries) {
    const post = await runQuery(q, { seed: 4 });
    assert.ok(Math.abs(post.mean("x") - 0.8) < 0.06 && Math.abs(post.sd("x") - Math.sqrt(0.2)) < 0.04, `${post.method}: ${post.mean("x")} ± ${post.sd("x")}`);
  }
});

test("vi warns when Pareto k̂ > 0.7 even without reweighting: a guide far too wide for a sharp posterior (Poisson count 10⁶)", async () => {
  const { gamma } = await import("../../src/dist/gamma.js");
  const big = gen((t) => {
    const lam = t.sample("lam", gamma(1, 1)) as number;
    t.observe("c", poisson(lam), 1_000_000);
  });
  const post = vi(big, [], {}, { steps: 300, seed: 3 });
  const k = post.diagnostics.paretoK as number;
  assert.ok(k > 0.7, `k̂ ${k}`);
  assert.ok((post.diagnostics.warnings as string[]).some((w) => /k̂ .* > 0\.7: the guide misses posterior mass/.test(w)));
  // A conjugate normal model the guide can match exactly: k̂ below 0.7 and no such warning.
  const nn = gen((t) => { const mu = t.sample("mu", normal(0, 1)) as number; t.observe("y", normal(mu, 1), 0.5); });
  const ok = vi(nn, [], {}, { steps: 2000, seed: 3 });
  assert.ok((ok.diagnostics.paretoK as number) < 0.7);
  assert.ok(!(ok.diagnostics.warnings as string[]).some((w) => /k̂/.test(w)));
});

// The defaults on data whose posterior is far narrower than the guide's initial scale (0.1): a regression with
// 1000 points, posterior sds ≈ 0.014. The mean-field optimum of a Gaussian posterior has sd_i = 1/√P_ii (P the
// posterior precision), computed here exactly. With Adam's usual β2 = 0.999 the run stalled at 2.8× that sd;
// VI's default (0.99) reaches it (1.05–1.11× measured over seeds: the averaging over the second half still
// holds some of the descent), so 20% is the bound; the means within a quarter of a posterior sd.
test("vi's defaults reach a narrow posterior's scale (regression, 1000 points)", () => {
  const rng = new Rng(7), n = 1000;
  const x = Float64Array.from({ length: n }, () => 4 * rng.double() - 2);
  const y = x.map((xi) => 2 * xi - 1 + 0.5 * rng.normal());
  const reg = gen((t) => {
    const a = t.sample("a", normal(0, 10)), b = t.sample("b", normal(0, 10));
    t.observe("y", normal(t.m.add(t.m.mul(a, x), b), 0.5), y);
  }, "regression");
  // Posterior precision P = XᵀX/σ² + I/100 with rows (x_i, 1); the mean solves P m = Xᵀy/σ².
  let sxx = 0, sx = 0, sxy = 0, sy = 0;
  for (let i = 0; i < n; i++) { sxx += x[i] * x[i]; sx += x[i]; sxy += x[i] * y[i]; sy += y[i]; }
  const P = [sxx / 0.25 + 0.01, sx / 0.25, sx / 0.25, n / 0.25 + 0.01], r = [sxy / 0.25, sy / 0.25];
  const det = P[0] * P[3] - P[1] * P[2];
  const mean = [(P[3] * r[0] - P[1] * r[1]) / det, (P[0] * r[1] - P[2] * r[0]) / det];
  const postSd = [Math.sqrt(P[3] / det), Math.sqrt(P[0] / det)];
  const post = vi(reg, [], {}, { seed: 2 });
  ["a", "b"].forEach((k, i) => {
    const mfSd = 1 / Math.sqrt(P[i * 3]);
    assert.ok(Math.abs(post.sd(k) / mfSd - 1) < 0.2, `${k}: sd ${post.sd(k)} vs the mean-field optimum ${mfSd}`);
    assert.ok(Math.abs(post.mean(k) - mean[i]) < 0.25 * postSd[i], `${k}: mean ${post.mean(k)} vs ${mean[i]} (posterior sd ${postSd[i]})`);
  });
});

test("vi records its draws as columns (no traces kept: 16k observations × 1000 draws were 4 GB of traces); keepTraces keeps them, with the same draws", () => {
  const ys = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i));
  const reg = gen((t, y: Float64Array) => {
    const mu = t.sample("mu", normal(0, 10));
    for (let i = 0; i < y.length; i++) t.observe(["y", i], normal(mu, 1), y[i]);
  }, "reg");
  const o = { steps: 300, seed: 4, samples: 200 };
  const lean = vi(reg, [ys], {}, o), kept = vi(reg, [ys], {}, { ...o, keepTraces: true });
  assert.equal(lean.traces, null);
  assert.equal(kept.traces?.length, 200);
  assert.deepEqual(Array.from(lean.values("mu")), Array.from(kept.values("mu")));
  assert.deepEqual(kept.traces!.map((t) => t.choiceMap().get("mu")), Array.from(kept.values("mu")));
  // Pointwise log-likelihoods without traces: each draw's trace is rebuilt from its latent values.
  const a = lean.loo().elpd_loo, b = kept.loo().elpd_loo;
  assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
});
