/**
 * GEMM throughput of Borel's tensor kernels vs the TypeScript reference and tfjs (cpu, wasm backends).
 * Run: `npx tsx bench/kernels.ts` (takes a few minutes). Medians of 7 runs after 2 warm-ups; GFLOP/s counts
 * 2·m·k·n (GOP/s for integer kernels). Every Borel timing includes getting the activations into WASM memory
 * (packing; for int8 also quantizing them per row) and copying the result out; weights are resident (packed
 * once, as a Linear layer holds them). int4/fp8/block fp dequantize weight panels on the fly into the f32
 * kernel. Peak: 2 cores × 4.16 GHz × 32 fp32 FLOP/cycle ≈ 266 GFLOP/s.
 */
import { Rng } from "../src/rand/rng.js";
import { gemmRef } from "../src/tensor/gemm-ref.js";
import { createTfjsBackend } from "../src/tensor/tfjs-backend.js";
import { setThreads } from "../src/tensor/pool.js";
import { Linear } from "../src/tensor/linear.js";
import { tensor } from "../src/tensor/tensor.js";
import { int4Report, quantizeInt4 } from "../src/tensor/quant/int4.js";
import { int8Report, quantizeInt8Weights } from "../src/tensor/quant/int8.js";

const PEAK = 266;
const RUNS = 7, WARM = 2;
const rng = new Rng("bench-kernels");
const randn = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

function median(f: () => void): number {
  for (let i = 0; i < WARM; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); f(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b);
  return ts[RUNS >> 1];
}

const ALL_SHAPES: [string, number, number, number][] = [
  ["64", 64, 64, 64], ["256", 256, 256, 256], ["512", 512, 512, 512], ["1024", 1024, 1024, 1024], ["128x256x1024", 128, 256, 1024],
];
// BENCH_QUICK=1 runs only the two smallest shapes (a smoke test of this script)
const shapes = process.env.BENCH_QUICK ? ALL_SHAPES.slice(0, 2) : ALL_SHAPES;
type Row = Record<string, number>;
const results: Record<string, Row> = {};
const put = (shape: string, key: string, ms: number, m: number, k: number, n: number) => {
  (results[shape] ??= {})[key] = (2 * m * k * n) / ms / 1e6;
};

const data = shapes.map(([name, m, k, n]) => {
  const a = randn(m * k), w = randn(k * n), ao = a.slice();
  for (const c of [1, Math.floor(k / 2), k - 2]) for (let i = 0; i < m; i++) ao[i * k + c] = a[i * k + c] * 10 + 8; // 3 channels ≥ 6σ
  return { name, m, k, n, a, w, ao };
});

// TS reference and tfjs
for (const d of data) put(d.name, "TS reference", median(() => gemmRef(d.a, d.w, d.m, d.k, d.n)), d.m, d.k, d.n);
for (const which of ["cpu", "wasm"] as const) {
  const be = await createTfjsBackend(which);
  for (const d of data) {
    const A = be.tf.tensor2d(d.a, [d.m, d.k]), B = be.tf.tensor2d(d.w, [d.k, d.n]);
    put(d.name, `tfjs ${which}`, median(() => { const c = be.tf.matMul(A, B); c.dataSync(); c.dispose(); }), d.m, d.k, d.n);
    A.dispose(); B.dispose();
  }
}

// Borel kernels, 1 and 2 threads
const formats = [["Borel f32", "f32"], ["Borel int8", "int8"], ["Borel int8+outliers", "int8o"], ["Borel int4 g128", "int4"],
  ["Borel fp8 e4m3", "fp8e4m3"], ["Borel block fp 32", "blockfp"]] as const;
for (const d of data) {
  const W = tensor(d.w, [d.k, d.n]);
  for (const [label, f] of formats) {
    const lin = f === "int8o" ? Linear.fromF32(W, null, { format: "int8", outlierThreshold: 6 })
      : Linear.fromF32(W, null, { format: f, groupSize: Math.min(128, d.k), blockSize: 32 });
    const x = tensor(f === "int8o" ? d.ao : d.a, [d.m, d.k]);
    for (const th of [1, 2]) {
      await setThreads(th);
      put(d.name, `${label} ${th}T`, median(() => lin.forward(x)), d.m, d.k, d.n);
    }
    await setThreads(1);
  }
}

// table
const keys = ["TS reference", "tfjs cpu", "tfjs wasm", ...formats.flatMap(([l]) => [`${l} 1T`, `${l} 2T`])];
const pad = (s: string, w: number) => s.padStart(w);
console.log(`\nGEMM throughput, GFLOP/s (GOP/s for int8), median of ${RUNS} after ${WARM} warm-ups; % of ${PEAK} GFLOP/s peak in ()`);
console.log(pad("kernel", 26) + shapes.map(([s]) => pad(s, 18)).join(""));
for (const key of keys) {
  console.log(pad(key, 26) + shapes.map(([s]) => pad(`${results[s][key].toFixed(1)} (${((100 * results[s][key]) / PEAK).toFixed(1)}%)`, 18)).join(""));
}
console.log("\nRatios to tfjs wasm (f32, single-threaded in Node):");
for (const key of ["Borel f32 1T", "Borel f32 2T", "Borel int8 1T", "Borel int8 2T", "Borel int8+outliers 1T", "Borel int8+outliers 2T"])
  console.log(pad(key, 26) + shapes.map(([s]) => pad(`${(results[s][key] / results[s]["tfjs wasm"]).toFixed(2)}x`, 18)).join(""));
console.log("\n2 threads / 1 thread:");
for (const [l] of formats) console.log(pad(l, 26) + shapes.map(([s]) => pad(`${(results[s][`${l} 2T`] / results[s][`${l} 1T`]).toFixed(2)}x`, 18)).join(""));

console.log("\nWeight memory vs f32 (data + scales):");
for (const k of [256, 512, 1024]) {
  const w = randn(k * k);
  const r8 = int8Report(w, quantizeInt8Weights(w, k, k)), r4 = int4Report(w, quantizeInt4(w, k, k, { groupSize: 128 }));
  console.log(`  [${k}x${k}]  int8 ${r8.compression.toFixed(2)}x smaller (rel. err ${r8.relFrobenius.toExponential(2)}),  int4 g128 ${r4.compression.toFixed(2)}x smaller (rel. err ${r4.relFrobenius.toExponential(2)})`);
}

const r = (s: string, k: string) => results[s][k] / results[s]["tfjs wasm"];
const ok = (b: boolean) => (b ? "MET" : "MISSED");
console.log("\nTargets:");
for (const s of ["512", "1024", "128x256x1024"].filter((s) => results[s])) {
  console.log(`  [${s}] int8 1T ≥ 1.6x tfjs-wasm: ${r(s, "Borel int8 1T").toFixed(2)}x ${ok(r(s, "Borel int8 1T") >= 1.6)};  int8 2T ≥ 3x: ${r(s, "Borel int8 2T").toFixed(2)}x ${ok(r(s, "Borel int8 2T") >= 3)};  f32 1T ≥ 0.9x: ${r(s, "Borel f32 1T").toFixed(2)}x ${ok(r(s, "Borel f32 1T") >= 0.9)}`);
}
if (results["1024"]) {
const sp = (k: string) => results["1024"][`${k} 2T`] / results["1024"][`${k} 1T`];
console.log(`  [1024] 2 threads ≥ 1.7x one thread: f32 ${sp("Borel f32").toFixed(2)}x ${ok(sp("Borel f32") >= 1.7)}, int8 ${sp("Borel int8").toFixed(2)}x ${ok(sp("Borel int8") >= 1.7)}`);
}
