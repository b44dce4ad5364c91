// Tempered SMC on static models against exact answers: Beta-Bernoulli (betabern.json / exact.json), Normal-Normal,
// Normal-Gamma, the burglary network, and a model with hard and soft conditioning and a different number of
// choices per branch. Each check runs S seeds. Tolerances from the Monte Carlo error across seeds: posterior
// means within 4·(between-seed sd)/√S of the exact value, plus 4·sd/√(S·N) for the within-run error when the
// seeds happen to agree closely; log Z as log-mean-exp of Ẑ within 4·√((e^{s²} − 1)/S), s² the variance of log Ẑ.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { logMeanExp } from "../../src/math/log.js";
import { smc } from "../../src/infer/smc/smc.js";
import { tempered } from "../../src/infer/smc/tempered-model.js";
import { Rng } from "../../src/rand/rng.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { isBorelError } from "../../src/util/errors.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import type { Kernel } from "../../src/infer/kernel.js";
import {
  alarm, betaBernoulli, branchy, branchyExact, normalGammaExact, normalGammaModel, normalNormal, normalNormalExact,
} from "./importance-models.js";
import { chain, gibbs, randomWalkMH, regenMH } from "./smc-helpers.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/bench/${name}`, import.meta.url), "utf8"));
const exact = fixture("exact.json");
const flips: boolean[] = fixture("betabern.json");

interface Expect { key: string; mean: number; sd: number }

function checkTempered(t: TestContext, label: string, gf: GenerativeFunction, args: unknown[], obs: unknown, kernel: Kernel,
  expects: Expect[], logZ: number, S = 5, particles = 300) {
  const posts: Posterior[] = Array.from({ length: S }, (_, s) => smc(gf, args, obs, { mode: "tempered", particles, seed: 100 + s, rejuvenate: kernel, moves: 2 }));
  for (const e of expects) {
    const ms = posts.map((p) => p.mean(e.key)), m = ms.reduce((a, b) => a + b, 0) / S;
    const between = Math.sqrt(ms.reduce((a, b) => a + (b - m) ** 2, 0) / (S - 1));
    const tol = (4 * between) / Math.sqrt(S) + (4 * e.sd) / Math.sqrt(S * particles);
    t.diagnostic(`${label} ${e.key}: ${m.toPrecision(5)} vs ${e.mean.toPrecision(5)} (tol ${tol.toPrecision(2)})`);
    assert.ok(Math.abs(m - e.mean) <= tol, `${label} ${e.key}: ${m} vs ${e.mean} (tol ${tol})`);
  }
  const lz = posts.map((p) => p.logZ!), lm = lz.reduce((a, b) => a + b, 0) / S;
  const s2 = lz.reduce((a, b) => a + (b - lm) ** 2, 0) / (S - 1), est = logMeanExp(lz), tol = 4 * Math.sqrt(Math.expm1(s2) / S) + 1e-9;
  t.diagnostic(`${label} log Z: ${est.toFixed(4)} vs ${logZ.toFixed(4)} (tol ${tol.toPrecision(2)}), levels ${(posts[0]!.diagnostics.betas as number[]).length}`);
  assert.ok(Math.abs(est - logZ) <= tol, `${label} log Z: ${est} vs ${logZ} (tol ${tol})`);
  const betas = posts[0]!.diagnostics.betas as number[];
  assert.equal(betas[betas.length - 1], 1);
  assert.ok(betas.every((b, i) => i === 0 || b > betas[i - 1]!));
  return posts;
}

test("tempered SMC: Beta-Bernoulli on betabern.json", (t) => {
  const e = exact.betabern;
  checkTempered(t, "betabern", betaBernoulli, [flips.length], { flips }, randomWalkMH("p", 0.1), [{ key: "p", mean: e.postMean, sd: e.postSd }], e.logZ);
});

test("tempered SMC: Normal-Normal and Normal-Gamma", (t) => {
  const y = [1.2, 0.4, 2.1, 1.7, 0.9, 1.4, 0.2, 1.1];
  const nn = normalNormalExact(y, 3, 0.5);
  checkTempered(t, "normal-normal", normalNormal, [y.length, 3, 0.5], { y: Float64Array.from(y) }, randomWalkMH("mu", 0.3),
    [{ key: "mu", mean: nn.mean, sd: nn.sd }], nn.logZ);
  const g = normalGammaExact(y, 2, 1, 0, 1);
  checkTempered(t, "normal-gamma", normalGammaModel, [y.length, 2, 1, 0, 1], { y: Float64Array.from(y) },
    chain(randomWalkMH("mu", 0.4), randomWalkMH("tau", 0.4, true)),
    [{ key: "mu", mean: g.muMean, sd: g.muSd }, { key: "tau", mean: g.tauMean, sd: g.tauSd }], g.logZ);
});

test("tempered SMC: burglary network (single-site Gibbs on the discrete choices)", (t) => {
  const kernel = chain(gibbs("burglary"), gibbs("earthquake"), gibbs("alarm"));
  const pb = exact.alarm.pBurglary;
  checkTempered(t, "alarm", alarm, [], { johnCalls: true, maryCalls: true }, kernel, [{ key: "burglary", mean: pb, sd: Math.sqrt(pb * (1 - pb)) }], Math.log(exact.alarm.pEvidence), 5, 500);
});

test("tempered SMC: hard and soft conditioning, different choices per branch", (t) => {
  const e = branchyExact();
  const kernel = chain(regenMH(() => ["b"]), regenMH((tr) => (tr.get("b") ? ["k"] : ["c1", "c2"])));
  checkTempered(t, "branchy", branchy, [], { o: true }, kernel, [{ key: "b", mean: e.pB, sd: Math.sqrt(e.pB * (1 - e.pB)) }], e.logZ);
});

test("tempered SMC: a constraint no particle visits is an error naming it, not 'all particles have zero weight'", () => {
  const obs = { y: Float64Array.of(0.2, 0.4), muu: 1 };
  assert.throws(() => smc(normalNormal, [2, 3, 0.5], obs, { mode: "tempered", particles: 20, seed: 1, rejuvenate: regenMH(() => ["mu"]) }),
    (e: unknown) => isBorelError(e) && e.code === "unknown-address" && e.address === "muu" && /smc: the constraint at 'muu' was not visited/.test(e.message));
});

test("tempered model: weights scale the observed and factor terms by β", () => {
  const m = tempered(branchy, 0.5), c = ChoiceMap.from({ o: true, b: true, k: 1 });
  const full = branchy.generate([], c, new Rng(1), { latent: ChoiceMap.from({ b: true, k: 1 }) });
  const half = m.generate([], c, new Rng(1), { latent: ChoiceMap.from({ b: true, k: 1 }) });
  const ll = full.trace.observedScore + full.trace.factorScore;
  assert.ok(Math.abs(half.weight - (full.weight - 0.5 * ll)) < 1e-12);
  assert.ok(Math.abs(half.trace.score - (full.trace.latentScore + 0.5 * ll)) < 1e-12);
  assert.throws(() => m.assess(), (e: unknown) => isBorelError(e) && e.code === "unsupported");
});

test("tempered SMC needs a kernel", () => {
  assert.throws(() => smc(alarm, [], { johnCalls: true }, { mode: "tempered", particles: 10 }), (e: unknown) => isBorelError(e) && /rejuvenation kernel/.test(e.message));
});
