import { test, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../src/rand/rng.js";
import { gemmRef, gemmIntRef, absGemmRef } from "../../src/tensor/gemm-ref.js";
import { gemmI8ExactWasm, gemmF32Wasm } from "../../src/tensor/wasm/gemm.js";
import { WasmMatrixF32 } from "../../src/tensor/wasm/matrix.js";
import { setThreads } from "../../src/tensor/pool.js";
import { matmul } from "../../src/tensor/matmul.js";
import { tensor } from "../../src/tensor/tensor.js";
import { tsBackend, wasmBackend } from "../../src/tensor/backend.js";
import { hasWasmSimd } from "../../src/tensor/wasm/simd.js";
import { wasmRuntime } from "../../src/tensor/wasm/runtime.js";
import { randInt8, randn } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });
after(() => setThreads(1));

const shape = fc.record({ m: fc.integer({ min: 1, max: 23 }), k: fc.integer({ min: 1, max: 77 }), n: fc.integer({ min: 1, max: 29 }), seed: fc.integer() });

test("SIMD128 is detected on this engine", () => assert.equal(hasWasmSimd(), true));

for (const threads of [1, 2]) {
  test(`int8 WASM GEMM equals exact integer arithmetic (odd shapes, 1×k; ${threads} thread(s))`, async () => {
    await setThreads(threads);
    fc.assert(fc.property(shape, ({ m, k, n, seed }) => {
      const rng = new Rng(seed), a = randInt8(rng, m * k), b = randInt8(rng, k * n);
      assert.deepEqual(gemmI8ExactWasm(a, b, m, k, n), gemmIntRef(a, b, m, k, n));
    }), { numRuns: 60 });
    // 1×k and large k (extreme values -128·-128 accumulate without overflow)
    for (const [m, k, n] of [[1, 1, 1], [1, 1000, 1], [1, 513, 37], [64, 256, 96]]) {
      const a = new Int8Array(m * k).fill(-128), b = new Int8Array(k * n).fill(-128);
      assert.deepEqual(gemmI8ExactWasm(a, b, m, k, n), gemmIntRef(a, b, m, k, n));
      const rng = new Rng(`${m}/${k}/${n}`), a2 = randInt8(rng, m * k), b2 = randInt8(rng, k * n);
      assert.deepEqual(gemmI8ExactWasm(a2, b2, m, k, n), gemmIntRef(a2, b2, m, k, n));
    }
  });

  test(`f32 WASM GEMM is within 1e-5·(|A|·|B|)_ij of the TS reference (${threads} thread(s))`, async () => {
    await setThreads(threads);
    fc.assert(fc.property(shape, ({ m, k, n, seed }) => {
      const rng = new Rng(seed), a = randn(rng, m * k, 3), b = randn(rng, k * n);
      const w = WasmMatrixF32.fromRowMajor(b, k, n);
      const c = gemmF32Wasm(a, m, w), ref = gemmRef(a, b, m, k, n), bound = absGemmRef(a, b, m, k, n);
      w.dispose();
      for (let i = 0; i < c.length; i++) assert.ok(Math.abs(c[i] - ref[i]) <= 1e-5 * bound[i] + 1e-30, `entry ${i}: ${c[i]} vs ${ref[i]}`);
    }), { numRuns: 60 });
  });
}

test("matmul: transposes and batches agree with the reference on both backends", () => {
  const rng = new Rng(3);
  const a = randn(rng, 2 * 5 * 7), b = randn(rng, 2 * 7 * 6);
  for (const backend of [tsBackend, wasmBackend]) {
    const c = matmul(tensor(a, [2, 5, 7]), tensor(b, [2, 7, 6]), { backend });
    assert.deepEqual(c.shape, [2, 5, 6]);
    for (let t = 0; t < 2; t++) {
      const ref = gemmRef(a.subarray(t * 35, t * 35 + 35), b.subarray(t * 42, t * 42 + 42), 5, 7, 6);
      for (let i = 0; i < 30; i++) assert.ok(Math.abs(c.data[t * 30 + i] - ref[i]) < 1e-4);
    }
    // Aᵀ·Bᵀ with A stored [7,5] and B stored [6,7]
    const at = randn(rng, 35), bt = randn(rng, 42);
    const c2 = matmul(tensor(at, [7, 5]), tensor(bt, [6, 7]), { transposeA: true, transposeB: true, backend });
    const ref2 = gemmRef(at, bt, 5, 7, 6, true, true);
    for (let i = 0; i < 30; i++) assert.ok(Math.abs(c2.data[i] - ref2[i]) < 1e-4);
    // shared (unbatched) B
    const c3 = matmul(tensor(a, [2, 5, 7]), tensor(b.subarray(0, 42), [7, 6]), { backend });
    assert.deepEqual(c3.shape, [2, 5, 6]);
  }
});

test("matmul: shape errors name the op and both shapes", () => {
  assert.throws(() => matmul(tensor(new Float32Array(6), [2, 3]), tensor(new Float32Array(8), [4, 2])),
    (e: Error) => e.name === "BorelError" && /matmul/.test(e.message) && /\[2,3\]/.test(e.message) && /\[4,2\]/.test(e.message));
  assert.throws(() => matmul(tensor(new Float32Array(12), [2, 2, 3]), tensor(new Float32Array(18), [3, 3, 2])), /batch/);
});

test("matmul: 0·NaN and 0·∞ give NaN on every backend (the TS reference skipped zeros in A)", () => {
  // row 0 of A is [0, 1]: 0·NaN + 1·∞ is NaN, not ∞; the 16×16 case reaches the WASM kernel
  for (const backend of [tsBackend, wasmBackend]) {
    const c = matmul(tensor([0, 1, 2, 3], [2, 2]), tensor([NaN, 1, Infinity, 2], [2, 2]), { backend });
    assert.ok(Number.isNaN(c.data[0]) && c.data[1] === 2 && Number.isNaN(c.data[2]) && c.data[3] === 8, `${backend.name}: ${Array.from(c.data)}`);
    const b = new Float32Array(256).fill(1);
    b[0] = NaN; b[17] = Infinity;
    const z = matmul(tensor(new Float32Array(256), [16, 16]), tensor(b, [16, 16]), { backend });
    assert.ok(Number.isNaN(z.data[0]) && Number.isNaN(z.data[1]) && z.data[2] === 0, `${backend.name}: ${Array.from(z.data.subarray(0, 3))}`);
  }
});

test("gemmI8ExactWasm: wrong lengths or a NaN size are shape errors, and the WASM heap stays usable (a NaN size corrupted it for the process)", () => {
  assert.throws(() => gemmI8ExactWasm(new Int8Array(2), new Int8Array(4), 2, 2, 2), /gemmI8ExactWasm: A has 2 and B 4 values, expected \[2,2\] and \[2,2\]/);
  assert.throws(() => gemmI8ExactWasm(new Int8Array(4), new Int8Array(4), NaN, 2, 2), /expected \[NaN,2\]/);
  // every later WASM call failed with "free of unknown pointer NaN"
  assert.deepEqual([...gemmI8ExactWasm(Int8Array.from([1, 2, 3, 4]), Int8Array.from([3, 4, 5, 6]), 2, 2, 2)], [13, 16, 29, 36]);
  const rt = wasmRuntime()!;
  assert.throws(() => rt.heap.alloc(NaN), /cannot allocate NaN bytes/);
  const p = rt.heap.alloc(100);
  rt.heap.free(p);
});

test("tfjs backend (wasm): GEMM agrees with the reference on odd shapes, transposes and an empty inner dimension (XNNPACK left the output unwritten)", async () => {
  const { createTfjsBackend } = await import("../../src/tensor/tfjs-backend.js");
  const tfb = await createTfjsBackend("wasm");
  assert.equal(tfb.name, "tfjs-wasm");
  const rng = new Rng(5);
  tfb.gemm(new Float32Array(64 * 64).fill(1), new Float32Array(64 * 64).fill(1), 64, 64, 64, false, false); // leaves its buffers dirty
  for (const [m, k, n] of [[3, 0, 4], [1, 1, 1], [5, 17, 3], [2, 33, 9], [0, 3, 2]])
    for (const ta of [false, true])
      for (const tb of [false, true]) {
        const a = randn(rng, m * k), b = randn(rng, k * n);
        const c = tfb.gemm(a, b, m, k, n, ta, tb), ref = gemmRef(a, b, m, k, n, ta, tb), bound = gemmRef(a.map(Math.abs), b.map(Math.abs), m, k, n, ta, tb);
        assert.equal(c.length, m * n, `${m}×${k}×${n}`);
        for (let i = 0; i < c.length; i++) assert.ok(Math.abs(c[i] - ref[i]) <= 1e-5 * bound[i] + 1e-30, `${m}×${k}×${n} ta=${ta} tb=${tb} entry ${i}: ${c[i]} vs ${ref[i]}`);
      }
});
