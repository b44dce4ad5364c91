// Property tests of the diagnostics: invariances of the rank-based diagnostics, identical chains, ESS of iid
// draws, FFT = direct autocovariance, weighted-draw helpers reducing to the unweighted ones.
import fc from "fast-check";
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import {
  autocovariance, essBulk, essImportance, essMean, essQuantile, essTail, quantile, rhat, rhatBasic, variance,
  weightedMean, weightedQuantile, weightedVariance, mean, zScale, splitChains,
} from "../../src/diagnostics/index.js";
import { rhatOfChains } from "../../src/diagnostics/rhat.js";

/** 2–4 chains of 8–60 integer-valued draws (integers keep every transform below exact in doubles; ties occur). */
const integerChains = fc
  .record({ m: fc.integer({ min: 2, max: 4 }), n: fc.integer({ min: 8, max: 60 }) })
  .chain(({ m, n }) =>
    fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
  )
  .filter((chains) => new Set(chains.flat()).size > 2);

const same = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || a === b;
const map = (chains: number[][], f: (x: number) => number): number[][] => chains.map((c) => c.map(f));

test("rank-based diagnostics are unchanged by a strictly increasing transform (x³ + x)", () => {
  fc.assert(
    fc.property(integerChains, (chains) => {
      const t = map(chains, (x) => x * x * x + x);
      assert.ok(same(essBulk(t), essBulk(chains)));
      assert.ok(same(essTail(t), essTail(chains)));
      assert.ok(same(essQuantile(t, 0.3), essQuantile(chains, 0.3)));
      assert.ok(same(rhatOfChains(zScale(splitChains(t))), rhatOfChains(zScale(splitChains(chains))))); // bulk R̂
    }),
    { numRuns: 60 },
  );
});

test("rhat is unchanged by increasing affine maps and by negation; essBulk by negation", () => {
  fc.assert(
    fc.property(integerChains, (chains) => {
      assert.ok(same(rhat(map(chains, (x) => 4 * x + 3)), rhat(chains)));
      // negation maps z to −z up to rounding in Φ⁻¹(1 − u) vs −Φ⁻¹(u): equal to 1e-12
      const closeOrNaN = (a: number, b: number): boolean => same(a, b) || Math.abs(a - b) <= 1e-12 * Math.abs(b);
      assert.ok(closeOrNaN(rhat(map(chains, (x) => -x)), rhat(chains)));
      assert.ok(closeOrNaN(essBulk(map(chains, (x) => -x)), essBulk(chains)));
    }),
    { numRuns: 60 },
  );
});

test("identical chains: no between-chain variance, so unsplit basic R̂ = sqrt((n − 1)/n)", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 4, maxLength: 80 }), fc.integer({ min: 2, max: 6 }), (chain, m) => {
      fc.pre(variance(chain) > 1e-6);
      const n = chain.length;
      const r = rhatBasic(Array.from({ length: m }, () => chain), { split: false });
      assert.ok(Math.abs(r - Math.sqrt((n - 1) / n)) <= 1e-12, `${r}`);
    }),
  );
});

test("ESS of iid normal draws (4 chains × 500) is near the number of draws", () => {
  // Calibration: over 1000 seeds essMean/2000 had mean 0.99, sd 0.061, range [0.72, 1.14]; the band [0.6, 1.4]
  // is more than 6 sd wide on each side. essBulk behaves the same for normal draws.
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
      const rng = new Rng(seed, "iid");
      const chains = Array.from({ length: 4 }, () => Float64Array.from({ length: 500 }, () => rng.normal()));
      for (const ess of [essMean(chains), essBulk(chains)]) assert.ok(ess > 0.6 * 2000 && ess < 1.4 * 2000, `${ess}`);
      assert.ok(rhat(chains) < 1.02);
    }),
    { numRuns: 20 },
  );
});

test("FFT autocovariance equals the direct sum", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 300 }), (x) => {
      const d = autocovariance(x, "direct");
      const f = autocovariance(x, "fft");
      const scale = Math.max(1e-300, d[0]!);
      for (let t = 0; t < x.length; t++) assert.ok(Math.abs(f[t]! - d[t]!) <= 1e-10 * scale, `lag ${t}`);
    }),
    { numRuns: 50 },
  );
});

test("weighted helpers: a constant column has exactly its value as mean and variance 0, whatever the weights", () => {
  fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 40 }), (v, lw) => {
    const x = lw.map(() => v);
    return weightedMean(x, lw) === v && weightedVariance(x, lw) === 0;
  }));
});

test("weighted helpers: one draw with all the weight has an undefined variance (NaN), not ∞", () => {
  assert.ok(Number.isNaN(weightedVariance([1, 5, 9], [0, -1000, -2000])));
  assert.ok(Number.isNaN(weightedVariance([3], [0])));
  // Two draws sharing the weight 0.999/0.001 still have one: the reliability-weights estimate.
  assert.ok(Number.isFinite(weightedVariance([1, 5], [0, Math.log(0.001 / 0.999)])));
});

test("weighted helpers: equal weights give the unweighted mean, var and type-7 quantiles; Kish ESS bounds", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 50 }),
      // Scales up to 10¹⁸: there max + log N rounds back to max (a factor(-1e17) summed N weights of 1 each).
      fc.oneof(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -1e18, max: 1e18, noNaN: true })),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (x, c, p) => {
        const lw = x.map(() => c); // equal weights, arbitrary scale
        const tol = 1e-9 * (1 + Math.max(...x.map(Math.abs)));
        assert.ok(Math.abs(weightedMean(x, lw) - mean(x)) <= tol);
        assert.ok(Math.abs(weightedVariance(x, lw) - variance(x)) <= 1e-9 * (1 + variance(x)));
        assert.ok(Math.abs(weightedQuantile(x, lw, p) - quantile(x, p)) <= tol);
        assert.ok(Math.abs(essImportance(lw) - x.length) <= 1e-9 * x.length);
      },
    ),
  );
  fc.assert(
    fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: -100, max: 100, noNaN: true }), (lw, c) => {
      const e = essImportance(lw);
      assert.ok(e >= 1 - 1e-12 && e <= lw.length + 1e-9);
      assert.ok(Math.abs(essImportance(lw.map((v) => v + c)) - e) <= 1e-9 * e); // scale of the weights is irrelevant
    }),
  );
});

test("weighted quantile of a two-point weighted sample is a weighted inverse CDF", () => {
  // weights 1:3 on {0, 10}: p_k = (F_k − w_k)/(1 − w_k) = 0 and 1, so the quantile interpolates linearly
  assert.equal(weightedQuantile([10, 0], [Math.log(3), 0], 0.5), 5);
  assert.equal(weightedMean([0, 10], [Math.log(3), 0]), 2.5);
  assert.equal(weightedQuantile([5, 1, 7], [0, -Infinity, 0], 0), 5); // zero weights are ignored
});
