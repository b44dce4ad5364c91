import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { tensor } from "../../src/tensor/tensor.js";
import { add, mul, gelu } from "../../src/tensor/elementwise.js";
import { softmax, boolMask } from "../../src/tensor/softmax.js";
import { layerNorm } from "../../src/tensor/layernorm.js";
import { Linear } from "../../src/tensor/linear.js";
import { TransformerBlock } from "../../src/tensor/transformer.js";
import { gemmRef } from "../../src/tensor/gemm-ref.js";
import { frob, randn } from "./helpers.js";

test("broadcasting add/mul and shape errors", () => {
  assert.deepEqual([...add(tensor([1, 2, 3, 4], [2, 2]), tensor([10, 20], [2])).data], [11, 22, 13, 24]);
  assert.deepEqual([...mul(tensor([1, 2], [2, 1]), tensor([1, 2, 3], [1, 3])).data], [1, 2, 3, 2, 4, 6]);
  assert.throws(() => add(tensor([1, 2, 3], [3]), tensor([1, 2], [2])), (e: Error) => /add/.test(e.message) && /\[3\]/.test(e.message) && /\[2\]/.test(e.message));
  const g = gelu(tensor([-1, 0, 1, -Infinity, Infinity]));
  assert.ok(Math.abs(g.data[2] - 0.8413447) < 1e-6 && Math.abs(g.data[0] + 0.1586553) < 1e-6);
  assert.equal(g.data[3], 0, "gelu(−∞) is its limit 0 (was −∞·0 = NaN)");
  assert.equal(g.data[4], Infinity);
});

test("broadcasting a 0-sized axis against 1 gives 0 elements (was [1,3] of NaN)", () => {
  const e = add(tensor([], [0, 3]), tensor([1, 2, 3], [3]));
  assert.deepEqual(e.shape, [0, 3]);
  assert.equal(e.data.length, 0);
  assert.deepEqual(mul(tensor([], [0]), tensor([5], [1])).shape, [0]);
  assert.deepEqual(add(tensor([7], [1, 1]), tensor([], [2, 0])).shape, [2, 0]);
  assert.throws(() => add(tensor([], [0]), tensor([1, 2], [2])), /add: shapes \[0\] and \[2\]/);
});

test("Linear with 0 input features gives the bias (rows counted from the leading axes; size/k was 0/0)", () => {
  // A forward pass first leaves ones in the kernels' scratch memory: an empty inner dimension returned them.
  const rng = new Rng(3), ones = new Float32Array(64 * 64).fill(1);
  for (const format of ["f32", "int8", "int4", "int4-gptq", "fp8e4m3", "fp8e5m2", "blockfp"] as const) {
    const calibration = tensor(Float32Array.from({ length: 64 * 64 }, () => rng.normal()), [64, 64]);
    Linear.fromF32(tensor(ones, [64, 64]), null, { format, calibration }).forward(tensor(ones, [64, 64]));
    const lin = Linear.fromF32(tensor([], [0, 3]), tensor([1, 2, 3]), { format, calibration: tensor([], [4, 0]) });
    const y = lin.forward(tensor([], [2, 0]));
    assert.deepEqual(y.shape, [2, 3], format);
    assert.deepEqual([...y.data], [1, 2, 3, 1, 2, 3], format);
  }
});

test("Tensor.get refuses fractional and NaN indices (get(0.5, 0) returned undefined)", () => {
  const t = tensor([1, 2, 3, 4], [2, 2]);
  assert.equal(t.get(1, 1), 4);
  assert.throws(() => t.get(0.5, 0), /get: index 0.5 is not an integer in 0..1 \(axis 0 of shape \[2,2\]\)/);
  assert.throws(() => t.get(0, NaN), /index NaN/);
  assert.throws(() => t.get(2, 0), /index 2 is not an integer in 0..1/);
});

test("masked softmax: masked entries 0, rows sum to 1, fully masked rows are zeros", () => {
  const s = softmax(tensor([1, 2, 3, 4, 5, 6], [2, 3]), boolMask([[true, false, true], [false, false, false]]));
  assert.equal(s.data[1], 0);
  assert.ok(Math.abs(s.data[0] + s.data[2] - 1) < 1e-6);
  assert.deepEqual([...s.data.subarray(3)], [0, 0, 0]);
  assert.throws(() => softmax(tensor([1, 2, 3]), boolMask([[true, true]])), /softmax/);
});

test("softmax: a row whose only kept entries are NaN is NaN, not the zeros of a fully masked row", () => {
  const s = softmax(tensor([NaN, 1, NaN, NaN, 2, 3], [2, 3]), boolMask([[true, false, true], [false, true, true]]));
  assert.ok([0, 1, 2].every((j) => Number.isNaN(s.data[j])), `${Array.from(s.data)}`);
  assert.ok(Math.abs(s.data[4] + s.data[5] - 1) < 1e-6 && s.data[3] === 0);
  assert.ok(Number.isNaN(softmax(tensor([NaN])).data[0]));
});

test("layer norm: zero mean, unit variance", () => {
  const y = layerNorm(tensor([1, 2, 3, 4, 10, 20, 30, 40], [2, 4]));
  for (let r = 0; r < 2; r++) {
    const row = y.data.subarray(r * 4, r * 4 + 4), mean = row.reduce((a, b) => a + b) / 4;
    assert.ok(Math.abs(mean) < 1e-6 && Math.abs(row.reduce((a, b) => a + b * b, 0) / 4 - 1) < 1e-3);
  }
});

test("Linear in every format approximates the f32 layer", () => {
  const rng = new Rng(2), k = 96, n = 40, m = 9;
  const w = tensor(randn(rng, k * n, 0.1), [k, n]), b = tensor(randn(rng, n), [n]), x = tensor(randn(rng, m * k), [m, k]);
  const ref = Linear.fromF32(w, b).forward(x);
  const exact = gemmRef(x.data, w.data, m, k, n).map((v, i) => v + b.data[i % n]);
  assert.ok(frob(ref.data, exact) < 1e-4 * frob(exact));
  const calib = tensor(randn(rng, 256 * k), [256, k]);
  const tol = { int8: 0.02, int4: 0.2, "int4-gptq": 0.2, fp8e4m3: 0.08, fp8e5m2: 0.15, blockfp: 0.02 } as const;
  for (const [format, t] of Object.entries(tol)) {
    const lin = Linear.fromF32(w, b, { format: format as keyof typeof tol, groupSize: 32, calibration: calib, outlierThreshold: 6 });
    const y = lin.forward(x);
    assert.deepEqual(y.shape, [m, n]);
    const rel = frob(y.data, exact) / frob(exact);
    assert.ok(rel < t, `${format}: relative error ${rel}`);
  }
  assert.throws(() => Linear.fromF32(w).forward(tensor(new Float32Array(10), [2, 5])), /Linear.forward.*\[2,5\].*\[96,40\]/);
});

test("transformer block (post-LN, masked attention) runs quantized close to f32", () => {
  const rng = new Rng(4), d = 32, f = 64, T = 10, heads = 4;
  const r = (k: number, n: number) => tensor(randn(rng, k * n, 1 / Math.sqrt(k)), [k, n]);
  const ones = tensor(new Float32Array(d).fill(1)), zero = tensor(new Float32Array(d));
  const wts = { wq: r(d, d), wk: r(d, d), wv: r(d, d), wo: r(d, d), w1: r(d, f), w2: r(f, d), ln1Gamma: ones, ln1Beta: zero, ln2Gamma: ones, ln2Beta: zero };
  const x = tensor(randn(rng, T * d), [T, d]);
  const mask = boolMask(Array.from({ length: T }, () => Array.from({ length: T }, (_, j) => j < 6))); // PFN: attend to 6 "train" rows
  const y = TransformerBlock.fromF32(wts, { heads }).forward(x, mask);
  assert.deepEqual(y.shape, [T, d]);
  // masking: changing a test row (>= 6) leaves the other rows' outputs unchanged
  const x2 = tensor(x.data.slice(), [T, d]); x2.data[8 * d + 3] += 5;
  const y2 = TransformerBlock.fromF32(wts, { heads }).forward(x2, mask);
  for (let i = 0; i < T; i++) if (i !== 8) for (let j = 0; j < d; j++) assert.ok(Math.abs(y.data[i * d + j] - y2.data[i * d + j]) < 1e-5);
  for (const [format, tol] of [["int8", 0.05], ["int4", 0.3], ["fp8e4m3", 0.15]] as const) {
    const yq = TransformerBlock.fromF32(wts, { heads, format, groupSize: 32 }).forward(x, mask);
    assert.ok(frob(yq.data, y.data) / frob(y.data) < tol, format);
  }
});

test("tensor() takes nested arrays with their shape; ragged or non-numeric data is an error (nested rows became NaN silently)", async () => {
  const { tensor } = await import("../../src/tensor/tensor.js");
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.deepEqual(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(tensor([[[1], [2]], [[3], [4]]]).shape, [2, 2, 1]);
  assert.deepEqual(tensor([[1, 2], [3, 4]], [4]).shape, [4]); // a given shape reshapes the nested values
  assert.deepEqual(Array.from(tensor([1, 2, 3, 4], [2, 2]).data), [1, 2, 3, 4]);
  assert.throws(() => tensor([[1, 2], [3]] as never), /tensor: ragged data: data\[1\] is an array of length 1, but the first element at that level has length 2/);
  assert.throws(() => tensor([[1, 2], [3, [4]]] as never), /deeper at data\[1\]\[1\]/);
  assert.throws(() => tensor([1, "a"] as never), /tensor: element 1 of the data is string, not a number/);
  assert.throws(() => tensor([[1, 2], [3, 4]], [3]), /shape \[3\] holds 3 values, the nested data 4/);
});

test("tensor construction errors name the problem (zeros([-1]) was a RangeError, tensor(5) blamed shape [], dtype 'f16' made an f64 tensor); attention names its own batch mismatch", async () => {
  const { zeros } = await import("../../src/tensor/tensor.js");
  const { attention } = await import("../../src/tensor/attention.js");
  assert.throws(() => zeros([-1]), (e: any) => e.code === "bad-shape" && /shape \[-1\] must be an array of non-negative integers/.test(e.message));
  assert.throws(() => tensor(5 as never), (e: any) => e.code === "bad-value" && /the data must be an array of numbers/.test(e.message));
  assert.throws(() => tensor([1], [1], "f16" as never), (e: any) => e.code === "bad-dtype" && /dtype must be "f32" or "f64", got "f16"/.test(e.message));
  const rng = new Rng(1), t = (...s: number[]) => tensor(randn(rng, s.reduce((a, b) => a * b)), s);
  assert.throws(() => attention(t(2, 2, 2), t(3, 2, 2), t(3, 2, 2)), /attention: shapes \[2,2,2\] and \[3,2,2\] must have the same batch axes \(Q and K\)/);
  assert.equal(attention(t(2, 3, 4), t(2, 5, 4), t(2, 5, 4)).shape.join(","), "2,3,4");
});
