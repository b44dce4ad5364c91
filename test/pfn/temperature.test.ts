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
