// SMC behaviour: the zero-weight and bad-observation errors (naming the step and the observation), the ESS
// threshold ("always", "never", a fraction), every resampling scheme against the Kalman log Z, progress and
// AbortSignal, and the registry entry a Borel query uses (options, rejuvenation kernel spec).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gen } from "../../src/trace/dynamic.js";
import { unfold } from "../../src/combinators/unfold.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { normal } from "../../src/dist/normal.js";
import { poisson } from "../../src/dist/poisson.js";
import { randomWalkStep } from "../../src/infer/kernels/random-walk.js";
import { cycle } from "../../src/infer/kernel.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { logMeanExp } from "../../src/math/log.js";
import { smc, smcMode, thinChoices } from "../../src/infer/smc/smc.js";
import { RESAMPLE_SCHEMES } from "../../src/infer/resample.js";
import { getMethod, registerKernel } from "../../src/infer/registry.js";
import { isBorelError } from "../../src/util/errors.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { kalman, ssmLoop, ssmUnfold, unfoldObservations } from "./smc-models.js";
import { regenMH, ResumableSSM } from "./smc-helpers.js";

const ys: number[] = JSON.parse(readFileSync(new URL("../../examples/data/ssm.json", import.meta.url), "utf8")).ys;
const T = 20, obs = unfoldObservations(ys.slice(0, T)), exactLogZ = kalman(ys.slice(0, T)).logZ;

test("smc: all particles at zero weight is an error naming the step and the observation", () => {
  // y must be false at step 3, but the model makes it true
  const step = gen((t, k: number) => { t.sample("y", bernoulli(k === 3 ? 1 : 0.5)); return k; });
  const o = ChoiceMap.from({ 0: { y: true }, 1: { y: false }, 2: { y: true }, 3: { y: false }, 4: { y: true } });
  assert.throws(() => smc(unfold(step), [5, 0], o, { particles: 50, seed: 1 }),
    (e: unknown) => isBorelError(e) && e.code === "zero-weights" && /step 3/.test(e.message) && /'3\/y'/.test(e.message) && !/NaN/.test(e.message));
  // An impossible observation written in the model (no constraint of the step) is named too (was "no observation").
  const fixed = gen((t, k: number, s: number) => { t.observe("y", bernoulli(k === 1 ? 0 : 0.5), true); return s; });
  assert.throws(() => smc(unfold(fixed), [3, 0], {}, { particles: 10, seed: 1 }), /zero weight at step 1 \(the observation at '1\/y' is impossible\)/);
  const loop = gen((t, n: number) => { for (let i = 0; i < n; i++) t.observe(["y", i], bernoulli(i === 1 ? 0 : 0.5), true); });
  assert.throws(() => smc(loop, [3], {}, { particles: 10, seed: 1, mode: "steps" }), /zero weight at step 1 \(the observation at 'y\/1' is impossible\)/);
  // resumable runs name the observation point they stopped at
  const data = ys.slice(0, 5);
  data[2] = NaN;
  assert.throws(() => smc(new ResumableSSM(), [5], ChoiceMap.from({ y: data }), { particles: 20, seed: 1 }),
    (e: unknown) => isBorelError(e) && e.code === "nan" && /step 2/.test(e.message) && /y\/2/.test(e.message));
});

test("smc on unfold: a bad value names its step's address; a constraint no run visits is named, not 'zero weight'", () => {
  const step = gen((t, k: number) => { const x = t.sample("x", normal(0, 1)) as number; t.observe("y", normal(x, 1), k === 2 ? NaN : 0); return x; });
  assert.throws(() => smc(unfold(step), [4, 0], {}, { particles: 10, seed: 1 }), (e: unknown) => isBorelError(e) && e.address === "2/y");
  // A misspelled address at step 3 used to be "all particles have zero weight ... check the data against the supports".
  for (const keepTraces of [false, true])
    assert.throws(() => smc(unfold(ssmUnfold.kernel), [5, 0], ChoiceMap.from({ 3: { yy: 1 } }), { particles: 10, seed: 1, keepTraces }),
      (e: unknown) => isBorelError(e) && e.code === "unknown-address" && e.address === "3/yy" && /not visited/.test(e.message));
});

test("smc: an observation outside the steps is an error naming it", () => {
  const o = ChoiceMap.from({ y: ys.slice(0, 5) }).set("y/9", 0);
  assert.throws(() => smc(ssmLoop, [5], o, { particles: 10, mode: "steps" }), (e: unknown) => isBorelError(e) && e.address === "y/9");
  assert.throws(() => smc(ssmLoop, [0], {}, { particles: 10, mode: "steps" }), (e: unknown) => isBorelError(e) && e.code === "bad-args");
});

test("smc: ESS threshold — always, never, and a fraction", () => {
  const always = smc(ssmUnfold, [T, 0], obs, { particles: 100, seed: 1, essThreshold: "always" });
  assert.deepEqual(always.diagnostics.resampled, Array.from({ length: T - 1 }, (_, k) => k + 1));
  const never = smc(ssmUnfold, [T, 0], obs, { particles: 100, seed: 1, essThreshold: "never" });
  assert.deepEqual(never.diagnostics.resampled, []);
  // without resampling SMC is importance sampling: log Ẑ = log mean of the final weights
  assert.ok(Math.abs(never.logZ! - logMeanExp(never.logWeights!)) < 1e-9);
  const half = smc(ssmUnfold, [T, 0], obs, { particles: 100, seed: 1 });
  const ess = half.diagnostics.essHistory as number[], res = half.diagnostics.resampled as number[];
  for (let k = 1; k < T; k++) assert.equal(res.includes(k), ess[k - 1]! < 50, `step ${k}: ESS ${ess[k - 1]}`);
  assert.throws(() => smc(ssmUnfold, [T, 0], obs, { essThreshold: 2 }), (e: unknown) => isBorelError(e) && /ess_threshold/.test(e.message));
});

test("smc: every resampling scheme estimates the Kalman log Z (log-mean-exp over 4 seeds, 4 standard errors)", (t) => {
  for (const scheme of RESAMPLE_SCHEMES) {
    const lz = [1, 2, 3, 4].map((seed) => smc(ssmUnfold, [T, 0], obs, { particles: 200, seed, resample: scheme }).logZ!);
    const m = lz.reduce((a, b) => a + b, 0) / 4, s2 = lz.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
    const est = logMeanExp(lz), tol = 4 * Math.sqrt(Math.expm1(s2) / 4);
    t.diagnostic(`${scheme}: ${est.toFixed(4)} vs ${exactLogZ.toFixed(4)} (tol ${tol.toPrecision(2)})`);
    assert.ok(Math.abs(est - exactLogZ) <= tol, `${scheme}: ${est} vs ${exactLogZ} (tol ${tol})`);
  }
});

test("smc: progress callback and AbortSignal (returns the particles of the steps done)", () => {
  const fractions: number[] = [];
  smc(ssmUnfold, [T, 0], obs, { particles: 20, onProgress: (f) => fractions.push(f) });
  assert.equal(fractions.length, T);
  assert.equal(fractions[T - 1], 1);
  const ac = new AbortController();
  const p = smc(ssmUnfold, [T, 0], obs, { particles: 20, signal: ac.signal, onProgress: (f) => { if (f >= 5 / T) ac.abort(); } });
  assert.equal(p.diagnostics.aborted, true);
  assert.equal(p.diagnostics.abortedAt, 5);
  assert.equal((p.diagnostics.logZIncrements as number[]).length, 5);
  assert.ok(p.keys().includes("4/x") && !p.keys().includes("5/x"));
  assert.ok((p.diagnostics.warnings as string[]).some((w) => /interrupted at step 5: the particles have seen only the observations before it/.test(w)));
  // A resumable run's number of steps is unknown until its runs end: NaN until then, 1 at the end.
  const resumable: number[] = [];
  smc(new ResumableSSM(), [3], ChoiceMap.from({ y: [0, 1, 2] }), { particles: 5, onProgress: (f) => resumable.push(f) });
  assert.ok(resumable.slice(0, -1).every(Number.isNaN) && resumable.at(-1) === 1, String(resumable));
});

test("smc: mode auto picks resumable, steps (unfold) or tempered", () => {
  assert.equal(smcMode(new ResumableSSM()), "resumable");
  assert.equal(smcMode(ssmUnfold), "steps");
  assert.equal(smcMode(ssmLoop), "tempered");
  assert.throws(() => smc(new ResumableSSM(), [3], ChoiceMap.from({ y: [0, 1, 2] }), { particles: 5, rejuvenate: regenMH(() => ["x/0"]) }),
    (e: unknown) => isBorelError(e) && e.code === "unsupported");
});

test("smc: registered for Borel queries, with a kernel spec for rejuvenation", async () => {
  const spec = getMethod("smc")!;
  for (const k of ["particles", "resample", "ess_threshold", "rejuvenate"]) assert.ok(k in spec.options, k);
  let built = 0;
  registerKernel({
    name: "test-last-state-mh", doc: "test kernel", options: {},
    build: (_gf, _spec, trace) => { built++; const k = (trace.args[0] as number) - 1; return regenMH(() => [`${k}/x`]); },
  });
  const p = await spec.run(ssmUnfold, [T, 0], obs, {
    particles: 100, resample: "residual", ess_threshold: "always", rejuvenate: { kernel: "test-last-state-mh", args: [], options: {} }, mode: "auto", cess_target: 0.5,
  }, { seed: 3 });
  assert.equal(p.diagnostics.resample, "residual");
  assert.equal(built, T - 1); // built once per resampling step, for that step's target
  assert.equal((p.diagnostics.moves as unknown[]).length, T - 1);
  assert.throws(() => spec.run(ssmUnfold, [T, 0], obs, { particles: 10, ess_threshold: "sometimes" }, { seed: 1 }), (e: unknown) => isBorelError(e) && e.code === "bad-option");
  assert.throws(() => smc(ssmUnfold, [T, 0], obs, { particles: 10, essThreshold: "always", rejuvenate: { kernel: "no-such-kernel", args: [], options: {} } }),
    (e: unknown) => isBorelError(e) && e.code === "unknown-kernel");
});

test("smc warns when resampling left a continuous choice on few distinct values, and not on a healthy filter", () => {
  // A static mean observed 30 times, stepped by the observation index, never rejuvenated: the particles
  // inherit the few mu values drawn at step 0 that fit, and resampling keeps copies of one.
  const ys30 = Array.from({ length: 30 }, (_, i) => 2 + 0.1 * Math.sin(i));
  const staticMean = gen((t, n: number) => {
    const mu = t.sample("mu", normal(0, 5)) as number;
    for (let k = 0; k < n; k++) t.observe(["y", k], normal(mu, 0.1), ys30[k]);
  }, "staticMean");
  const post = smc(staticMean, [30], {}, { particles: 200, mode: "steps", seed: 1 });
  const w = (post.diagnostics.warnings ?? []) as string[];
  assert.ok(w.some((x) => /the posterior of 'mu' rests on about 1\.\d distinct values among the 200 particles .*its mean is unreliable too/.test(x)), w.join("\n"));
  // Not one dominant value but a handful: a regression's two static coefficients, observed one point per step.
  const xs = [0, 0.5, 1, 1.5, 2, 2.5], ys = [1, 0, 3, 5, 8, 13];
  const counts = gen((t, n: number) => {
    const a = t.sample("a", normal(0, 2)) as number, b = t.sample("b", normal(0, 1)) as number;
    for (let k = 0; k < n; k++) t.observe(["y", k], poisson(Math.exp(a + b * xs[k])), ys[k]);
  }, "counts");
  const few = smc(counts, [6], {}, { particles: 500, mode: "steps", seed: 3 });
  const m = /the posterior of '([ab])' \(and 1 more: '[ab]'\) rests on about (\d+) distinct values among the 500 particles/.exec(((few.diagnostics.warnings ?? []) as string[]).join("\n"));
  assert.ok(m !== null && Number(m[2]) > 2 && Number(m[2]) < 50, String(few.diagnostics.warnings));
  // With rejuvenation the same run keeps its particles spread: no warning.
  const moved = smc(counts, [6], {}, { particles: 500, mode: "steps", seed: 3, rejuvenate: cycle(randomWalkStep("a", 0.3, "raw"), randomWalkStep("b", 0.2, "raw")) });
  assert.ok(!((moved.diagnostics.warnings ?? []) as string[]).some((x) => /distinct values/.test(x)), String(moved.diagnostics.warnings));
  // A rejuvenation that seldom moves (MH proposing mu from its N(0, 5) prior, the posterior sd ~0.02): the
  // warning says the kernel ran and how often its last run accepted, and suggests one that moves more.
  const stuck = smc(staticMean, [30], {}, { particles: 200, mode: "steps", seed: 1, rejuvenate: mhKernel("mu") });
  const sw = ((stuck.diagnostics.warnings ?? []) as string[]).join("\n");
  assert.match(sw, /the posterior of 'mu' rests on about [\d.]+ distinct values among the 200 particles: resampling duplicated particles and the rejuvenation kernel did not spread them again \(its last run accepted \d+\.\d% of its moves\).*rejuvenate: nuts\(\), rw\("mu"\)/);
  const healthy = smc(ssmUnfold, [T, 0], obs, { particles: 500, seed: 2 });
  assert.ok(Math.abs(healthy.logZ! - exactLogZ) < 1, `log Z ${healthy.logZ} vs ${exactLogZ}`);
  // Its early states are thin (path degeneracy: the smoothing marginals of x/0 ... rest on few particles), and the
  // warning says so; the latest state, the filtering posterior, is not among them.
  const hw = ((healthy.diagnostics.warnings ?? []) as string[]).join("\n");
  assert.match(hw, /the posterior of '\d+\/x' \(and \d+ more: .*path degeneracy/);
  const thin = thinChoices(healthy).map(([k]) => k);
  assert.ok(thin.includes("0/x") && !thin.includes(`${T - 1}/x`), thin.join(" "));
  // Never resampled: nothing was duplicated, the weights fell onto a few particles — the warning says that.
  const never = smc(staticMean, [30], {}, { particles: 200, mode: "steps", seed: 1, essThreshold: "never" });
  assert.match(((never.diagnostics.warnings ?? []) as string[]).join("\n"),
    /smc: the particles were never resampled and their weights fell onto about [\d.]+ of the 200 \(ESS [\d.]+\): the posterior of 'mu' rests on them, .*ess_threshold: 0\.5/);
});
