// Resampling schemes: unbiased offspring counts (E[count_i] = N wᵢ, checked over many repetitions within 4
// standard errors of the mean count), the low-variance schemes' structural guarantees (systematic: every count
// is ⌊N wᵢ⌋ or ⌈N wᵢ⌉; residual: at least ⌊N wᵢ⌋), zero weights never chosen, and the O(N) sorted-uniform
// generator (sorted output, mean ½).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../src/rand/rng.js";
import { RESAMPLE_SCHEMES, resample, sortedUniforms } from "../../src/infer/resample.js";
import { isBorelError } from "../../src/util/errors.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const W = Float64Array.of(0.05, 0.3, 0, 0.15, 0.4, 0.1);

for (const scheme of RESAMPLE_SCHEMES) {
  test(`resample (${scheme}): unbiased counts, sorted ancestors, zero weight never chosen`, () => {
    const N = 20, reps = 4000, rng = new Rng(`resample-${scheme}`);
    const sum = new Float64Array(W.length), sumSq = new Float64Array(W.length);
    for (let r = 0; r < reps; r++) {
      const a = resample(scheme, W, N, rng);
      assert.equal(a.length, N);
      const c = new Float64Array(W.length);
      for (let k = 0; k < N; k++) { c[a[k]!]++; if (k > 0) assert.ok(a[k]! >= a[k - 1]!); }
      assert.equal(c[2], 0);
      if (scheme === "systematic") for (let i = 0; i < W.length; i++) assert.ok(c[i]! >= Math.floor(N * W[i]! - 1e-9) && c[i]! <= Math.ceil(N * W[i]! + 1e-9));
      if (scheme === "residual") for (let i = 0; i < W.length; i++) assert.ok(c[i]! >= Math.floor(N * W[i]! + 1e-9));
      for (let i = 0; i < W.length; i++) { sum[i] += c[i]!; sumSq[i] += c[i]! ** 2; }
    }
    for (let i = 0; i < W.length; i++) {
      const mean = sum[i]! / reps, v = sumSq[i]! / reps - mean ** 2;
      const tol = 4 * Math.sqrt(Math.max(v, 1e-12) / reps) + 1e-9;
      assert.ok(Math.abs(mean - N * W[i]!) <= tol, `${scheme}: particle ${i}: mean count ${mean} vs ${N * W[i]!} (tol ${tol})`);
    }
  });
}

test("resample: property — any weights, any N: N ancestors, in range, non-decreasing, only positive weights", () => {
  fc.assert(fc.property(
    fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 10, noNaN: true })), { minLength: 1, maxLength: 30 }).filter((w) => w.some((x) => x > 0)),
    fc.integer({ min: 1, max: 50 }), fc.constantFrom(...RESAMPLE_SCHEMES), fc.integer(),
    (w, n, scheme, seed) => {
      const total = w.reduce((a, b) => a + b, 0);
      const a = resample(scheme, Float64Array.from(w, (x) => x / total), n, new Rng(seed));
      return a.length === n && a.every((i, k) => i >= 0 && i < w.length && w[i]! > 0 && (k === 0 || i >= a[k - 1]!));
    }));
});

test("sortedUniforms: sorted, in (0, 1), mean ½", () => {
  const u = sortedUniforms(10000, new Rng(1));
  let m = 0;
  for (let k = 0; k < u.length; k++) { assert.ok(u[k]! > 0 && u[k]! < 1 && (k === 0 || u[k]! >= u[k - 1]!)); m += u[k]!; }
  m /= u.length;
  assert.ok(Math.abs(m - 0.5) < 4 * Math.sqrt(1 / 12 / u.length), `${m}`);
});

test("resample: bad inputs are errors naming the problem, in every scheme (residual took [0.5, −0.2, 0.7] silently)", () => {
  for (const scheme of RESAMPLE_SCHEMES) {
    assert.throws(() => resample(scheme, Float64Array.of(0, 0), 3, new Rng(1)), (e: unknown) => isBorelError(e) && e.code === "zero-weights", scheme);
    assert.throws(() => resample(scheme, Float64Array.of(1, NaN), 3, new Rng(1)), (e: unknown) => isBorelError(e) && e.code === "nan" && /weight 1 is NaN/.test(e.message), scheme);
    assert.throws(() => resample(scheme, Float64Array.of(0.5, -0.2, 0.7), 3, new Rng(1)), /weight 1 is -0\.2/, scheme);
    assert.throws(() => resample(scheme, Float64Array.of(1, Infinity, 1), 3, new Rng(1)), /weight 1 is Infinity/, scheme);
  }
  assert.throws(() => resample("bogus" as never, Float64Array.of(1), 3, new Rng(1)), (e: unknown) => isBorelError(e) && /systematic/.test(e.hint ?? ""));
});
