// SMC on Borel programs in lockstep (src/infer/smc/lockstep.ts): every particle at once, one vector per random
// quantity. Checked: which programs take the path (diagnostics.lockstep) and which fall back to per-particle runs;
// bit-identical results where the order of random draws is the same (one choice per step); exact log Z of a
// conjugate model within its Monte Carlo error; the ancestry of resampled particles (a tracked sum of choices
// made at different generations equals the sum of the returned choices, particle by particle); and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileProgram, runQuery } from "../../src/lang/index.js";
import "../../src/infer/index.js";
import { smc } from "../../src/infer/smc/smc.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { logMeanExp } from "../../src/math/log.js";
import { SSM_BOREL } from "./smc-models.js";

const ys: number[] = JSON.parse(readFileSync(new URL("../../examples/data/ssm.json", import.meta.url), "utf8")).ys;

function model(src: string, name: string): GenerativeFunction {
  const p = compileProgram(src, `${name}.borel`);
  assert.deepEqual(p.errors, []);
  return (p.models as Record<string, GenerativeFunction>)[name]!;
}

const ssm = model(SSM_BOREL, "ssm");

test("lockstep SMC on the state-space program: taken, and bit-identical to per-particle runs (one choice per step draws in the same order)", () => {
  const a = smc(ssm, [ys], {}, { particles: 500, seed: 4 });
  const b = smc(ssm, [ys], {}, { particles: 500, seed: 4, lockstep: false });
  assert.equal(a.diagnostics.lockstep, true);
  assert.equal(b.diagnostics.lockstep, undefined);
  assert.equal(a.logZ, b.logZ);
  assert.deepEqual(a.diagnostics.resampled, b.diagnostics.resampled);
  assert.deepEqual(a.diagnostics.logZIncrements, b.diagnostics.logZIncrements);
  assert.deepEqual(a.diagnostics.points, b.diagnostics.points);
  for (const k of ["x/0", "x/50", "x/99"]) assert.deepEqual(Array.from(a.values(k)), Array.from(b.values(k)));
  assert.deepEqual(Array.from(a.weights()), Array.from(b.weights()));
});

test("lockstep SMC: query-given observations (y[i] ~ d constrained) and a static parameter give the per-particle result exactly", () => {
  const m = model(`
model reg(xs) {
  a ~ normal(0, 2)
  b ~ normal(0, 2)
  for i in 0..len(xs) { y[i] ~ normal(a + b * xs[i], 0.5) }
  return a + b
}`, "reg");
  const xs = [0, 1, 2, 3, 4], obs = { y: [0.9, 3.2, 4.8, 7.1, 9.0] };
  const a = smc(m, [xs], obs, { particles: 300, seed: 2 });
  const b = smc(m, [xs], obs, { particles: 300, seed: 2, lockstep: false });
  assert.equal(a.diagnostics.lockstep, true);
  // Two choices before the first observation: all a's then all b's here, a and b per particle there.
  assert.ok(Math.abs(a.logZ! - b.logZ!) < 1.5, `${a.logZ} vs ${b.logZ}`);
  assert.deepEqual([...a.choiceKeys].sort(), ["a", "b"]);
  // The observations as one vector constraint at y: the same run.
  const c = smc(m, [xs], { y: Float64Array.from(obs.y) }, { particles: 300, seed: 2 });
  assert.equal(c.diagnostics.lockstep, true);
  assert.equal(c.logZ, a.logZ);
  const ret = a.values("return"), av = a.values("a"), bv = a.values("b");
  for (let i = 0; i < a.size; i++) assert.equal(ret[i], av[i]! + bv[i]!);
});

test("lockstep SMC: log Ẑ of a normal–normal model matches the exact marginal likelihood within its Monte Carlo error", () => {
  // mu ~ N(0, 3²), y_i ~ N(mu, 1): log p(y) as the product of the sequential predictives N(m_i, v_i + 1).
  const data = [0.5, 1.2, 0.9, 1.8, 1.1, 0.3, 1.4];
  const nn = model(`
model nn(ys) {
  mu ~ normal(0, 3)
  for i in 0..len(ys) {
    let m = mu * 1
    observe(normal(m, 1), ys[i])
  }
}`, "nn");
  let mean = 0, v = 9, exact = 0;
  for (const y of data) {
    const s2 = v + 1;
    exact += -0.5 * Math.log(2 * Math.PI * s2) - (y - mean) ** 2 / (2 * s2);
    const post = 1 / (1 / v + 1);
    mean = post * (mean / v + y);
    v = post;
  }
  // S runs of N particles: log-mean-exp of Ẑ is within 4 standard errors, sd of log Ẑ measured over the runs.
  const S = 8, logZs = Array.from({ length: S }, (_, s) => {
    const post = smc(nn, [data], {}, { particles: 2000, seed: 10 + s });
    assert.equal(post.diagnostics.lockstep, true);
    return post.logZ!;
  });
  const m = logZs.reduce((x, y) => x + y, 0) / S, sd = Math.sqrt(logZs.reduce((x, y) => x + (y - m) ** 2, 0) / (S - 1));
  const se = Math.sqrt((Math.exp(sd * sd) - 1) / S);
  assert.ok(Math.abs(logMeanExp(logZs) - exact) < 4 * se + 0.01, `log Ẑ ${logMeanExp(logZs)} vs exact ${exact} (se ${se})`);
});

test("lockstep SMC: resampled particles keep their ancestry (a tracked sum of choices from different generations)", () => {
  const m = model(`
model walk(ys) {
  x[0] ~ normal(0, 1)
  observe(normal(x[0], 0.5), ys[0])
  var s = x[0]
  for t in 1..len(ys) {
    x[t] ~ normal(x[t - 1], 1)
    observe(normal(x[t], 0.5), ys[t])
    s = s + x[t]
  }
  track total = s
}`, "walk");
  const data = ys.slice(0, 30);
  const post = smc(m, [data], {}, { particles: 400, seed: 7 });
  assert.equal(post.diagnostics.lockstep, true);
  assert.ok((post.diagnostics.resampled as number[]).length > 5);
  const total = post.values("total"), cols = data.map((_, t) => post.values(`x/${t}`));
  for (let i = 0; i < post.size; i++) {
    let s = 0;
    for (const c of cols) s += c[i]!;
    assert.ok(Math.abs(s - total[i]!) < 1e-9, `particle ${i}: ${s} vs ${total[i]}`);
  }
});

test("lockstep SMC falls back to per-particle runs when control flow depends on random values, or values are not numbers per particle", () => {
  const cases: [string, string, unknown[]][] = [
    ["model m(ys) {\n  z ~ bernoulli(0.5)\n  for i in 0..len(ys) { if z { observe(normal(1, 1), ys[i]) } else { observe(normal(-1, 1), ys[i]) } }\n}", "random condition", [[0.5, 1]]],
    ["model m(ys) {\n  w ~ normal(zeros(2), 1)\n  for i in 0..len(ys) { observe(normal(0, 1), ys[i]) }\n}", "vector choice", [[0.5, 1]]],
    ["model sub(y) {\n  u ~ normal(0, 1)\n  observe(normal(u, 1), y)\n}\nmodel m(ys) {\n  for i in 0..len(ys) { s[i] ~ sub(ys[i]) }\n}", "sub-model", [[0.5, 1]]],
    ["model m(ys) {\n  k ~ poisson(3)\n  for i in 0..k { observe(normal(0, 1), 0.1) }\n}", "random loop bound", [[]]],
  ];
  for (const [src, what, args] of cases) {
    const post = smc(model(src, "m"), args, {}, { particles: 50, seed: 1 });
    assert.equal(post.diagnostics.lockstep, false, what);
    assert.match(String(post.diagnostics.lockstepWhy), what === "vector choice" ? /trial run met a vector-valued choice/ : /no lockstep form/, what);
    assert.ok(Number.isFinite(post.logZ), what);
  }
});

test("lockstep SMC errors: an impossible observation names the step and point; a bad parameter from a random value is located", () => {
  const impossible = model("model m(ys) {\n  p ~ beta(1, 1)\n  for i in 0..len(ys) { observe(uniform(0, p), ys[i]) }\n}", "m");
  assert.throws(() => smc(impossible, [[0.5, 2]], {}, { particles: 100, seed: 1 }), (e: Error & { code?: string }) => e.code === "zero-weights" && /step 1/.test(e.message) && /obs_3_25\/1/.test(e.message));
  const p = compileProgram("model m(ys) {\n  s ~ normal(0, 1)\n  observe(normal(0, s), ys[0])\n}\nquery m([1]) using smc(particles: 100)", "neg.borel");
  assert.deepEqual(p.errors, []);
  // Per-particle runs report it, so the message names no element of a particle vector.
  return assert.rejects(async () => runQuery(p.queries[0]!, { seed: 1 }), (e: Error & { span?: { line: number } }) => /sigma/.test(e.message) && !/element/.test(e.message) && e.span?.line === 3);
});

test("lockstep SMC refuses boolean data for a numeric family, as per-particle runs do (no silent 1/0)", () => {
  const m = model("model bn(ys) {\n  for t in 0..len(ys) {\n    x[t] ~ normal(0, 1)\n    y[t] ~ normal(x[t], 1) given ys[t]\n  }\n}", "bn");
  for (const lockstep of [true, false])
    assert.throws(() => smc(m, [[true, false]], {}, { particles: 50, seed: 1, lockstep }), /value true at address 'y\/0' is not a number, outside the support of normal/);
  // A boolean family takes them: bernoulli data as true/false.
  const coin = model("model coin(ys) {\n  p ~ beta(1, 1)\n  for t in 0..len(ys) { observe(bernoulli(p), ys[t]) }\n}", "coin");
  const a = smc(coin, [[true, false, true]], {}, { particles: 50, seed: 1 }), b = smc(coin, [[true, false, true]], {}, { particles: 50, seed: 1, lockstep: false });
  assert.equal(a.diagnostics.lockstep, true);
  assert.equal(a.logZ, b.logZ);
});

test("lockstep SMC through a Borel query, with smc(lockstep: false) as the escape hatch", async () => {
  const src = (opt: string) => `${SSM_BOREL}
query ssm(${JSON.stringify(ys.slice(0, 20))}) using smc(particles: 200${opt})`;
  const on = (await runQuery(compileProgram(src(""), "q.borel").queries[0]!, { seed: 5 })) as Posterior;
  const off = (await runQuery(compileProgram(src(", lockstep: false"), "q.borel").queries[0]!, { seed: 5 })) as Posterior;
  assert.equal(on.diagnostics.lockstep, true);
  assert.equal(off.diagnostics.lockstep, undefined);
  assert.equal(on.logZ, off.logZ);
});

test("lockstep SMC: an if expression with a condition from data may choose between random values", () => {
  const m = model(`
model ar(ys) {
  x[0] ~ normal(0, 1)
  observe(normal(x[0], 1), ys[0])
  for t in 1..len(ys) {
    let prev = if t > 1 { x[t - 1] } else { x[0] }
    x[t] ~ normal(0.9 * prev, 1)
    observe(normal(x[t], 1), ys[t])
  }
}`, "ar");
  const a = smc(m, [ys], {}, { particles: 300, seed: 8 }), b = smc(ssm, [ys], {}, { particles: 300, seed: 8 });
  assert.equal(a.diagnostics.lockstep, true);
  // The same filter as the state-space program (one choice per step, the same draws): the same log Ẑ.
  assert.equal(a.logZ, b.logZ);
});

test("lockstep SMC: uniform and uniform_int with random bounds (per-particle supports), equal to per-particle runs", () => {
  const m = model(`
model u(ys) {
  w ~ uniform(0.5, 2)
  observe(normal(w, 1), 1)
  for t in 0..len(ys) {
    x[t] ~ uniform(-w, w)
    observe(normal(x[t], 0.5), ys[t])
  }
  k ~ uniform_int(0, 3)
  return w * k
}`, "u");
  const a = smc(m, [[0.3, -0.4, 1.1]], {}, { particles: 200, seed: 3 }), b = smc(m, [[0.3, -0.4, 1.1]], {}, { particles: 200, seed: 3, lockstep: false });
  assert.equal(a.diagnostics.lockstep, true);
  assert.equal(a.logZ, b.logZ);
  assert.deepEqual(Array.from(a.values("return")), Array.from(b.values("return")));
});

test("a lockstep run's step budget is one run's per particle (all particles' work against one run's limit stopped it at 10⁸: 300k particles × 100 steps fell back to one particle at a time)", () => {
  // 100 steps of a few operations per particle: ~10³ per run, ~10⁵·5 for 500 particles in lockstep.
  const p = compileProgram(SSM_BOREL, "ssm.borel", { budget: { maxSteps: 20000 } });
  assert.deepEqual(p.errors, []);
  const small = (p.models as Record<string, GenerativeFunction>).ssm!;
  const post = smc(small, [ys], {}, { particles: 500, seed: 4 });
  assert.equal(post.diagnostics.lockstep, true, String(post.diagnostics.lockstepWhy));
  // A run over its budget is still an error in lockstep, as one particle's would be.
  const tiny = (compileProgram(SSM_BOREL, "ssm.borel", { budget: { maxSteps: 50 } }).models as Record<string, GenerativeFunction>).ssm!;
  assert.throws(() => smc(tiny, [ys], {}, { particles: 500, seed: 4 }), /ran more than 50 steps/);
});
