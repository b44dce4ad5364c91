// Simulation-based calibration (src/infer/sbc.ts) of NUTS, HMC and MALA, with warmup and adaptation, on four
// models, and negative controls that must be rejected.
//
// Criterion (as the other SBC tests): R = 100 replications, L = 99 evenly spaced draws from one chain, χ² on
// 10 bins; calibrated when every parameter has p > 0.001 (with up to 10 parameters the chance of a false
// alarm is ≤ 1%; the seeds are fixed). The controls drop the log-Jacobian of the positive parameter's
// bijector on a scale model informed by one observation — the sampler then targets p(σ)L(σ)/σ, which moves
// log σ down by its posterior variance (~0.6 posterior sd) — with R = 200 they give p ≈ 1e-13 (at R = 100
// only 1e-4..1e-6, too close to the threshold to be a robust control). A tempered likelihood is too weak a
// control at these R for most models here (a posterior √2 too wide needs R ≈ 200–400 per parameter); the slow
// suite runs those.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sbc, type SBCAlgorithm } from "../../src/infer/sbc.js";
import { nuts } from "../../src/infer/nuts.js";
import { hmc } from "../../src/infer/hmc.js";
import { mala } from "../../src/infer/mala.js";
import type { ViewOptions } from "../../src/infer/unconstrained.js";
import { correlatedGaussian, eightSchoolsNC, logisticRegression, normalNormal, normalScale, type GradientTestModel } from "./gradient-models.js";

const R = 100;

const algorithms: [string, (view?: ViewOptions) => SBCAlgorithm][] = [
  ["NUTS", (view) => (g, a, obs, rng) => nuts(g, a, obs, { samples: 200, warmup: 150, chains: 1, rng, view })],
  ["HMC", (view) => (g, a, obs, rng) => hmc(g, a, obs, { samples: 200, warmup: 150, chains: 1, rng, steps: 8, jitterSteps: true, view })],
  ["MALA", (view) => (g, a, obs, rng) => mala(g, a, obs, { samples: 600, warmup: 300, chains: 1, rng, view })],
];

function run(m: GradientTestModel, algorithm: SBCAlgorithm, seed: number, replications = R) {
  return sbc({ model: m.model, args: m.args, observed: m.isData, params: m.params, algorithm, replications, draws: 99, seed });
}

const summary = (m: GradientTestModel, r: ReturnType<typeof run>) => m.params.map((p) => `${p}: p ${r.params[p].pValue.toExponential(1)}`).join(", ");

for (const m of [normalNormal(), correlatedGaussian(), eightSchoolsNC(), logisticRegression()]) {
  test(`SBC: NUTS, HMC and MALA are calibrated on ${m.name}`, (t) => {
    for (const [name, make] of algorithms) {
      const r = run(m, make(), 7);
      t.diagnostic(`${name}: ${summary(m, r)}`);
      assert.ok(r.minPValue > 0.001, `${name} on ${m.name}: ${summary(m, r)}`);
    }
  });
}

test("SBC negative controls are rejected: NUTS, HMC and MALA without the Jacobian of the scale's bijector", (t) => {
  const m = normalScale();
  for (const [name, make] of algorithms) {
    const r = run(m, make({ jacobian: false }), 8, 200);
    t.diagnostic(`${name}: ${summary(m, r)}`);
    assert.ok(r.minPValue < 0.001, `${name}: not rejected, ${summary(m, r)}`);
  }
});
