// GFI weights of compiled Borel models against hand-computed sums of log densities (DESIGN.md weight rules).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { select } from "../../../src/trace/selection.js";
import { ParamStore } from "../../../src/trace/params.js";
import { close, compile, lbern, lnorm } from "./helpers.js";

const { models } = compile(`
model branchy() {
  b ~ bernoulli(0.3)
  var mean = 0
  if b {
    x ~ normal(0, 1)
    mean = x
  } else {
    y ~ normal(1, 2)
    z ~ normal(0, 3)
    mean = y
  }
  o ~ normal(mean, 1) given 0.5
  return mean
}
model inner(m) {
  a ~ normal(m, 1)
  return a
}
model outer() {
  z ~ inner(2)
  w ~ normal(z, 1) given 1
  return z
}
model soft() {
  x ~ normal(0, 1)
  factor(-x * x)
  track sq = x * x
  return x
}
model loop(ys) {
  mu ~ normal(0, 10)
  for i in 0..len(ys) {
    observe(normal(mu, 1), ys[i])
  }
}
model learn() {
  let m = param("m", 0.5)
  x ~ normal(m, 1)
}
`);

const trueBranch = () => {
  const c = ChoiceMap.from({ b: true, x: 0.3 });
  return models.branchy.generate([], c, new Rng(1), { latent: c });
};

test("generate with full constraints: weight = constrained + observed log densities; score split", () => {
  const { trace, weight } = trueBranch();
  close(weight, lbern(true, 0.3) + lnorm(0.3, 0, 1) + lnorm(0.5, 0.3, 1));
  close(trace.score, weight);
  close(trace.observedScore, lnorm(0.5, 0.3, 1));
  close(trace.latentScore, lbern(true, 0.3) + lnorm(0.3, 0, 1));
  assert.equal(trace.retval, 0.3);
  assert.equal(trace.get("o"), 0.5);
});

test("generate with partial constraints: free choices are sampled and not counted", () => {
  const { trace, weight } = models.branchy.generate([], ChoiceMap.from({ b: false, y: 2 }), new Rng(2));
  const z = trace.get("z") as number;
  close(weight, lbern(false, 0.3) + lnorm(2, 1, 2) + lnorm(0.5, 2, 1));
  close(trace.score, weight + lnorm(z, 0, 3));
  assert.equal(models.branchy.generate([], ChoiceMap.from({ b: false, x: 1 }), new Rng(3)).weight, -Infinity);
});

test("simulate: score is the sum of every choice's log density", () => {
  const t = models.branchy.simulate([], new Rng(4));
  const b = t.get("b") as boolean, mean = t.retval as number;
  const expect = lbern(b, 0.3) + (b ? lnorm(mean, 0, 1) : lnorm(mean, 1, 2) + lnorm(t.get("z") as number, 0, 3)) + lnorm(0.5, mean, 1);
  close(t.score, expect);
});

test("assess: the joint log density of complete choices", () => {
  const r = models.branchy.assess([], ChoiceMap.from({ b: false, y: 1.5, z: -1 }));
  close(r.weight, lbern(false, 0.3) + lnorm(1.5, 1, 2) + lnorm(-1, 0, 3) + lnorm(0.5, 1.5, 1));
  assert.equal(r.retval, 1.5);
});

test("update that flips the branch: weight excludes fresh choices; discard holds the old branch", () => {
  const { trace } = trueBranch();
  const r = models.branchy.update(trace, [], [], ChoiceMap.from({ b: false }), new Rng(4));
  const y = r.trace.get("y") as number;
  close(r.weight, lbern(false, 0.3) + lnorm(0.5, y, 1) - (lbern(true, 0.3) + lnorm(0.3, 0, 1) + lnorm(0.5, 0.3, 1)));
  assert.deepEqual(r.discard.toObject(), { b: true, x: 0.3 });
});

test("regenerate keeping the branch: weight is the change of the retained terms", () => {
  const { trace } = trueBranch();
  const r = models.branchy.regenerate(trace, [], [], select("x"), new Rng(7));
  const x = r.trace.get("x") as number;
  close(r.weight, lnorm(0.5, x, 1) - lnorm(0.5, 0.3, 1));
  assert.equal(r.trace.get("b"), true);
});

test("a sub-model's choices nest under its address; its return value is the choice's value", () => {
  const { trace, weight } = models.outer.generate([], ChoiceMap.from({ z: { a: 1.5 } }), new Rng(1));
  close(weight, lnorm(1.5, 2, 1) + lnorm(1, 1.5, 1));
  assert.equal(trace.get("z/a"), 1.5);
  assert.equal(trace.retval, 1.5);
  assert.deepEqual([...trace.choices()].map((c) => c.key), ["z/a", "w"]);
});

test("factor adds to the weight and the score; track records a deterministic value", () => {
  const { trace, weight } = models.soft.generate([], ChoiceMap.from({ x: 2 }), new Rng(1));
  close(weight, lnorm(2, 0, 1) - 4);
  close(trace.factorScore, -4);
  close(trace.score, lnorm(2, 0, 1) - 4);
  assert.deepEqual([...trace.tracked()], [["sq", 4]]);
});

test("observe inside a loop: address obs_LINE_COL/i, one per iteration", () => {
  const ys = new Float64Array([0.5, -1, 2]);
  const { trace, weight } = models.loop.generate([ys], ChoiceMap.from({ mu: 0.25 }), new Rng(1));
  close(weight, lnorm(0.25, 0, 10) + lnorm(0.5, 0.25, 1) + lnorm(-1, 0.25, 1) + lnorm(2, 0.25, 1));
  const keys = [...trace.choices()].map((c) => c.key);
  assert.deepEqual(keys, ["mu", "obs_34_5/0", "obs_34_5/1", "obs_34_5/2"]);
  assert.ok([...trace.choices()].slice(1).every((c) => c.observed));
});

test("param reads the ParamStore of the options (initialized on first use)", () => {
  const params = new ParamStore();
  const { weight } = models.learn.generate([], ChoiceMap.from({ x: 1 }), new Rng(1), { params });
  assert.equal(params.get("m"), 0.5);
  close(weight, lnorm(1, 0.5, 1));
  params.set("m", 1);
  close(models.learn.generate([], ChoiceMap.from({ x: 1 }), new Rng(1), { params }).weight, lnorm(1, 1, 1));
});

test("propose returns the choices and their joint log density", () => {
  const p = models.branchy.propose([], new Rng(9));
  // The observation `o` is the model's own: assess takes the random choices only.
  const latent = new ChoiceMap([...p.choices].filter(([k]) => k !== "o"));
  close(models.branchy.assess([], latent).weight, p.weight);
});

test("a model called with the wrong number of arguments is a clear error", () => {
  assert.throws(() => models.loop.simulate([], new Rng(1)), /model loop takes 1 argument, got 0/);
});
