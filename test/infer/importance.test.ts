// Importance sampling against exact answers (fixed seeds). Tolerances are 4 Monte Carlo standard errors:
// for a posterior mean, 4·sd/√ESS (sd the exact posterior sd, ESS the Kish ESS of the run); for log Ẑ,
// 4·√((N/ESS − 1)/N), the delta-method se of log mean w (Var(w)/E[w]² ≈ N/ESS − 1).
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gen } from "../../src/trace/dynamic.js";
import { beta } from "../../src/dist/beta.js";
import { normal } from "../../src/dist/normal.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { uniformInt } from "../../src/dist/uniform_int.js";
import { uniform } from "../../src/dist/uniform.js";
import { importance } from "../../src/infer/importance.js";
import { getMethod } from "../../src/infer/registry.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { isBorelError } from "../../src/util/errors.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import {
  alarm, betaBernoulli, betaBernoulliExact, branchy, branchyExact, normalGammaExact, normalGammaModel, normalNormal, normalNormalExact,
} from "./importance-models.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/bench/${name}`, import.meta.url), "utf8"));
const exact = fixture("exact.json");
const flips: boolean[] = fixture("betabern.json");

const ess = (p: Posterior) => p.diagnostics.ess as number;
function checkMean(t: TestContext, p: Posterior, key: string, mean: number, sd: number) {
  const tol = (4 * sd) / Math.sqrt(ess(p));
  t.diagnostic(`${key}: error ${(p.mean(key) - mean).toExponential(2)}, tol ${tol.toPrecision(2)} (ESS ${ess(p).toFixed(0)})`);
  assert.ok(Math.abs(p.mean(key) - mean) <= tol, `${key}: ${p.mean(key)} vs ${mean} (tol ${tol.toPrecision(3)}, ESS ${ess(p).toFixed(0)})`);
}
function checkLogZ(t: TestContext, p: Posterior, logZ: number) {
  const tol = 4 * Math.sqrt((p.size / ess(p) - 1) / p.size) + 1e-12;
  t.diagnostic(`log Z: error ${(p.logZ! - logZ).toExponential(2)}, tol ${tol.toPrecision(2)}`);
  assert.ok(Math.abs(p.logZ! - logZ) <= tol, `log Z: ${p.logZ} vs ${logZ} (tol ${tol.toPrecision(3)})`);
}

test("importance (prior): Beta-Bernoulli on betabern.json matches exact.json", (t) => {
  const p = importance(betaBernoulli, [flips.length], { flips }, { particles: 10000, seed: 1 });
  checkMean(t, p, "p", exact.betabern.postMean, exact.betabern.postSd);
  checkLogZ(t, p, exact.betabern.logZ);
  const e = betaBernoulliExact(flips);
  assert.ok(Math.abs(e.logZ - exact.betabern.logZ) < 1e-10 && Math.abs(e.mean - exact.betabern.postMean) < 1e-12);
});

test("importance (custom proposal): the exact posterior as proposal gives every weight = log Z", (t) => {
  const guide = gen((t) => t.sample("p", beta(71, 31)), "guide");
  const p = importance(betaBernoulli, [flips.length], { flips }, { particles: 200, seed: 2, proposal: guide });
  for (const w of p.logWeights!) assert.ok(Math.abs(w - exact.betabern.logZ) < 1e-9, `${w}`);
  assert.ok(Math.abs(p.logZ! - exact.betabern.logZ) < 1e-9);
  assert.ok(Math.abs(ess(p) - 200) < 1e-6);
  assert.equal(p.diagnostics.proposal, "guide");
  // the proposed value is a latent draw of the posterior, not an observation
  assert.ok(p.keys().includes("p"));
});

test("importance (custom proposal): a proposed value outside the model's support has weight 0 (it was an error), so the estimate stays unbiased", (t) => {
  // N(0.7, 0.1) proposes p > 1 about once in 1000 draws: beta(1, 1) has no density there. That is valid
  // importance sampling (p(x) = 0: weight 0), as MH with the same proposal rejects the move.
  const guide = gen((t) => t.sample("p", normal(0.7, 0.1)), "normalGuide");
  const p = importance(betaBernoulli, [flips.length], { flips }, { particles: 20000, seed: 5, proposal: guide });
  assert.ok(p.logWeights!.some((w) => w === -Infinity), "some proposals fell outside (0, 1)");
  checkMean(t, p, "p", exact.betabern.postMean, exact.betabern.postSd);
  checkLogZ(t, p, exact.betabern.logZ);
  // All outside: the zero-weight error names the proposal's address, not the data.
  const outside = gen((t) => t.sample("p", normal(-3, 0.1)), "negativeGuide");
  assert.throws(() => importance(betaBernoulli, [flips.length], { flips }, { particles: 50, seed: 5, proposal: outside }),
    (e: unknown) => isBorelError(e) && e.code === "zero-weights" && e.address === "p" && /the proposal's value at 'p' lies outside the model's support in 50 of them/.test(e.message));
});

test("importance (custom proposal): a wider proposal is still unbiased (Normal-Normal)", (t) => {
  const y = [1.2, 0.4, 2.1, 1.7, 0.9];
  const e = normalNormalExact(y, 2, 1);
  const guide = gen((t, m: number, s: number) => t.sample("mu", normal(m, s)));
  const p = importance(normalNormal, [y.length, 2, 1], { y: Float64Array.from(y) }, { particles: 4000, seed: 3, proposal: guide, proposalArgs: [1, 1] });
  checkMean(t, p, "mu", e.mean, e.sd);
  checkLogZ(t, p, e.logZ);
  assert.ok(ess(p) > 1000, `ESS ${ess(p)}`);
});

test("importance (prior): Normal-Normal and Normal-Gamma", (t) => {
  const y = [1.2, 0.4, 2.1, 1.7, 0.9];
  const e = normalNormalExact(y, 2, 1);
  const p = importance(normalNormal, [y.length, 2, 1], { y: Float64Array.from(y) }, { particles: 10000, seed: 4 });
  checkMean(t, p, "mu", e.mean, e.sd);
  checkLogZ(t, p, e.logZ);
  const g = normalGammaExact(y, 2, 1, 0, 1);
  const q = importance(normalGammaModel, [y.length, 2, 1, 0, 1], { y: Float64Array.from(y) }, { particles: 20000, seed: 5 });
  checkMean(t, q, "mu", g.muMean, g.muSd);
  checkMean(t, q, "tau", g.tauMean, g.tauSd);
  checkLogZ(t, q, g.logZ);
});

test("importance: burglary network, with the prior and with a proposal for burglary and alarm", (t) => {
  const obs = { johnCalls: true, maryCalls: true }, pb = exact.alarm.pBurglary;
  const p = importance(alarm, [], obs, { particles: 20000, seed: 6 });
  checkMean(t, p, "burglary", pb, Math.sqrt(pb * (1 - pb)));
  checkLogZ(t, p, Math.log(exact.alarm.pEvidence));
  // q proposes burglary and alarm; the earthquake comes from the prior (left out of the proposal)
  const guide = gen((t) => { t.sample("burglary", bernoulli(0.3)); t.sample("alarm", bernoulli(0.7)); }, "alarmGuide");
  const q = importance(alarm, [], obs, { particles: 5000, seed: 7, proposal: guide });
  checkMean(t, q, "burglary", pb, Math.sqrt(pb * (1 - pb)));
  checkLogZ(t, q, Math.log(exact.alarm.pEvidence));
  assert.ok(ess(q) > 5 * ess(p) / 4, `proposal ESS ${ess(q)} vs prior ESS ${ess(p)}`);
});

test("importance (prior): hard and soft conditioning with a different number of choices per branch", (t) => {
  const e = branchyExact();
  const p = importance(branchy, [], { o: true }, { particles: 10000, seed: 7 });
  checkMean(t, p, "b", e.pB, Math.sqrt(e.pB * (1 - e.pB)));
  checkLogZ(t, p, e.logZ);
  const dice = gen((t) => { const a = t.sample("a", uniformInt(1, 6)) as number; t.factor(a + (t.sample("b", uniformInt(1, 6)) as number) === 8 ? 0 : -Infinity); });
  const d = importance(dice, [], {}, { particles: 5000, seed: 8 });
  checkMean(t, d, "a", 4, Math.SQRT2);
  checkLogZ(t, d, Math.log(5 / 36));
});

test("importance: errors (proposal on an observed address, zero weights) and abort", (t) => {
  const bad = gen((t) => t.sample("flips", beta(1, 1)));
  assert.throws(() => importance(betaBernoulli, [3], { flips: [true, true, false] }, { particles: 10, proposal: bad }),
    (e: unknown) => isBorelError(e) && e.code === "proposal-conflict" && e.address === "flips");
  const never = gen((t) => { t.sample("x", normal(0, 1)); t.factor(-Infinity); });
  assert.throws(() => importance(never, [], {}, { particles: 10 }), (e: unknown) => isBorelError(e) && e.code === "zero-weights" && /a factor of −∞ is impossible in 10/.test(e.message));
  // The error names the observation that no particle can explain.
  const outside = gen((t) => { const x = t.sample("x", beta(2, 2)) as number; t.observe("near", normal(x, 1), 0.5); t.observe("u", uniform(x - 2, x - 1), 0.5); });
  assert.throws(() => importance(outside, [], {}, { particles: 10 }), (e: unknown) => isBorelError(e) && e.code === "zero-weights" && e.address === "u" && /observation at 'u' is impossible in 10 of them \(e\.g\. 0\.5 under uniform\(.*\), whose support is .* < x < .*\)$/.test(e.message));
  const ac = new AbortController();
  let calls = 0;
  const p = importance(normalNormal, [1, 1, 1], { y: Float64Array.of(0) }, {
    particles: 100000, onProgress: () => { if (++calls === 2) ac.abort(); }, signal: ac.signal,
  });
  assert.equal(p.size, 2048);
  assert.equal(p.diagnostics.aborted, true);
});

test("importance warns when the weights' tail is too heavy (Pareto k̂ > 0.7), and not on a healthy run", () => {
  // A N(0, 10) prior for a posterior of sd 0.04 (linreg.json): 2.5 effective particles of 10⁴ and log Z 2.6 off,
  // reported with confident summaries and no warning.
  const lr = fixture("linreg.json");
  const line = gen((t, xs: number[], ys: number[]) => {
    const slope = t.sample("slope", normal(0, 10)), intercept = t.sample("intercept", normal(0, 10));
    xs.forEach((x, i) => t.observe(["y", i], normal(t.m.add(t.m.mul(slope, x), intercept), 0.5), ys[i]));
  }, "line");
  const bad = importance(line, [lr.xs, lr.ys], {}, { particles: 2000, seed: 1 });
  assert.match((bad.diagnostics.warnings as string[] | undefined)?.[0] ?? "", /^importance: Pareto k̂ (∞|\d+\.\d\d) > 0\.7 \(an effective sample size of .* of 2000 particles\)/);
  const good = importance(betaBernoulli, [flips.length], { flips }, { particles: 2000, seed: 1 });
  assert.equal(good.diagnostics.warnings, undefined);
});

test("importance: registered for Borel queries", async () => {
  const p = await getMethod("importance")!.run(alarm, [], ChoiceMap.from({ johnCalls: true, maryCalls: true }), { particles: 100 }, { seed: 1 });
  assert.equal(p.size, 100);
});

test("importance records draws without keeping traces unless asked; other return values are recorded by draw", () => {
  const m = gen((t) => ((t.sample("b", bernoulli(0.3)) as boolean) ? "heads" : "tails"), "flip");
  const post = importance(m, [], {}, { particles: 2000, seed: 3 });
  assert.equal(post.traces, null);
  assert.equal(post.returns!.length, 2000);
  const heads = post.returns!.filter((r) => r === "heads").length / 2000;
  assert.ok(Math.abs(heads - 0.3) < 4 * Math.sqrt(0.21 / 2000), `P(heads) ${heads}`);
  assert.deepEqual(Array.from(post.values("b").slice(0, 20)), post.returns!.slice(0, 20).map((r) => (r === "heads" ? 1 : 0)));
  const kept = importance(m, [], {}, { particles: 50, seed: 3, keepTraces: true });
  assert.equal(kept.traces!.length, 50);
  assert.deepEqual(kept.traces!.map((t) => t.retval), kept.returns);
});

test("every inference method refuses a model that is not a generative function, naming the fix", async () => {
  const { nuts } = await import("../../src/infer/nuts.js");
  const { smc } = await import("../../src/infer/smc/smc.js");
  const { enumerate } = await import("../../src/infer/enumerate.js");
  const { vi } = await import("../../src/infer/vi/vi.js");
  const plain = ((t: { sample: (a: string, d: unknown) => unknown }) => t.sample("x", normal(0, 1))) as never;
  for (const [name, run] of [["importance", importance], ["nuts", nuts], ["smc", smc], ["enumerate", enumerate], ["vi", vi]] as const) {
    assert.throws(() => (run as (m: unknown, a: unknown[]) => unknown)(plain, []), (e: unknown) => {
      const b = e as { code?: string; message: string; hint?: string };
      return b.code === "not-a-model" && b.message.startsWith(`${name}: `) && /gen\(/.test(b.hint ?? "");
    }, name);
  }
  assert.throws(() => importance(gen((t) => t.sample("x", normal(0, 1))), 3 as never), /arguments must be an array/);
});

test("importance: no heavy-tail warning when the weights take a few values (a discrete model's are bounded)", () => {
  // Before: a Pareto fit to the ties of the tail said k̂ = ∞ at an ESS of half the particles.
  const p = importance(alarm, [], ChoiceMap.from({ johnCalls: true, maryCalls: true }), { particles: 20000, seed: 2 });
  assert.equal(p.diagnostics.warnings, undefined, String(p.diagnostics.warnings));
});
