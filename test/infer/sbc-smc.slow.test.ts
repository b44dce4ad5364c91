// Larger SBC runs of SMC (npm run test:slow): static parameters learned from a data stream with resample-move,
// tempered SMC on independent groups, and the whole path of a state-space model (early states included, so path
// degeneracy would show) with more particles. Same criterion as sbc-smc.test.ts: every ranked quantity
// (parameters and the log-likelihood) at p > 0.001; the tempered-likelihood control rejected (some p < 0.001).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { unfold } from "../../src/combinators/unfold.js";
import { normal } from "../../src/dist/normal.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { smc, type SMCOptions } from "../../src/infer/smc/smc.js";
import { sbc } from "../../src/infer/sbc.js";
import { tempered } from "../../src/infer/smc/tempered-model.js";
import type { Kernel } from "../../src/infer/kernel.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import { normalGroups } from "./sbc-models.js";

const R = 200;

/** Random-walk MH on the given addresses jointly (symmetric proposal; update's weight is the MH ratio). */
const walk = (keys: string[], scale: number): Kernel => (trace, rng) => {
  const c = new ChoiceMap();
  for (const k of keys) c.set(k, (trace.get(k) as number) + scale * rng.normal());
  const r = trace.gf.update(trace, trace.args as unknown[], trace.args.map(() => "same" as const), c, rng, { latent: c });
  const accepted = Math.log(rng.open01()) < r.weight;
  return { trace: accepted ? r.trace : trace, stats: { accepted } };
};
/** Each key in turn, several times. */
const sweep = (keys: string[], scale: number, times: number): Kernel => (trace, rng) => {
  let accepted = false;
  for (let i = 0; i < times; i++) for (const k of keys) { const r = walk([k], scale)(trace, rng); trace = r.trace; accepted ||= r.stats.accepted; }
  return { trace, stats: { accepted } };
};

/** Three means mu_j ~ N(0, 1); y_k ~ N(mu_{k mod 3}, 0.3), one per step; the first argument is the number of steps. */
const stream = gen((t, n: number) => {
  const mu = [0, 1, 2].map((j) => t.sample(["mu", j], normal(0, 1)) as number);
  for (let k = 0; k < n; k++) t.sample(["y", k], normal(mu[k % 3]!, 0.3));
}, "stream");

const sharpStep = gen((t, k: number, prev: number) => {
  const x = t.sample("x", normal(k === 0 ? 0 : 0.9 * prev, 1)) as number;
  t.sample("y", normal(x, 0.3));
  return x;
}, "sharpStep");

const groups = normalGroups(3, 15);
const mus = ["mu/0", "mu/1", "mu/2"];
const cases: { name: string; model: GenerativeFunction; args: unknown[]; observed: (k: string) => boolean; params: string[]; opts: SMCOptions }[] = [
  { name: "static parameters from a stream, resample-move", model: stream, args: [6], observed: (k) => k.startsWith("y/"), params: mus,
    opts: { particles: 300, mode: "steps", rejuvenate: sweep(mus, 0.3, 3) } },
  { name: "independent groups, tempered SMC", model: groups.model, args: [], observed: groups.observed, params: groups.params,
    opts: { particles: 200, mode: "tempered", moves: 3, rejuvenate: sweep(mus, 0.25, 2) } },
  { name: "the whole path of a state-space model (2000 particles)", model: unfold(sharpStep), args: [5, 0], observed: (k) => k.endsWith("/y"),
    params: ["0/x", "1/x", "2/x", "3/x", "4/x"], opts: { particles: 2000, mode: "steps" } },
];

for (const c of cases) {
  const run = (beta: number, seed: number) => sbc({
    model: c.model, args: c.args, observed: c.observed, params: c.params, logLikelihood: true, replications: R, seed,
    algorithm: (g, a, obs, rng) => smc(beta === 1 ? g : tempered(g, beta), a, obs, { ...c.opts, rng }),
  });
  const show = (r: ReturnType<typeof run>) => [...c.params, "loglik"].map((p) => `${p}: χ² ${r.params[p]!.statistic.toFixed(1)}, p ${r.params[p]!.pValue.toExponential(1)}`).join("; ");
  test(`SBC (slow): SMC on ${c.name} is calibrated`, (t) => {
    const r = run(1, 31);
    t.diagnostic(show(r));
    for (const p of [...c.params, "loglik"]) assert.ok(r.params[p]!.pValue > 0.001, `${p}: ${show(r)}`);
  });
  test(`SBC (slow): the tempered-likelihood control on ${c.name} is rejected`, (t) => {
    const r = run(0.5, 32);
    t.diagnostic(show(r));
    assert.ok(r.minPValue < 0.001, show(r));
  });
}
