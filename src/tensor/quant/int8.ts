/**
 * int8 vector-wise quantization (LLM.int8(), Dettmers et al. 2022): absmax scales per row for activations
 * (X ≈ diag(sx)·Qx) and per output column for weights W [in, out] (W ≈ Qw·diag(sw)), scale = absmax/127,
 * q = round-half-even(x/scale) ∈ [−127, 127], so |x − q·scale| ≤ absmax/254. The GEMM accumulates in int32
 * and rescales by sx_i·sw_j; input columns holding outliers (|x| > threshold, default 6) can be split off
 * into an f32 GEMM (`gemmInt8`).
 *
 * @example
 * ```ts
 * const q = quantizeInt8Weights(w, k, n);         // w: Float32Array k×n
 * const y = gemmInt8(x, m, q, { outlierThreshold: 6 }).out;
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { gemmI8Wasm } from "../wasm/gemm.js";
import { WasmMatrixI8 } from "../wasm/matrix.js";
import { wasmRuntime } from "../wasm/runtime.js";
import { errorReport, requireFinite, type ErrorReport } from "./report.js";

/** Round half to even (what f32x4.nearest does). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Codes stay in [−127, 127]: a subnormal scale (absmax < ~2e-36) rounds, and x/scale can pass 127.5, which the
 * Int8Array wrapped (a weight of 2.58e-43 got the code −72).
 */
const clamp127 = (q: number): number => Math.max(-127, Math.min(127, q));

export interface Int8Weights {
  readonly format: "int8";
  readonly k: number;
  readonly n: number;
  /** Row-major k×n int8 values. */
  readonly data: Int8Array;
  /** Per-output-column scales (length n). */
  readonly scales: Float32Array;
  readonly bytes: number;
  /** The packed copy in WASM memory, made on first GEMM. */
  resident?: WasmMatrixI8;
}

/** Per-output-column absmax quantization of W [k×n] (row-major). */
export function quantizeInt8Weights(w: ArrayLike<number>, k: number, n: number): Int8Weights {
  if (w.length !== k * n) throw new BorelError("shape", `quantizeInt8Weights: ${w.length} values for a [${k},${n}] matrix`);
  requireFinite(w, k, n, "quantizeInt8Weights");
  const scales = new Float32Array(n), data = new Int8Array(k * n);
  for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) scales[j] = Math.max(scales[j], Math.abs(w[i * n + j]));
  for (let j = 0; j < n; j++) scales[j] = scales[j] / 127;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < n; j++) data[i * n + j] = scales[j] > 0 ? clamp127(roundHalfEven(w[i * n + j] / scales[j])) : 0;
  return { format: "int8", k, n, data, scales, bytes: data.length + scales.length * 4 };
}

/** Per-row absmax quantization of activations X [m×k]: returns values and row scales. */
export function quantizeInt8Rows(x: ArrayLike<number>, m: number, k: number): { data: Int8Array; scales: Float32Array } {
  const data = new Int8Array(m * k), scales = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    let a = 0;
    for (let j = 0; j < k; j++) a = Math.max(a, Math.abs(x[i * k + j]));
    scales[i] = a / 127;
    for (let j = 0; j < k; j++) data[i * k + j] = scales[i] > 0 ? clamp127(roundHalfEven(x[i * k + j] / scales[i])) : 0;
  }
  return { data, scales };
}

/** W ≈ Q·diag(scales) as f32 k×n. */
export function dequantizeInt8(q: Int8Weights): Float32Array {
  const out = new Float32Array(q.k * q.n);
  for (let i = 0; i < q.k; i++) for (let j = 0; j < q.n; j++) out[i * q.n + j] = q.data[i * q.n + j] * q.scales[j];
  return out;
}

export function int8Report(w: ArrayLike<number>, q: Int8Weights): ErrorReport {
  return errorReport(w, dequantizeInt8(q), q.bytes);
}

export interface Int8GemmOptions { outlierThreshold?: number }

/** The outlier threshold is a magnitude: ≥ 0 (Infinity turns the split off); NaN would turn it off silently. */
export function checkOutlierThreshold(where: string, t: number | undefined): void {
  if (t !== undefined && !(typeof t === "number" && t >= 0))
    throw new BorelError("bad-parameter", `${where}: outlierThreshold must be a number ≥ 0, got ${t}`, { hint: "6 is LLM.int8()'s default; leave it out (or Infinity) for no outlier split" });
}

/**
 * Y = X·Ŵ for f32 X [m×k]: activations quantized per row on the fly, int32 accumulation; columns of X with
 * |x| > `outlierThreshold` go through f32 (with the dequantized weight rows). WASM SIMD when available,
 * otherwise the same arithmetic in TypeScript.
 */
export function gemmInt8(x: Float32Array, m: number, q: Int8Weights, opts: Int8GemmOptions = {}): { out: Float32Array; outliers: number[] } {
  if (x.length !== m * q.k) throw new BorelError("shape", `gemmInt8: X has ${x.length} values, expected [${m},${q.k}] for W [${q.k},${q.n}]`);
  checkOutlierThreshold("gemmInt8", opts.outlierThreshold);
  if (wasmRuntime()) {
    q.resident ??= WasmMatrixI8.fromInt8(q.data, q.scales, q.k, q.n);
    return gemmI8Wasm(x, m, q.resident, opts);
  }
  return gemmInt8Ts(x, m, q, opts);
}

/** The TypeScript version of `gemmInt8` (reference and fallback). */
export function gemmInt8Ts(x: Float32Array, m: number, q: Int8Weights, opts: Int8GemmOptions = {}): { out: Float32Array; outliers: number[] } {
  const { k, n } = q, outliers: number[] = [], isOut = new Uint8Array(k);
  if (opts.outlierThreshold !== undefined)
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < m; i++) if (Math.abs(x[i * k + j]) > opts.outlierThreshold) { isOut[j] = 1; outliers.push(j); break; }
    }
  const xm = Float32Array.from(x, (v, idx) => (isOut[idx % k] ? 0 : v));
  const qa = quantizeInt8Rows(xm, m, k), out = new Float32Array(m * n), acc = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let kk = 0; kk < k; kk++) { const a = qa.data[i * k + kk]; if (a) for (let j = 0; j < n; j++) acc[j] += a * q.data[kk * n + j]; }
    for (let j = 0; j < n; j++) out[i * n + j] = acc[j] * qa.scales[i] * q.scales[j];
    for (const kk of outliers) { const a = x[i * k + kk]; for (let j = 0; j < n; j++) out[i * n + j] += a * q.data[kk * n + j] * q.scales[j]; }
  }
  return { out, outliers };
}
