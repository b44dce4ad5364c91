// Simulation-based calibration (src/infer/sbc.ts) of each MH variant — MH by regenerate, single-site MH,
// adaptive random walk, custom-proposal MH — on three models (normal groups, Normal-Gamma groups, beta groups), each
// with its negative control: the same algorithm on the likelihood tempered by ½, which must be rejected.
//
// L = 99 draws, 10 bins. Calibrated (R = 100): every parameter's χ² p-value > 0.001. Control (R = 200): the
// ranks of all parameters of a model are pooled (independent and uniform under a correct posterior, so the
// pooled test is still exact) and must give p < 0.001 — one parameter's histogram of 200 ranks has too little
// power against a √2-too-wide posterior (χ² noncentrality ≈ 10 per 100 ranks, measured), the pooled 600–800
// ranks have enough. Larger runs: mcmc-sbc.slow.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sbc, rankTest } from "../../src/infer/sbc.js";
import { MODELS, VARIANTS, mcmcAlgorithm } from "./mcmc-sbc-cases.js";

const R = 100, R_CONTROL = 200, THIN = 3;

for (const v of VARIANTS) {
  for (const m of MODELS) {
    test(`SBC: ${v.name} on ${m.name}: calibrated, and the tempered control rejected`, (t) => {
      const good = sbc({ model: m.model, args: m.args, observed: m.observed, params: m.params, replications: R, seed: 21, algorithm: mcmcAlgorithm(v, m, THIN) });
      const bad = sbc({ model: m.model, args: m.args, observed: m.observed, params: m.params, replications: R_CONTROL, seed: 22, algorithm: mcmcAlgorithm(v, m, THIN, 0.5) });
      const pooled = (r: typeof good) => rankTest(Int32Array.from(m.params.flatMap((p) => [...r.params[p]!.ranks])), r.draws, r.bins);
      const gp = pooled(good), bp = pooled(bad);
      const line = `${v.name} / ${m.name}: min p ${good.minPValue.toExponential(2)} (pooled ${gp.pValue.toExponential(2)}); control pooled χ² ${bp.statistic.toFixed(1)}, p ${bp.pValue.toExponential(2)}`;
      t.diagnostic(line);
      console.log(`# SBC ${line}`);
      for (const p of m.params) assert.ok(good.params[p]!.pValue > 0.001, `${p}: p = ${good.params[p]!.pValue}, counts ${good.params[p]!.counts}`);
      assert.ok(bp.pValue < 0.001, `control not rejected: ${line}`);
    });
  }
}
