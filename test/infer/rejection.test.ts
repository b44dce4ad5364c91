// Rejection sampling: exact draws for hard and soft (discrete-observation) conditioning, checked against exact
// answers with tolerances of 4 Monte Carlo standard errors (iid draws: se = sd/√n; for the evidence estimate
// (k−1)/(n−1), relative se ≈ √((1 − p)/k)); the give-up limit and the bound check are errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { uniformInt } from "../../src/dist/uniform_int.js";
import { normal } from "../../src/dist/normal.js";
import { rejection } from "../../src/infer/rejection.js";
import { getMethod } from "../../src/infer/registry.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { isBorelError } from "../../src/util/errors.js";

const within = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

const dice = gen((t) => {
  const a = t.sample("a", uniformInt(1, 6)) as number;
  const b = t.sample("b", uniformInt(1, 6)) as number;
  t.factor(a + b === 8 ? 0 : -Infinity);
});

test("rejection: a constraint no run visits is an error naming it after 1000 runs, not 'gave up' after 10⁶", () => {
  const m = gen((t) => { t.sample("mu", normal(0, 1)); }, "m");
  assert.throws(() => rejection(m, [], { muu: 1 }, { samples: 5, seed: 1 }), (e: unknown) => isBorelError(e) && e.code === "unknown-address" && e.address === "muu" && e.message === "rejection: the constraint at 'muu' was not visited by m");
});

test("rejection: hard conditioning (two dice summing to 8)", () => {
  const n = 2000;
  const post = rejection(dice, [], {}, { samples: n, seed: 3 });
  assert.equal(post.size, n);
  assert.equal(post.weighted, false);
  within(post.mean("a"), 4, 4 * Math.sqrt(2 / n), "E[a | a + b = 8]"); // a uniform on 2..6: variance 2
  const p = 5 / 36;
  within(post.logZ!, Math.log(p), 4 * Math.sqrt((1 - p) / n), "log P(a + b = 8)");
  within(post.diagnostics.acceptanceRate as number, p, 4 * Math.sqrt(p * (1 - p) / (post.diagnostics.tries as number)), "acceptance rate");
});

test("rejection: soft conditioning on a discrete observation", () => {
  const m = gen((t) => { const b = t.sample("b", bernoulli(0.3)); t.sample("o", bernoulli(b ? 0.9 : 0.2)); });
  const n = 4000, pb = 0.27 / 0.41;
  const post = rejection(m, [], { o: true }, { samples: n, seed: 4 });
  within(post.mean("b"), pb, 4 * Math.sqrt(pb * (1 - pb) / n), "P(b | o)");
  within(post.logZ!, Math.log(0.41), 4 * Math.sqrt(0.59 / n), "log P(o)");
});

test("rejection: gives up with a clear error", () => {
  const rare = gen((t) => { for (let i = 0; i < 20; i++) t.sample(["c", i], bernoulli(0.5)); });
  const obs = ChoiceMap.from({ c: Array.from({ length: 20 }, () => true) });
  // observing 20 fair coins all true: acceptance 2^-20 per run
  assert.throws(() => rejection(rare, [], obs, { samples: 10, maxTries: 500, seed: 1 }),
    (e: unknown) => isBorelError(e) && e.code === "rejection-gave-up" && /500 runs/.test(e.message) && /max_?[tT]ries/.test(e.hint ?? ""));
});

test("rejection: a weight above the bound is an error", () => {
  const m = gen((t) => { const x = t.sample("x", normal(0, 1)) as number; t.observe("y", normal(x, 0.05), 0); });
  assert.throws(() => rejection(m, [], {}, { samples: 10, seed: 1 }), (e: unknown) => isBorelError(e) && e.code === "bad-bound");
  // with a valid bound (the maximum density of N(0, 0.05) is 1/(0.05·√(2π))) it samples the exact posterior N(0, 0.0499²)
  const post = rejection(m, [], {}, { samples: 400, seed: 2, maxLogWeight: -Math.log(0.05 * Math.sqrt(2 * Math.PI)) });
  within(post.mean("x"), 0, 4 * 0.05 / Math.sqrt(400), "posterior mean");
});

test("rejection: registered with its options", async () => {
  const spec = getMethod("rejection")!;
  assert.deepEqual(Object.keys(spec.options).sort(), ["max_log_weight", "max_tries", "samples"]);
  const post = await spec.run(dice, [], ChoiceMap.EMPTY, { samples: 100, max_tries: 10000, max_log_weight: 0 }, { seed: 1 });
  assert.equal((post as { size: number }).size, 100);
});
