// Simulation-based calibration of lockstep SMC (all particles as vectors) on a Borel state-space program, as
// sbc-smc.test.ts does for the other forms: R = 200 replications, L = 99, 10 bins, every ranked quantity (the
// last three states and the log-likelihood) p > 0.001; the tempered-likelihood control (which runs per particle:
// a tempered model has no lockstep form) must be rejected. The good runs must take the lockstep path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram } from "../../src/lang/program.js";
import { smc } from "../../src/infer/smc/smc.js";
import { sbc, type SBCAlgorithm } from "../../src/infer/sbc.js";
import { tempered } from "../../src/infer/smc/tempered-model.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";

const program = compileProgram(`
model ssm(T) {
  x[0] ~ normal(0, 1)
  y[0] ~ normal(x[0], 0.3)
  for t in 1..T {
    x[t] ~ normal(0.9 * x[t - 1], 1)
    y[t] ~ normal(x[t], 0.3)
  }
}`, "ssm.borel");
const model = (program.models as Record<string, GenerativeFunction>).ssm!;
const params = ["x/2", "x/3", "x/4"], observed = (k: string) => k.startsWith("y/");

let lockstepRuns = 0;
const algorithm = (beta: number): SBCAlgorithm => (g, a, obs, rng) => {
  // The control keeps its traces: the log-likelihood quantity cannot rebuild a tempered model's trace from draws.
  const post = smc(beta === 1 ? g : tempered(g, beta), a, obs, { particles: 200, rng, keepTraces: beta !== 1 });
  if (post.diagnostics.lockstep === true) lockstepRuns++;
  return post;
};

test("SBC: lockstep SMC on a Borel state-space program is calibrated", (t) => {
  const r = sbc({ model, args: [5], observed, params, logLikelihood: true, algorithm: algorithm(1), replications: 200, seed: 31 });
  t.diagnostic([...params, "loglik"].map((p) => `${p}: p ${r.params[p]!.pValue.toExponential(1)}`).join("; "));
  assert.equal(lockstepRuns, 200);
  for (const p of [...params, "loglik"]) assert.ok(r.params[p]!.pValue > 0.001, `${p}: p = ${r.params[p]!.pValue}, counts ${r.params[p]!.counts}`);
});

test("SBC: the tempered-likelihood control on the same program is rejected", () => {
  const r = sbc({ model, args: [5], observed, params, logLikelihood: true, algorithm: algorithm(0.5), replications: 200, seed: 32 });
  assert.ok(r.minPValue < 0.001, `control not rejected: ${[...params, "loglik"].map((p) => `${p}: p ${r.params[p]!.pValue.toExponential(1)}`).join("; ")}`);
});
