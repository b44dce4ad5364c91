// Involutive MCMC and reversible jump. (1) A discrete birth/death move on the number of components k of a
// small model: exact invariance πK = π by enumeration (the involution also checked to be one), and the move with
// its Hastings term dropped fails. (2) A continuous split/merge move between a one-mean and a two-mean model,
// with Jacobian 2: the posterior probability of the two-mean model against its closed form.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { gen } from "../../src/trace/dynamic.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import type { Trace } from "../../src/trace/gfi.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { categorical } from "../../src/dist/categorical.js";
import { normal } from "../../src/dist/normal.js";
import { uniformInt } from "../../src/dist/uniform_int.js";
import { involutiveKernel, involutiveMove, type Involution } from "../../src/infer/kernels/involutive.js";
import { randomWalkStep } from "../../src/infer/kernels/random-walk.js";
import { cycle } from "../../src/infer/kernel.js";
import { mcmc } from "../../src/infer/mcmc.js";
import { exactPosterior, invariance, withoutHastings } from "./invariance-helpers.js";

// k ~ uniform_int(1, 3) components, each with a category c/j; the data favour a total of about 3.
const components = gen((t) => {
  const k = t.sample("k", uniformInt(1, 3)) as number;
  let s = 0;
  for (let j = 0; j < k; j++) s += t.sample(["c", j], categorical([0.5, 0.3, 0.2])) as number;
  t.observe("y", bernoulli(0.05 + 0.15 * s), true);
  t.observe("z", categorical([0.2, 0.5, 0.3]), Math.min(2, k));
}, "components");

// Birth adds c/k drawn from categorical(0.2, 0.3, 0.5); death removes the last component.
const birthDeath = gen((q, t: Trace) => {
  const k = t.get("k") as number;
  const birth = q.sample("birth", bernoulli(k === 1 ? 1 : k === 3 ? 0 : 0.5)) as boolean;
  if (birth) q.sample("c", categorical([0.2, 0.3, 0.5]));
}, "birthDeath");

const birthDeathInvolution: Involution = (t, u) => {
  const k = t.get("k") as number;
  if (u.get("birth"))
    return { constraints: ChoiceMap.from({ k: k + 1 }).set(`c/${k}`, u.get("c")), backward: ChoiceMap.from({ birth: false }) };
  return { constraints: ChoiceMap.from({ k: k - 1 }), backward: ChoiceMap.from({ birth: true, c: t.get(`c/${k - 1}`) }) };
};

test("reversible jump (birth/death, discrete): πK = π exactly; without its Hastings term it fails", () => {
  const post = exactPosterior(components, [], new ChoiceMap());
  assert.ok(post.states.length > 30);
  const move = involutiveMove(birthDeath, birthDeathInvolution, [], { check: true });
  const r = invariance(move, post);
  console.log(`# birth/death: ${post.states.length} states, |πK − π| = ${r.maxError.toExponential(2)}, moving mass ${r.moveMass.toFixed(3)}`);
  assert.ok(r.maxError < 1e-10 && r.maxRowError < 1e-10, `|πK − π| = ${r.maxError}`);
  assert.ok(r.moveMass > 0.05);
  const broken = invariance(withoutHastings(move), post);
  console.log(`# birth/death without Hastings term: |πK − π| = ${broken.maxError.toExponential(2)}`);
  assert.ok(broken.maxError > 1e-3);
});

test("an involution that is not one is reported", () => {
  // Death hands back the wrong category, so applying the map twice does not restore the trace.
  const bad: Involution = (t, u) => {
    const h = birthDeathInvolution(t, u);
    return u.get("birth") ? h : { ...h, backward: ChoiceMap.from({ birth: true, c: ((t.get(`c/${(t.get("k") as number) - 1}`) as number) + 1) % 3 }) };
  };
  const init = ChoiceMap.from({ k: 3, c: [0, 1, 2] });
  const tr = components.generate([], init, new Rng(1), { latent: init }).trace;
  const k = involutiveKernel(birthDeath, bad, [], { check: true });
  assert.throws(() => k(tr, new Rng(2)), /applying the involution twice/);
});

// Split/merge between M0: y_i ~ N(mu, 1) and M1: y_i ~ N(mu1, 1) (first half), N(mu2, 1) (second half);
// means ~ N(0, τ²), P(M1) = 1/2. Split: (mu, u) → (mu − u, mu + u), |J| = 2; merge is its inverse.
const TAU = 2;
const ys = [-0.9, -0.2, -1.1, 0.3, -0.6, 0.9, 1.4, 0.2, 1.1, 0.5];
const half = ys.length / 2;
const changepoint = gen((t) => {
  if (t.sample("m", bernoulli(0.5))) {
    const a = t.sample("mu1", normal(0, TAU)) as number, b = t.sample("mu2", normal(0, TAU)) as number;
    ys.forEach((y, i) => t.observe(["y", i], normal(i < half ? a : b, 1), y));
  } else {
    const mu = t.sample("mu", normal(0, TAU)) as number;
    ys.forEach((y, i) => t.observe(["y", i], normal(mu, 1), y));
  }
}, "changepoint");

/** log p(y) for y_i iid N(mu, 1), mu ~ N(0, τ²), integrated over mu. */
function logMarginal(y: number[]): number {
  const n = y.length, s = y.reduce((a, b) => a + b, 0), ss = y.reduce((a, b) => a + b * b, 0);
  return -0.5 * n * Math.log(2 * Math.PI) - 0.5 * Math.log(1 + n * TAU * TAU) - 0.5 * (ss - (s * s * TAU * TAU) / (1 + n * TAU * TAU));
}

const splitMerge = gen((q, t: Trace) => { if (!t.get("m")) q.sample("u", normal(0, 1)); }, "splitMerge");
const splitMergeInvolution: Involution = (t, u) => {
  if (!t.get("m")) {
    const mu = t.get("mu") as number, d = u.get("u") as number;
    return { constraints: ChoiceMap.from({ m: true, mu1: mu - d, mu2: mu + d }), backward: new ChoiceMap(), logJacobian: Math.log(2) };
  }
  const a = t.get("mu1") as number, b = t.get("mu2") as number;
  return { constraints: ChoiceMap.from({ m: false, mu: (a + b) / 2 }), backward: ChoiceMap.from({ u: (b - a) / 2 }), logJacobian: -Math.log(2) };
};

test("reversible jump (split/merge, continuous, |J| = 2): P(two means | y) matches its closed form", () => {
  const l0 = logMarginal(ys), l1 = logMarginal(ys.slice(0, half)) + logMarginal(ys.slice(half));
  const exact = 1 / (1 + Math.exp(l0 - l1));
  const kernel = cycle(involutiveKernel(splitMerge, splitMergeInvolution), randomWalkStep("mu", 0.5, "raw"), randomWalkStep("mu1", 0.7, "raw"), randomWalkStep("mu2", 0.7, "raw"));
  const post = mcmc(changepoint, [], {}, kernel, { samples: 5000, warmup: 500, chains: 4, seed: 3 });
  const est = post.mean("m"), row = post.summary().get("m")!;
  // Tolerance: 4 Monte Carlo standard errors of the mean (MCSE from the bulk ESS of the 4 chains).
  const tol = 4 * (row.mcse_mean as number);
  console.log(`# split/merge: P(M1 | y) = ${est.toFixed(4)} vs exact ${exact.toFixed(4)} (tolerance ${tol.toFixed(4)}, R-hat ${row.rhat?.toFixed(3)}, acceptance ${(post.diagnostics.acceptanceRate as number).toFixed(2)})`);
  assert.ok(exact > 0.2 && exact < 0.8, `exact ${exact}: choose data with a less lopsided answer`);
  assert.ok(Math.abs(est - exact) < tol, `P(M1 | y) = ${est} vs ${exact} ± ${tol}`);
  assert.ok(post.stat("accepted/0").reduce((a, b) => a + b, 0) > 200, "the split/merge move rarely accepts");
});

test("the same split/merge without its Jacobian term gives a wrong answer (negative control)", () => {
  const l0 = logMarginal(ys), l1 = logMarginal(ys.slice(0, half)) + logMarginal(ys.slice(half));
  const exact = 1 / (1 + Math.exp(l0 - l1));
  const noJacobian: Involution = (t, u) => ({ ...splitMergeInvolution(t, u), logJacobian: 0 });
  const kernel = cycle(involutiveKernel(splitMerge, noJacobian), randomWalkStep("mu", 0.5, "raw"), randomWalkStep("mu1", 0.7, "raw"), randomWalkStep("mu2", 0.7, "raw"));
  const post = mcmc(changepoint, [], {}, kernel, { samples: 5000, warmup: 500, chains: 4, seed: 3 });
  const est = post.mean("m"), tol = 4 * (post.summary().get("m")!.mcse_mean as number);
  console.log(`# split/merge without Jacobian: P(M1 | y) = ${est.toFixed(4)} vs exact ${exact.toFixed(4)} (tolerance ${tol.toFixed(4)})`);
  assert.ok(Math.abs(est - exact) > tol, `the broken move agreed: ${est} vs ${exact}`);
});
