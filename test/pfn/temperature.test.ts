// Temperature scaling: the fitted τ lowers the held-out NLL on prior data, recovers the temperature of a
// deliberately over-sharpened copy of the same network, is applied by predict (logits / τ) and survives save/load.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trainPFN } from "../../src/pfn/train.js";
import { gpPrior } from "../../src/pfn/priors/gp.js";
import { calibrateTemperature } from "../../src/pfn/temperature.js";
import { BarDistribution } from "../../src/pfn/bar-distribution.js";
import { normalizeInputs } from "../../src/pfn/inputs.js";
import { loadPFN } from "../../src/pfn/pfn.js";
import { temperatureAt } from "../../src/pfn/config.js";

const ARCH = { d: 16, heads: 2, layers: 1, ff: 32, headHidden: 32, buckets: 30, priorSamples: 5000, batchSize: 8, steps: 60, warmup: 5, lr: 3e-3, seed: 2 };
const CAL = { datasets: 48, rows: 20, queries: 5, seed: 9 };

test("calibrateTemperature lowers the NLL, undoes an over-sharpened temperature, and predict applies τ", async () => {
  const pfn = await trainPFN(gpPrior(), { ...ARCH, inputs: "x", outputs: "y", rows: 20 });
  const fit = calibrateTemperature(pfn, gpPrior(), CAL);
  assert.ok(fit.nllAfter <= fit.nllBefore, `${fit.nllAfter} ≤ ${fit.nllBefore}`);
  assert.ok(fit.temperature > 0.25 && fit.temperature < 4);
  // A copy sharpened 3× has a clearly worse NLL; calibration brings τ back to the fitted one (same data).
  const sharp = pfn.withTemperature(fit.temperature / 3);
  const back = calibrateTemperature(sharp, gpPrior(), CAL);
  assert.ok(back.nllBefore > fit.nllAfter + 0.05, `sharpened NLL ${back.nllBefore} vs ${fit.nllAfter}`);
  assert.ok(Math.abs(back.temperature / fit.temperature - 1) < 0.02, `recovered τ ${back.temperature} vs ${fit.temperature}`);
  // predict = the bar distribution of logits / τ.
  const ctx = { x: [0.1, 0.5, 0.9], y: [0.3, -0.2, 0.8] }, c = fit.pfn.config;
  const z = fit.pfn.condition(ctx).logits(normalizeInputs(c, [0.4], "queries"), 1);
  const want = BarDistribution.fromLogits(c.borders[0]!, Array.from(z, (v) => v / fit.temperature));
  const got = fit.pfn.predict(ctx, [0.4])[0] as BarDistribution;
  assert.ok(Math.abs(got.mean() - want.mean()) < 1e-9 && Math.abs(got.logpdf(0.1) - want.logpdf(0.1)) < 1e-9);
  // Saved with the weights (and kept by quantization).
  const dir = mkdtempSync(join(tmpdir(), "borel-pfn-temp-"));
  try {
    fit.pfn.quantize("int8").save(join(dir, "t.pfn"));
    assert.equal(loadPFN(join(dir, "t.pfn")).config.temperature, fit.temperature);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  assert.throws(() => pfn.withTemperature(0), /positive number/);
});

test("temperatureAt interpolates log τ linearly in log(n + 1) between context sizes and is constant beyond", () => {
  const t = { context: [1, 9], tau: [0.5, 2] };
  assert.equal(temperatureAt({ temperatureByContext: t }, 0), 0.5);
  assert.equal(temperatureAt({ temperatureByContext: t }, 1), 0.5);
  assert.equal(temperatureAt({ temperatureByContext: t }, 9), 2);
  assert.equal(temperatureAt({ temperatureByContext: t }, 40), 2);
  // n = 3: u = (log 4 − log 2)/(log 10 − log 2) = log 2 / log 5 of the way from size 1 to size 9.
  const u = Math.log(2) / Math.log(5);
  assert.ok(Math.abs(temperatureAt({ temperatureByContext: t }, 3) - Math.exp((1 - u) * Math.log(0.5) + u * Math.log(2))) < 1e-12);
  assert.equal(temperatureAt({ temperature: 1.3 }, 7), 1.3);
  assert.equal(temperatureAt({}, 7), 1);
});

test("calibrateTemperature by context size: one τ per size, applied by predict at the context's size, saved with the weights", async () => {
  const pfn = await trainPFN(gpPrior(), { ...ARCH, inputs: "x", outputs: "y", rows: 20 });
  const fit = calibrateTemperature(pfn, gpPrior(), { ...CAL, contextSizes: [1, 4, 12] });
  assert.ok(fit.byContext && fit.byContext.tau.length === 3 && fit.byContext.tau.every((v) => v > 0.25 && v < 4));
  assert.ok(fit.nllAfter <= fit.nllBefore, `${fit.nllAfter} ≤ ${fit.nllBefore}`);
  // A copy sharpened 3× at every size: the per-size fit brings each τ back.
  const sharp = pfn.withTemperature({ context: [1, 4, 12], tau: fit.byContext.tau.map((v) => v / 3) });
  const back = calibrateTemperature(sharp, gpPrior(), { ...CAL, contextSizes: [1, 4, 12] });
  back.byContext!.tau.forEach((v, j) => assert.ok(Math.abs(v / fit.byContext!.tau[j]! - 1) < 0.02, `size ${j}: ${v} vs ${fit.byContext!.tau[j]}`));
  // predict divides by τ(n) for a context of n = 2 rows (between the sizes 1 and 4).
  const ctx = { x: [0.1, 0.9], y: [0.3, 0.8] }, c = fit.pfn.config;
  const z = fit.pfn.condition(ctx).logits(normalizeInputs(c, [0.4], "queries"), 1), tau = temperatureAt(c, 2);
  const want = BarDistribution.fromLogits(c.borders[0]!, Array.from(z, (v) => v / tau));
  assert.ok(Math.abs((fit.pfn.predict(ctx, [0.4])[0] as BarDistribution).logpdf(0.1) - want.logpdf(0.1)) < 1e-9);
  const dir = mkdtempSync(join(tmpdir(), "borel-pfn-temp-"));
  try {
    fit.pfn.save(join(dir, "t.pfn"));
    assert.deepEqual(loadPFN(join(dir, "t.pfn")).config.temperatureByContext, fit.byContext);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  assert.throws(() => pfn.withTemperature({ context: [5, 2], tau: [1, 1] }), /increasing context sizes/);
  assert.throws(() => calibrateTemperature(pfn, gpPrior(), { ...CAL, contextSizes: [1, 18] }), /fewer than 5 query rows/);
});
