// SMC on real Borel programs (compiled by src/lang, run through start(): each observation point a step):
// the state-space model against the Kalman filter and bit-identical to the unfold form; rejuvenation through
// prefix models and withTrace; particles whose branches pass different numbers of observation points; and the
// registry entry as a Borel query names it. Tolerances as in smc-ssm.test.ts: log-mean-exp of Ẑ over S seeds
// within 4·√((e^{s²} − 1)/S) of the exact log Z; probabilities within 4·√(p(1 − p)/ESS).
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileProgram, runQuery } from "../../src/lang/index.js";
import "../../src/infer/index.js";
import { logMeanExp } from "../../src/math/log.js";
import { smc } from "../../src/infer/smc/smc.js";
import { enumerate } from "../../src/infer/enumerate.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { formatError } from "../../src/util/errors.js";
import { kalman, SSM_BOREL, ssmUnfold, unfoldObservations } from "./smc-models.js";
import { regenMH } from "./smc-helpers.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { Rng } from "../../src/rand/rng.js";

const ys: number[] = JSON.parse(readFileSync(new URL("../../examples/data/ssm.json", import.meta.url), "utf8")).ys;

const source = `${SSM_BOREL}
model branchy() {
  b ~ bernoulli(0.3)
  if b {
    observe(bernoulli(0.9), true)
    observe(bernoulli(0.8), true)
  } else {
    observe(bernoulli(0.2), true)
  }
}
query branchy() using smc(particles: 2000, resample: "residual", ess_threshold: "always")
`;
const program = compileProgram(source, "smc.borel");
if (program.errors.length > 0) throw new Error(program.errors.map((e) => formatError(e, { source })).join("\n"));
const models = program.models as Record<string, GenerativeFunction>;

function checkLogZ(t: TestContext, label: string, posts: Posterior[], logZ: number) {
  const lz = posts.map((p) => p.logZ!), S = lz.length, m = lz.reduce((a, b) => a + b, 0) / S;
  const s2 = lz.reduce((a, b) => a + (b - m) ** 2, 0) / (S - 1), est = logMeanExp(lz), tol = 4 * Math.sqrt(Math.expm1(s2) / S);
  t.diagnostic(`${label}: ${est.toFixed(4)} vs ${logZ.toFixed(4)} (tol ${tol.toPrecision(2)})`);
  assert.ok(Math.abs(est - logZ) <= tol, `${label}: ${est} vs ${logZ} (tol ${tol})`);
}

test("smc on a Borel program: the state-space model matches Kalman, bit-identical to the unfold form", (t) => {
  const T = 50, data = Float64Array.from(ys.slice(0, T)), exact = kalman(ys.slice(0, T)).logZ;
  const posts = [1, 2, 3, 4, 5].map((seed) => smc(models.ssm!, [data], {}, { particles: 300, seed }));
  checkLogZ(t, "Borel ssm", posts, exact);
  assert.equal(posts[0]!.diagnostics.mode, "resumable");
  // one step per observation point, plus the step that runs each particle from the last one to the end
  const inc = posts[0]!.diagnostics.logZIncrements as number[];
  assert.equal(inc.length, T + 1);
  assert.equal(inc[T], 0);
  const u = smc(ssmUnfold, [T, 0], unfoldObservations(ys.slice(0, T)), { particles: 300, seed: 1 });
  assert.equal(u.logZ, posts[0]!.logZ);
});

test("smc on a Borel program with rejuvenation (prefix-model kernels, withTrace)", (t) => {
  const T = 30, data = Float64Array.from(ys.slice(0, T)), exact = kalman(ys.slice(0, T)).logZ;
  // MH on the latest state of the paused run: its trace's generative function is the model up to this point
  const latest = regenMH((tr) => { const xs = [...tr.choices()].filter((c) => !c.observed).map((c) => c.key); return xs.slice(-1); });
  const posts = [1, 2, 3, 4, 5].map((seed) => smc(models.ssm!, [data], {}, { particles: 200, seed, rejuvenate: latest }));
  checkLogZ(t, "rejuvenated Borel ssm", posts, exact);
  const moves = posts[0]!.diagnostics.moves as { acceptance: number }[];
  assert.ok(moves.length > 3 && moves.every((m) => m.acceptance > 0));
  const k = kalman(ys.slice(0, T)), p = posts[0]!, ess = p.diagnostics.ess as number;
  assert.ok(Math.abs(p.mean(`x/${T - 1}`) - k.mean) <= 4 * Math.sqrt(k.variance / ess));
});

test("smc on a Borel program whose branches pass different numbers of observation points", (t) => {
  const exactZ = 0.3 * 0.9 * 0.8 + 0.7 * 0.2, pb = (0.3 * 0.72) / exactZ;
  const e = enumerate(models.branchy!, []);
  assert.ok(Math.abs(e.logZ! - Math.log(exactZ)) < 1e-12 && Math.abs(e.mean("b") - pb) < 1e-12);
  const posts = [1, 2, 3, 4].map((seed) => smc(models.branchy!, [], {}, { particles: 1000, seed }));
  checkLogZ(t, "branchy", posts, Math.log(exactZ));
  const p = posts[0]!, ess = p.diagnostics.ess as number;
  assert.ok(Math.abs(p.mean("b") - pb) <= 4 * Math.sqrt((pb * (1 - pb)) / ess), `${p.mean("b")} vs ${pb}`);
});

test("a Borel query names smc with its options (registry)", async () => {
  const post = (await runQuery(program.queries[0]!, { seed: 3 })) as Posterior;
  assert.equal(post.method, "smc");
  assert.equal(post.diagnostics.resample, "residual");
  assert.equal(post.diagnostics.essThreshold, "always");
  const pb = 0.216 / 0.356;
  assert.ok(Math.abs(post.mean("b") - pb) <= 4 * Math.sqrt((pb * (1 - pb)) / 2000), `${post.mean("b")} vs ${pb}`);
});

test("SMC on a Borel program: a tracked name that is also a choice's address is an error, as in the other methods", async () => {
  const src = "model m(ys) {\n  x ~ normal(0, 1)\n  observe(normal(x, 1), ys[0])\n  track x = x * 2\n}\nquery m([0.5]) using smc(particles: 20)";
  // The checker reports the clash before anything runs; without the checks the run reports it too.
  assert.deepEqual(compileProgram(src, "clash.borel").errors.map((e) => e.code), ["duplicate-address"]);
  const p = compileProgram(src, "clash.borel", { skipCheck: true });
  assert.deepEqual(p.errors, []);
  await assert.rejects(async () => runQuery(p.queries[0]!, { seed: 1 }), (e: unknown) => (e as { code?: string }).code === "duplicate-address" && /both a tracked name/.test((e as Error).message));
});

test("smc on a Borel program rejuvenated by a gradient kernel spec (nuts()): one kernel per observation point serves every particle", async () => {
  // Normal-normal with a static mean: mu ~ N(0, 3²), y_i ~ N(mu, 1). Exact posterior N(Σy/(1/9 + n), 1/(1/9 + n)).
  const src = `
let ys = [0.5, 1.2, 0.9, 1.8, 1.1, 0.3]
model nn(ys) {
  mu ~ normal(0, 3)
  for i in 0..len(ys) { observe(normal(mu, 1), ys[i]) }
}
query nn(ys) using smc(particles: 400, rejuvenate: nuts(), seed: 2)
`;
  const p = compileProgram(src, "nn.borel");
  assert.deepEqual(p.errors, []);
  const post = (await runQuery(p.queries[0]!, {})) as Posterior;
  const data = [0.5, 1.2, 0.9, 1.8, 1.1, 0.3], prec = 1 / 9 + data.length, mean = data.reduce((a, b) => a + b, 0) / prec, sd = Math.sqrt(1 / prec);
  const ess = post.diagnostics.ess as number;
  assert.ok(Math.abs(post.mean("mu") - mean) <= 4 * sd / Math.sqrt(ess), `${post.mean("mu")} vs ${mean}`);
  // NUTS moved the particles after every resampling: no collapse onto a few copied values.
  const moves = post.diagnostics.moves as { acceptance: number }[];
  assert.ok(moves.length >= 1 && moves.every((m) => m.acceptance > 0.25), JSON.stringify(moves));
  assert.equal(new Set(post.values("mu")).size > 300, true);
  assert.deepEqual(((post.diagnostics.warnings ?? []) as string[]).filter((w) => w.includes("distinct values")), []);
  // Paused particles at one point have traces of one prefix model.
  const r1 = (p.models as Record<string, GenerativeFunction>).nn!.start!([data], new ChoiceMap(), new Rng(1)), r2 = r1.fork();
  r1.advance(new Rng(2)); r2.advance(new Rng(3));
  assert.equal(r1.trace().gf, r2.trace().gf);
});

test("an adaptive rejuvenation kernel is tuned per target by a pilot chain (rejuvenate_warmup)", async () => {
  // A regression whose scales differ (b's posterior sd 0.1, a's 0.3, log s's ~0.6): NUTS with only its initial
  // tuning (a step size from one point, unit metric) moved as few as 16% of the particles after a resampling;
  // tuned by 100 warmup iterations of a pilot chain, every move round moves most of them.
  const src = (warmup: string) => `
let xs = [0, 1, 2, 3, 4, 5]
let ys = [0.1, 1.9, 4.2, 5.8, 8.1, 9.9]
model reg(xs, ys) {
  a ~ normal(0, 10)
  b ~ normal(0, 10)
  s ~ half_normal(2)
  for i in 0..len(xs) { observe(normal(a + b * xs[i], s), ys[i]) }
}
query reg(xs, ys) using smc(particles: 400, rejuvenate: nuts()${warmup}, seed: 3)`;
  const run = async (warmup: string) => (await runQuery(compileProgram(src(warmup), "reg.borel").queries[0]!, {})) as Posterior;
  const tuned = (await run("")).diagnostics.moves as { acceptance: number }[];
  assert.ok(tuned.length >= 3 && tuned.every((m) => m.acceptance > 0.7), JSON.stringify(tuned));
  const untuned = (await run(", rejuvenate_warmup: 0")).diagnostics.moves as { acceptance: number }[];
  assert.ok(Math.min(...untuned.map((m) => m.acceptance)) < 0.5, JSON.stringify(untuned));
});

test("lean runs (smc without kept traces): the same draws, weights and log Z as particles with traces, nested calls and tracked values included", () => {
  const src = `
model noise(s) {
  e ~ normal(0, s)
  track e2 = e * e
  return e
}
model walk(ys) {
  x[0] ~ normal(0, 1)
  for t in 1..len(ys) {
    x[t] ~ normal(0.9 * x[t - 1], 1)
    n[t] ~ noise(0.5)
    if x[t] > 0 { up[t] ~ bernoulli(0.7) }
    observe(normal(x[t] + n[t], 1), ys[t])
  }
  track last = x[len(ys) - 1]
  return {last: x[len(ys) - 1], tag: "w"}
}
model dup(ys) {
  for t in 0..len(ys) {
    x[t % 2] ~ normal(0, 1)
    observe(normal(x[t % 2], 1), ys[t])
  }
}
`;
  const p = compileProgram(src, "lean.borel");
  assert.deepEqual(p.errors, []);
  const ms = p.models as Record<string, GenerativeFunction>, data = Float64Array.from(ys.slice(0, 12));
  const full = smc(ms.walk!, [data], {}, { particles: 300, seed: 7, keepTraces: true });
  const lean = smc(ms.walk!, [data], {}, { particles: 300, seed: 7 });
  assert.equal(lean.traces, null);
  assert.ok(full.traces !== null);
  assert.equal(lean.logZ, full.logZ);
  assert.deepEqual(lean.keys(), full.keys());
  for (const k of full.keys()) assert.deepEqual(lean.values(k), full.values(k), k);
  assert.deepEqual([...lean.weights()], [...full.weights()]);
  assert.ok(full.keys().includes("n/3/e") && full.keys().includes("n/3/e2") && full.keys().includes("last") && full.keys().includes("return.last"));
  // A lean run has no trace; its values are listed in the trace's order.
  const run = ms.walk!.start!([data], new ChoiceMap(), new Rng(1), { lean: true });
  run.advance(new Rng(2));
  assert.throws(() => run.trace(), /lean run/);
  const keys: string[] = [];
  run.values!((k) => keys.push(k), (k) => keys.push(`tracked ${k}`));
  assert.deepEqual(keys.slice(0, 3), ["x/0", "x/1", "n/1/e"]);
  // A run that uses an address twice is an error in both forms.
  for (const keepTraces of [true, false])
    assert.throws(() => smc(ms.dup!, [Float64Array.from([0.1, 0.2, 0.3])], {}, { particles: 5, seed: 1, keepTraces }), (e: unknown) => (e as { code?: string }).code === "duplicate-address");
});

test("a particle's step budget spans its whole run (its advances share one count, as generate's run does)", () => {
  const p = compileProgram("model m() {\n  for i in 0..1000000 {\n    x[i] ~ normal(0, 1)\n    observe(normal(x[i], 1), 0)\n  }\n}", "long.borel", { budget: { maxSteps: 500 } });
  const m = (p.models as Record<string, GenerativeFunction>).m!;
  // Each advance runs one loop iteration: a count restarted per advance would never reach the budget.
  assert.throws(() => smc(m, [], {}, { particles: 5, seed: 1 }), (e: unknown) => e instanceof Error && /more than 500 steps/.test(e.message));
  assert.throws(() => m.generate([], new ChoiceMap(), new Rng(1)), (e: unknown) => e instanceof Error && /more than 500 steps/.test(e.message));
});

test("a recursion without a reachable base case: SMC particles stop at the call-depth budget, as generate does", () => {
  const p = compileProgram("model inf(n) {\n  x ~ normal(0, 1)\n  observe(normal(x, 1), 0)\n  y ~ inf(n + 1)\n}", "inf.borel", { budget: { maxDepth: 200 } });
  const m = (p.models as Record<string, GenerativeFunction>).inf!;
  assert.throws(() => smc(m, [0], {}, { particles: 5, seed: 1 }), (e: unknown) => e instanceof Error && /recursion too deep \(more than 200 nested calls\)/.test(e.message));
});

test("SMC on a Borel program: a given address no run visits is named, as importance names it (not 'all particles have zero weight')", () => {
  const p = compileProgram("model walk(n) {\n  x[0] ~ normal(0, 1)\n  y[0] ~ normal(x[0], 1)\n  for t in 1..n {\n    x[t] ~ normal(x[t - 1], 1)\n    y[t] ~ normal(x[t], 1)\n  }\n}", "walk.borel");
  assert.deepEqual(p.errors, []);
  const walk = (p.models as Record<string, GenerativeFunction>).walk!;
  for (const lockstep of [true, false])
    assert.throws(() => smc(walk, [3], { y: { 0: 0.9, 1: 2.4, 7: 1 } }, { particles: 100, seed: 1, lockstep }),
      (e: Error & { code?: string }) => e.code === "unknown-address" && /the constraint at 'y\/7' was not visited by any of the 100 runs of walk/.test(e.message));
});

test("smc: rejuvenation is skipped, with a warning, while some runs have ended and others have not (observation points that depend on a choice)", async () => {
  const { mhKernel } = await import("../../src/infer/kernels/mh.js");
  const p = compileProgram(`
model m() {
  z ~ bernoulli(0.5)
  if z {
    observe(normal(0, 1), 0.5)
    observe(normal(0, 1), 0.5)
  } else {
    observe(normal(0, 0.3), 0.5)
  }
}
model fixed() {
  z ~ bernoulli(0.5)
  observe(normal(if z { 0 } else { 1 }, 1), 0.5)
  observe(normal(0, 1), 0.5)
}`, "ragged.borel");
  const { m, fixed } = p.models as Record<string, GenerativeFunction>;
  const post = smc(m!, [], {}, { particles: 200, essThreshold: "always", rejuvenate: mhKernel("z"), seed: 1 });
  assert.match(String(post.diagnostics.warnings), /rejuvenation was skipped at step \d+ .*where the runs were at different observation points/);
  // Skipping those moves keeps the answer exact: P(z | y) = 0.5·φ(0.5)² / (0.5·φ(0.5)² + 0.5·φ(0.5; 0, 0.3)) = 0.2721
  // (moving z there mixed the targets). 30 seeds of 500 particles: tolerance 4 standard errors of their mean.
  const phi = (x: number, s: number) => Math.exp(-0.5 * (x / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
  const exact = phi(0.5, 1) ** 2 / (phi(0.5, 1) ** 2 + phi(0.5, 0.3));
  const means = Array.from({ length: 30 }, (_, i) => smc(m!, [], {}, { particles: 500, essThreshold: "always", rejuvenate: mhKernel("z"), seed: 100 + i }).mean("z"));
  const avg = means.reduce((a, b) => a + b, 0) / means.length;
  const se = Math.sqrt(means.reduce((a, b) => a + (b - avg) ** 2, 0) / (means.length - 1) / means.length);
  assert.ok(Math.abs(avg - exact) < 4 * se + 1e-3, `P(z | y): ${avg} ± ${se} against ${exact}`);
  // The same moves on a model whose observation points do not depend on z: no such warning.
  const ok = smc(fixed!, [], {}, { particles: 200, essThreshold: "always", rejuvenate: mhKernel("z"), seed: 1 });
  assert.doesNotMatch(String(ok.diagnostics.warnings), /different observation points/);
  assert.ok((ok.diagnostics.moves as unknown[]).length > 0, "the fixed model is rejuvenated");
});

test("smc mode \"steps\" with the data given as one array (given {y: ys}) observes every step, as with y/0 … y/4 (only y/0 was observed, silently)", async () => {
  const prog = compileProgram(`let ys = [0.9, 2.4, 1.0, 2.5, -0.8]
model lgT(T) {
  x[0] ~ normal(0, 1)
  y[0] ~ normal(x[0], 0.5)
  for t in 1..T {
    x[t] ~ normal(0.8 * x[t - 1], 0.7)
    y[t] ~ normal(x[t], 0.5)
  }
}
query lgT(5) given {y: ys} using smc(particles: 500, mode: "steps")
query lgT(5) given {"y/0": 0.9, "y/1": 2.4, "y/2": 1.0, "y/3": 2.5, "y/4": -0.8} using smc(particles: 500, mode: "steps")`, "/virtual/lg.borel");
  assert.deepEqual(prog.errors, []);
  const [a, b] = [await runQuery(prog.queries[0], { seed: 3 }), await runQuery(prog.queries[1], { seed: 3 })];
  assert.equal(a.logZ, b.logZ);
  // Exact (Kalman): log Z −11.71; with only y/0 observed it was −1.35.
  assert.ok(Math.abs(a.logZ! + 11.71) < 1, `log Z ${a.logZ}`);
});
