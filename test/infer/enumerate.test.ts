// Exact enumeration against exact answers: the burglary/alarm network (test/fixtures/bench/exact.json, Russell–
// Norvig tables), hand-computed posteriors of small programs with hard and soft conditioning and a different
// number of choices per branch, the execution limit, and the errors. Enumeration is exact, so the tolerances
// are rounding-level (1e-12 relative), or the precision of the fixture (10 significant digits for pEvidence).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gen } from "../../src/trace/dynamic.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { categorical } from "../../src/dist/categorical.js";
import { uniformInt } from "../../src/dist/uniform_int.js";
import { normal } from "../../src/dist/normal.js";
import { poisson } from "../../src/dist/poisson.js";
import { geometric } from "../../src/dist/geometric.js";
import { logSumExp } from "../../src/math/log.js";
import { compileProgram } from "../../src/lang/program.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import { enumerate, enumerateChoices } from "../../src/infer/enumerate.js";
import { getMethod } from "../../src/infer/registry.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { isBorelError } from "../../src/util/errors.js";
import { posteriorToJSON, posteriorFromJSON } from "../../src/posterior/serialize.js";

const exact = JSON.parse(readFileSync(new URL("../fixtures/bench/exact.json", import.meta.url), "utf8"));
const geometricProgram = (compileProgram(`
model tail(y) {
  k ~ geometric(0.5)
  observe(poisson(k + 1), y)
}`, "tail.borel").models as Record<string, GenerativeFunction>).tail!;
const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(b)), `${a} vs ${b}`);

const alarm = gen((t) => {
  const b = t.sample("burglary", bernoulli(0.001));
  const e = t.sample("earthquake", bernoulli(0.002));
  const a = t.sample("alarm", bernoulli(b ? (e ? 0.95 : 0.94) : e ? 0.29 : 0.001));
  t.sample("johnCalls", bernoulli(a ? 0.9 : 0.05));
  t.sample("maryCalls", bernoulli(a ? 0.7 : 0.01));
}, "alarm");

test("enumerate: burglary network matches exact.json (P(B | j, m), P(E | j, m), P(j, m))", () => {
  const post = enumerate(alarm, [], { johnCalls: true, maryCalls: true });
  close(post.mean("burglary"), exact.alarm.pBurglary);
  close(post.mean("earthquake"), exact.alarm.pEarthquake);
  close(Math.exp(post.logZ!), exact.alarm.pEvidence, 1e-9);
  assert.equal(post.size, 8); // b, e, a free: 2^3 assignments
  assert.deepEqual(post.diagnostics.truncatedMass, 0);
  assert.equal(post.diagnostics.complete, true);
  assert.equal(post.diagnostics.executions, 8); // one run per complete assignment
});

test("enumerate: weights are log p(x, y) of each complete assignment", () => {
  const e = enumerateChoices(alarm, [], ChoiceMap.from({ johnCalls: true, maryCalls: true }));
  e.traces.forEach((tr, i) => {
    const b = tr.get("burglary"), q = tr.get("earthquake"), a = tr.get("alarm");
    const pa = b ? (q ? 0.95 : 0.94) : q ? 0.29 : 0.001;
    const p = (b ? 0.001 : 0.999) * (q ? 0.002 : 0.998) * (a ? pa : 1 - pa) * (a ? 0.9 * 0.7 : 0.05 * 0.01);
    close(e.logWeights[i]!, Math.log(p));
  });
});

test("enumerate: hard conditioning (two dice summing to 8)", () => {
  const dice = gen((t) => {
    const a = t.sample("a", uniformInt(1, 6)) as number;
    const b = t.sample("b", uniformInt(1, 6)) as number;
    t.factor(a + b === 8 ? 0 : -Infinity);
  });
  const post = enumerate(dice, []);
  close(Math.exp(post.logZ!), 5 / 36);
  close(post.mean("a"), 4); // (2+3+4+5+6)/5
  const w = post.weights(), a = post.values("a");
  let p2 = 0;
  for (let i = 0; i < w.length; i++) if (a[i] === 2) p2 += w[i]!;
  close(p2, 1 / 5);
});

test("enumerate: soft conditioning and a different number of choices per branch", () => {
  // b ~ flip(0.3); b: k ~ categorical(0.2, 0.5, 0.3), factor(k); ¬b: c1, c2 ~ flip(0.6), factor(c1 + c2 − 1)
  const branchy = gen((t) => {
    if (t.sample("b", bernoulli(0.3))) {
      const k = t.sample("k", categorical([0.2, 0.5, 0.3])) as number;
      t.factor(k);
    } else {
      const c = [t.sample("c1", bernoulli(0.6)), t.sample("c2", bernoulli(0.6))].filter(Boolean).length;
      t.factor(c - 1);
    }
  });
  const zTrue = 0.3 * (0.2 * 1 + 0.5 * Math.E + 0.3 * Math.E ** 2);
  const zFalse = 0.7 * (0.16 * Math.exp(-1) + 2 * 0.24 * 1 + 0.36 * Math.E);
  const post = enumerate(branchy, []);
  close(post.logZ!, Math.log(zTrue + zFalse));
  close(post.mean("b"), zTrue / (zTrue + zFalse));
  assert.equal(post.size, 3 + 4);
  // k is defined on the b = true branch only: its mean is conditional on that branch
  close(post.mean("k"), (0.5 * Math.E + 2 * 0.3 * Math.E ** 2) / (0.2 + 0.5 * Math.E + 0.3 * Math.E ** 2));
});

test("enumerate: an unbounded model stops at the execution limit and reports the truncated prior mass", () => {
  // number of heads before the first tail: an infinite tree. Each run finds one new leaf (prior mass 2^-(n+1)),
  // and what is left on the stack is exactly the rest of the prior mass.
  const geometric = gen((t) => {
    let n = 0;
    while (t.sample(["flip", n], bernoulli(0.5))) n++;
    t.track("n", n);
  });
  const post = enumerate(geometric, [], {}, { maxExecutions: 20 });
  assert.equal(post.diagnostics.complete, false);
  assert.equal(post.size, 20);
  const found = post.values("n").reduce((s, n) => s + 2 ** -(n + 1), 0);
  assert.equal(new Set(post.values("n")).size, 20); // 20 different leaves
  close(post.diagnostics.truncatedMass as number, 1 - found);
  close(post.logZ!, Math.log(found));
  assert.match(String(post.diagnostics.warnings), /lower bound/);
});

test("enumerate: a continuous choice is an error naming its address", () => {
  const m = gen((t) => { t.sample("b", bernoulli(0.5)); t.sample("x", normal(0, 1)); });
  assert.throws(() => enumerate(m, []), (e: unknown) => isBorelError(e) && e.code === "not-enumerable" && e.address === "x" && /'x'/.test(e.message));
  // A vector of discrete values is discrete, but not branched on: the error says so (it said "not discrete").
  const v = gen((t) => { t.sample("z", bernoulli(new Float64Array([0.2, 0.7]))); });
  assert.throws(() => enumerate(v, []), (e: unknown) => isBorelError(e) && e.address === "z" && /is a vector of 2 discrete values/.test(e.message) && /z\[i\] ~/.test(e.hint ?? ""));
  // A finite support too large to branch on names the address (it ran out of memory, or 'Invalid array length').
  const big = gen((t) => { t.sample("n", uniformInt(0, 1e12)); });
  assert.throws(() => enumerate(big, []), (e: unknown) => isBorelError(e) && e.address === "n" && /has 1000000000001 values, too many to enumerate/.test(e.message));
});

test("enumerate: impossible observations and unknown addresses are errors", () => {
  const m = gen((t) => { const b = t.sample("b", bernoulli(0.5)); t.sample("o", bernoulli(b ? 1 : 0)); t.factor(-Infinity); });
  assert.throws(() => enumerate(m, [], { o: true }), (e: unknown) => isBorelError(e) && e.code === "zero-weights");
  assert.throws(() => enumerate(alarm, [], { johnCals: true }), (e: unknown) => isBorelError(e) && e.address === "johnCals");
});

test("enumerate: registered for Borel queries", async () => {
  const m = getMethod("enumerate")!;
  const post = await m.run(alarm, [], ChoiceMap.from({ johnCalls: true, maryCalls: true }), { max_executions: 100 }, { seed: 0 });
  close((post as { mean(k: string): number }).mean("burglary"), exact.alarm.pBurglary);
});

test("an enumerated posterior is an exact distribution: population sd and inverse-cdf quantiles, kept when saved", () => {
  const m = gen((t) => { t.sample("b", bernoulli(0.3)); }, "coin");
  const post = enumerate(m, [], {});
  assert.ok(Math.abs(post.mean("b") - 0.3) < 1e-12);
  assert.ok(Math.abs(post.sd("b") - Math.sqrt(0.21)) < 1e-12);
  assert.equal(post.quantile("b", 0.05), 0);
  assert.equal(post.quantile("b", 0.5), 0);
  assert.equal(post.quantile("b", 0.95), 1);
  const again = posteriorFromJSON(JSON.parse(JSON.stringify(posteriorToJSON(post))));
  assert.ok(Math.abs(again.sd("b") - Math.sqrt(0.21)) < 1e-12);
});

test("enumerate: under the execution limit the heaviest subtrees run first (likely-first); depth-first follows one branch", () => {
  // A geometric number of failures with p = 0.4: 20 runs likely-first find the 20 most probable counts 0..19
  // (mass 1 − 0.6^20 = 0.99996), so the posterior mean is close to (1 − p)/p = 1.5; depth-first keeps
  // extending the first run's branch and misses the heavy shallow leaves.
  const geometric = gen((t) => {
    let n = 0;
    while (!t.sample(["flip", n], bernoulli(0.4))) n++;
    return n;
  });
  const likely = enumerate(geometric, [], {}, { maxExecutions: 20 });
  assert.deepEqual([...likely.values("return")].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
  close(likely.diagnostics.truncatedMass as number, 0.6 ** 20);
  assert.ok(Math.abs(likely.mean("return") - 1.5) < 1e-3, `mean ${likely.mean("return")}`);
  const deep = enumerate(geometric, [], {}, { maxExecutions: 20, order: "depth-first" });
  assert.ok((deep.diagnostics.truncatedMass as number) > (likely.diagnostics.truncatedMass as number));
  // A finite model: both orders give the same exact posterior.
  const two = gen((t) => { const a = t.sample("a", bernoulli(0.3)); const b = t.sample("b", bernoulli(a ? 0.9 : 0.2)); t.observe("c", bernoulli(b ? 0.7 : 0.1), true); });
  const x = enumerate(two, [], {}), y = enumerate(two, [], {}, { order: "depth-first" });
  close(x.logZ!, y.logZ!);
  close(x.mean("a"), y.mean("a"));
  assert.throws(() => enumerate(two, [], {}, { order: "breadth" as never }), /'order' must be "likely-first" or "depth-first"/);
});

test("enumerate: a recursive model stops at the tolerance with its answer exact to that precision; tolerance 0 runs to the limit", () => {
  // k failures before a success (p = 0.4), y = 3 observed from poisson(k + 0.1): the posterior mean of k is
  // Σ k·w_k / Σ w_k with w_k = 0.4·0.6^k·Pois(3; k + 0.1) (300 terms: the rest is below 1e-60).
  const geometric = gen((t) => {
    let k = 0;
    while (!t.sample(["stop", k], bernoulli(0.4))) k++;
    t.observe("y", poisson(k + 0.1), 3);
    return k;
  });
  let num = 0, den = 0;
  for (let k = 0; k < 300; k++) { const w = 0.4 * 0.6 ** k * Math.exp(poisson(k + 0.1).logpdf(3)); num += k * w; den += w; }
  const post = enumerate(geometric, [], {});
  assert.equal(post.diagnostics.stoppedBy, "tolerance");
  assert.ok((post.diagnostics.executions as number) < 200, `${post.diagnostics.executions} runs`);
  assert.ok(Math.abs(post.mean("return") - num / den) < 1e-10, `${post.mean("return")} vs ${num / den}`);
  assert.ok(Math.abs(post.logZ! - Math.log(den)) < 1e-10);
  assert.equal(post.diagnostics.warnings, undefined);
  assert.match(String(post.diagnostics.note), /cannot change Z by more than a fraction 1e-12/);
  const all = enumerate(geometric, [], {}, { tolerance: 0, maxExecutions: 150 });
  assert.equal(all.diagnostics.executions, 150);
  assert.equal(all.diagnostics.stoppedBy, "max-executions");
  assert.throws(() => enumerate(geometric, [], {}, { tolerance: -1 }), /'tolerance' must be in \[0, 1\)/);
});

test("enumerate: a countable prior's far tail, where the likelihood is, is searched (its mass summed, not lost to rounding)", () => {
  // k ~ geometric(0.5) with 200 observed from poisson(k + 1): the posterior sits near k = 117, where the prior
  // mass left is ~1e-35 — far below the rounding of 1 − Σ p(k), which once ended the search at k = 54 as if
  // complete. Exact: the weights summed directly over k < 2000 (the rest is below e^-1000 of them).
  const model = gen((t) => { const k = t.sample("k", geometric(0.5)) as number; t.observe("y", poisson(k + 1), 200); return k; });
  const lw = Array.from({ length: 2000 }, (_, k) => geometric(0.5).logpdf(k) + poisson(k + 1).logpdf(200));
  const logZ = logSumExp(lw), mean = lw.reduce((s, w, k) => s + k * Math.exp(w - logZ), 0);
  for (const program of [false, true]) {
    const post = program ? enumerate(geometricProgram, [200], {}) : enumerate(model, [], {});
    assert.ok(Math.abs(post.mean("k") - mean) < 1e-9 * mean, `${program}: ${post.mean("k")} vs ${mean}`);
    assert.ok(Math.abs(post.logZ! - logZ) < 1e-9, `${program}: ${post.logZ} vs ${logZ}`);
  }
});

test("enumerate by replay: a choice's other values wait as one subtree (wide choices do not flood the frontier)", () => {
  const sum3 = gen((t) => {
    const a = t.sample("a", uniformInt(0, 200)) as number, b = t.sample("b", uniformInt(0, 200)) as number, c = t.sample("c", uniformInt(0, 200)) as number;
    t.factor(a + b + c === 300 ? 0 : -Infinity);
  }, "sum3");
  const post = enumerate(sum3, [], {}, { maxExecutions: 3000, maxFrontier: 20_000, keepTraces: false });
  assert.equal(post.diagnostics.stoppedBy, "max-executions");
  assert.equal(post.diagnostics.executions, 3000);
});

test("enumerate: a search stopped by its limit is never complete, even when the prior mass it left underflows", () => {
  // factor(n) under a geometric(0.5) prior: weights 2^-(n+1)·e^n grow without end (no proper posterior); past
  // n ≈ 1075 the prior tail rounds to 0, which once made the run read as complete without a warning.
  const improper = gen((t) => { const n = t.sample("n", geometric(0.5)) as number; t.factor(n); });
  const post = enumerate(improper, [], {}, { maxExecutions: 1200, keepTraces: false });
  assert.equal(post.diagnostics.complete, false);
  assert.equal(post.diagnostics.stoppedBy, "max-executions");
  assert.match(String(post.diagnostics.warnings), /log Z is a lower bound .*check that the posterior is proper/);
});

test("depth-first order on a countable support passes over its negligible tail and comes back to the other branches", () => {
  // rain ~ bernoulli(0.3); n ~ poisson(rain ? 3 : 1); 2 ~ poisson(n + 0.5). Exact by brute force over n < 200.
  let zRain = 0, zDry = 0;
  const pois = (k: number, r: number) => Math.exp(k * Math.log(r) - r - lgammaInt(k + 1));
  for (let n = 0; n < 200; n++) {
    const lik = pois(2, n + 0.5);
    zRain += 0.3 * pois(n, 3) * lik;
    zDry += 0.7 * pois(n, 1) * lik;
  }
  const embedded = gen((t) => {
    const rain = t.sample("rain", bernoulli(0.3)) as boolean;
    const n = t.sample("n", poisson(rain ? 3 : 1)) as number;
    t.observe("cnt", poisson(n + 0.5), 2);
  }, "rainCount");
  const program = compileProgram("model m() {\n  rain ~ bernoulli(0.3)\n  n ~ poisson(if rain { 3.0 } else { 1.0 })\n  cnt ~ poisson(n + 0.5) given 2\n}", "m.borel").models.m as unknown as GenerativeFunction;
  for (const model of [embedded, program]) {
    const post = enumerate(model, [], {}, { order: "depth-first" });
    assert.ok(Math.abs(post.mean("rain") - zRain / (zRain + zDry)) < 1e-9, `${model.name}: P(rain) ${post.mean("rain")}`);
    assert.ok(Math.abs(post.logZ! - Math.log(zRain + zDry)) < 1e-9, `${model.name}: log Z ${post.logZ}`);
    assert.ok(post.size < 1000, `${model.name}: ${post.size} runs`);
    assert.equal(post.diagnostics.stoppedBy, "tolerance");
  }
});

function lgammaInt(n: number): number {
  let s = 0;
  for (let k = 2; k < n; k++) s += Math.log(k);
  return s;
}
