// Exact tests of every bar-distribution formula (src/pfn/bar-distribution.ts): hand-computed values on a
// 3-bucket example, integrals of the density by composite Simpson (n = 20000 per piece: error < 1e-12 on smooth pieces), and
// fast-check properties (quantile ∘ cdf = id, monotone cdf).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../src/rand/rng.js";
import { normalCdf, normalQuantile } from "../../src/math/normal.js";
import { BarDistribution, HALF_NORMAL_MEDIAN, logSoftmax } from "../../src/pfn/bar-distribution.js";
import { bucketOf, equalMassBorders } from "../../src/pfn/borders.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const B = [0, 1, 2, 4], P = [0.2, 0.5, 0.3];
const bar = new BarDistribution(B, P.map(Math.log));
const s0 = 1 / normalQuantile(0.75), s1 = 2 / normalQuantile(0.75);
const hn = (t: number, s: number) => (Math.sqrt(2 / Math.PI) / s) * Math.exp((-t * t) / (2 * s * s));

/** ∫ f over the support, piece by piece (tails truncated at 40 scales). */
function integrate(d: BarDistribution, f: (y: number) => number): number {
  const b = d.borders, K = d.buckets, [sl, sr] = d.tailScales;
  const pieces: [number, number][] = [[b[1] - 40 * sl, b[1]], [b[K - 1], b[K - 1] + 40 * sr]];
  for (let j = 1; j < K - 1; j++) pieces.push([b[j], b[j + 1]]);
  let total = 0;
  for (const [a, c] of pieces) {
    const n = 20000, h = (c - a) / n;
    const g = (y: number) => f(y) * Math.exp(d.logpdf(y));
    let s = g(a + 1e-12) + g(c - 1e-12);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * g(a + i * h);
    total += (s * h) / 3;
  }
  return total;
}

test("tail scales put half of each edge bucket's mass inside it", () => {
  assert.ok(Math.abs(HALF_NORMAL_MEDIAN - 0.6744897501960817) < 1e-14);
  assert.ok(Math.abs(bar.tailScales[0] - s0) < 1e-14 && Math.abs(bar.tailScales[1] - s1) < 1e-14);
  assert.ok(Math.abs(bar.cdf(1) - bar.cdf(0) - 0.1) < 1e-12);
  assert.ok(Math.abs(bar.cdf(4) - bar.cdf(2) - 0.15) < 1e-12);
});

test("log density: uniform inner buckets, half-normal tails (hand-computed)", () => {
  assert.ok(Math.abs(bar.logpdf(1.5) - Math.log(0.5)) < 1e-14);
  assert.ok(Math.abs(bar.logpdf(0.25) - Math.log(0.2 * hn(0.75, s0))) < 1e-13);
  assert.ok(Math.abs(bar.logpdf(-3) - Math.log(0.2 * hn(4, s0))) < 1e-12);
  assert.ok(Math.abs(bar.logpdf(5) - Math.log(0.3 * hn(3, s1))) < 1e-13);
  assert.ok(Math.abs(bar.nll(1.5) + Math.log(0.5)) < 1e-14);
  assert.equal(bar.logpdf("a"), -Infinity);
  assert.ok(Math.abs(integrate(bar, () => 1) - 1) < 1e-9);
});

test("cdf: closed forms and agreement with the integrated density", () => {
  assert.ok(Math.abs(bar.cdf(1) - 0.2) < 1e-14);
  assert.ok(Math.abs(bar.cdf(1.5) - 0.45) < 1e-14);
  assert.ok(Math.abs(bar.cdf(2) - 0.7) < 1e-14);
  assert.ok(Math.abs(bar.cdf(-1) - 0.4 * normalCdf(-2 / s0)) < 1e-14);
  assert.ok(Math.abs(bar.cdf(3) - (0.7 + 0.3 * (2 * normalCdf(1 / s1) - 1))) < 1e-14);
  assert.ok(Math.abs(bar.cdf(1e6) - 1) < 1e-14 && bar.cdf(-1e6) < 1e-14);
  assert.deepEqual([bar.cdf(-Infinity), bar.cdf(Infinity)], [0, 1]); // exactly (the summed bucket masses round)
  for (const y of [-2, 0.3, 1.7, 3.1]) {
    const num = integrate(bar, (t) => (t <= y ? 1 : 0));
    assert.ok(Math.abs(num - bar.cdf(y)) < 2e-4, `cdf(${y}) ${bar.cdf(y)} vs ${num}`); // step integrand: O(h) error
  }
});

test("quantile inverts the cdf, including the half-normal tails", () => {
  assert.ok(Math.abs(bar.quantile(0.2) - 1) < 1e-12);
  assert.ok(Math.abs(bar.quantile(0.45) - 1.5) < 1e-12);
  assert.ok(Math.abs(bar.quantile(0.05) - (1 + s0 * normalQuantile(0.125))) < 1e-12);
  assert.ok(Math.abs(bar.quantile(0.85) - (2 + s1 * normalQuantile(0.75))) < 1e-12);
  assert.equal(bar.quantile(0), -Infinity);
  assert.equal(bar.quantile(1), Infinity);
  assert.throws(() => bar.quantile(1.5), /quantile level/);
  fc.assert(fc.property(fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), (q) => Math.abs(bar.cdf(bar.quantile(q)) - q) < 1e-9));
  fc.assert(fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }),
    (y, d) => bar.cdf(y + d) >= bar.cdf(y) - 1e-15));
});

test("mean and variance: closed forms equal the integrals of y and (y − μ)²", () => {
  const c = Math.sqrt(2 / Math.PI);
  const mean = 0.2 * (1 - c * s0) + 0.5 * 1.5 + 0.3 * (2 + c * s1);
  assert.ok(Math.abs(bar.mean() - mean) < 1e-14);
  assert.ok(Math.abs(integrate(bar, (y) => y) - mean) < 1e-9);
  const v = integrate(bar, (y) => (y - mean) ** 2);
  assert.ok(Math.abs(bar.variance() - v) < 1e-8, `${bar.variance()} vs ${v}`);
  const e2 = 0.2 * ((1 - c * s0) ** 2 + s0 * s0 * (1 - 2 / Math.PI)) + 0.5 * (1.5 ** 2 + 1 / 12) + 0.3 * ((2 + c * s1) ** 2 + s1 * s1 * (1 - 2 / Math.PI));
  assert.ok(Math.abs(bar.variance() - (e2 - mean * mean)) < 1e-12);
});

test("sampling follows the cdf (Kolmogorov–Smirnov, n = 20000, D < 1.63/√n ≈ 0.0115 at α = 0.01)", () => {
  const rng = new Rng(3), n = 20000, xs = Array.from({ length: n }, () => bar.sample(rng)).sort((a, b) => a - b);
  let D = 0;
  xs.forEach((x, i) => { const F = bar.cdf(x); D = Math.max(D, Math.abs(F - i / n), Math.abs(F - (i + 1) / n)); });
  assert.ok(D < 0.0115, `KS D = ${D}`);
});

test("fromLogits normalizes; a point-like bar has a small variance", () => {
  const d = BarDistribution.fromLogits([0, 1, 2, 3, 4], [0, 0, 50, 0]);
  assert.ok(Math.abs(d.probs.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(Math.abs(d.mean() - 2.5) < 1e-9 && Math.abs(d.variance() - 1 / 12) < 1e-9);
  const l = logSoftmax([1, 2, 3]);
  assert.ok(Math.abs(Math.exp(l[0]) + Math.exp(l[1]) + Math.exp(l[2]) - 1) < 1e-15);
  assert.throws(() => new BarDistribution([0, 1, 1], [Math.log(0.5), Math.log(0.5)]), /increase strictly/);
  assert.throws(() => new BarDistribution([0, 1, 2], [0]), /buckets/);
});

test("equal-mass borders from prior samples, and bucket lookup", () => {
  const rng = new Rng(1), ys = Float64Array.from({ length: 100000 }, () => rng.normal());
  const b = equalMassBorders(ys, 100);
  assert.equal(b.length, 101);
  assert.ok(Math.abs(b[50]) < 0.02);               // median of N(0,1), sd of the sample median ≈ 0.004
  assert.ok(Math.abs(b[25] - normalQuantile(0.25)) < 0.02);
  let inBucket = 0;
  for (const y of ys.subarray(0, 10000)) if (bucketOf(b, y) === 37) inBucket++;
  assert.ok(Math.abs(inBucket - 100) < 40);           // binomial(10000, 0.01): sd 10
  assert.equal(bucketOf(b, -100), 0);
  assert.equal(bucketOf(b, 100), 99);
  assert.equal(bucketOf([0, 1, 2, 3], 1), 1);
  assert.equal(bucketOf([0, 1, 2, 3], 2), 2);
  const atoms = equalMassBorders(Float64Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : 1)), 4);
  for (let j = 1; j < atoms.length; j++) assert.ok(atoms[j] > atoms[j - 1]);
  assert.throws(() => equalMassBorders([1, 2, 3], 2), /too few/);
});

test("quantile(1) is +∞ although Σp rounds below 1; a tail of probability 0 (logit −800) gives no NaN; bad probabilities are refused", () => {
  const third = BarDistribution.fromLogits([-1, 0, 1, 2], [0, 0, 0]);   // 1/3 + 1/3 + 1/3 rounds below 1
  assert.deepEqual(third.interval(1), [-Infinity, Infinity]);          // the right end was 13.05
  const noLeft = BarDistribution.fromLogits([-1, 0, 1, 2], [-800, 0, 0]);
  assert.equal(noLeft.quantile(0), 0);                                   // was NaN (0 / 2p₀): the support starts at b₁
  const noRight = BarDistribution.fromLogits([-1, 0, 1, 2], [0, 0, -800]);
  assert.equal(noRight.quantile(1), 1);                                  // was NaN: the support ends at b₂
  for (const q of [0.1, 0.5, 0.9]) assert.ok(Math.abs(noLeft.cdf(noLeft.quantile(q)) - q) < 1e-12);
  // NaN / +∞ logits and unnormalized log-probabilities gave NaN or wrong summaries silently
  assert.throws(() => BarDistribution.fromLogits([-1, 0, 1, 2], [NaN, 0, 0]), /sum to 1, got sum NaN/);
  assert.throws(() => BarDistribution.fromLogits([-1, 0, 1, 2], [Infinity, 0, 0]), /sum to 1/);
  assert.throws(() => new BarDistribution([-1, 0, 1], [Math.log(0.3), Math.log(0.3)]), /sum to 1, got sum 0.59999/);
  assert.throws(() => third.interval(1.5), /interval mass must be in \[0, 1\], got 1.5/);
});
