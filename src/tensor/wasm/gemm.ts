/**
 * Drivers of the WASM GEMM kernels: copy/pack the activations into WASM memory, split the row blocks over
 * the kernel threads (`../pool.ts`), copy the result out.
 *
 * - `gemmF32Wasm(a, m, B)`: f32 A (m×k) times a resident f32 or int8 B.
 * - `gemmI8Wasm(x, m, W, {outlierThreshold})`: LLM.int8() — per-row absmax int8 quantization of x (in WASM),
 *   int8×int8→int32 GEMM, scaled by row and column scales; columns of x with any |x| > threshold go through
 *   an f32 GEMM with the dequantized weight rows instead (the outlier decomposition).
 * - `gemmI8ExactWasm(a, b, m, k, n)`: raw int32 product of int8 matrices (checked against exact arithmetic).
 *
 * @example
 * ```ts
 * const w = WasmMatrixI8.fromInt8(q, scales, k, n);
 * const { out } = gemmI8Wasm(x, m, w, { outlierThreshold: 6 });
 * ```
 */
import { MR, NR } from "./kernels.js";
import { WasmMatrixF32, WasmMatrixI8, WasmMatrixI8F } from "./matrix.js";
import { packA, packAI16Pairs, packBI8Pairs, roundUp } from "./pack.js";
import { wasmRuntime, type WasmRuntime } from "./runtime.js";
import { runSplit } from "../pool.js";
import { BorelError } from "../../util/errors.js";

function rt(): WasmRuntime {
  const r = wasmRuntime();
  if (!r) throw new BorelError("no-wasm", "WebAssembly SIMD is not available", { hint: "use the 'ts' backend" });
  return r;
}

/** Copies the padded C (mp×np) out to row-major m×n. */
function copyOut(r: WasmRuntime, cp: number, m: number, n: number, np: number, out: Float32Array): void {
  const c = r.heap.f32(cp, roundUp(m, MR) * np);
  if (n === np) out.set(c.subarray(0, m * n));
  else for (let i = 0; i < m; i++) out.set(c.subarray(i * np, i * np + n), i * n);
}

/**
 * C = A·B for f32 A (row-major m×k, or k×m when `transA`) and resident B (f32 or int8 with column scales;
 * the GLM's int8 design folds its row scales into A before the call).
 */
export function gemmF32Wasm(a: ArrayLike<number>, m: number, b: WasmMatrixF32 | WasmMatrixI8F,
  out: Float32Array = new Float32Array(m * b.n), transA = false): Float32Array {
  const r = rt(), k = b.k, n = b.n, np = roundUp(n, NR), mp = roundUp(m, MR);
  const ap = r.heap.alloc(mp * k * 4), cp = r.heap.alloc(mp * np * 4);
  try {
    packA(a, m, k, transA ? 1 : k, transA ? m : 1, r.heap.f32(ap, mp * k));
    const bp = b.usePtr();
    if (b instanceof WasmMatrixF32)
      runSplit("gemm_f32", mp / MR, (b0, b1) => [ap, bp, cp, np, b0, b1, b.panels, k, 0, 0]);
    else
      runSplit("gemm_f32_b8", mp / MR, (b0, b1) => [ap, bp, cp, np, b0, b1, b.panels, k, 0, b.scalePtr]);
    copyOut(r, cp, m, n, np, out);
    return out;
  } finally {
    r.heap.free(cp); r.heap.free(ap);
  }
}

export interface GemmI8Options {
  /** Input columns with any |x| above it go through f32 (LLM.int8() uses 6.0); undefined: no decomposition. */
  outlierThreshold?: number;
}

/** Y = X·W with X f32 (m×k) quantized per row to int8 on the fly and W resident int8 (per-column scales). */
export function gemmI8Wasm(x: Float32Array, m: number, w: WasmMatrixI8, opts: GemmI8Options = {},
  out: Float32Array = new Float32Array(m * w.n)): { out: Float32Array; outliers: number[] } {
  const r = rt(), k = w.k, n = w.n, np = roundUp(n, NR), mp = roundUp(m, MR);
  const kpad = roundUp(k, 8), kp = kpad / 2;
  const xp = r.heap.alloc(mp * kpad * 4), ap = r.heap.alloc(mp * kpad * 2), sa = r.heap.alloc(mp * 4);
  const cp = r.heap.alloc(mp * np * 4), mask = r.heap.alloc(kpad * 4);
  const outliers: number[] = [];
  try {
    const xv = r.heap.f32(xp, mp * kpad);
    if (kpad === k) { xv.set(x.subarray(0, m * k)); xv.fill(0, m * k); }
    else { xv.fill(0); for (let i = 0; i < m; i++) xv.set(x.subarray(i * k, i * k + k), i * kpad); }
    r.heap.f32(sa, mp).fill(0);
    let maskPtr = 0;
    if (opts.outlierThreshold !== undefined) {
      const cm = r.heap.f32(mask, kpad);
      cm.fill(0);
      r.kernels.col_absmax(xp, kpad, 0, m, kpad, mask);
      for (let kk = 0; kk < k; kk++) if (cm[kk] > opts.outlierThreshold) outliers.push(kk);
      if (outliers.length) { // bit mask: all ones keeps a column, zero drops it
        const bits = r.heap.i32(mask, kpad);
        bits.fill(-1); for (const o of outliers) bits[o] = 0; maskPtr = mask;
      }
    }
    runSplit("quant_rows", mp, (r0, r1) => [xp, kpad, r0, r1, kpad, ap, sa, maskPtr], 16);
    // the int8 B has k padded to even only; kernel pairs beyond w.kpairs are zero in A, so use w.kpairs
    if (kp !== w.kpairs) compactPairs(r, ap, mp, kp, w.kpairs);
    runSplit("gemm_i8", mp / MR, (b0, b1) => [ap, w.usePtr(), cp, np, b0, b1, w.panels, w.kpairs, 0, sa, w.scalePtr]);
    if (outliers.length) addOutlierGemm(r, xv, kpad, m, outliers, w, cp, np);
    copyOut(r, cp, m, n, np, out);
    return { out, outliers };
  } finally {
    for (const p of [mask, cp, sa, ap, xp]) r.heap.free(p);
  }
}

/** Re-lays A from kp pairs per block to kw (< kp) pairs per block, in place (blocks move down only). */
function compactPairs(r: WasmRuntime, ap: number, mp: number, kp: number, kw: number): void {
  const v = r.heap.i32(ap, (mp / MR) * kp * MR);
  for (let blk = 0; blk < mp / MR; blk++) v.copyWithin(blk * kw * MR, blk * kp * MR, blk * kp * MR + kw * MR);
}

/** C += X[:, O] · dequant(W[O, :]) in f32 through the f32 kernel. */
function addOutlierGemm(r: WasmRuntime, xv: Float32Array, kpad: number, m: number, cols: number[], w: WasmMatrixI8,
  cp: number, np: number): void {
  const ko = cols.length, n = w.n, mp = roundUp(m, MR);
  const rows = new Float32Array(ko * n), row = new Float32Array(n);
  cols.forEach((kk, t) => { w.dequantRow(kk, row); rows.set(row, t * n); });
  const bo = WasmMatrixF32.fromRowMajor(rows, ko, n);
  const ao = r.heap.alloc(mp * ko * 4);
  try {
    const a = new Float32Array(m * ko);
    for (let i = 0; i < m; i++) for (let t = 0; t < ko; t++) a[i * ko + t] = xv[i * kpad + cols[t]];
    packA(a, m, ko, ko, 1, r.heap.f32(ao, mp * ko));
    runSplit("gemm_f32", mp / MR, (b0, b1) => [ao, bo.usePtr(), cp, np, b0, b1, bo.panels, ko, 1, 0]);
  } finally {
    r.heap.free(ao); bo.dispose();
  }
}

/** The exact int32 product of int8 matrices a (m×k) and b (k×n), row-major, through the int8 kernel. */
export function gemmI8ExactWasm(a: Int8Array, b: Int8Array, m: number, k: number, n: number): Int32Array {
  if (![m, k, n].every((d) => Number.isInteger(d) && d >= 0) || a.length !== m * k || b.length !== k * n)
    throw new BorelError("shape", `gemmI8ExactWasm: A has ${a.length} and B ${b.length} values, expected [${m},${k}] and [${k},${n}]`);
  const r = rt(), np = roundUp(n, NR), mp = roundUp(m, MR), kp = roundUp(k, 2) / 2;
  const ap = r.heap.alloc(mp * kp * 4), bp = r.heap.alloc(np * kp * 2), cp = r.heap.alloc(mp * np * 4);
  try {
    packAI16Pairs(a, m, k, r.heap.i16(ap, mp * kp * 2));
    packBI8Pairs(b, k, n, r.heap.i8(bp, np * kp * 2));
    runSplit("gemm_i8_raw", mp / MR, (b0, b1) => [ap, bp, cp, np, b0, b1, np / NR, kp, 0, 0, 0]);
    const c = r.heap.i32(cp, mp * np), out = new Int32Array(m * n);
    for (let i = 0; i < m; i++) out.set(c.subarray(i * np, i * np + n), i * n);
    return out;
  } finally {
    r.heap.free(cp); r.heap.free(bp); r.heap.free(ap);
  }
}
