// Convergence warnings of MCMC runs (src/infer/mcmc/convergence.ts): R-hat > 1.01, chains stuck at different
// values, ESS below 100 per chain — and none on well-mixed draws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Posterior } from "../../src/posterior/posterior.js";
import { Rng } from "../../src/rand/rng.js";
import { convergenceWarnings } from "../../src/infer/mcmc/convergence.js";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { mcmc } from "../../src/infer/mcmc.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";

/** A posterior of `chains` chains of `n` draws: key → per-chain draw function. */
function posterior(chains: number, n: number, keys: Record<string, (chain: number, i: number, rng: Rng) => number>, method = "mcmc"): Posterior {
  const rng = new Rng(7);
  const draws = Array.from({ length: chains }, (_, c) => ({
    length: n, choiceKeys: new Set(Object.keys(keys)),
    columns: new Map(Object.entries(keys).map(([k, f]) => [k, Array.from({ length: n }, (_, i) => f(c, i, rng)) as unknown[]])),
  }));
  return new Posterior({ method, draws });
}

test("well-mixed iid draws raise no warning", () => {
  assert.deepEqual(convergenceWarnings(posterior(4, 1000, { a: (_c, _i, r) => r.normal(), b: (_c, _i, r) => r.normal() })), []);
});

test("chains centred apart, chains stuck at different values, and too few effective draws are each reported", () => {
  const apart = convergenceWarnings(posterior(4, 1000, { mu: (c, _i, r) => r.normal() + c, ok: (_c, _i, r) => r.normal() }));
  assert.equal(apart.length, 1);
  assert.match(apart[0]!, /^R-hat > 1\.01 at mu \(\d\.\d{3}\): the chains have not mixed/);
  const stuck = convergenceWarnings(posterior(2, 500, { z: (c) => c, ok: (_c, _i, r) => r.normal() }, "mh"));
  assert.equal(stuck.length, 1);
  assert.match(stuck[0]!, /^z never changed within a chain but differ between chains/);
  // Under user-composed kernels a continuous value held in every chain is a choice no kernel targets.
  assert.match(convergenceWarnings(posterior(2, 500, { z: (c) => c + 0.5, ok: (_c, _i, r) => r.normal() }))[0]!, /^z never changed within any chain: no kernel moved it/);
  // AR(1) draws with φ = 0.7, the same distribution in every chain: ESS ≈ 1200·(1 − φ)/(1 + φ) ≈ 210 < 400.
  let x = 0;
  const slow = convergenceWarnings(posterior(4, 300, { x: (_c, i, r) => (x = i === 0 ? r.normal() : 0.7 * x + 0.7 * r.normal()) }));
  assert.ok(slow.some((w) => /^effective sample size below 400 \(100 per chain × 4 chains\) at x \(\d+\)/.test(w)), String(slow));
  // One constant key that is the same in every chain is not stuck (a choice the data fix, under mh), and the
  // return value is skipped; under user-composed kernels (mcmc) it is a choice no kernel moved, and said so.
  assert.deepEqual(convergenceWarnings(posterior(2, 500, { c: () => 3, return: (c) => c, ok: (_c, _i, r) => r.normal() }, "mh")), []);
  assert.deepEqual(convergenceWarnings(posterior(2, 500, { c: () => 3, return: (c) => c, ok: (_c, _i, r) => r.normal() })), []);
  const frozen = convergenceWarnings(posterior(2, 500, { c: () => 3.25, return: (c) => c, ok: (_c, _i, r) => r.normal() }));
  assert.equal(frozen.length, 1);
  assert.match(frozen[0]!, /^c never changed within any chain: no kernel moved it/);
});

test("a latent choice no kernel targets is reported (rw(\"mu\") alone gave mu's posterior with s held at its start, silently)", async () => {
  const { gamma } = await import("../../src/dist/gamma.js");
  const { randomWalk } = await import("../../src/infer/kernels/random-walk.js");
  const m = gen((t, ys: number[]) => {
    const mu = t.sample("mu", normal(0, 3)) as number, s = t.sample("s", gamma(2, 2)) as number;
    ys.forEach((y, i) => t.observe(["y", i], normal(mu, s), y));
  }, "ms");
  const post = mcmc(m, [[1.2, 0.8, 2.1, 1.5, 0.3]], {}, randomWalk("mu"), { samples: 300, warmup: 100, chains: 2, seed: 1 });
  assert.ok((post.diagnostics.warnings as string[]).some((w) => /^s never changed within any chain: no kernel moved it/.test(w)), String(post.diagnostics.warnings));
});

test("a discrete choice is reported as unmoved only when its full conditional would have moved it (not a mixture point the data pin to its cluster)", async () => {
  const { bernoulli } = await import("../../src/dist/bernoulli.js");
  const { randomWalk } = await import("../../src/infer/kernels/random-walk.js");
  const { gibbsKernel } = await import("../../src/infer/kernels/gibbs.js");
  const { cycleAny } = await import("../../src/infer/kernels/adaptive.js");
  // z's conditional is about ½ (y barely tells the components apart): rw("mu") alone never moves it.
  const m = gen((t, ys: number[]) => {
    const mu = t.sample("mu", normal(0, 3)) as number, z = t.sample("z", bernoulli(0.5)) as boolean;
    ys.forEach((y, i) => t.observe(["y", i], normal(mu + (z ? 0.1 : 0), 1), y));
  }, "mz");
  const loose = mcmc(m, [[1.2, 0.8]], {}, randomWalk("mu"), { samples: 300, warmup: 100, chains: 1, seed: 1 });
  assert.ok((loose.diagnostics.warnings as string[]).some((w) => /^z never changed within any chain/.test(w)), String(loose.diagnostics.warnings));
  // Two far-apart clusters: each point's assignment has conditional P(other) ≈ e^-30; Gibbs never moves it either.
  const pinned = gen((t, ys: number[]) => {
    const a = t.sample("a", normal(-8, 1)) as number, b = t.sample("b", normal(8, 1)) as number;
    ys.forEach((y, i) => { const z = t.sample(["z", i], bernoulli(0.5)) as boolean; t.observe(["y", i], normal(z ? b : a, 1), y); });
  }, "pinned");
  const post = mcmc(pinned, [[-8, 8.2, -7.9]], {}, cycleAny(gibbsKernel("z"), randomWalk("a"), randomWalk("b")), { samples: 100, warmup: 50, chains: 1, seed: 1 });
  assert.ok(!(post.diagnostics.warnings as string[]).some((w) => /never changed/.test(w)), String(post.diagnostics.warnings));
});

test("an MCMC run carries the warnings in its diagnostics", () => {
  // Independence MH from a N(0, 1) prior on a posterior of sd 0.01: almost every proposal is rejected.
  const m = gen((t) => { const mu = t.sample("mu", normal(0, 1)) as number; t.observe("y", normal(mu, 0.01), 0.5); }, "sharp");
  const post = mcmc(m, [], {}, mhKernel("mu"), { samples: 200, warmup: 0, chains: 2, seed: 3 });
  assert.ok((post.diagnostics.warnings as string[]).some((w) => /at mu/.test(w)), String(post.diagnostics.warnings));
});

test("a choice absent from some draws (a branch not taken) is not judged", () => {
  assert.deepEqual(convergenceWarnings(posterior(2, 400, { deep: (c, i) => (i % 7 === 0 ? c : NaN), ok: (_c, _i, r) => r.normal() })), []);
});
