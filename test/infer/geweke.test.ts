// Geweke joint-distribution tests (geweke-harness.ts) of NUTS, HMC and MALA on four models, each sampler with
// negative controls that must be rejected.
//
// Criterion: every test function's |z| < 5, where z = (chain mean − exact prior expectation) / MCSE. With at
// most 20 test functions a correct kernel exceeds 5 with probability ~1e-5 under normality; the MCSE of θ² is
// itself noisy (heavy tails when the chain lingers in the tails), which is why the threshold is not 4 (a
// correct HMC reached |z| = 4.6 on one of twelve seeds). The controls sit far beyond it: |z| ≈ 7–13, and
// 30–4000 for the dropped Jacobian.
//
// Step size and metric: tuned once per model by a short NUTS warmup on one simulated data set, then fixed
// (adaptation during the test would itself break invariance).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { nutsKernel } from "../../src/infer/nuts.js";
import { nutsAlgorithm } from "../../src/infer/nuts/algorithm.js";
import { hmcAlgorithm } from "../../src/infer/hmc.js";
import { malaAlgorithm } from "../../src/infer/mala.js";
import { fixedGradientKernel } from "../../src/infer/hmc-fixed.js";
import type { GradientAlgorithm } from "../../src/infer/hmc-binding.js";
import type { ViewOptions } from "../../src/infer/unconstrained.js";
import { correlatedGaussian, eightSchoolsNC, logisticRegression, normalNormal, type GradientTestModel } from "./gradient-models.js";
import { describe, gewekeJoint } from "./geweke-harness.js";
import { malaSymmetricAcceptance } from "./geweke-controls.js";

const THRESHOLD = 5;

/** Step size and inverse metric from 300 NUTS warmup iterations on one simulated data set. */
function tune(m: GradientTestModel): { stepSize: number; inverseMetric: Float64Array } {
  const rng = new Rng(5);
  const obs = new ChoiceMap().set("y", m.model.simulate(m.args, rng).get("y"));
  let tr = m.model.generate(m.args, obs, rng).trace;
  const ak = nutsKernel({ warmup: 300 });
  let s = ak.init(tr, rng);
  for (let i = 0; i < 300; i++) { const r = ak.kernel(s)(tr, rng); tr = r.trace; s = ak.update(s, r.stats, tr); }
  s = ak.done(s);
  return { stepSize: s.stepSize, inverseMetric: Float64Array.from(s.inverseMetric) };
}

const samplers: [string, GradientAlgorithm, number, number][] = [
  // name, algorithm, step-size factor, kernel steps per sweep
  ["NUTS", nutsAlgorithm(), 1, 1],
  ["HMC", hmcAlgorithm({ steps: 8, jitterSteps: true }), 1, 1],
  ["MALA", malaAlgorithm(), 0.6, 3],
];

for (const m of [normalNormal(), correlatedGaussian(), eightSchoolsNC(), logisticRegression()]) {
  test(`Geweke: NUTS, HMC and MALA leave the joint distribution of ${m.name} invariant`, (t) => {
    const tuning = tune(m);
    for (const [name, alg, factor, steps] of samplers) {
      const k = fixedGradientKernel(alg, { stepSize: tuning.stepSize * factor, inverseMetric: tuning.inverseMetric });
      const r = gewekeJoint(m, k, 3000, 1, steps);
      t.diagnostic(`${name}: ${describe(r)}`);
      assert.ok(r.maxAbsZ < THRESHOLD, `${name} on ${m.name}: ${describe(r)}`);
    }
  });
}

const tempered: ViewOptions = { score: { observedScale: 0.5 } };
const controls: [string, GradientTestModel, GradientAlgorithm, number, ViewOptions, number, number][] = [
  // name, model, algorithm, step size, view options, steps per sweep, sweeps
  ["NUTS targeting the likelihood tempered by ½", logisticRegression(), nutsAlgorithm(), 0.5, tempered, 1, 2000],
  ["NUTS without the log-Jacobian of tau's bijector", eightSchoolsNC(), nutsAlgorithm(), 0.25, { jacobian: false }, 1, 300],
  ["HMC targeting the likelihood tempered by ½", normalNormal(), hmcAlgorithm({ steps: 8, jitterSteps: true }), 0.6, tempered, 1, 3000],
  ["MALA accepting as if its proposal were symmetric", normalNormal(), malaSymmetricAcceptance(), 0.5, {}, 3, 6000],
  ["MALA targeting the likelihood tempered by ½", normalNormal(), malaAlgorithm(), 0.6, tempered, 5, 5000],
];

for (const [name, m, alg, eps, view, steps, n] of controls) {
  test(`Geweke negative control is rejected: ${name} (${m.name})`, (t) => {
    const r = gewekeJoint(m, fixedGradientKernel(alg, { stepSize: eps, view }), n, 1, steps);
    t.diagnostic(describe(r));
    assert.ok(r.maxAbsZ > THRESHOLD, `not rejected: ${describe(r)}`);
  });
}
