// GFI weights against hand-computed sums of log densities (DESIGN.md weight rules; Gen.jl's conventions).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { gen } from "../../src/trace/dynamic.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { select } from "../../src/trace/selection.js";
import { unfold } from "../../src/combinators/unfold.js";
import { normal } from "../../src/dist/normal.js";
import { poisson } from "../../src/dist/poisson.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { importance } from "../../src/infer/importance.js";
import { Tape, Var } from "../../src/ad/var.js";

const lnorm = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
const lbern = (b: boolean, p: number) => Math.log(b ? p : 1 - p);
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

// b ~ bernoulli(0.3); b ? x ~ N(0,1) : (y ~ N(1,2), z ~ N(0,3)); o observed 0.5 ~ N(b ? x : y, 1)
const branchy = gen((t) => {
  const b = t.sample("b", bernoulli(0.3));
  let mean: number;
  if (b) mean = t.sample("x", normal(0, 1)) as number;
  else { mean = t.sample("y", normal(1, 2)) as number; t.sample("z", normal(0, 3)); }
  t.observe("o", normal(mean, 1), 0.5);
  return mean;
}, "branchy");

// Constrained as latent values (not observations), so MCMC-style regenerate may resample them.
const trueBranch = () => {
  const c = ChoiceMap.from({ b: true, x: 0.3 });
  return branchy.generate([], c, new Rng(1), { latent: c });
};

test("generate with full constraints: weight is the sum of constrained and observed log densities", () => {
  const { trace, weight } = trueBranch();
  close(weight, lbern(true, 0.3) + lnorm(0.3, 0, 1) + lnorm(0.5, 0.3, 1));
  close(trace.score, weight);
  close(trace.observedScore, lnorm(0.5, 0.3, 1));
  close(trace.latentScore, lbern(true, 0.3) + lnorm(0.3, 0, 1));
  // Without `latent`, constrained choices are observations: regenerate never resamples them.
  const obs = branchy.generate([], ChoiceMap.from({ b: true, x: 0.3 }), new Rng(1)).trace;
  close(obs.observedScore, weight);
  assert.equal(branchy.regenerate(obs, [], [], select("x"), new Rng(2)).trace.get("x"), 0.3);
  assert.equal(trace.retval, 0.3);
});

test("generate with partial constraints: free choices are sampled and not counted", () => {
  const { trace, weight } = branchy.generate([], ChoiceMap.from({ b: false, y: 2 }), new Rng(2));
  const z = trace.get("z") as number;
  close(weight, lbern(false, 0.3) + lnorm(2, 1, 2) + lnorm(0.5, 2, 1));
  close(trace.score, weight + lnorm(z, 0, 3));
  close(trace.latentScore, lnorm(z, 0, 3));
});

test("a run that does not visit a constraint of the other branch gets weight -Infinity, not an error", () => {
  const r = branchy.generate([], ChoiceMap.from({ b: false, x: 1 }), new Rng(3));
  assert.equal(r.weight, -Infinity);
  assert.deepEqual(r.unvisited, ["x"]);
});

test("update that flips the branch: weight, and the discard holds the old branch's choices", () => {
  const { trace } = trueBranch();
  const r = branchy.update(trace, [], [], ChoiceMap.from({ b: false }), new Rng(4));
  const y = r.trace.get("y") as number, z = r.trace.get("z") as number;
  // p(t')/p(t) without the fresh y, z: new b and new observation over old b, old x and old observation.
  close(r.weight, lbern(false, 0.3) + lnorm(0.5, y, 1) - (lbern(true, 0.3) + lnorm(0.3, 0, 1) + lnorm(0.5, 0.3, 1)));
  assert.deepEqual(r.discard.toObject(), { b: true, x: 0.3 });
  close(r.trace.score, lbern(false, 0.3) + lnorm(y, 1, 2) + lnorm(z, 0, 3) + lnorm(0.5, y, 1));
});

test("update that keeps the branch reuses choices and changes only the constrained one", () => {
  const { trace } = trueBranch();
  const r = branchy.update(trace, [], [], ChoiceMap.from({ x: -1 }), new Rng(5));
  close(r.weight, lnorm(-1, 0, 1) + lnorm(0.5, -1, 1) - lnorm(0.3, 0, 1) - lnorm(0.5, 0.3, 1));
  assert.deepEqual(r.discard.toObject(), { x: 0.3 });
  assert.equal(r.trace.get("b"), true);
});

test("regenerate without a branch change: weight is the change of the retained terms", () => {
  const { trace } = trueBranch();
  const r = branchy.regenerate(trace, [], [], select("x"), new Rng(6));
  const x = r.trace.get("x") as number;
  assert.notEqual(x, 0.3);
  close(r.weight, lnorm(0.5, x, 1) - lnorm(0.5, 0.3, 1));
});

test("regenerate with a branch change: deleted and fresh choices cancel, observations count", () => {
  const { trace } = trueBranch();
  // Find a seed whose resampled b is false.
  for (let s = 0; s < 50; s++) {
    const r = branchy.regenerate(trace, [], [], select("b"), new Rng(s));
    if (r.trace.get("b") === true) { close(r.weight, 0); continue; }
    const y = r.trace.get("y") as number;
    close(r.weight, lnorm(0.5, y, 1) - lnorm(0.5, 0.3, 1));
    return;
  }
  assert.fail("no seed resampled b = false");
});

test("regenerate never resamples observed choices", () => {
  const { trace } = trueBranch();
  const r = branchy.regenerate(trace, [], [], select("o", "b"), new Rng(7));
  assert.equal(r.trace.get("o"), 0.5);
});

test("assess: log density of complete choices", () => {
  const r = branchy.assess([], ChoiceMap.from({ b: false, y: 0.1, z: -2 }));
  close(r.weight, lbern(false, 0.3) + lnorm(0.1, 1, 2) + lnorm(-2, 0, 3) + lnorm(0.5, 0.1, 1));
  assert.equal(r.retval, 0.1);
  assert.throws(() => branchy.assess([], ChoiceMap.from({ b: false, y: 0.1 })), /assess: no value for address 'z'/);
});

test("assess takes propose's choices back, observations included (their value must be the observed one)", () => {
  for (let seed = 0; seed < 4; seed++) {
    const p = branchy.propose([], new Rng(seed));
    assert.equal(p.choices.get("o"), 0.5);
    close(branchy.assess([], p.choices).weight, p.weight);
  }
  const r = branchy.assess([], ChoiceMap.from({ b: false, y: 0.1, z: -2, o: 0.5 }));
  close(r.weight, lbern(false, 0.3) + lnorm(0.1, 1, 2) + lnorm(-2, 0, 3) + lnorm(0.5, 0.1, 1));
  assert.throws(() => branchy.assess([], ChoiceMap.from({ b: false, y: 0.1, z: -2, o: 0.7 })),
    /address 'o' is observed by the model as 0\.5, but the choices give 0\.7/);
});

// Two levels: outer calls inner at "a"; inner samples mu and v.
const inner = gen((t, s: number) => {
  const mu = t.sample("mu", normal(0, s)) as number;
  t.sample("v", normal(mu, 1));
  return mu;
}, "inner");
const outer = gen((t) => {
  const a = t.trace("a", inner, [2]);
  t.sample("w", normal(a, 0.5));
}, "outer");

test("two-level nested model: addresses nest, generate/update/regenerate weights", () => {
  const g = outer.generate([], ChoiceMap.from({ a: { v: 1.5 }, w: 0.2 }), new Rng(8));
  const mu = g.trace.get("a/mu") as number;
  close(g.weight, lnorm(1.5, mu, 1) + lnorm(0.2, mu, 0.5));
  close(g.trace.score, lnorm(mu, 0, 2) + lnorm(1.5, mu, 1) + lnorm(0.2, mu, 0.5));
  const u = outer.update(g.trace, [], [], ChoiceMap.from({ a: { mu: 0.7 } }), new Rng(9));
  close(u.weight, lnorm(0.7, 0, 2) + lnorm(1.5, 0.7, 1) + lnorm(0.2, 0.7, 0.5) - g.trace.score);
  assert.deepEqual(u.discard.toObject(), { a: { mu } });
  const r = outer.regenerate(u.trace, [], [], select(["a", "mu"]), new Rng(10));
  const mu2 = r.trace.get("a/mu") as number;
  close(r.weight, lnorm(1.5, mu2, 1) + lnorm(0.2, mu2, 0.5) - lnorm(1.5, 0.7, 1) - lnorm(0.2, 0.7, 0.5));
  close(outer.assess([], ChoiceMap.from({ a: { mu: 0.7, v: 1.5 }, w: 0.2 })).weight, u.trace.score);
});

test("a value given for a call's own address is an error naming the callee's choices (it was silently dropped)", () => {
  const err = (e: unknown) => {
    const b = e as { code?: string; message: string; hint?: string; address?: string };
    return b.code === "constrained-call" && b.address === "a" && /call of inner/.test(b.message) && /a\/mu/.test(b.hint ?? "");
  };
  assert.throws(() => outer.generate([], ChoiceMap.from({ a: 1.5 }), new Rng(1)), err);
  assert.throws(() => outer.assess([], ChoiceMap.from({ a: 1.5, w: 0.2 })), err);
  const g = outer.simulate([], new Rng(2));
  assert.throws(() => outer.update(g, [], [], ChoiceMap.from({ a: 0.3 }), new Rng(3)), err);
});

test("unfold grown by update runs only the new steps; weight is their observations' log density", () => {
  const ys = [0.5, -0.2, 1.1, 0.4, 0.9];
  const step = gen((t, k: number, x: number) => {
    const next = t.sample("x", normal(0.9 * x, 1)) as number;
    t.observe("y", normal(next, 1), ys[k]);
    return next;
  }, "step");
  const chain = unfold(step);
  const tr = chain.simulate([3, 0], new Rng(11));
  assert.equal(chain.stepsRun, 3);
  const u = chain.update(tr, [5, 0], [{ grow: 2 }, "same"], ChoiceMap.EMPTY, new Rng(12));
  assert.equal(chain.stepsRun, 5, "only the two new steps ran");
  const x3 = u.trace.get("3/x") as number, x4 = u.trace.get("4/x") as number;
  close(u.weight, lnorm(ys[3], x3, 1) + lnorm(ys[4], x4, 1));
  assert.equal(u.trace.get("2/x"), tr.get("2/x"));
  close(u.trace.score, tr.score + lnorm(x3, 0.9 * (tr.get("2/x") as number), 1) + lnorm(ys[3], x3, 1) + lnorm(x4, 0.9 * x3, 1) + lnorm(ys[4], x4, 1));
  // Constraining an old step revisits it and the steps after it whose state changed.
  const before = chain.stepsRun;
  const c = chain.update(u.trace, [5, 0], ["same", "same"], ChoiceMap.from({ 4: { x: 0 } }), new Rng(13));
  assert.equal(chain.stepsRun - before, 1);
  close(c.weight, lnorm(0, 0.9 * x3, 1) + lnorm(ys[4], 0, 1) - lnorm(x4, 0.9 * x3, 1) - lnorm(ys[4], x4, 1));
});

test("the same address twice in one run is an error naming it", () => {
  const twice = gen((t) => { t.sample("x", normal(0, 1)); t.sample("x", normal(0, 1)); });
  assert.throws(() => twice.simulate([], new Rng(0)), (e: Error) => /address 'x' was used twice/.test(e.message));
});

test("a constraint no run visits is an error naming the address", () => {
  assert.throws(
    () => importance(branchy, [], { q: 1 }, { particles: 20, seed: 1 }),
    (e: Error & { address?: string }) => /constraint at 'q' was not visited/.test(e.message) && e.address === "q",
  );
});

test("a bad parameter names the argument", () => {
  assert.throws(() => normal(0, -1), /normal: argument 'sigma' must be > 0.*got -1/);
});

test("an observed value outside the support names the address", () => {
  const m = gen((t) => { t.observe("flip", bernoulli(0.5), 2); });
  assert.throws(() => m.simulate([], new Rng(0)), (e: Error & { address?: string }) => /'flip'/.test(e.message) && e.address === "flip");
  // A vector observation of the wrong length says both lengths.
  const v = gen((t) => { t.observe("ys", normal(new Float64Array([0, 1, 2]), 1), new Float64Array([0.5, 1])); });
  assert.throws(() => v.simulate([], new Rng(0)), /the value at address 'ys' has 2 elements, but normal there has 3/);
  // ±∞ is outside every support (data with "Infinity"), for scalars and elements alike.
  const inf = gen((t) => { t.observe("y", normal(0, 1), -Infinity); });
  assert.throws(() => inf.simulate([], new Rng(0)), /value -Infinity at address 'y' is infinite, outside the support of normal/);
  const infV = gen((t) => { t.observe("ys", poisson(new Float64Array([1, 2])), new Float64Array([1, Infinity])); });
  assert.throws(() => infV.simulate([], new Rng(0)), /infinite, outside the support \(element 1\)/);
});

test("a JS operator on an AD value throws naming the address and pointing to t.m", () => {
  const m = gen((t) => { const x = t.sample("slope", normal(0, 1)) as number; t.observe("y", normal(x * 2, 1), 1); });
  const tr = m.simulate([], new Rng(0));
  const tape = new Tape();
  assert.throws(
    () => m.scoreAD(tr, (k) => (k === "slope" ? tape.scalar(0.5, "slope") : undefined)),
    (e: Error) => /address 'slope'/.test(e.message) && /t\.m/.test((e as Error & { hint: string }).hint),
  );
  const ok = gen((t) => { const x = t.sample("slope", normal(0, 1)); t.observe("y", normal(t.m.mul(x, 2), 1), 1); });
  const s = ok.scoreAD(ok.simulate([], new Rng(0)), (k) => (k === "slope" ? tape.scalar(0.5, "slope") : undefined)).score as Var;
  close(s.x, lnorm(0.5, 0, 1) + lnorm(1, 1, 1));
});

test("scoreAD sums its terms in one node: value and gradient of a loop of observations and factors", () => {
  const ys = [0.3, -1.2, 0.8, 2.0];
  const m = gen((t) => {
    const mu = t.sample("mu", normal(0, 1));
    ys.forEach((y, i) => t.observe(["y", i], normal(mu, 1), y));
    t.factor(t.m.mul(mu, 0.5) as never);
  });
  const tape = new Tape(), mu = tape.scalar(0.7, "mu");
  const s = m.scoreAD(m.simulate([], new Rng(0)), (k) => (k === "mu" ? mu : undefined)).score as Var;
  close(s.x, lnorm(0.7, 0, 1) + ys.reduce((a, y) => a + lnorm(y, 0.7, 1), 0) + 0.35);
  tape.backward(s);
  close(mu.g, -0.7 + ys.reduce((a, y) => a + (y - 0.7), 0) + 0.5);
  // A vector is not a log weight, with or without gradients (its primal used to read as 0).
  const bad = gen((t) => { const v = t.sample("v", normal(new Float64Array([0, 0]), 1)); t.factor(v as never); });
  assert.throws(() => bad.simulate([], new Rng(0)), /factor needs a number/);
  const tape2 = new Tape();
  assert.throws(() => bad.scoreAD(bad.simulate([], new Rng(0)), (k) => (k === "v" ? tape2.vector(new Float64Array([1, 2]), "v") : undefined)), /factor needs a number/);
});

test("an address that is not a string, number or array is an error naming the fix", () => {
  const m = gen((t) => t.sample(undefined as never, normal(0, 1)), "noAddress");
  assert.throws(() => m.simulate([], new Rng(1)), (e: unknown) => (e as { code?: string }).code === "bad-address" && /got undefined/.test((e as Error).message));
});

test("a model body must be synchronous: gen refuses an async function, and a body returning a Promise is an error", () => {
  assert.throws(() => gen((async (t: { sample: (a: string, d: unknown) => unknown }) => { t.sample("x", normal(0, 1)); }) as never), (e: unknown) => (e as { code?: string }).code === "bad-model");
  const promising = gen((t) => { t.sample("x", normal(0, 1)); return Promise.resolve(1); }, "promising");
  assert.throws(() => promising.simulate([], new Rng(1)), /returned a Promise/);
});

test("a tracked name that is also a choice's address is an error, in either order (the tracked value replaced the choice's draws)", () => {
  const clash = (e: unknown) => (e as { code?: string }).code === "duplicate-address" && /both a tracked name and the address of a random choice/.test((e as Error).message);
  const after = gen((t) => { const x = t.sample("x", normal(0, 1)) as number; t.track("x", 2 * x); }, "after");
  const before = gen((t) => { t.track("x", 1); t.sample("x", normal(0, 1)); }, "before");
  assert.throws(() => after.simulate([], new Rng(1)), clash);
  assert.throws(() => before.simulate([], new Rng(1)), clash);
});

test("'return' cannot be a choice's address or a tracked name: the posterior's return column would hide it", () => {
  const choice = gen((t) => { const r = t.sample("return", normal(5, 1)) as number; return 100 * r; }, "returns");
  assert.throws(() => choice.simulate([], new Rng(1)), (e: unknown) => (e as { code?: string }).code === "bad-address" && /'return' cannot be the address/.test((e as Error).message));
  const tracked = gen((t) => { t.track("return", 1); }, "trackedReturn");
  assert.throws(() => tracked.simulate([], new Rng(1)), /'return' cannot be a tracked name/);
});

test("sub-model calls: an address used both flat and through a call is a duplicate; the callee's errors and missed constraints are named from the caller", () => {
  const inner = gen((t) => { t.sample("a", normal(0, 1)); t.observe("y", normal(0, 1), 0.5); }, "inner");
  const dup = (e: unknown) => (e as { code?: string }).code === "duplicate-address" && /'x\/a'/.test((e as Error).message);
  // x/a first, then a call at x whose choice a is also x/a; and the other order.
  const flatFirst = gen((t) => { t.sample(["x", "a"], normal(0, 1)); t.trace("x", inner, []); }, "flatFirst");
  const callFirst = gen((t) => { t.trace("x", inner, []); t.sample(["x", "a"], normal(0, 1)); }, "callFirst");
  assert.throws(() => flatFirst.simulate([], new Rng(1)), dup);
  assert.throws(() => callFirst.simulate([], new Rng(1)), dup);
  // A distinct address beside a call is fine.
  const fine = gen((t) => { t.trace("x", inner, []); t.sample(["x2", "a"], normal(0, 1)); }, "fine");
  assert.equal([...fine.simulate([], new Rng(1)).choices()].length, 3);
  // An error inside the callee names the address from the caller.
  const bad = gen((t) => { t.trace("inner", gen((u) => { u.observe("s", normal(0, 1), NaN); }, "badInner"), []); }, "outer");
  assert.throws(() => bad.simulate([], new Rng(1)), (e: unknown) => (e as { address?: string }).address === "inner/s" && /'inner\/s'/.test((e as Error).message));
  // A constraint under the call that the callee never visits is reported as the caller's.
  const outer = gen((t) => { t.trace("inner", inner, []); }, "outer2");
  const r = outer.generate([], ChoiceMap.from({ inner: { a: 0.1, yy: 2 } }), new Rng(1));
  assert.deepEqual(r.unvisited, ["inner/yy"]);
  assert.throws(() => importance(outer, [], { inner: { yy: 2 } }, { particles: 10, seed: 1 }), /inner\/yy/);
});

test("a missing or wrong random number generator is an argument error naming the call and the fix (it was an 'internal' error, or 'rng.normal is not a function')", () => {
  const m = gen((t) => { t.sample("mu", normal(0, 1)); t.observe("y", normal(0, 1), 0.2); }, "m");
  const check = (e: Error & { code?: string; hint?: string }, what: RegExp) => e.code === "bad-args" && what.test(e.message) && /new Rng\(seed\)/.test(e.hint ?? "");
  assert.throws(() => m.simulate([], undefined as never), (e: Error & { code?: string; hint?: string }) => check(e, /^m\.simulate: drawing a choice needs a random number generator \(an Rng\), got nothing/));
  assert.throws(() => m.simulate([], 5 as never), (e: Error & { code?: string; hint?: string }) => check(e, /got 5$/));
  assert.throws(() => m.generate([], ChoiceMap.EMPTY, {} as never), (e: Error & { code?: string; hint?: string }) => check(e, /^m\.generate: /));
  // Fully constrained runs draw nothing and need no generator.
  assert.ok(Number.isFinite(m.generate([], ChoiceMap.from({ mu: 0.1 }), undefined as never).weight));
});

test("a recursion deeper than the JavaScript stack is a model error that says so (it read 'Maximum call stack size exceeded')", () => {
  const deep = gen((t, k: number): number => (k === 0 ? t.sample("leaf", normal(0, 1)) : t.trace(["d", k], deep, [k - 1])), "deep");
  assert.ok(Number.isFinite(deep.simulate([50], new Rng(1)).score));
  assert.throws(() => deep.simulate([100_000], new Rng(1)), (e: Error & { code?: string; hint?: string }) =>
    e.code === "model-error" && /^deep: the recursion is too deep/.test(e.message) && /unfold/.test(e.hint ?? ""));
});

test("regenerate into another callee at the same address keeps the old call's observations (MH on the branch that picks the model sampled its prior)", () => {
  const a = gen((t) => t.sample("v", normal(0, 1)), "a"), b = gen((t) => t.sample("v", normal(5, 1)), "b");
  const top = gen((t) => { const k = t.sample("k", bernoulli(0.3)); return t.trace("s", k ? b : a, []); }, "top");
  const tr = top.generate([], ChoiceMap.from({ s: { v: 3 } }), new Rng(1)).trace, k0 = tr.get("k");
  let seed = 0, r = top.regenerate(tr, [], [], select("k"), new Rng(seed));
  while (r.trace.get("k") === k0 && seed < 50) r = top.regenerate(tr, [], [], select("k"), new Rng(++seed));
  assert.notEqual(r.trace.get("k"), k0);
  const v = [...r.trace.choices()].find((c) => c.key === "s/v")!;
  assert.deepEqual([v.value, v.observed], [3, true]);
  // k comes from its prior: the weight is the observation's likelihood ratio between the two callees.
  const toB = normal(5, 1).logpdf(3) - normal(0, 1).logpdf(3);
  assert.ok(Math.abs(r.weight - (k0 ? -toB : toB)) < 1e-12, `${r.weight}`);
  // A callee that does not make the observation cannot have produced it: weight −∞.
  const c = gen((t) => t.sample("w", normal(0, 1)), "c");
  const top2 = gen((t) => { const k = t.sample("k", bernoulli(0.5)); return t.trace("s", k ? c : a, []); }, "top2");
  const tr2 = top2.generate([], ChoiceMap.from({ s: { v: 3 } }), new Rng(1)).trace;
  assert.equal(tr2.get("k"), false); // only callee a can make s/v
  seed = 0;
  let r2 = top2.regenerate(tr2, [], [], select("k"), new Rng(seed));
  while (!r2.trace.get("k") && seed < 50) r2 = top2.regenerate(tr2, [], [], select("k"), new Rng(++seed));
  assert.equal(r2.weight, -Infinity);
});

test("update into another callee at the same address keeps the old call's given data (Gibbs on the branch that picks the model refused: 'changes which other choices exist')", () => {
  const a = gen((t) => t.sample("v", normal(0, 1)), "a"), b = gen((t) => t.sample("v", normal(5, 1)), "b");
  const top = gen((t) => { const k = t.sample("k", bernoulli(0.3)); return t.trace("s", k ? b : a, []); }, "top");
  let seed = 1, tr = top.generate([], ChoiceMap.from({ s: { v: 3 } }), new Rng(seed)).trace;
  while (tr.get("k") !== false) tr = top.generate([], ChoiceMap.from({ s: { v: 3 } }), new Rng(++seed)).trace;
  const r = top.update(tr, [], [], ChoiceMap.from({ k: true }), new Rng(0));
  const v = [...r.trace.choices()].find((c) => c.key === "s/v")!;
  assert.deepEqual([v.value, v.observed, v.given], [3, true, true]);
  // update's weight is log p(t′) − log p(t): the prior of k and the observation under each callee.
  const w = bernoulli(0.3).logpdf(true) + normal(5, 1).logpdf(3) - bernoulli(0.3).logpdf(false) - normal(0, 1).logpdf(3);
  assert.ok(Math.abs(r.weight - w) < 1e-12, `${r.weight} vs ${w}`);
  // A given value the update sets itself wins over the carried one.
  const r2 = top.update(tr, [], [], ChoiceMap.from({ k: true, s: { v: 4 } }), new Rng(0));
  assert.equal(r2.trace.get("s/v"), 4);
  // A callee that does not make the given choice: weight −∞ (it cannot have produced the data), no error.
  const c = gen((t) => t.sample("w", normal(0, 1)), "c");
  const top2 = gen((t) => { const k = t.sample("k", bernoulli(0.5)); return t.trace("s", k ? c : a, []); }, "top2");
  let tr2 = top2.generate([], ChoiceMap.from({ s: { v: 3 } }), new Rng(1)).trace;
  for (let s = 2; tr2.get("k") !== false; s++) tr2 = top2.generate([], ChoiceMap.from({ s: { v: 3 } }), new Rng(s)).trace;
  assert.equal(top2.update(tr2, [], [], ChoiceMap.from({ k: true }), new Rng(0)).weight, -Infinity);
});

test("given data (generate's constraints) stay: a regenerate whose run drops a given choice has weight −∞, while the model's own observations in a dropped branch just leave the weight", () => {
  // k picks whether y exists; y is given (the data) in one model and observed by the model itself in the other.
  const givenY = gen((t) => { const k = t.sample("k", bernoulli(0.5)); if (k) t.sample("y", normal(0, 1)); }, "givenY");
  const ownY = gen((t) => { const k = t.sample("k", bernoulli(0.5)); if (k) t.observe("y", normal(0, 1), 2); }, "ownY");
  // Start from k = true (the only state that can make y).
  let seed = 0, tr = givenY.generate([], ChoiceMap.from({ y: 2 }), new Rng(seed)).trace;
  while (tr.get("k") !== true) tr = givenY.generate([], ChoiceMap.from({ y: 2 }), new Rng(++seed)).trace;
  const y = [...tr.choices()].find((c) => c.key === "y")!;
  assert.deepEqual([y.observed, y.given], [true, true]);
  seed = 0;
  let r = givenY.regenerate(tr, [], [], select("k"), new Rng(seed));
  while (r.trace.get("k") !== false && seed < 60) r = givenY.regenerate(tr, [], [], select("k"), new Rng(++seed));
  assert.equal(r.trace.get("k"), false);
  assert.equal(r.weight, -Infinity, "dropping the given y: that state cannot have produced the data");
  // The model's own observation in the dropped branch: its log density leaves the weight, nothing more.
  let t2 = ownY.generate([], ChoiceMap.EMPTY, new Rng(0)).trace;
  for (let s = 1; t2.get("k") !== true; s++) t2 = ownY.generate([], ChoiceMap.EMPTY, new Rng(s)).trace;
  seed = 0;
  let r2 = ownY.regenerate(t2, [], [], select("k"), new Rng(seed));
  while (r2.trace.get("k") !== false && seed < 60) r2 = ownY.regenerate(t2, [], [], select("k"), new Rng(++seed));
  assert.ok(Math.abs(r2.weight - -normal(0, 1).logpdf(2)) < 1e-12, `${r2.weight}`);
});

test("update and regenerate from an impossible trace: weight +∞ into a possible trace, −∞ into another impossible one — never NaN", async () => {
  const { uniform } = await import("../../src/dist/uniform.js");
  const { compileProgram } = await import("../../src/lang/program.js");
  const ts = gen((t) => { const x = t.sample("x", normal(0, 1)) as number; t.observe("y", uniform(0, 1), x); }, "outside");
  const prog = compileProgram("model outside() {\n  x ~ normal(0, 1)\n  observe(uniform(0, 1), x)\n}", "outside.borel").models.outside!;
  for (const m of [ts, prog]) {
    const rng = new Rng(1);
    let trace = m.simulate([], rng);
    while (trace.score > -Infinity) trace = m.simulate([], rng);
    const weights = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = m.regenerate(trace, [], [], select("x"), rng);
      weights.add(`${r.weight} ${r.trace.score > -Infinity}`);
    }
    assert.deepEqual([...weights].sort(), ["-Infinity false", "Infinity true"], m.name);
    assert.equal(m.update(trace, [], [], ChoiceMap.from({ x: 0.5 }), rng).weight, Infinity);
    assert.equal(m.update(trace, [], [], ChoiceMap.from({ x: 2 }), rng).weight, -Infinity);
  }
});
