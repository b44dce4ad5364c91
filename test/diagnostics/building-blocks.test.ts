// Unit tests of the pieces under the posterior-compatible diagnostics: moments, type-7 quantiles, splitting,
// ranks, FFT and autocovariance, the ESS core, argument errors and NA (NaN) cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { isBorelError } from "../../src/util/errors.js";
import {
  autocovariance, averageRanks, essBulk, essMean, essQuantile, essTail, foldDraws, mad, mcseQuantile, mean,
  median, quantile, rhat, rhatBasic, sd, splitChains, summarizeDraws, variance, ESS_CAPPED_WARNING, essBasic,
} from "../../src/diagnostics/index.js";
import { fft } from "../../src/diagnostics/fft.js";
import { essOfChains } from "../../src/diagnostics/ess-core.js";

const near = (a: number, b: number, tol: number, what = ""): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what} got ${a}, expected ${b} ± ${tol}`);

test("moments match R: mean, var, sd", () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  near(variance([2, 4, 4, 4, 5, 5, 7, 9]), 32 / 7, 1e-15);
  near(sd([1, 2, 3, 4]), Math.sqrt(5 / 3), 1e-15);
  assert.ok(Number.isNaN(variance([1])));
});

test("quantile type 7 matches R's quantile()", () => {
  // R: quantile(1:4, c(0, .05, .25, .5, .95, 1)) = 1.00 1.15 1.75 2.50 3.85 4.00
  const q = quantile([4, 2, 1, 3], [0, 0.05, 0.25, 0.5, 0.95, 1]);
  [1, 1.15, 1.75, 2.5, 3.85, 4].forEach((e, i) => near(q[i]!, e, 1e-14, `q[${i}]`));
  // ties give exactly the tied value
  assert.equal(quantile([0, 0, 0, 1, 1, 5], 0.3), 0);
  assert.equal(median([5, 1, 4, 2]), 3);
  near(mad([1, 2, 3, 4, 100]), 1.4826, 1e-15);
  assert.throws(() => quantile([1, 2], 1.5), /argument 'p'/);
});

test("splitChains drops the middle draw of odd chains and orders halves like R's cbind", () => {
  const s = splitChains([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
  assert.deepEqual(s.map((c) => Array.from(c)), [[1, 2], [6, 7], [4, 5], [9, 10]]);
  assert.deepEqual(splitChains([[1, 2, 3, 4]]).map((c) => Array.from(c)), [[1, 2], [3, 4]]);
});

test("averageRanks gives tied values their average rank; foldDraws folds at the pooled median", () => {
  assert.deepEqual(Array.from(averageRanks([10, 20, 10, 30, 20, 20])), [1.5, 4, 1.5, 6, 4, 4]);
  assert.deepEqual(Array.from(averageRanks([Infinity, -Infinity, 0])), [3, 1, 2]);
  assert.deepEqual(foldDraws([[1, 2], [3, 4]]).map((c) => Array.from(c)), [[1.5, 0.5], [0.5, 1.5]]);
});

test("fft: forward/inverse round trip and a known transform", () => {
  const re = Float64Array.from([1, 2, 3, 4, 0, -1, 0.5, 2]);
  const im = new Float64Array(8);
  const orig = re.slice();
  fft(re, im);
  near(re[0]!, 11.5, 1e-12, "DC");
  fft(re, im, true);
  orig.forEach((v, i) => near(re[i]!, v, 1e-12, `x[${i}]`));
  assert.throws(() => fft(new Float64Array(6), new Float64Array(6)), /power-of-two/);
});

test("autocovariance: hand-computed values; FFT agrees with the direct sum on long chains", () => {
  const a = autocovariance([1, 2, 3, 4]);
  [1.25, 0.3125, -0.375, -0.5625].forEach((e, i) => near(a[i]!, e, 1e-15, `lag ${i}`));
  assert.deepEqual(Array.from(autocovariance([3, 3, 3])), [0, 0, 0]);
  const rng = new Rng(7, "acov");
  const x = Float64Array.from({ length: 1000 }, () => rng.normal());
  const d = autocovariance(x, "direct");
  const f = autocovariance(x, "fft");
  for (let t = 0; t < x.length; t++) near(f[t]!, d[t]!, 1e-12, `lag ${t}`);
});

test("ESS: NA (NaN) for constant draws, infinite draws, fewer than 3 draws; capped flag for antithetic chains", () => {
  assert.ok(Number.isNaN(essMean([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]])));
  assert.ok(Number.isNaN(essMean([[1, 2, 3, 4, 5, Infinity], [1, 2, 3, 4, 5, 6]])));
  assert.ok(Number.isNaN(essQuantile([[1, 2, 3, 4, 5, Infinity], [1, 2, 3, 4, 5, 6]], 0.5)));
  assert.ok(Number.isNaN(essMean([[1, 2, 3, 4, 5], [2, 3, 1, 5, 4]]))); // split chains of 2 draws
  assert.ok(Number.isNaN(rhat([[2, 2, 2, 2], [2, 2, 2, 2]])));
  assert.ok(Number.isNaN(mcseQuantile([[2, 2, 2, 2], [2, 2, 2, 2]], 0.5)));
  // perfectly alternating chains: τ̂ falls below 1/log10(mn), ESS = mn·log10(mn)
  const alt = Array.from({ length: 4 }, (_, c) => Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1) + 0.01 * c));
  const { ess, capped } = essOfChains(alt);
  assert.ok(capped);
  near(ess, 400 * Math.log10(400), 1e-9);
  const warnings: string[] = [];
  essBasic(alt, { warnings, split: false });
  essBasic(alt, { warnings, split: false });
  assert.deepEqual(warnings, [ESS_CAPPED_WARNING]);
});

test("bad arguments are BorelErrors naming the argument", () => {
  const expectError = (f: () => unknown, code: string, re: RegExp): void =>
    assert.throws(f, (e: unknown) => isBorelError(e) && e.code === code && re.test(e.message));
  expectError(() => rhat([[1, 2, 3], [1, 2]]), "ragged-chains", /'chains' is ragged.*chain 1 has 2/);
  expectError(() => essBulk([[1, NaN, 3], [1, 2, 3]]), "nan", /chain 0, draw 1/);
  expectError(() => essTail([]), "bad-argument", /'chains'/);
  expectError(() => summarizeDraws([[], []]), "too-few-draws", /at least 1 draw/);
  expectError(() => rhatBasic([[1, 2], "ab" as unknown as number[]]), "bad-argument", /chains\[1\]/);
});

test("summarizeDraws on a single chain and on infinite draws does not throw", () => {
  const rng = new Rng(3, "single");
  const one = [Array.from({ length: 50 }, () => rng.normal())];
  const s = summarizeDraws(one);
  assert.ok(Number.isFinite(s.rhat) && Number.isFinite(s.ess_bulk));
  assert.ok(Number.isNaN(s.rhat_basic_nosplit)); // one whole chain: no between-chain variance (R gives NA)
  const inf = summarizeDraws([[1, 2, 3, Infinity], [0, 5, 2, 1]]);
  assert.ok(Number.isNaN(inf.ess_mean) && Number.isNaN(inf.ess_tail));
});

test("sd at extreme scales: draws of ~1e200 and ~1e-300 (their squares overflow or underflow: sd was ∞ and 0)", async () => {
  const { sd } = await import("../../src/diagnostics/moments.js");
  const { weightedSd } = await import("../../src/diagnostics/importance.js");
  const base = [1.5, -0.25, 2, 0.75, -1], ref = sd(base), w = [0, -0.5, 0.2, -1, 0.3], wref = weightedSd(base, w);
  for (const s of [1e200, 1e-300, 1]) {
    const x = base.map((v) => v * s);
    assert.ok(Math.abs(sd(x) / s / ref - 1) < 1e-12, `sd at scale ${s}: ${sd(x)}`);
    assert.ok(Math.abs(weightedSd(x, w) / s / wref - 1) < 1e-12, `weightedSd at scale ${s}: ${weightedSd(x, w)}`);
  }
});
