// A Borel model and the same model written with the embedded DSL (`gen`) give identical traces, scores and
// weights for the same seed, under every GFI method (property test over several models and seeds).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../../src/rand/rng.js";
import { gen } from "../../../src/trace/dynamic.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { select } from "../../../src/trace/selection.js";
import type { GenerativeFunction, Trace } from "../../../src/trace/gfi.js";
import { bernoulli, beta, halfNormal, normal } from "../../../src/dist/index.js";
import { Tape, Var } from "../../../src/ad/var.js";
import { compile, signature } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

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
model coin(flips) {
  p ~ beta(1, 1)
  for i in 0..len(flips) {
    observe(bernoulli(p), flips[i])
  }
  return p
}
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
model schools(y, sigma) {
  mu ~ normal(0, 5)
  tau ~ half_normal(5)
  for j in 0..len(y) {
    theta[j] ~ normal(mu, tau)
    observe(normal(theta[j], sigma[j]), y[j])
  }
  return mu
}
model step(prev) {
  x ~ normal(prev, 1)
  return x
}
model chain(ys) {
  var x = 0
  for t in 0..len(ys) {
    s[t] ~ step(x)
    x = s[t]
    observe(normal(x, 0.5), ys[t])
  }
  return x
}
model reg(xs, ys) {
  w ~ normal(0, 1)
  b ~ normal(0, 1)
  observe(normal(w * xs + b, 1), ys)
  return w
}
`);

// The embedded twins, written by hand with the same addresses.
const twins: Record<string, GenerativeFunction> = {
  branchy: gen((t) => {
    const b = t.sample("b", bernoulli(0.3));
    let mean: number;
    if (b) mean = t.sample("x", normal(0, 1)) as number;
    else { mean = t.sample("y", normal(1, 2)) as number; t.sample("z", normal(0, 3)); }
    t.observe("o", normal(mean, 1), 0.5);
    return mean;
  }, "branchy"),
  coin: gen((t, flips: boolean[]) => {
    const p = t.sample("p", beta(1, 1));
    flips.forEach((f, i) => t.observe(["obs_19_5", i], bernoulli(p), f));
    return p;
  }, "coin"),
  hmm: gen((t, ys: Float64Array) => {
    let s = 0;
    const z: boolean[] = [t.sample(["z", 0], bernoulli(0.5))];
    for (let i = 1; i < ys.length; i++) {
      z[i] = t.sample(["z", i], bernoulli(z[i - 1] ? 0.9 : 0.1));
      if (z[i]) s = s + 1; else t.factor(-0.5);
      t.observe(["obs_29_5", i], normal(z[i] ? 1 : -1, 1), ys[i]);
    }
    return s;
  }, "hmm"),
  schools: gen((t, y: Float64Array, sigma: Float64Array) => {
    const mu = t.sample("mu", normal(0, 5)), tau = t.sample("tau", halfNormal(5));
    for (let j = 0; j < y.length; j++) {
      const theta = t.sample(["theta", j], normal(mu, tau));
      t.observe(["obs_38_5", j], normal(theta, sigma[j]), y[j]);
    }
    return mu;
  }, "schools"),
  chain: gen((t, ys: Float64Array) => {
    let x = 0;
    for (let i = 0; i < ys.length; i++) {
      x = t.trace(["s", i], step, [x]) as number;
      t.observe(["obs_51_5", i], normal(x, 0.5), ys[i]);
    }
    return x;
  }, "chain"),
  reg: gen((t, xs: Float64Array, ys: Float64Array) => {
    const w = t.sample("w", normal(0, 1)), b = t.sample("b", normal(0, 1));
    t.observe("obs_58_3", normal(t.m.add(t.m.mul(w, xs), b), 1), ys);
    return w;
  }, "reg"),
};
const step = gen((t, prev: number) => t.sample("x", normal(prev, 1)), "step");
// The Borel chain calls the Borel step; the embedded chain calls the embedded step (same addresses).

const data: Record<string, unknown[]> = {
  branchy: [],
  coin: [[true, true, false, true, false, true, true]],
  hmm: [Float64Array.from([0.3, 1.2, -0.4, 0.9, 1.4, -1.1])],
  schools: [Float64Array.from([28, 8, -3, 7]), Float64Array.from([15, 10, 16, 11])],
  chain: [Float64Array.from([0.5, 1.1, 0.7, 2.0])],
  reg: [Float64Array.from([-1, 0, 1, 2]), Float64Array.from([-1.8, 0.1, 2.2, 3.9])],
};


const names = Object.keys(twins);
const pair = fc.constantFrom(...names);
const seed = fc.integer({ min: 0, max: 1_000_000 });

test("simulate: identical traces and scores for the same seed", () => {
  fc.assert(fc.property(pair, seed, (name, s) => {
    const a = models[name].simulate(data[name], new Rng(s)), b = twins[name].simulate(data[name], new Rng(s));
    assert.deepEqual(signature(a), signature(b));
  }), { numRuns: 60 });
});

/** Latent choices of a trace, each kept with probability 1/2 (decided by `mask`). */
function someLatents(t: Trace, mask: number): ChoiceMap {
  const c = new ChoiceMap();
  [...t.choices()].filter((ch) => !ch.observed).forEach((ch, i) => { if ((mask >> (i % 30)) & 1) c.set(ch.key, ch.value); });
  return c;
}

test("generate with constraints: identical traces and weights", () => {
  fc.assert(fc.property(pair, seed, seed, fc.integer({ min: 0, max: 2 ** 30 - 1 }), (name, s1, s2, mask) => {
    const constraints = someLatents(twins[name].simulate(data[name], new Rng(s1)), mask);
    const a = models[name].generate(data[name], constraints, new Rng(s2)), b = twins[name].generate(data[name], constraints, new Rng(s2));
    assert.deepEqual(signature(a.trace), signature(b.trace));
    assert.equal(a.weight, b.weight);
  }), { numRuns: 60 });
});

test("update and regenerate: identical traces, weights and discards", () => {
  fc.assert(fc.property(pair, seed, seed, fc.integer({ min: 0, max: 2 ** 30 - 1 }), (name, s1, s2, mask) => {
    const ta = models[name].simulate(data[name], new Rng(s1)), tb = twins[name].simulate(data[name], new Rng(s1));
    const other = someLatents(twins[name].simulate(data[name], new Rng(s2)), mask);
    const ua = models[name].update(ta, data[name], [], other, new Rng(s2)), ub = twins[name].update(tb, data[name], [], other, new Rng(s2));
    assert.deepEqual(signature(ua.trace), signature(ub.trace));
    assert.equal(ua.weight, ub.weight);
    assert.deepEqual(ua.discard.toObject(), ub.discard.toObject());
    const sel = select(...other.keys());
    const ra = models[name].regenerate(ta, data[name], [], sel, new Rng(s2)), rb = twins[name].regenerate(tb, data[name], [], sel, new Rng(s2));
    assert.deepEqual(signature(ra.trace), signature(rb.trace));
    assert.equal(ra.weight, rb.weight);
  }), { numRuns: 60 });
});

test("scoreAD: identical differentiable scores and gradients (sampled values are AD values)", () => {
  fc.assert(fc.property(fc.constantFrom("schools", "reg", "chain", "coin"), seed, (name, s) => {
    const grads = (gf: GenerativeFunction, t: Trace) => {
      const tape = new Tape(), leaves = new Map<string, Var>();
      const r = gf.scoreAD(t, (key, _i, d) => {
        if (d.discrete) return undefined;
        const v = tape.scalar(t.get(key) as number, key);
        leaves.set(key, v);
        return v;
      });
      tape.backward(r.score as Var);
      return { score: (r.score as Var).x, grads: [...leaves].map(([k, v]) => [k, v.g]) };
    };
    // Each model differentiates its own trace (the same choices: simulate is identical for the same seed).
    const ta = models[name].simulate(data[name], new Rng(s)), tb = twins[name].simulate(data[name], new Rng(s));
    const ga = grads(models[name], ta);
    assert.deepEqual(ga, grads(twins[name], tb));
    assert.ok(ga.grads.length > 0 && ga.grads.some(([, g]) => g !== 0));
  }), { numRuns: 30 });
});

test("the twins are really the same models (not both trivially empty)", () => {
  const t = models.chain.simulate(data.chain, new Rng(1));
  assert.deepEqual([...t.choices()].map((c) => c.key).slice(0, 3), ["s/0/x", "obs_51_5/0", "s/1/x"]);
});
