// Larger runs of the gradient-method calibration tests (npm run test:slow): SBC with R = 400 replications for
// NUTS, HMC and MALA on the four models and the half-Cauchy eight schools, tempered-likelihood controls (too
// weak to detect at the R of the fast suite), and Geweke joint tests with 20 000 sweeps. Same criteria as the
// fast suite: calibrated when every parameter has p > 0.001 (χ² on 10 bins); controls rejected at p < 0.001;
// Geweke |z| < 5.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sbc, type SBCAlgorithm } from "../../src/infer/sbc.js";
import { nuts } from "../../src/infer/nuts.js";
import { hmc } from "../../src/infer/hmc.js";
import { mala } from "../../src/infer/mala.js";
import { tempered } from "../../src/infer/smc/tempered-model.js";
import { fixedGradientKernel } from "../../src/infer/hmc-fixed.js";
import { nutsAlgorithm } from "../../src/infer/nuts/algorithm.js";
import { correlatedGaussian, eightSchoolsNC, logisticRegression, normalNormal, type GradientTestModel } from "./gradient-models.js";
import { describe, gewekeJoint } from "./geweke-harness.js";

const algorithms: [string, (beta: number) => SBCAlgorithm][] = [
  ["NUTS", (beta) => (g, a, obs, rng) => nuts(beta === 1 ? g : tempered(g, beta), a, obs, { samples: 300, warmup: 300, chains: 1, rng })],
  ["HMC", (beta) => (g, a, obs, rng) => hmc(beta === 1 ? g : tempered(g, beta), a, obs, { samples: 300, warmup: 300, chains: 1, rng, steps: 8, jitterSteps: true })],
  ["MALA", (beta) => (g, a, obs, rng) => mala(beta === 1 ? g : tempered(g, beta), a, obs, { samples: 1000, warmup: 500, chains: 1, rng })],
];

const run = (m: GradientTestModel, alg: SBCAlgorithm, seed: number) =>
  sbc({ model: m.model, args: m.args, observed: m.isData, params: m.params, algorithm: alg, replications: 400, draws: 99, seed });
const show = (m: GradientTestModel, r: ReturnType<typeof run>) => m.params.map((p) => `${p}: ${r.params[p].pValue.toExponential(1)}`).join(", ");

for (const m of [normalNormal(), correlatedGaussian(), eightSchoolsNC(), eightSchoolsNC("half_cauchy"), logisticRegression()]) {
  test(`SBC (R = 400): NUTS, HMC and MALA are calibrated on ${m.name}`, (t) => {
    for (const [name, make] of algorithms) {
      const r = run(m, make(1), 21);
      t.diagnostic(`${name}: ${show(m, r)}`);
      assert.ok(r.minPValue > 0.001, `${name}: ${show(m, r)}`);
    }
  });
}

for (const m of [correlatedGaussian(), logisticRegression()]) {
  test(`SBC (R = 400): the likelihood tempered by ½ is rejected for NUTS, HMC and MALA on ${m.name}`, (t) => {
    for (const [name, make] of algorithms) {
      const r = run(m, make(0.5), 22);
      t.diagnostic(`${name}: ${show(m, r)}`);
      assert.ok(r.minPValue < 0.001, `${name}: not rejected, ${show(m, r)}`);
    }
  });
}

test("Geweke with 20 000 sweeps: NUTS on the four models", (t) => {
  for (const m of [normalNormal(), correlatedGaussian(), eightSchoolsNC(), logisticRegression()]) {
    const r = gewekeJoint(m, fixedGradientKernel(nutsAlgorithm(), { stepSize: 0.3 }), 20000, 3);
    t.diagnostic(`${m.name}: ${describe(r)}`);
    assert.ok(r.maxAbsZ < 5, `${m.name}: ${describe(r)}`);
  }
});
