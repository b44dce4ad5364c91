// map and switch weights by hand; constraints and the `latent` option scoped per element/step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { gen } from "../../src/trace/dynamic.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { select } from "../../src/trace/selection.js";
import { map } from "../../src/combinators/map.js";
import { unfold } from "../../src/combinators/unfold.js";
import { switchOf } from "../../src/combinators/switch.js";
import { normal } from "../../src/dist/normal.js";
import { gamma } from "../../src/dist/gamma.js";

const lnorm = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

const point = gen((t, x: number) => t.sample("y", normal(2 * x, 1)) as number, "point");

test("map: generate weights the constrained elements; update revisits only changed elements", () => {
  const plate = map(point);
  const xs = [0.1, 0.5, 0.9];
  const g = plate.generate([xs], ChoiceMap.from({ 0: { y: 0.3 }, 2: { y: 2 } }), new Rng(1));
  close(g.weight, lnorm(0.3, 0.2, 1) + lnorm(2, 1.8, 1));
  const y1 = g.trace.get("1/y") as number;
  close(g.trace.score, g.weight + lnorm(y1, 1, 1));
  const u = plate.update(g.trace, [[0.1, 0.5, 1.0]], ["changed"], ChoiceMap.EMPTY, new Rng(2));
  close(u.weight, lnorm(2, 2, 1) - lnorm(2, 1.8, 1));
  assert.equal(u.trace.subtraces[0], g.trace.subtraces[0], "unchanged element reused");
  assert.throws(() => plate.generate([xs], ChoiceMap.from({ 5: { y: 1 } }), new Rng(3)), /outside the 3 indexed elements/);
});

test("switch: changing the branch discards the old branch and weighs the new constraints", () => {
  const a = gen((t) => t.sample("x", normal(0, 1)) as number, "a");
  const b = gen((t) => { t.sample("x", gamma(2, 1)); t.sample("z", normal(0, 1)); }, "b");
  const sw = switchOf(a, b);
  const g = sw.generate([0], ChoiceMap.from({ x: 0.5 }), new Rng(4));
  close(g.weight, lnorm(0.5, 0, 1));
  const u = sw.update(g.trace, [1], ["changed"], ChoiceMap.from({ x: 2 }), new Rng(5));
  const lgamma21 = Math.log(2) - 2; // log Gamma(2,1) density at 2: log(2 e^-2)
  close(u.weight, lgamma21 - lnorm(0.5, 0, 1));
  assert.deepEqual(u.discard.toObject(), { x: 0.5 });
  assert.equal(u.trace.branch, 1);
  const same = sw.regenerate(u.trace, [1], ["same"], select("z"), new Rng(6));
  close(same.weight, 0);
});

test("latent constraints stay latent inside map elements and unfold steps", () => {
  const step = gen((t, _k: number, x: number) => t.sample("x", normal(x, 1)) as number, "step");
  const chain = unfold(step);
  const c = ChoiceMap.from({ 1: { x: 0.4 }, 2: { x: -0.2 } });
  const tr = chain.generate([3, 0], c, new Rng(7), { latent: c }).trace;
  assert.equal(tr.subtraces[1].choice("x")?.observed, false);
  const obs = chain.generate([3, 0], c, new Rng(7)).trace;
  assert.equal(obs.subtraces[1].choice("x")?.observed, true);
  const plate = map(point);
  const pc = ChoiceMap.from({ 1: { y: 3 } });
  assert.equal(plate.generate([[1, 2]], pc, new Rng(8), { latent: pc }).trace.choice("1/y")?.observed, false);
});

test("unfold: a constraint on one step costs one kernel run per changed step, whatever T", () => {
  const step = gen((t, _k: number, x: number) => t.sample("x", normal(x, 1)) as number, "step");
  const chain = unfold(step);
  const tr = chain.simulate([200, 0], new Rng(9));
  const before = chain.stepsRun;
  chain.update(tr, [200, 0], ["same", "same"], ChoiceMap.from({ 199: { x: 0 } }), new Rng(10));
  assert.equal(chain.stepsRun - before, 1);
});

test("an error inside an element or step names the full address; a constraint no element visits is reported", async () => {
  const { importance } = await import("../../src/infer/importance.js");
  const obs = gen((t, y: number) => { const a = t.sample("a", normal(0, 1)) as number; t.observe("y", normal(a, 1), y); return a; }, "obs");
  // A NaN observation of element 1 used to be reported at 'y': which of the n elements was not said.
  const badAt = (addr: string) => (e: Error & { address?: string }) => e.address === addr && e.message.includes(`at address '${addr}'`);
  assert.throws(() => map(obs).simulate([[1, NaN]], new Rng(1)), badAt("1/y"));
  assert.throws(() => map(obs).generate([[1, NaN]], ChoiceMap.EMPTY, new Rng(1)), badAt("1/y"));
  const step = gen((t, k: number) => { t.observe("y", normal(0, 1), k === 2 ? NaN : 0); return k; }, "step");
  assert.throws(() => unfold(step).simulate([4, 0], new Rng(1)), badAt("2/y"));
  // A misspelled constraint under an element: generate returns it as unvisited (weight −∞), so importance names
  // it instead of "all particles have zero weight".
  const g = map(point).generate([[0.1, 0.2]], ChoiceMap.from({ 1: { yy: 1 } }), new Rng(1));
  assert.equal(g.weight, -Infinity);
  assert.deepEqual(g.unvisited, ["1/yy"]);
  assert.deepEqual(unfold(step).generate([2, 0], ChoiceMap.from({ 0: { z: 1 } }), new Rng(1)).unvisited, ["0/z"]);
  assert.deepEqual(switchOf(point, point).generate([1, 0.5], ChoiceMap.from({ yy: 1 }), new Rng(1)).unvisited, ["yy"]);
  assert.throws(() => importance(map(point), [[0.1, 0.2]], { 1: { yy: 1 } }, { particles: 10, seed: 1 }),
    (e: Error & { code?: string }) => e.code === "unknown-address" && /the constraint at '1\/yy' was not visited/.test(e.message));
});

test("switch: regenerate into another branch keeps the observations under the switch, so MH on the branch index conditions on them (it sampled the prior)", async () => {
  const { bernoulli } = await import("../../src/dist/bernoulli.js");
  const { mcmc } = await import("../../src/infer/mcmc.js");
  const { mhKernel } = await import("../../src/infer/kernels/mh.js");
  const a = gen((t) => t.sample("v", normal(0, 1)), "a"), b = gen((t) => t.sample("v", normal(5, 1)), "b");
  const sw = switchOf(a, b);
  const top = gen((t) => { const k = t.sample("k", bernoulli(0.3)); return t.trace("s", sw, [k ? 1 : 0]); }, "top");
  // P(k | s/v = 3) = 0.3 N(3; 5, 1) / (0.3 N(3; 5, 1) + 0.7 N(3; 0, 1)) = 0.3 e^2.5 / (0.3 e^2.5 + 0.7) = 0.8393.
  const exact = (0.3 * Math.exp(2.5)) / (0.3 * Math.exp(2.5) + 0.7);
  const post = mcmc(top, [], { s: { v: 3 } }, mhKernel("k"), { samples: 6000, warmup: 200, chains: 2, seed: 3 });
  // Independence MH from the prior accepts often; 12000 draws of a 0/1 chain with sd 0.37: an MCSE of at most
  // ~0.01 even with autocorrelation time 8, so 0.04 is 4 of them.
  assert.ok(Math.abs(post.mean("k") - exact) < 0.04, `MH ${post.mean("k")} vs exact ${exact}`);
  // The observation stays observed in both branches, with the data value.
  const tr = top.generate([], ChoiceMap.from({ s: { v: 3 } }), new Rng(1)).trace, k0 = tr.get("k");
  let seed = 0, r = top.regenerate(tr, [], [], select("k"), new Rng(seed));
  while (r.trace.get("k") === k0 && seed < 50) r = top.regenerate(tr, [], [], select("k"), new Rng(++seed));
  assert.notEqual(r.trace.get("k"), k0, "some seed moves k to the other branch");
  const v = [...r.trace.choices()].find((c) => c.key === "s/v")!;
  assert.equal(v.value, 3);
  assert.equal(v.observed, true);
  // k is proposed from its prior, so the weight is the likelihood ratio of the observation alone.
  const toB = normal(5, 1).logpdf(3) - normal(0, 1).logpdf(3);
  assert.ok(Math.abs(r.weight - (k0 ? -toB : toB)) < 1e-12, `${r.weight}`);
  // Gibbs on k (by update) carries the given s/v into the other branch too (it refused the move: the new branch
  // sampled v afresh): the exact conditional of k, by enumeration, leaves the posterior invariant.
  const { gibbsKernel } = await import("../../src/infer/kernels/gibbs.js");
  const g = mcmc(top, [], { s: { v: 3 } }, gibbsKernel("k"), { samples: 3000, warmup: 100, chains: 2, seed: 3 });
  assert.ok(Math.abs(g.mean("k") - exact) < 0.03, `Gibbs ${g.mean("k")} vs exact ${exact}`);
  const u = top.update(tr, [], [], ChoiceMap.from({ k: !k0 }), new Rng(0));
  assert.equal(u.trace.get("s/v"), 3);
  const lp = (k: boolean) => bernoulli(0.3).logpdf(k) + normal(k ? 5 : 0, 1).logpdf(3);
  assert.ok(Math.abs(u.weight - (lp(!k0) - lp(k0 as boolean))) < 1e-12, `update weight ${u.weight}`);
});

test("map and unfold regenerate with a changed length: new elements' observations enter the weight, dropped ones' leave it (both gave 0, and MH on the length sampled its prior)", async () => {
  const { NONE } = await import("../../src/trace/selection.js");
  const { uniformInt } = await import("../../src/dist/uniform_int.js");
  const { mh } = await import("../../src/infer/mh.js");
  const ys = [2.5, 2.8, 3.1];
  const ln = (x: number, m: number, s: number) => -0.5 * Math.log(2 * Math.PI * s * s) - 0.5 * ((x - m) / s) ** 2;
  const el = gen((t, y: number) => { const x = t.sample("x", normal(0, 1)) as number; t.observe("y", normal(x, 1), y); }, "el");
  const step = gen((t, k: number, s: number) => { const x = t.sample("x", normal(0, 1)) as number; t.observe("y", normal(x, 1), ys[k]); return s; }, "step");
  const plate = map(el), chain = unfold(step);
  // Growing 2 → 3 adds log p(y₂ | x₂) of the new element; shrinking 2 → 1 takes log p(y₁ | x₁) out.
  const mt = plate.simulate([ys.slice(0, 2)], new Rng(1));
  const grown = plate.regenerate(mt, [ys], ["changed"], NONE, new Rng(2));
  assert.equal(grown.weight, ln(ys[2], grown.trace.get("2/x") as number, 1));
  assert.equal(plate.regenerate(mt, [ys.slice(0, 1)], ["changed"], NONE, new Rng(2)).weight, -ln(ys[1], mt.get("1/x") as number, 1));
  const ut = chain.simulate([2, 0], new Rng(1));
  const longer = chain.regenerate(ut, [3, 0], [{ grow: 1 }, "same"], NONE, new Rng(2));
  assert.equal(longer.weight, ln(ys[2], longer.trace.get("2/x") as number, 1));
  assert.equal(chain.regenerate(ut, [1, 0], ["changed", "same"], NONE, new Rng(2)).weight, -ln(ys[1], ut.get("1/x") as number, 1));
  // MH on a latent length n ~ U{0..3}, each element observing y_i ~ N(0, √2) marginally: P(n) ∝ Π_{i<n} N(y_i; 0, √2).
  const w = [0, 1, 2, 3].map((n) => Math.exp(ys.slice(0, n).reduce((s, y) => s + ln(y, 0, Math.SQRT2), 0)));
  const exact = w.reduce((s, x, n) => s + n * x, 0) / w.reduce((a, b) => a + b);
  const withMap = gen((t) => { const n = t.sample("n", uniformInt(0, 3)) as number; t.trace("pts", plate, [ys.slice(0, n)]); }, "withMap");
  const withUnfold = gen((t) => { const n = t.sample("n", uniformInt(0, 3)) as number; t.trace("pts", chain, [n, 0]); }, "withUnfold");
  for (const model of [withMap, withUnfold]) {
    // E[n] = 0.060, sd(n) ≈ 0.25; 20,000 draws of a sticky chain have ESS ≳ 2000: MC sd ≲ 0.006; 0.03 is 5 of them.
    const post = mh(model, [], {}, { samples: 10000, warmup: 1000, chains: 2, seed: 1 });
    assert.ok(Math.abs(post.mean("n") - exact) < 0.03, `${model.name}: E[n] ${post.mean("n")} vs exact ${exact}`);
  }
});
