// Stop, copy, resume (DESIGN.md): a compiled model's resumable run pauses at each observation point, forks in
// O(1), reproduces generate's trace and weight exactly, costs the same work per step at t = 10 and t = 10,000,
// and continues from a trace an MCMC kernel moved.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { select } from "../../../src/trace/selection.js";
import type { Trace } from "../../../src/trace/gfi.js";
import { PVec } from "../../../src/lang/runtime/pvec.js";
import type { ParticleRun } from "../../../src/lang/compile/particle.js";
import { close, compile } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const { models } = compile(`
model hmm(ys) {
  var s = 0
  z[0] ~ bernoulli(0.5)
  for t in 1..len(ys) {
    z[t] ~ bernoulli(if z[t - 1] { 0.9 } else { 0.1 })
    if z[t] { s = s + 1 } else { factor(-0.5) }
    observe(normal(if z[t] { 1 } else { -1 }, 1), ys[t])
  }
  return s
}
model walk(n) {
  x[0] ~ normal(0, 1)
  for t in 1..n {
    x[t] ~ normal(x[t - 1], 1)
    y[t] ~ normal(x[t], 0.5)
  }
  return x[n - 1]
}
model step(prev, y) {
  x ~ normal(prev, 1)
  observe(normal(x, 0.5), y)
  return x
}
model nested(ys) {
  var x = 0
  for t in 0..len(ys) {
    s[t] ~ step(x, ys[t])
    x = s[t]
  }
  return x
}
`);

const ys = Float64Array.from([0.3, 1.2, -0.4, 0.9, 1.4, -1.1, 0.2, 0.8]);
const sig = (t: Trace) => JSON.stringify({ c: [...t.choices()].map((c) => [c.key, c.value, c.logp, c.observed]), s: [t.score, t.latentScore, t.observedScore, t.factorScore], r: t.retval });

function runToEnd(run: ParticleRun, rng: Rng): number[] {
  const ws: number[] = [];
  for (let r = run.advance(rng); ; r = run.advance(rng)) { ws.push(r.weight); if (r.done) return ws; }
}

test("advance reproduces generate: same trace, and the advance weights sum to generate's weight", () => {
  const walkY = (n: number) => { const c = new ChoiceMap(); for (let t = 1; t < n; t++) c.set(["y", t], Math.sin(t)); return c; };
  const cases: [keyof typeof models, unknown[], ChoiceMap][] = [
    ["hmm", [ys], ChoiceMap.EMPTY],
    ["walk", [12], walkY(12)],
    ["nested", [ys], ChoiceMap.EMPTY],
    ["nested", [ys], ChoiceMap.from({ s: [{ x: 0.1 }, { x: 0.5 }] })],
  ];
  fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1e6 }), (c, seed) => {
    const [name, args, constraints] = cases[c];
    const g = models[name].generate(args, constraints, new Rng(seed));
    const run = models[name].start!(args, constraints, new Rng(seed)) as ParticleRun;
    const ws = runToEnd(run, new Rng(seed));
    assert.equal(sig(run.trace()), sig(g.trace));
    assert.equal(run.weight, g.weight);
    close(ws.reduce((a, b) => a + b, 0), g.weight, 1e-12);
  }), { numRuns: 40 });
});

test("a run pauses at every observation point: observe, factor, given, constrained ~, inside sub-models", () => {
  const run = models.nested.start!([ys], ChoiceMap.EMPTY, new Rng(1)) as ParticleRun;
  const points: (string | undefined)[] = [];
  for (let r = run.advance(new Rng(2)); !r.done; r = run.advance(new Rng(2))) points.push(r.point);
  assert.deepEqual(points.slice(0, 3), ["s/0/obs_22_3", "s/1/obs_22_3", "s/2/obs_22_3"]);
  assert.equal(points.length, ys.length);
  const walk = models.walk.start!([4], ChoiceMap.from({ y: [0, 1, 2, 3] }), new Rng(1)) as ParticleRun;
  const wp: (string | undefined)[] = [];
  for (let r = walk.advance(new Rng(2)); !r.done; r = walk.advance(new Rng(2))) wp.push(r.point);
  assert.deepEqual(wp, ["y/1", "y/2", "y/3"]);
});

test("fork is a copy: forks continue independently and never change the original", () => {
  const rng = new Rng(3);
  const run = models.walk.start!([8], ChoiceMap.from({ y: [0, 1, 2, 3, 4, 5, 6, 7] }), rng) as ParticleRun;
  for (let i = 0; i < 3; i++) run.advance(rng);
  const before = sig(run.trace()), weight = run.weight;
  const a = run.fork(), b = run.fork();
  runToEnd(a, new Rng(10));
  runToEnd(b, new Rng(11));
  assert.equal(sig(run.trace()), before);
  assert.equal(run.weight, weight);
  assert.notEqual(sig(a.trace()), sig(b.trace()));
  // Both share the prefix of the original.
  const prefix = [...run.trace().choices()].map((c) => c.key);
  assert.deepEqual([...a.trace().choices()].map((c) => c.key).slice(0, prefix.length), prefix);
  // A fork resumed with the original's generator state gives the original's continuation.
  const c = run.fork(), seedRng = () => new Rng(77);
  runToEnd(c, seedRng());
  runToEnd(run, seedRng());
  assert.equal(sig(c.trace()), sig(run.trace()));
});

test("O(1) work per step: the same handler operations and budget steps at t = 10 and t = 10,000", () => {
  const n = 10_010, run = models.walk.start!([n], ChoiceMap.EMPTY, new Rng(4)) as ParticleRun;
  // Unconstrained y's: no pause inside the loop; constrain them so each iteration is one step.
  const obs = new ChoiceMap();
  for (let t = 1; t < n; t++) obs.set(["y", t], 0);
  const r2 = models.walk.start!([n], obs, new Rng(4)) as ParticleRun;
  void run;
  const rng = new Rng(5), budget = models.walk.budget;
  const measure = () => {
    // A run's budget count goes on over its advances (and a fork's from its parent's): the step's own steps
    // are the difference from the count r2's last advance left.
    const ops = r2.work, copied = PVec.copied, before = budget.steps;
    const fork = r2.fork();                 // a resampling duplicate at this step
    fork.advance(rng);
    return { ops: r2.work - ops, steps: budget.steps - before, slots: PVec.copied - copied };
  };
  for (let t = 0; t < 10; t++) r2.advance(rng);
  const early = measure();
  for (let t = 10; t < 10_000; t++) r2.advance(rng);
  const late = measure();
  assert.equal(late.ops, early.ops);        // one ~ for x[t], one for y[t]: 2 handler operations
  assert.equal(early.ops, 2);
  assert.equal(late.steps, early.steps);    // loop ticks and calls of the step
  assert.ok(early.steps > 0);
  // Choice arrays are 32-way tries: a set copies one path, ⌈log32 t⌉ ≤ 3 nodes of ≤ 32 slots for t < 32768.
  assert.ok(late.slots <= 2 * 3 * 32, `copied ${late.slots} slots`);
});

test("trampolined: a 10^5-iteration loop runs in constant stack under generate and under advance", () => {
  const { models: m } = compile(`
model long(n) {
  var acc = 0
  for i in 0..n {
    x[i] ~ normal(0, 1)
    acc = acc + x[i]
  }
  for i in 0..n { acc = acc + 1 }
  return acc
}`);
  const n = 100_000;
  const t = m.long.simulate([n], new Rng(1));
  assert.equal([...t.choices()].length, n);
  const run = m.long.start!([n], ChoiceMap.EMPTY, new Rng(1)) as ParticleRun;
  const r = run.advance(new Rng(1));
  assert.equal(r.done, true);
  assert.equal(run.trace().retval, t.retval);
});

test("rejuvenation: a paused run's trace is a prefix-model trace; withTrace continues from the moved trace", () => {
  const obs = ChoiceMap.from({ y: [0, 0.5, 1.0, 1.5, 2.0, 2.5] });
  const rng = new Rng(6);
  const run = models.walk.start!([6], obs, rng) as ParticleRun;
  run.advance(rng); run.advance(rng);                      // at y/2
  const t = run.trace();
  assert.deepEqual([...t.choices()].map((c) => c.key), ["x/0", "x/1", "y/1", "x/2", "y/2"]);
  // The prefix model's density is the trace's score, and it stops at the same point when regenerated.
  close(t.gf.assess(t.args as unknown[], t.choiceMap()).weight, t.score);
  const moved = t.gf.regenerate(t, t.args as unknown[], [], select(["x", 1]), new Rng(8)).trace;
  assert.deepEqual([...moved.choices()].map((c) => c.key), [...t.choices()].map((c) => c.key));
  assert.notEqual(moved.get("x/1"), t.get("x/1"));
  const resumed = run.withTrace(moved, new Rng(9));
  assert.equal(resumed.points, run.points);
  assert.equal(sig(resumed.trace()), sig(moved));
  runToEnd(resumed, new Rng(10));
  const full = resumed.trace();
  assert.equal(full.get("x/1"), moved.get("x/1"));
  assert.equal(full.gf, models.walk);
  // The finished trace is what generate gives with the same choices.
  const latent = new ChoiceMap([...full.choices()].filter((c) => !c.observed).map((c) => [c.key, c.value]));
  close(models.walk.generate([6], new ChoiceMap([...latent, ...obs]), new Rng(1)).trace.score, full.score);
});

test("a constraint no run visits gives weight −∞ at the end (as generate), an impossible one is an error", () => {
  const run = models.hmm.start!([ys], new ChoiceMap([["z/99", true]]), new Rng(1)) as ParticleRun;
  const ws = runToEnd(run, new Rng(1));
  assert.equal(ws[ws.length - 1], -Infinity);
  assert.equal(run.weight, -Infinity);
  assert.throws(() => runToEnd(models.hmm.start!([ys], ChoiceMap.from({ nope: 1 }), new Rng(1)) as ParticleRun, new Rng(1)),
    /constraint at 'nope' is not an address hmm can produce/);
});
