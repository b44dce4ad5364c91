// Regressions found by an acceptance audit of the Monte Carlo and gradient-based inference methods, each probed
// on a model with an exact answer or with a bad input that must give a clear error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { vi } from "../../src/infer/vi/vi.js";
import { compileProgram, runQuery } from "../../src/lang/index.js";

const m = gen((t) => { const mu = t.sample("mu", normal(0, 1)); t.observe("y", normal(mu, 1), 0.5); }, "m");

test("vi: a guide that is not a generative function is an option error (it was 'guide.simulate is not a function')", async () => {
  assert.throws(() => vi(m, [], {}, { guide: 3 as never, steps: 5 }), (e: Error & { code?: string }) => e.code === "bad-option" && /vi: 'guide' must be a generative function/.test(e.message));
  for (const [g, why] of [["3", /got 3/], ['"g"', /got "g"/], ["[1]", /got an array/]] as const) {
    const prog = compileProgram(`model lr(ys) { a ~ normal(0, 3)\n for i in 0..len(ys) { y[i] ~ normal(a, 1) given ys[i] } }\nquery lr([1, 2]) using vi(guide: ${g}, steps: 10)\n`, "g.borel");
    assert.deepEqual(prog.errors, []);
    await assert.rejects(async () => runQuery(prog.queries[0], { seed: 1 }), (e: Error & { code?: string }) =>
      e.code === "bad-option" && /vi: option 'guide' must be a model \(a generative function\)/.test(e.message) && why.test(e.message));
  }
});

test("a combinator made inside the model body is one callee on every run: MH conditions on the observations under it (it sampled the prior)", async () => {
  const { map } = await import("../../src/combinators/map.js");
  const { unfold } = await import("../../src/combinators/unfold.js");
  const { switchOf } = await import("../../src/combinators/switch.js");
  const { mcmc } = await import("../../src/infer/mcmc.js");
  const { mhKernel, toSelection } = await import("../../src/infer/kernels/mh.js");
  const point = gen((t, _i: number, mu: number) => { t.sample("y", normal(mu, 1)); }, "point");
  assert.equal(map(point), map(point));
  assert.equal(unfold(point), unfold(point));
  assert.equal(switchOf(point, m), switchOf(point, m));
  assert.notEqual(switchOf(point, m), switchOf(m, point));
  const data = [1.2, 0.3, 2.2, 1.4, 0.8, 1.9], idx = data.map((_, i) => i);
  const model = gen((t, idx: number[]) => { const mu = t.sample("mu", normal(0, 2)); t.trace("points", map(point), [idx, idx.map(() => mu)]); }, "plate");
  // mu | y ~ N(S / (n + 1/4), 1 / (n + 1/4)): mean 1.248, sd 0.40; 2 × 3000 MH draws (ESS > 500): 5 sd of the mean < 0.1.
  const post = mcmc(model, [idx], { points: data.map((y) => ({ y })) }, mhKernel(toSelection("mu")), { samples: 3000, warmup: 300, chains: 2, seed: 1 });
  assert.ok(Math.abs(post.mean("mu") - 7.8 / 6.25) < 0.1, `posterior mean ${post.mean("mu")}`);
});

test("a sub-model made inside the body (a new gen each run) is an error naming the call, not a silent loss of its observations", async () => {
  const { mcmc } = await import("../../src/infer/mcmc.js");
  const { mhKernel, toSelection } = await import("../../src/infer/kernels/mh.js");
  const model = gen((t) => {
    const mu = t.sample("mu", normal(0, 2));
    t.trace("obs", gen((u) => { u.sample("y", normal(mu, 1)); }, "likelihood"), []);
  }, "inline");
  assert.throws(() => mcmc(model, [], { obs: { y: 1.5 } }, mhKernel(toSelection("mu")), { samples: 10, warmup: 0, chains: 1, seed: 1 }),
    (e: Error & { code?: string }) => e.code === "recreated-callee" && /the call at 'obs' is made by a new likelihood on each run.*observations would be lost/.test(e.message));
  // Two different models (made once) at one address are fine, even under the same default name.
  const a = gen((u) => { u.sample("v", normal(0, 1)); }), b = gen((u) => { u.sample("v", normal(5, 1)); });
  const sw = gen((t) => { const z = t.sample("z", normal(0, 1)); t.trace("s", z > 0 ? a : b, []); }, "sw");
  const p = mcmc(sw, [], {}, mhKernel(toSelection("z")), { samples: 200, warmup: 0, chains: 1, seed: 2 });
  assert.ok(Number.isFinite(p.mean("z")));
});

test("vi: estimators naming an address the guide does not sample, an unknown estimator, or no guide are errors (they were ignored)", async () => {
  const { bernoulli } = await import("../../src/dist/bernoulli.js");
  const model = gen((t) => { const z = t.sample("z", bernoulli(0.3)); t.observe("y", normal(z ? 2 : -1, 1), 1.2); }, "zm");
  const g = gen((t) => { t.sample("z", bernoulli(t.m.div(1, t.m.add(1, t.m.exp(t.m.neg(t.param("l", 0))))))); }, "g");
  const err = (code: string, re: RegExp) => (e: Error & { code?: string }) => e.code === code && re.test(e.message);
  assert.throws(() => vi(model, [], {}, { guide: g, estimators: { w: "score" }, steps: 5 }), err("unknown-address", /'estimators' names 'w', which the guide g does not sample/));
  assert.throws(() => vi(model, [], {}, { guide: g, estimators: { z: "scores" as never }, steps: 5 }), err("bad-option", /the estimator of 'z' must be one of "auto", "reparam", "score", "enumerate", got "scores"/));
  assert.throws(() => vi(model, [], {}, { guide: g, estimators: "enum" as never, steps: 5 }), err("bad-option", /'estimators' must be one of/));
  assert.throws(() => vi(m, [], {}, { estimators: "score", steps: 5 }), err("bad-option", /there is no guide/));
  // A known address still works: score-function and enumeration both learn q(z = 1) = P(z | y).
  const post = vi(model, [], {}, { guide: g, estimators: { z: "enumerate" }, steps: 1500, lr: 0.05, seed: 1, samples: 10 });
  const l = (post.diagnostics.params as { get(k: string): number }).get("l");
  const w1 = 0.3 * Math.exp(-0.5 * 0.8 ** 2), w0 = 0.7 * Math.exp(-0.5 * 2.2 ** 2);
  assert.ok(Math.abs(1 / (1 + Math.exp(-l)) - w1 / (w0 + w1)) < 0.01, `q(z=1) ${1 / (1 + Math.exp(-l))}`);
});

test("importance(proposal: q) in a Borel query: q is called with the query's arguments; the exact posterior as proposal gives log Z exactly", async () => {
  const prog = compileProgram(`
model bb(flips) {
  p ~ beta(2, 3)
  for i in 0..len(flips) { observe(bernoulli(p), flips[i]) }
}
model q(flips) { p ~ beta(2 + 7, 3 + len(flips) - 7) }
model other(flips) { z ~ normal(0, 1) }
let flips = [true, true, false, true, true, true, false, true, false, true]
query bb(flips) using importance(particles: 200, proposal: q)
query bb(flips) using importance(particles: 10, proposal: other)
query bb(flips) using importance(particles: 10, proposal: 3)
`, "prop.borel");
  assert.deepEqual(prog.errors, []);
  const post = await runQuery(prog.queries[0], { seed: 1 });
  // Beta(2, 3) prior, 7 heads of 10: log Z = log B(9, 6) − log B(2, 3), from factorials.
  const logB = (a: number, b: number) => { let s = 0; for (let i = 1; i < a; i++) s += Math.log(i); for (let i = 1; i < b; i++) s += Math.log(i); for (let i = 1; i < a + b; i++) s -= Math.log(i); return s; };
  assert.ok(Math.abs((post.logZ as number) - (logB(9, 6) - logB(2, 3))) < 1e-9, `log Z ${post.logZ}`);
  await assert.rejects(async () => runQuery(prog.queries[1], { seed: 1 }), /'z' is not an address bb can produce/);
  await assert.rejects(async () => runQuery(prog.queries[2], { seed: 1 }), /importance: option 'proposal' must be a model/);
});

test("rejection: when no run could be accepted because an observation is impossible, the give-up error names it", async () => {
  const { uniform } = await import("../../src/dist/uniform.js");
  const { rejection } = await import("../../src/infer/rejection.js");
  const bad = gen((t) => { const p = t.sample("p", uniform(0, 1)); t.observe("y", uniform(0, p), 3); }, "bad");
  assert.throws(() => rejection(bad, [], {}, { samples: 5, maxTries: 200, seed: 1 }),
    (e: Error & { code?: string; address?: string }) => e.code === "rejection-gave-up" && e.address === "y" && /every run had zero weight; the observation at 'y' was impossible in 200 of the first 200/.test(e.message));
  // A hard constraint that is merely unlikely keeps the plain message.
  const rare = gen((t) => { const x = t.sample("x", normal(0, 1)); t.factor(x > 10 ? 0 : -Infinity); }, "rare");
  assert.throws(() => rejection(rare, [], {}, { samples: 5, maxTries: 200, seed: 1 }), (e: Error & { code?: string }) => e.code === "rejection-gave-up" && /every run had zero weight; a factor was −∞ in 200 of the first 200/.test(e.message));
});

test("resume of a posterior loaded from a file asks for the model's arguments and observations (it ran the model on [] and crashed, or sampled the prior)", async () => {
  const { gamma } = await import("../../src/dist/gamma.js");
  const { poisson } = await import("../../src/dist/poisson.js");
  const { nuts, nutsKernel } = await import("../../src/infer/index.js");
  const { resume } = await import("../../src/infer/mcmc.js");
  const { posteriorFromJSON, posteriorToJSON } = await import("../../src/posterior/serialize.js");
  const gp = gen((t, cs: number[]) => { const lam = t.sample("lam", gamma(3, 2)); cs.forEach((c, i) => t.observe(["c", i], poisson(lam), c)); }, "gp");
  const counts = [2, 4, 3, 5, 1];
  const post = nuts(gp, [counts], {}, { samples: 200, warmup: 200, chains: 2, seed: 1 });
  const back = posteriorFromJSON(JSON.parse(JSON.stringify(posteriorToJSON(post))));
  assert.throws(() => resume(back, { model: gp, kernel: nutsKernel(), samples: 10 }), /resume: this posterior does not keep the model's arguments/);
  assert.throws(() => resume(back, { model: gp, args: [counts], kernel: nutsKernel(), samples: 10 }), /does not keep the model's observations/);
  const more = resume(back, { model: gp, args: [counts], observations: {}, kernel: nutsKernel(), samples: 800 });
  // Gamma(18, 7) posterior: mean 2.571, sd 0.606; 2 × 1000 NUTS draws (ESS > 500): 5 sd of the mean < 0.14.
  assert.equal(more.chains("lam")[0].length, 1000);
  assert.ok(Math.abs(more.mean("lam") - 18 / 7) < 0.14, `mean ${more.mean("lam")}`);
  // The resumed chains keep NUTS's sampler diagnostics (they were dropped), with the adapted step sizes.
  const d = more.diagnostics.sampler as { divergencesPerChain: number[]; step_size: number[] };
  assert.equal(more.method, "nuts");
  assert.deepEqual(d.step_size, (post.diagnostics.sampler as { step_size: number[] }).step_size);
  assert.equal(d.divergencesPerChain.length, 2);
});

test("a zero step size, learning rate or random-walk scale in a query is an option error located at the option, with its Borel name", async () => {
  for (const [q, re] of [["nuts(step_size: 0)", /nuts: option 'step_size' must be > 0, got 0/], ["hmc(step_size: -0.1)", /hmc: option 'step_size' must be > 0/], ["vi(lr: 0, steps: 10)", /vi: option 'lr' must be > 0, got 0/], ['mcmc(rw("mu", scale: 0))', /rw: option 'scale' must be > 0, got 0/]] as const) {
    // Literal option values are checked when the program compiles: the error points at the option.
    const prog = compileProgram(`model n() { mu ~ normal(0, 1)\n y ~ normal(mu, 1) given 0.5 }\nquery n() using ${q}\n`, "z.borel");
    assert.equal(prog.errors.length, 1, q);
    assert.match(prog.errors[0].message, re);
    assert.ok((prog.errors[0].span?.col ?? 0) > 20, `located at the option: ${JSON.stringify(prog.errors[0].span)}`);
  }
});

test("vi: a guide choice at an address the model lacks is an error naming the guide, the address and the model's latent addresses (it blamed the model's constraints)", async () => {
  const prog = compileProgram(`model m(y) {\n  mu ~ normal(0, 10)\n  observe(normal(mu, 1), y)\n}\nmodel g(y) {\n  muu ~ normal(param("a", 0.0), 1)\n}\nquery m(2.0) using vi(guide: g, steps: 20)\n`, "guide.borel");
  assert.deepEqual(prog.errors, []);
  await assert.rejects(async () => runQuery(prog.queries[0], { seed: 1 }), (e: Error & { code?: string; address?: string }) =>
    e.code === "unknown-address" && e.address === "muu" && /the guide g samples 'muu', which the model m does not sample there \(its latent addresses: mu\)/.test(e.message));
  // An embedded model (no schema): the same error, without the address list.
  const guide = gen((t) => { t.sample("nu", normal(t.param("a", 0), 1)); }, "guide");
  assert.throws(() => vi(m, [], {}, { guide, steps: 5, seed: 1 }), (e: Error & { code?: string }) =>
    e.code === "unknown-address" && /the guide guide samples 'nu', which the model m does not sample there/.test(e.message));
});

test("MH on a choice that picks which sub-model runs at an address conditions on the observations under it (it sampled the prior: 0.30 for 0.84)", async () => {
  const prog = compileProgram(`model a() { v ~ normal(0, 1) }
model b() { v ~ normal(5, 1) }
model top() {
  k ~ bernoulli(0.3)
  if k { s ~ b() } else { s ~ a() }
}
query top() given {s: {v: 3}} using mh(samples: 3000, warmup: 200, chains: 2)
query top() given {s: {v: 3}} using mcmc(kernel: gibbs("k"), samples: 3000, warmup: 200, chains: 2)
`, "branch.borel");
  assert.deepEqual(prog.errors, []);
  // P(k | s/v = 3) = 0.3 e^2.5 / (0.3 e^2.5 + 0.7) = 0.839; 6000 draws of a 0/1 chain (sd 0.37) accepted often:
  // MCSE ≈ 0.01, tolerance 5 of them. Gibbs (by update, which carries the given s/v into the other callee) refused
  // the move: 'changing k changes which other choices exist'.
  const exact = (0.3 * Math.exp(2.5)) / (0.3 * Math.exp(2.5) + 0.7);
  for (const [i, q] of prog.queries.entries()) {
    const post = await runQuery(q, { seed: 1 });
    assert.ok(Math.abs(post.mean("k") - exact) < 0.05, `query ${i + 1}: ${post.mean("k")} vs ${exact}`);
  }
});

test("a random walk whose move changes which sub-model runs keeps the query's given data under it (it read P = 0: the walk dropped s/v = 3 and never entered the other branch)", async () => {
  const prog = compileProgram(`model a() { v ~ normal(0, 1) }
model b() { v ~ normal(5, 1) }
model top() {
  u ~ uniform(0, 1)
  if u < 0.3 { s ~ b() } else { s ~ a() }
  return u < 0.3
}
query top() given {s: {v: 3}} using mcmc(kernel: rw("u", scale: 0.3), samples: 4000, warmup: 500)
`, "rw-branch.borel");
  assert.deepEqual(prog.errors, []);
  // P(u < 0.3 | s/v = 3) = 0.3 e^2.5 / (0.3 e^2.5 + 0.7) = 0.839, as for a bernoulli(0.3) switch; 16000 draws with
  // ESS ≈ 2000 of a 0/1 value (sd 0.37): MCSE ≈ 0.008, tolerance 5 of them.
  const exact = (0.3 * Math.exp(2.5)) / (0.3 * Math.exp(2.5) + 0.7);
  const post = await runQuery(prog.queries[0], { seed: 2 });
  assert.ok(Math.abs(post.mean("return") - exact) < 0.04, `${post.mean("return")} vs ${exact}`);
});

test("a particle or draw count beyond what memory holds is refused up front with the reason (importance(particles: 1e8) ran for minutes and crashed the process)", async () => {
  const { importance } = await import("../../src/infer/importance.js");
  const { mcmc } = await import("../../src/infer/mcmc.js");
  const { mhKernel } = await import("../../src/infer/kernels/mh.js");
  const { MAX_DRAWS } = await import("../../src/infer/draw-count.js");
  const tooMany = (e: Error & { code?: string; hint?: string }) => e.code === "bad-option" && /10\^7 fill most of a default 4 GB heap/.test(e.hint ?? "");
  assert.throws(() => importance(m, [], {}, { particles: 1e8 }), (e: Error & { code?: string; hint?: string }) => tooMany(e) && /importance: 'particles' is 100000000, more than the 10000000 draws/.test(e.message));
  assert.throws(() => mcmc(m, [], {}, mhKernel("mu"), { samples: MAX_DRAWS + 1, chains: 1 }), tooMany);
  for (const q of ["importance(particles: 100000000)", "smc(particles: 20000000)", "mh(samples: 50000000)", "nuts(samples: 50000000)", "rejection(samples: 50000000)"]) {
    const prog = compileProgram(`model lr() { a ~ normal(0, 3)\n observe(normal(a, 1), 0.5) }\nquery lr() using ${q}\n`, "big.borel");
    const errs = prog.errors.length ? prog.errors : await (async () => { try { await runQuery(prog.queries[0], { seed: 1 }); return []; } catch (e) { return [e as Error]; } })();
    assert.equal(errs.length, 1, q);
    assert.ok(tooMany(errs[0] as never) && /must be ≤ 10000000/.test(errs[0].message), `${q}: ${errs[0].message}`);
  }
  // The limit itself runs (a smaller run here: the count check is the same code).
  assert.ok(Number.isFinite(importance(m, [], {}, { particles: 2000, seed: 1 }).mean("mu")));
});

test("smc's ess_threshold is checked before anything runs, located at the option (1.5 failed at run time, after the queries before it)", () => {
  for (const [opt, why] of [["ess_threshold: 1.5", /option 'ess_threshold' must be in \[0, 1\] or one of "always", "never", got 1\.5/], ['ess_threshold: "sometimes"', /must be a number or one of "always", "never", got "sometimes"/]] as const) {
    const prog = compileProgram(`model m() { a ~ normal(0, 1)\n observe(normal(a, 1), 0.5) }\nquery m() using smc(particles: 100, ${opt})\n`, "ess.borel");
    assert.equal(prog.errors.length, 1, opt);
    assert.match(prog.errors[0].message, why);
    assert.equal((prog.errors[0] as { span?: { line: number; col: number } }).span?.col, 52, "located at the option's value");
  }
  for (const ok of ["ess_threshold: 0", "ess_threshold: 1", "ess_threshold: always", 'ess_threshold: "never"'])
    assert.deepEqual(compileProgram(`model m() { a ~ normal(0, 1) }\nquery m() using smc(particles: 10, ${ok})\n`, "ok.borel").errors, [], ok);
});

test("param's initial value may be an array of numbers (param(\"logits\", [0, 0, 0]) was 'must be a number or a vector'); a VI categorical guide then matches enumeration", async () => {
  const src = `model cat() {
  z ~ categorical([0.2, 0.3, 0.5])
  observe(normal(z, 1), 1.7)
}
model guide() {
  z ~ categorical(softmax(param("logits", [0, 0, 0])))
}
query cat() using vi(guide: guide, steps: 1500)
query cat() using enumerate()
`;
  const prog = compileProgram(src, "cat.borel");
  assert.deepEqual(prog.errors, []);
  const [v, e] = [await runQuery(prog.queries[0], { seed: 1 }), await runQuery(prog.queries[1], { seed: 1 })];
  // 1000 independent guide draws of z (sd 0.61): MCSE 0.02; the trained guide's own error adds a little: 0.1.
  assert.ok(Math.abs(v.mean("z") - e.mean("z")) < 0.1, `vi ${v.mean("z")} vs exact ${e.mean("z")}`);
  const bad = compileProgram(`model g() { z ~ normal(param("m", ["a"]), 1) }\nquery g() using vi(steps: 5)\n`, "bad.borel");
  await assert.rejects(async () => { if (bad.errors.length) throw bad.errors[0]; await runQuery(bad.queries[0], { seed: 1 }); }, /param: the initial value must be a number or a vector of numbers, got an array/);
});

test("MH keeps a query's given data when a branch that makes the choice is left (it dropped y = 2, then sampled y as a latent: P(k) 0.49 for 1)", async () => {
  const prog = compileProgram(`model m() {
  k ~ bernoulli(0.5)
  if k { y ~ normal(0, 1) }
}
query m() given {y: 2} using importance(particles: 2000)
query m() given {y: 2} using mh(samples: 1000, warmup: 100, chains: 2)
`, "given-branch.borel");
  assert.deepEqual(prog.errors, []);
  // Only k = true can produce y: the posterior of k is 1 (importance weights the other runs 0).
  for (const [i, q] of prog.queries.entries()) assert.equal((await runQuery(q, { seed: 1 })).mean("k"), 1, `query ${i + 1}`);
});
