// Larger SBC runs of the MH variants (npm run test:slow): R = 1000 replications, L = 99 draws, thinning 5, each
// parameter tested on its own (no pooling): calibrated at p > 0.001 for every parameter; the tempered-by-½
// control rejected for every model (min p over its parameters < 0.001 after Bonferroni over the parameters).
import { test } from "node:test";
import assert from "node:assert/strict";
import { sbc } from "../../src/infer/sbc.js";
import { MODELS, VARIANTS, mcmcAlgorithm } from "./mcmc-sbc-cases.js";

const R = 1000, THIN = 5;

for (const v of VARIANTS) {
  for (const m of MODELS) {
    test(`SBC (slow): ${v.name} on ${m.name}`, (t) => {
      const good = sbc({ model: m.model, args: m.args, observed: m.observed, params: m.params, replications: R, seed: 31, algorithm: mcmcAlgorithm(v, m, THIN, 1, 300) });
      const bad = sbc({ model: m.model, args: m.args, observed: m.observed, params: m.params, replications: R, seed: 32, algorithm: mcmcAlgorithm(v, m, THIN, 0.5, 300) });
      t.diagnostic(`${v.name} / ${m.name}: min p ${good.minPValue.toExponential(2)}; control min p ${bad.minPValue.toExponential(2)}`);
      for (const p of m.params) assert.ok(good.params[p]!.pValue > 0.001, `${p}: p = ${good.params[p]!.pValue}`);
      assert.ok(bad.minPValue * m.params.length < 0.001, `control not rejected: min p ${bad.minPValue}`);
    });
  }
}
