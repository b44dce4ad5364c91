// SMC on the linear-Gaussian state-space model of examples/data/ssm.json against its Kalman filter
// (exact.json's ssm.logZ, x at the first step ~ N(0, 1)), in the three forms SMC runs on: an unfold, a gen loop
// with the number of steps as its first argument, and a resumable program (hand-written `start()`).
//
// log Z: Ẑ is unbiased, so the log of the mean of Ẑ over S independent runs (log-mean-exp of log Ẑ) is compared
// with the exact log Z. Its standard error, by the delta method, is √((e^{s²} − 1)/S) with s² the variance of
// log Ẑ over the runs (Ẑ/Z is close to log-normal); the tolerance is 4 of those. The filtering mean at the last
// step is compared with 4·√(filtering variance / ESS).
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { logMeanExp } from "../../src/math/log.js";
import { smc, type SMCOptions } from "../../src/infer/smc/smc.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { kalman, PHI, ssmLoop, ssmUnfold, unfoldObservations } from "./smc-models.js";
import { regenMH, ResumableSSM } from "./smc-helpers.js";

const data = JSON.parse(readFileSync(new URL("../../examples/data/ssm.json", import.meta.url), "utf8"));
const exact = JSON.parse(readFileSync(new URL("../fixtures/bench/exact.json", import.meta.url), "utf8"));
const ys: number[] = data.ys;

/** Runs S seeds; checks log-mean-exp of log Ẑ against the exact log Z; returns the runs. */
function checkLogZ(t: TestContext, label: string, S: number, run: (seed: number) => Posterior, logZ: number): Posterior[] {
  const posts = Array.from({ length: S }, (_, s) => run(s + 1));
  const lz = posts.map((p) => p.logZ!);
  const m = lz.reduce((a, b) => a + b, 0) / S, s2 = lz.reduce((a, b) => a + (b - m) ** 2, 0) / (S - 1);
  const est = logMeanExp(lz), tol = 4 * Math.sqrt(Math.expm1(s2) / S);
  t.diagnostic(`${label}: log-mean-exp Ẑ ${est.toFixed(4)}, exact ${logZ.toFixed(4)}, error ${(est - logZ).toExponential(2)}, tol ${tol.toPrecision(3)}`);
  assert.ok(Math.abs(est - logZ) <= tol, `${label}: log-mean-exp Ẑ = ${est} vs exact ${logZ} (tol ${tol.toPrecision(3)}, sd of log Ẑ ${Math.sqrt(s2).toPrecision(3)})`);
  return posts;
}

function checkFilterMean(p: Posterior, key: string, mean: number, variance: number) {
  const ess = p.diagnostics.ess as number, tol = 4 * Math.sqrt(variance / ess);
  assert.ok(Math.abs(p.mean(key) - mean) <= tol, `${key}: ${p.mean(key)} vs ${mean} (tol ${tol.toPrecision(3)})`);
}

test("Kalman filter reproduces exact.json (initial state x ~ N(0, 1))", (t) => {
  const k = kalman(ys);
  assert.ok(Math.abs(k.logZ - exact.ssm.logZ) < 1e-9 && Math.abs(k.mean - exact.ssm.filterMeanLast) < 1e-12 && Math.abs(k.variance - exact.ssm.filterVarLast) < 1e-12);
});

test("smc on unfold: log Ẑ over seeds matches the Kalman log Z (T = 100); increments sum to log Ẑ", (t) => {
  const obs = unfoldObservations(ys);
  const posts = checkLogZ(t, "unfold", 6, (seed) => smc(ssmUnfold, [ys.length, 0], obs, { particles: 400, seed }), exact.ssm.logZ);
  const p = posts[0]!, d = p.diagnostics;
  checkFilterMean(p, "99/x", exact.ssm.filterMeanLast, exact.ssm.filterVarLast);
  const inc = d.logZIncrements as number[];
  assert.equal(inc.length, 100);
  assert.ok(Math.abs(inc.reduce((a, b) => a + b, 0) - p.logZ!) < 1e-9);
  assert.equal((d.essHistory as number[]).length, 100);
  assert.ok((d.resampled as number[]).length > 10 && (d.resampled as number[]).every((t) => t >= 1 && t < 100));
  assert.equal(d.mode, "steps");
});

test("smc on a gen loop with a step argument (update with grow) matches Kalman (T = 25)", (t) => {
  const T = 25, obs = ChoiceMap.from({ y: ys.slice(0, T) });
  const posts = checkLogZ(t, "loop", 5, (seed) => smc(ssmLoop, [T], obs, { particles: 200, seed, mode: "steps" }), kalman(ys.slice(0, T)).logZ);
  const k = kalman(ys.slice(0, T));
  checkFilterMean(posts[0]!, `x/${T - 1}`, k.mean, k.variance);
});

test("smc on a resumable run: each observation point is a step, O(1) per step (no replay)", (t) => {
  const model = new ResumableSSM(), obs = ChoiceMap.from({ y: ys });
  const N = 400, S = 6;
  const posts = checkLogZ(t, "resumable", S, (seed) => smc(model, [ys.length], obs, { particles: N, seed }), exact.ssm.logZ);
  assert.equal(model.counters.starts, N * S);
  assert.equal(model.counters.steps, N * S * ys.length); // every step executed once per particle: no replay
  const p = posts[0]!;
  assert.equal(p.diagnostics.mode, "resumable");
  assert.deepEqual((p.diagnostics.points as string[]).slice(0, 2), ["y/0", "y/1"]);
  checkFilterMean(p, "x/99", exact.ssm.filterMeanLast, exact.ssm.filterVarLast);
  // same algorithm, same random numbers: the unfold form gives the same estimate
  const u = smc(ssmUnfold, [ys.length, 0], unfoldObservations(ys), { particles: N, seed: 1 });
  assert.ok(Math.abs(u.logZ! - p.logZ!) < 1e-9, `${u.logZ} vs ${p.logZ}`);
});

test("smc with the locally optimal proposal per step: exact incremental weights, lower variance", (t) => {
  // q(x_k | x_{k−1}, y_k) = N((φ x_{k−1} + y_k)/2, 1/√2) (k > 0); N((y_0)/2, 1/√2) at k = 0
  const q = gen((t, k: number, mean: number) => t.sample(`${k}/x`, normal(mean, Math.SQRT1_2)), "locallyOptimal");
  const proposal: SMCOptions["proposal"] = (k, tr) => ({ gf: q, args: [k, ((k === 0 ? 0 : PHI * (tr!.get(`${k - 1}/x`) as number)) + ys[k]!) / 2] });
  const obs = unfoldObservations(ys);
  const posts = checkLogZ(t, "proposal", 5, (seed) => smc(ssmUnfold, [ys.length, 0], obs, { particles: 100, seed, proposal }), exact.ssm.logZ);
  const bootstrap = smc(ssmUnfold, [ys.length, 0], obs, { particles: 100, seed: 1 });
  const meanEss = (p: Posterior) => (p.diagnostics.essHistory as number[]).reduce((a, b) => a + b, 0) / ys.length;
  assert.ok(meanEss(posts[0]!) > meanEss(bootstrap), `${meanEss(posts[0]!)} vs ${meanEss(bootstrap)}`);
});

test("smc with rejuvenation (resample-move): still matches Kalman, moves recorded", (t) => {
  // MH on the last two states after each resampling: invariant for p(x_{0:k} | y_{0:k})
  const kernel = regenMH((tr) => { const k = (tr.args[0] as number) - 1; return k > 0 ? [`${k}/x`, `${k - 1}/x`] : [`${k}/x`]; });
  const T = 40, obs = unfoldObservations(ys.slice(0, T));
  const posts = checkLogZ(t, "rejuvenated", 5, (seed) => smc(ssmUnfold, [T, 0], obs, { particles: 200, seed, rejuvenate: kernel }), kalman(ys.slice(0, T)).logZ);
  const moves = posts[0]!.diagnostics.moves as { step: number; acceptance: number }[];
  assert.ok(moves.length > 3 && moves.every((m) => m.acceptance > 0 && m.acceptance <= 1));
  // diversity: more distinct values of an early state than without moves
  const distinct = (p: Posterior) => new Set(p.values("0/x")).size;
  const plain = smc(ssmUnfold, [T, 0], obs, { particles: 200, seed: 1 });
  assert.ok(distinct(posts[0]!) > distinct(plain), `${distinct(posts[0]!)} vs ${distinct(plain)}`);
  checkFilterMean(posts[0]!, `${T - 1}/x`, kalman(ys.slice(0, T)).mean, kalman(ys.slice(0, T)).variance);
});

