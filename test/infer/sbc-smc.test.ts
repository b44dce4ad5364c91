// Simulation-based calibration of SMC on three models in its three forms — a state-space model (unfold, one step
// per observation), a trend model (a gen loop advanced by update with {grow}), and the state-space model
// as a resumable program (hand-written start()) — each with the negative control (the same algorithm on the likelihood tempered
// by ½), which must be rejected. Criterion as in sbc-importance.test.ts: every ranked quantity p > 0.001 for SMC
// (R = 200, L = 99, 10 bins); the control is rejected when some quantity has p < 0.001.
//
// Power: the control is detectable when the likelihood dominates the prior (tempering then doubles the posterior
// variance); each model ranks three such quantities. The good algorithm must be accurate for what is ranked: an
// early state of the path suffers path degeneracy and fails SBC with 200 particles — as it should — so the last
// three states are ranked. Static parameters (resample-move) and tempered SMC: sbc-smc.slow.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { unfold } from "../../src/combinators/unfold.js";
import { normal } from "../../src/dist/normal.js";
import { smc, type SMCOptions } from "../../src/infer/smc/smc.js";
import { sbc, type SBCAlgorithm } from "../../src/infer/sbc.js";
import { tempered } from "../../src/infer/smc/tempered-model.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import { ResumableSSM } from "./smc-helpers.js";

const R = 200, T = 5;

export interface SBCCase { name: string; model: GenerativeFunction; args: unknown[]; observed: (k: string) => boolean; params: string[]; opts: SMCOptions }

/** The state-space model with sharp observations: x_k = 0.9 x_{k−1} + N(0, 1), y_k ~ N(x_k, 0.3). */
const sharpStep = gen((t, k: number, prev: number) => {
  const x = t.sample("x", normal(k === 0 ? 0 : 0.9 * prev, 1)) as number;
  t.sample("y", normal(x, 0.3));
  return x;
}, "sharpStep");

/**
 * A trend model (level driven by an AR(1) slope), written as a loop whose first argument is the number of steps (advanced by update with
 * {grow}): slope_k ~ N(0.5 slope_{k−1}, 1), level_k ~ N(level_{k−1} + slope_k, 1), y_k ~ N(level_k, 0.3).
 */
const trendLoop = gen((t, n: number) => {
  let level = 0, slope = 0;
  for (let k = 0; k < n; k++) {
    slope = t.sample(["slope", k], normal(k === 0 ? 0 : 0.5 * slope, 1)) as number;
    level = t.sample(["level", k], normal(level + slope, 1)) as number;
    t.sample(["y", k], normal(level, 0.3));
  }
}, "trendLoop");

const cases: SBCCase[] = [
  { name: "state-space (unfold)", model: unfold(sharpStep), args: [T, 0], observed: (k) => k.endsWith("/y"), params: ["2/x", "3/x", "4/x"],
    opts: { particles: 200, mode: "steps" } },
  { name: "AR(1)-slope trend as a loop with a step argument (update with grow)", model: trendLoop, args: [T], observed: (k) => k.startsWith("y/"),
    params: ["level/2", "level/3", "level/4"], opts: { particles: 200, mode: "steps", resample: "stratified" } },
  { name: "state-space as a resumable program (start(): one step per observation point)", model: new ResumableSSM(0.3), args: [T], observed: (k) => k.startsWith("y/"),
    params: ["x/2", "x/3", "x/4"], opts: { particles: 200, mode: "resumable", resample: "residual" } },
];

// The traces are kept: the log-likelihood quantity reads them (the hand-written resumable model cannot rebuild a
// trace from a draw's values by generate).
export const smcAlgorithm = (opts: SMCOptions, beta = 1): SBCAlgorithm => (g, a, obs, rng) =>
  smc(beta === 1 ? g : tempered(g, beta), a, obs, { keepTraces: true, ...opts, rng });

export function sbcCases(cases: SBCCase[], seed: number) {
  for (const c of cases) {
    test(`SBC: SMC on ${c.name} is calibrated`, (t) => {
      const r = sbc({ model: c.model, args: c.args, observed: c.observed, params: c.params, logLikelihood: true, algorithm: smcAlgorithm(c.opts), replications: R, seed });
      t.diagnostic([...c.params, "loglik"].map((p) => `${p}: p ${r.params[p]!.pValue.toExponential(1)}`).join("; "));
      for (const p of [...c.params, "loglik"]) assert.ok(r.params[p]!.pValue > 0.001, `${p}: p = ${r.params[p]!.pValue}, counts ${r.params[p]!.counts}`);
    });
    test(`SBC: the tempered-likelihood control on ${c.name} is rejected`, (t) => {
      const r = sbc({ model: c.model, args: c.args, observed: c.observed, params: c.params, logLikelihood: true, algorithm: smcAlgorithm(c.opts, 0.5), replications: R, seed: seed + 1 });
      const ps = [...c.params, "loglik"].map((p) => `${p}: χ² ${r.params[p]!.statistic.toFixed(1)}, p ${r.params[p]!.pValue.toExponential(1)}`).join("; ");
      t.diagnostic(ps);
      assert.ok(r.minPValue < 0.001, `control not rejected: ${ps}`);
    });
  }
}

sbcCases(cases, 21);
