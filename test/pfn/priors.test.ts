// The benchmark priors and their exact oracles: the GP predictive against a hand-solved 2-point case, the
// linear-regression posterior against the team's exact.json values, the learning-curve marginal density against
// the mixture written out by hand, and the shapes of simulated datasets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../../src/rand/rng.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { gpPredictive, gpPrior, rbf, GP_BENCH } from "../../src/pfn/priors/gp.js";
import { linregExact } from "../../src/pfn/priors/linreg.js";
import { lcMarginal, lcPredictive, lcPrior, type LcDraw } from "../../src/pfn/priors/lc.js";
import { tabularPrior } from "../../src/pfn/priors/tabular.js";
import { simulateDataset } from "../../src/pfn/prior.js";
import { logSumExp } from "../../src/math/log.js";

test("GP predictive equals the 2×2 closed form", () => {
  const xs = [0.1, 0.3], ys = [0.5, -0.2], xq = 0.2, s2 = GP_BENCH.noiseSd ** 2;
  const a = rbf(0.1, 0.1, GP_BENCH) + s2, b = rbf(0.1, 0.3, GP_BENCH), d = rbf(0.3, 0.3, GP_BENCH) + s2, det = a * d - b * b;
  const k = [rbf(0.1, xq, GP_BENCH), rbf(0.3, xq, GP_BENCH)];
  const alpha = [(d * ys[0] - b * ys[1]) / det, (a * ys[1] - b * ys[0]) / det];
  const kinvk = (d * k[0] * k[0] - 2 * b * k[0] * k[1] + a * k[1] * k[1]) / det;
  const r = gpPredictive(xs, ys, [xq]);
  assert.ok(Math.abs(r.mean[0] - (k[0] * alpha[0] + k[1] * alpha[1])) < 1e-12);
  assert.ok(Math.abs(r.variance[0] - (1 + s2 - kinvk)) < 1e-12);
  assert.deepEqual([...gpPredictive([], [], [0.5]).variance], [1 + s2]);
  const ds = simulateDataset(gpPrior(), 7, new Rng(1), { inputs: "x", outputs: "y" });
  assert.equal(ds.x.length, 7);
  assert.ok([...ds.x].every((x) => x >= 0 && x <= 1));
});

test("linear regression: closed-form posterior matches exact.json for linreg.json", () => {
  const { xs, ys } = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/pfn/linreg.json"), "utf8"));
  const e = linregExact(xs, ys);
  // exact.json (team's conjugate computation): slopeMean 1.9769344207074198, interceptMean -1.036234930081155,
  // slopeSd 0.03954654614050838, interceptSd 0.05006924415262417, corr -0.05281054140832867
  assert.ok(Math.abs(e.mean[0] - 1.9769344207074198) < 1e-12 && Math.abs(e.mean[1] + 1.036234930081155) < 1e-12);
  assert.ok(Math.abs(e.sd[0] - 0.03954654614050838) < 1e-12 && Math.abs(e.sd[1] - 0.05006924415262417) < 1e-12);
  assert.ok(Math.abs(e.corr + 0.05281054140832867) < 1e-12);
  assert.ok(Math.abs(e.logZ - (e.logLik - 100 * Math.log(4))) < 1e-9);
});

const draw: LcDraw = { pow3_c: 0.8, pow3_a: 0.3, pow3_alpha: 0.6, ilog2_c: 0.7, ilog2_a: 0.2, jan_c: 0.9, jan_a: 0.4, jan_kappa: 0.1, jan_delta: 1.1, sigma: 0.02 };
const curve = (k: number, e: number) => k === 0 ? 0.8 - 0.3 * e ** -0.6 : k === 1 ? 0.7 - 0.2 / Math.log(e + 1) : 0.9 - 0.4 * Math.exp(-0.1 * e ** 1.1);
const logN = (y: number, m: number, s: number) => -0.5 * ((y - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

test("learning-curve marginal density: log ⅓ Σ_k Π_i N(y_i; f_k(i), σ²) plus the parameter priors", () => {
  const ys = [0.45, 0.52, 0.58];
  const choices = ChoiceMap.from(draw);
  const withData = lcMarginal().assess([ys], choices).weight, noData = lcMarginal().assess([[]], choices).weight;
  const mix = logSumExp([0, 1, 2].map((k) => ys.reduce((s, y, i) => s + logN(y, curve(k, i + 1), 0.02), 0))) + Math.log(1 / 3);
  assert.ok(Math.abs(withData - noData - mix) < 1e-9, `${withData - noData} vs ${mix}`);
  // predictive with one draw: Σ_k p(k | θ, data) N(y; f_k(e), σ²)
  const lk = [0, 1, 2].map((k) => ys.reduce((s, y, i) => s + logN(y, curve(k, i + 1), 0.02), 0)), z = logSumExp(lk);
  const want = logSumExp([0, 1, 2].map((k) => lk[k] - z + logN(0.6, curve(k, 5), 0.02)));
  assert.ok(Math.abs(lcPredictive([draw], ys, 5, 0.6) - want) < 1e-12);
  const ds = simulateDataset(lcPrior(50), 50, new Rng(2), { inputs: "x", outputs: "y" });
  assert.deepEqual([ds.x[0], ds.x[49]], [0.02, 1]);
});

test("tabular prior: two features per row, boolean outputs read as a discrete 0/1 output", () => {
  const ds = simulateDataset(tabularPrior(), 30, new Rng(3), { inputs: "x", outputs: "y" });
  assert.equal(ds.xDim, 2);
  assert.equal(ds.discrete, true);
  assert.ok([...ds.y].every((v) => v === 0 || v === 1));
});
