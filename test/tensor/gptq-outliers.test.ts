import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { gemmRef } from "../../src/tensor/gemm-ref.js";
import { quantizeInt4, dequantizeInt4 } from "../../src/tensor/quant/int4.js";
import { gptqQuantize } from "../../src/tensor/quant/gptq.js";
import { quantizeInt8Weights, gemmInt8, gemmInt8Ts } from "../../src/tensor/quant/int8.js";
import { setThreads } from "../../src/tensor/pool.js";
import { frob, randn } from "./helpers.js";
import { Linear } from "../../src/tensor/linear.js";
import { tensor } from "../../src/tensor/tensor.js";

after(() => setThreads(1));

/** Correlated activations with uneven channel scales (what makes GPTQ's error feedback pay). */
function activations(rng: Rng, s: number, k: number, mix: Float32Array): Float32Array {
  const z = randn(rng, s * k), x = gemmRef(z, mix, s, k, k);
  for (let i = 0; i < s; i++) for (let j = 0; j < k; j++) x[i * k + j] *= 0.2 + (j % 7) * 0.5;
  return x;
}

test("GPTQ beats round-to-nearest on held-out layer-output error ‖XW − XŴ‖ (int4)", () => {
  const k = 128, n = 64, rng = new Rng(11);
  const w = randn(rng, k * n), mix = randn(rng, k * k, 1 / Math.sqrt(k));
  for (let i = 0; i < k; i++) mix[i * k + i] += 1;
  const calib = activations(rng.split("calib"), 512, k, mix), held = activations(rng.split("held-out"), 512, k, mix);
  const y = gemmRef(held, w, 512, k, n);
  for (const [gs, sym, actOrder] of [[32, true, false], [64, false, false], [128, true, true]] as const) {
    const rtn = frob(y, gemmRef(held, dequantizeInt4(quantizeInt4(w, k, n, { groupSize: gs, symmetric: sym })), 512, k, n));
    const gq = frob(y, gemmRef(held, dequantizeInt4(gptqQuantize(w, k, n, calib, 512, { groupSize: gs, symmetric: sym, actOrder })), 512, k, n));
    console.log(`# GPTQ g${gs} ${sym ? "sym" : "asym"}${actOrder ? " act-order" : ""}: held-out ‖XW−XŴ‖ RTN ${rtn.toFixed(3)} GPTQ ${gq.toFixed(3)} (ratio ${(gq / rtn).toFixed(3)})`);
    assert.ok(gq < rtn, `GPTQ ${gq} vs RTN ${rtn}`);
  }
});

for (const threads of [1, 2]) {
  test(`int8 outlier decomposition keeps the error with 6σ channels within 1.5x of the error without them (${threads} thread(s))`, async () => {
    await setThreads(threads);
    const m = 64, k = 256, n = 96, rng = new Rng(5);
    const w = randn(rng, k * n, 0.05), q = quantizeInt8Weights(w, k, n);
    const x = randn(rng, m * k), xo = x.slice();
    for (const c of [7, 100, 201]) for (let i = 0; i < m; i++) xo[i * k + c] = x[i * k + c] * 10 + 8;  // channels ≥ 6σ
    const errOf = (xx: Float32Array, thr?: number) => frob(gemmRef(xx, w, m, k, n), gemmInt8(xx, m, q, { outlierThreshold: thr }).out);
    const base = errOf(x, 6), withDecomp = errOf(xo, 6), without = errOf(xo, undefined);
    console.log(`# int8 ‖Y−Ŷ‖: no outlier channels ${base.toFixed(4)}, 6σ channels + decomposition ${withDecomp.toFixed(4)} (${(withDecomp / base).toFixed(2)}x), 6σ channels without decomposition ${without.toFixed(4)} (${(without / base).toFixed(2)}x)`);
    assert.ok(withDecomp <= 1.5 * base, `${withDecomp} vs ${base}`);
    assert.ok(without > 1.5 * base);
    // the WASM path and the TS path agree
    const a = gemmInt8(xo, m, q, { outlierThreshold: 6 }), b = gemmInt8Ts(xo, m, q, { outlierThreshold: 6 });
    assert.deepEqual(a.outliers, [7, 100, 201]);
    assert.deepEqual(b.outliers, [7, 100, 201]);
    assert.ok(frob(a.out, b.out) < 1e-3 * frob(b.out));
  });
}

test("int8 WASM GEMM: rows with absmax < 3.7e-37 (127/absmax overflows f32) and ∞ in an outlier column agree with the TS path", async () => {
  await setThreads(1);
  const m = 4, k = 16, n = 8, rng = new Rng(11);
  const q = quantizeInt8Weights(randn(rng, k * n), k, n);
  // row 0 at 1e-38 (subnormal), row 1 at 1e-44: the codes saturated at 32767 and the outputs were 258× too large
  const x = randn(rng, m * k);
  for (let j = 0; j < k; j++) { x[j] *= 1e-38; x[k + j] *= 1e-44; }
  const a = gemmInt8(x, m, q), b = gemmInt8Ts(x, m, q), exact = gemmRef(x, dequant(q), m, k, n);
  for (let i = 0; i < m * n; i++) {
    const s = Math.abs(exact[i]) + 1e-50;
    assert.ok(Math.abs(a.out[i] - b.out[i]) <= 0.05 * s + 2e-45, `${i}: wasm ${a.out[i]} ts ${b.out[i]}`);
  }
  // an ∞ activation in an outlier column: the masked row was ∞·0 = NaN for every output of the row
  const xi = randn(rng, m * k); xi[3] = Infinity;
  const ai = gemmInt8(xi, m, q, { outlierThreshold: 6 }), bi = gemmInt8Ts(xi, m, q, { outlierThreshold: 6 });
  assert.deepEqual(ai.outliers, [3]);
  for (let j = 0; j < n; j++) assert.equal(ai.out[j], bi.out[j], `row 0, column ${j}`);   // ±∞ by the sign of W[3, j]
  assert.ok(frob(ai.out.subarray(n), bi.out.subarray(n)) < 1e-3 * frob(bi.out.subarray(n)));
  // a NaN in one row of a column another row makes an outlier: the column is still split off (max carried the
  // NaN, NaN > 6 was false, and the finite rows lost their outlier's precision)
  const xn = randn(rng, m * k); xn[5] = NaN; xn[k + 5] = 100;
  const an = gemmInt8(xn, m, q, { outlierThreshold: 6 }), bn = gemmInt8Ts(xn, m, q, { outlierThreshold: 6 });
  assert.deepEqual(an.outliers, [5]);
  assert.deepEqual(bn.outliers, [5]);
  assert.ok(frob(an.out.subarray(n), bn.out.subarray(n)) < 1e-4 * frob(bn.out.subarray(n)));
});

function dequant(q: ReturnType<typeof quantizeInt8Weights>): Float32Array {
  return Float32Array.from(q.data, (v, e) => v * q.scales[e % q.n]);
}

test("gptqQuantize: groupSize, blockSize and damp are checked (blockSize 0 looped forever, groupSize 0 was a RangeError)", () => {
  const rng = new Rng(8), w = randn(rng, 3 * 2), x = randn(rng, 4 * 3);
  assert.throws(() => gptqQuantize(w, 3, 2, x, 4, { groupSize: 0 }), /gptqQuantize: groupSize must be a positive integer, got 0/);
  // (blockSize 0 itself is not run here: were the check lost, the test would hang instead of failing)
  assert.throws(() => gptqQuantize(w, 3, 2, x, 4, { blockSize: 2.5 }), /gptqQuantize: blockSize must be a positive integer, got 2.5/);
  assert.throws(() => gptqQuantize(w, 3, 2, x, 4, { damp: -1 }), /gptqQuantize: damp must be a number ≥ 0, got -1/);
  assert.equal(gptqQuantize(w, 3, 2, x, 4, { blockSize: 1, groupSize: 2 }).scales.length, 4);
});

test("int8: an outlier threshold that is NaN or negative is an error (NaN turned the split off silently)", () => {
  const q = quantizeInt8Weights(new Float32Array(8).fill(0.5), 4, 2), x = new Float32Array(4).fill(1);
  for (const t of [NaN, -1]) {
    assert.throws(() => gemmInt8(x, 1, q, { outlierThreshold: t }), /gemmInt8: outlierThreshold must be a number ≥ 0/);
    assert.throws(() => Linear.fromF32(tensor(new Float32Array(8), [4, 2]), null, { format: "int8", outlierThreshold: t }), /Linear: outlierThreshold/);
  }
  assert.deepEqual([...gemmInt8(x, 1, q, { outlierThreshold: Infinity }).out], [2, 2]);
});
