// Unit behaviour of the kernels: random-walk scale adaptation reaches its acceptance target, no-op kernels on
// traces without their address, structural refusals with clear errors, adaptive composition, and the registry
// (every kernel a query can name builds from its spec; the mh and mcmc methods run).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { gen } from "../../src/trace/dynamic.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { normal } from "../../src/dist/normal.js";
import { gamma } from "../../src/dist/gamma.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { iid } from "../../src/dist/iid.js";
import "../../src/infer/index.js";
import { getKernel, getMethod, kernelNames, methodNames } from "../../src/infer/registry.js";
import { buildKernel } from "../../src/infer/mcmc/kernel-spec.js";
import { cycle, isAdaptive, mix, repeat } from "../../src/infer/kernel.js";
import { mcmc } from "../../src/infer/mcmc.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { gibbsKernel } from "../../src/infer/kernels/gibbs.js";
import { ellipticalSlice } from "../../src/infer/kernels/elliptical.js";
import { randomWalk } from "../../src/infer/kernels/random-walk.js";
import { cycleAny, mixAny, repeatAny } from "../../src/infer/kernels/adaptive.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { enumerate } from "../../src/infer/enumerate.js";
import { mcseMean } from "../../src/diagnostics/mcse.js";
import { compileProgram } from "../../src/lang/program.js";
import { nuts, nutsKernel } from "../../src/infer/nuts.js";
import { mapEstimate } from "../../src/infer/map.js";
import { vi } from "../../src/infer/vi/vi.js";

const ys = Float64Array.from({ length: 30 }, (_, i) => 2 + Math.sin(i));
const model = gen((t) => {
  const sigma = t.sample("sigma", gamma(2, 2)) as number;
  const mu = t.sample("mu", normal(0, 5)) as number;
  if (mu > 1) t.sample("extra", bernoulli(0.5));
  t.sample("y", iid(normal(mu, sigma), ys.length));
}, "kernelsModel");
const DATA = { y: ys };

test("random walk: Robbins–Monro adaptation reaches the 0.44 target in 1-D (within 0.05 over 4 × 4000 draws)", () => {
  for (const init of [0.01, 30]) {
    const post = mcmc(model, [], DATA, cycleAny(randomWalk("mu", { scale: init }), randomWalk("sigma", { scale: init })), { samples: 4000, warmup: 2000, chains: 4, seed: 2 });
    const acc = (k: number) => { const a = post.stat(`accepted/${k}`); return a.reduce((s, x) => s + x, 0) / a.length; };
    assert.ok(Math.abs(acc(0) - 0.44) < 0.05 && Math.abs(acc(1) - 0.44) < 0.05, `initial scale ${init}: acceptance ${acc(0)}, ${acc(1)}`);
  }
});

test("kernels whose address is absent are no-ops reported as not accepted", () => {
  const tr = model.generate([], ChoiceMap.from({ ...DATA, mu: 0 }), new Rng(1), { latent: ChoiceMap.from({ mu: 0 }) }).trace;
  for (const k of [mhKernel("extra"), gibbsKernel("extra"), ellipticalSlice("extra")]) {
    const r = k(tr, new Rng(2));
    assert.equal(r.trace, tr);
    assert.equal(r.stats.accepted, false);
  }
});

test("structural refusals name the address and point to MH", () => {
  const tr = model.generate([], ChoiceMap.from({ ...DATA, mu: 0.5 }), new Rng(1), { latent: ChoiceMap.from({ mu: 0.5 }) }).trace;
  const structural = gen((t) => { if (t.sample("b", bernoulli(0.5))) t.sample("x", normal(0, 1)); }, "structural");
  const st = structural.generate([], ChoiceMap.from({ b: false }), new Rng(1), { latent: ChoiceMap.from({ b: false }) }).trace;
  assert.throws(() => gibbsKernel("b")(st, new Rng(1)), /gibbs\(b\): changing 'b' changes which other choices exist/);
  assert.throws(() => gibbsKernel("mu")(tr, new Rng(1)), /no finite set of values/);
  assert.throws(() => ellipticalSlice("sigma")(tr, new Rng(1)), /not Gaussian/);
  assert.throws(() => randomWalk("extra").kernel(randomWalk("extra").init(tr, new Rng(1)))(mhStateWithExtra(), new Rng(1)), /discrete/);
  // MH by regenerate handles the structure change.
  let t2 = st;
  for (let i = 0; i < 50; i++) t2 = mhKernel<typeof st>("b")(t2, new Rng(i)).trace;
  assert.ok([...t2.choices()].length >= 1);
});

function mhStateWithExtra() {
  return model.generate([], ChoiceMap.from({ ...DATA, mu: 2, extra: true }), new Rng(1), { latent: ChoiceMap.from({ mu: 2, extra: true }) }).trace;
}

test("adaptive composition: cycle/mix/repeat of adaptive parts adapt each part; plain parts stay plain", () => {
  assert.ok(!isAdaptive(cycleAny(mhKernel("mu"), mhKernel("sigma"))));
  const k = mixAny([randomWalk("mu"), mhKernel("sigma")], [3, 1]);
  assert.ok(isAdaptive(k));
  const r = repeatAny(randomWalk("mu", { scale: 50 }), 3);
  const post = mcmc(model, [], DATA, r, { samples: 500, warmup: 1000, chains: 1, seed: 3 });
  assert.ok((post.stat("scale")[0] as number) < 5, "the repeated part learned from each inner step");
  const m = mcmc(model, [], DATA, k, { samples: 300, warmup: 300, chains: 2, seed: 4 });
  assert.ok(Math.abs(m.mean("mu") - 2) < 0.3);
});

test("registry: every kernel a query can name builds from its spec; the mh and mcmc methods run", async () => {
  for (const n of ["mh", "rw", "gibbs", "elliptical", "cycle", "mix", "repeat"]) assert.ok(kernelNames().includes(n), n);
  for (const n of ["mh", "mcmc"]) assert.ok(methodNames().includes(n), n);
  const tr = model.generate([], ChoiceMap.from(DATA), new Rng(1)).trace;
  const spec = { kernel: "cycle", args: [{ kernel: "rw", args: ["mu"], options: { scale: 0.3 } }, { kernel: "repeat", args: [{ kernel: "mh", args: ["sigma"], options: {} }, 2], options: {} }, { kernel: "mix", args: [{ kernel: "mh", args: [], options: {} }, { kernel: "rw", args: ["sigma"], options: {} }], options: { weights: [1, 2] } }], options: {} };
  assert.ok(isAdaptive(buildKernel(model, spec, tr)));
  assert.throws(() => buildKernel(model, { kernel: "nope", args: [], options: {} }, tr), /unknown MCMC kernel 'nope'/);
  assert.throws(() => buildKernel(model, { kernel: "rw", args: ["mu"], options: { sclae: 1 } }, tr), /no option 'sclae'/);
  assert.ok(getKernel("gibbs")!.doc.length > 0);
  const mh = (await getMethod("mh")!.run(model, [], ChoiceMap.from(DATA), { samples: 300, warmup: 300, chains: 2, thin: 1 }, { seed: 1 })) as Posterior;
  assert.equal(mh.size, 600);
  const viaMcmc = (await getMethod("mcmc")!.run(model, [], ChoiceMap.from(DATA), { kernel: spec, samples: 200, warmup: 200, chains: 2, thin: 2 }, { seed: 1 })) as Posterior;
  assert.equal(viaMcmc.size, 400);
  assert.ok(Math.abs(viaMcmc.mean("mu") - 2) < 0.3);
});

test("random walk across a branch: new choices from the prior, dropped ones added back — the posterior stays exact", () => {
  // mu ~ N(0, 1); a choice k ~ Bernoulli(0.3) exists only when mu > 0.5 and does not touch the data; y = 1 ~ N(mu, 1).
  // So mu | y ~ N(1/2, 1/2) whatever k does. Tolerance: 4 MCSE of the 4 chains.
  const branchy = gen((t) => {
    const mu = t.sample("mu", normal(0, 1)) as number;
    if (mu > 0.5) t.sample("k", bernoulli(0.3));
    t.observe("y", normal(mu, 1), 1);
  }, "branchy");
  const post = mcmc(branchy, [], {}, randomWalk("mu", { space: "raw" }), { samples: 5000, warmup: 500, chains: 4, seed: 8 });
  const row = post.summary().get("mu")!;
  assert.ok(Math.abs(row.mean - 0.5) < 4 * (row.mcse_mean as number), `mean ${row.mean} ± ${row.mcse_mean}`);
  assert.ok(Math.abs(row.sd - Math.SQRT1_2) < 0.03, `sd ${row.sd}`);
  const pk = post.marginal("k").find((e) => e.value === true)!.probability;
  assert.ok(Math.abs(pk - 0.3) < 0.06, `P(k | mu > 0.5) = ${pk}`);
});

test("a kernel that never finds its address is flagged: a warning for a model without a schema, an error naming it for a Borel model", () => {
  const post = mcmc(model, [], DATA, cycleAny(randomWalk("mu"), mhKernel("sigmaa")), { samples: 50, warmup: 10, chains: 2, seed: 1 });
  const warnings = post.diagnostics.warnings as string[];
  assert.ok(warnings.some((w) => /mh\(select\(sigmaa\)\) found no latent choice/.test(w)), warnings.join("\n"));
  assert.ok(!warnings.some((w) => /rw\(mu\)/.test(w)));
  // 'extra' exists on one branch only (mu > 1, most of this posterior): not flagged.
  const branchy = mcmc(model, [], DATA, cycleAny(randomWalk("mu"), mhKernel("extra")), { samples: 200, warmup: 50, chains: 2, seed: 1 });
  assert.ok(!(branchy.diagnostics.warnings as string[]).some((w) => /extra/.test(w)));
  const p = compileProgram("model m() {\n  a ~ normal(0, 1)\n  z[0] ~ bernoulli(0.5)\n  observe(normal(a, 1), 0.8)\n}", "k.borel");
  const m = p.models.m!;
  assert.throws(() => mcmc(m, [], {}, gibbsKernel("q"), { samples: 5, warmup: 0, chains: 1, seed: 1 }), (e: Error) => /gibbs\(q\): 'q' is not an address m can produce/.test(e.message));
  assert.throws(() => mcmc(m, [], {}, mhKernel("zz"), { samples: 5, warmup: 0, chains: 1, seed: 1 }), /'zz' is not an address/);
  // A prefix of addresses (z for z/0) is an address family, not an error.
  mcmc(m, [], {}, gibbsKernel("z"), { samples: 5, warmup: 0, chains: 1, seed: 1 });
});

test("gibbs on a prefix sweeps every latent choice under it: an HMM's states against exact enumeration", () => {
  const obs = [0.3, 1.2, -0.4, 0.9, 1.4, -1.1];
  const hmm = gen((t) => {
    let z = t.sample(["z", 0], bernoulli(0.5)) as boolean;
    t.observe(["y", 0], normal(z ? 1 : -1, 1), obs[0]);
    for (let k = 1; k < obs.length; k++) {
      z = t.sample(["z", k], bernoulli(z ? 0.9 : 0.1)) as boolean;
      t.observe(["y", k], normal(z ? 1 : -1, 1), obs[k]);
    }
  }, "hmmGibbs");
  const exact = enumerate(hmm, [], {});
  const post = mcmc(hmm, [], {}, gibbsKernel("z"), { samples: 2000, warmup: 200, chains: 4, seed: 3 });
  for (let k = 0; k < obs.length; k++) {
    const e = exact.mean(`z/${k}`), g = post.mean(`z/${k}`), se = mcseMean(post.chains(`z/${k}`));
    // 5 Monte Carlo standard errors (the estimate's own), as a two-sided bound on 6 coordinates.
    assert.ok(Math.abs(g - e) < 5 * se + 1e-3, `z/${k}: gibbs ${g} vs exact ${e} (mcse ${se})`);
  }
});

test("methods that move only continuous choices refuse a model with a discrete latent choice, naming it; kernels compose", () => {
  const m = gen((t) => {
    const c = t.sample("c", bernoulli(0.5)) as boolean;
    const a = t.sample("a", normal(c ? 0 : 5, 1)) as number;
    t.observe("y", normal(a, 1), 4);
  }, "discreteModel");
  const named = (method: string) => (e: Error) => new RegExp(`^${method}: the latent choice at 'c' \\(bernoulli\\(0.5\\)\\) is discrete`).test(e.message);
  assert.throws(() => nuts(m, [], {}, { samples: 10, warmup: 10, chains: 1, seed: 1 }), named("nuts"));
  assert.throws(() => mapEstimate(m, [], {}, { seed: 1 }), named("map"));
  assert.throws(() => vi(m, [], {}, { steps: 10, seed: 1 }), named("vi with the automatic guide"));
  // NUTS as a kernel on the continuous part, Gibbs on the discrete one: runs.
  const post = mcmc(m, [], {}, cycleAny(nutsKernel(), gibbsKernel("c")), { samples: 50, warmup: 50, chains: 1, seed: 1 });
  assert.equal(post.size, 50);
});

test("elliptical slice and the random walk on a prefix move each choice under it: a Gaussian random walk against its exact posterior", () => {
  // x_0 ~ N(0, 1), x_t ~ N(x_{t−1}, 1), y_t ~ N(x_t, 1): the posterior mean solves (DᵀD + I) m = y, D the
  // first-difference matrix with D_00 = 1 (the prior precision is DᵀD).
  const ys = [0.4, 1.1, 0.7, 1.9];
  const chain = gen((t) => {
    let x = 0;
    ys.forEach((y, k) => { x = t.sample(["x", k], normal(x, 1)) as number; t.observe(["y", k], normal(x, 1), y); });
  }, "gaussianWalk");
  const n = ys.length, A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? (i === n - 1 ? 2 : 3) : Math.abs(i - j) === 1 ? -1 : 0)));
  const m = [...ys];
  for (let i = 0; i < n; i++) for (let r = i + 1; r < n; r++) { const f = A[r]![i]! / A[i]![i]!; for (let c = i; c < n; c++) A[r]![c]! -= f * A[i]![c]!; m[r]! -= f * m[i]!; }
  for (let i = n - 1; i >= 0; i--) { for (let c = i + 1; c < n; c++) m[i]! -= A[i]![c]! * m[c]!; m[i]! /= A[i]![i]!; }
  for (const [label, k] of [["elliptical(x)", ellipticalSlice("x")], ["rw(x)", randomWalk("x")]] as const) {
    const post = mcmc(chain, [], {}, k as never, { samples: 2000, warmup: 500, chains: 4, seed: 11 });
    for (let i = 0; i < n; i++) {
      const g = post.mean(`x/${i}`), se = mcseMean(post.chains(`x/${i}`));
      // 5 Monte Carlo standard errors of the estimate itself, over 2 × 4 coordinates.
      assert.ok(Math.abs(g - m[i]!) < 5 * se, `${label} x/${i}: ${g} vs exact ${m[i]} (mcse ${se})`);
    }
  }
});

test("cycle, mix and repeat given an adaptive kernel say to use cycleAny and friends (it was a TypeError: k is not a function)", () => {
  const adaptive = nutsKernel() as never, plain = gibbsKernel("z");
  const err = (re: RegExp) => (e: Error & { code?: string; hint?: string }) => e.code === "bad-kernel" && re.test(e.message) && /cycleAny|mixAny|repeatAny|Any\(/.test(e.hint ?? "");
  assert.throws(() => cycle(plain, adaptive), err(/^cycle: kernel 2 is an adaptive kernel/));
  assert.throws(() => mix([adaptive, plain]), err(/^mix: kernel 1 is an adaptive kernel/));
  assert.throws(() => repeat(adaptive, 3), err(/^repeat: the kernel is an adaptive kernel/));
  assert.throws(() => cycle(plain, "mh" as never), (e: Error & { code?: string }) => e.code === "bad-kernel" && /cycle: kernel 2 is not a kernel \(got string\)/.test(e.message));
});

test("a kernel at an observed address is an error saying it is data (the warning said to check the address, which was right)", () => {
  const coin = gen((t, flips: boolean[]) => {
    const p = t.sample("p", normal(0, 1)) as number;
    flips.forEach((f, i) => t.observe(["flip", i], bernoulli(1 / (1 + Math.exp(-p))), f));
  }, "coin");
  for (const k of [mhKernel("flip/0"), randomWalk("flip/0"), gibbsKernel("flip/0")])
    assert.throws(() => mcmc(coin, [[true, false]], {}, k, { samples: 5, warmup: 5, chains: 1, seed: 1 }), /'flip\/0' is an observation \(data\), which a kernel does not move/);
});
