/**
 * A linear layer Y = X·W + b with W stored as [in, out] in any of Borel's formats: f32, int8 (LLM.int8(),
 * per-output-column scales, optional outlier decomposition), int4 (RTN or GPTQ, group-wise), fp8 (E4M3 /
 * E5M2, per-column scales) or block floating point (optionally channel-reordered).
 *
 * @example
 * ```ts
 * const lin = Linear.fromF32(w, b, { format: "int8", outlierThreshold: 6 });   // w: Tensor [in, out]
 * const y = lin.forward(x);                                                      // x: [..., in] -> [..., out]
 * lin.bytes;                                                                      // storage of W
 * ```
 */
import { BorelError } from "../util/errors.js";
import { gemmRef } from "./gemm-ref.js";
import { Tensor, requireF32, shapeStr, sizeOf } from "./tensor.js";
import { gemmF32Wasm } from "./wasm/gemm.js";
import { WasmMatrixF32 } from "./wasm/matrix.js";
import { wasmRuntime } from "./wasm/runtime.js";
import { checkOutlierThreshold, gemmInt8, quantizeInt8Weights, type Int8Weights } from "./quant/int8.js";
import { dequantizeInt4Rows, quantizeInt4, type Int4Weights } from "./quant/int4.js";
import { gptqQuantize } from "./quant/gptq.js";
import { dequantizeFp8Rows, quantizeFp8, type Fp8Weights } from "./quant/fp8.js";
import { dequantizeBlockFpRows, quantizeBlockFp, type BlockFpWeights } from "./quant/blockfp.js";
import { gemmDequant } from "./quant/dequant-gemm.js";

export interface F32Weights { readonly format: "f32"; readonly k: number; readonly n: number; readonly data: Float32Array; readonly bytes: number; resident?: WasmMatrixF32 }
export type LinearWeights = F32Weights | Int8Weights | Int4Weights | Fp8Weights | BlockFpWeights;
export type WeightFormat = "f32" | "int8" | "int4" | "int4-gptq" | "fp8e4m3" | "fp8e5m2" | "blockfp";

export interface LinearOptions {
  format?: WeightFormat;
  /** int8: input columns with |x| above it use f32 (LLM.int8() default 6); undefined = off. */
  outlierThreshold?: number;
  /** int4: group size (32/64/128, default 128) and symmetry (default symmetric). */
  groupSize?: number;
  symmetric?: boolean;
  /** int4-gptq: calibration activations [s, in] (required), act-order, damping. */
  calibration?: Tensor;
  actOrder?: boolean;
  damp?: number;
  /** blockfp: block size (16/32, default 32) and outlier-channel reordering. */
  blockSize?: number;
  reorder?: boolean;
}

export class Linear {
  constructor(readonly weights: LinearWeights, readonly bias: Float32Array | null = null, readonly outlierThreshold?: number) {
    if (bias && bias.length !== weights.n)
      throw new BorelError("shape", `Linear: bias has ${bias.length} entries for W [${weights.k},${weights.n}]`);
    checkOutlierThreshold("Linear", outlierThreshold);
  }

  /** Quantizes f32 weights W [in, out] (and bias [out]) into `opts.format`. */
  static fromF32(w: Tensor, bias?: Tensor | null, opts: LinearOptions = {}): Linear {
    const W = requireF32(w, "Linear.fromF32", "w");
    if (W.rank !== 2) throw new BorelError("shape", `Linear.fromF32: W must be [in, out], got ${shapeStr(W.shape)}`);
    const [k, n] = W.shape, d = W.data;
    const b = bias ? requireF32(bias, "Linear.fromF32", "bias").data.slice() : null;
    let q: LinearWeights;
    switch (opts.format ?? "f32") {
      case "f32": q = { format: "f32", k, n, data: d.slice(), bytes: d.length * 4 }; break;
      case "int8": q = quantizeInt8Weights(d, k, n); break;
      case "int4": q = quantizeInt4(d, k, n, opts); break;
      case "int4-gptq": {
        const c = opts.calibration;
        if (!c || c.rank !== 2 || c.shape[1] !== k)
          throw new BorelError("shape", `Linear.fromF32: int4-gptq needs calibration activations [s, ${k}], got ${c ? shapeStr(c.shape) : "none"}`);
        q = gptqQuantize(d, k, n, requireF32(c, "Linear.fromF32", "calibration").data, c.shape[0], opts);
        break;
      }
      case "fp8e4m3": q = quantizeFp8(d, k, n, "e4m3"); break;
      case "fp8e5m2": q = quantizeFp8(d, k, n, "e5m2"); break;
      case "blockfp": q = quantizeBlockFp(d, k, n, opts); break;
      default: throw new BorelError("bad-parameter", `Linear.fromF32: unknown format ${opts.format}`);
    }
    return new Linear(q, b, opts.outlierThreshold);
  }

  get inFeatures(): number { return this.weights.k; }
  get outFeatures(): number { return this.weights.n; }
  /** Bytes of W's storage (data + scales + metadata). */
  get bytes(): number { return this.weights.bytes; }

  /** Y = X·W + b for X [..., in]. */
  forward(x: Tensor): Tensor<Float32Array> {
    const X = requireF32(x, "Linear.forward", "x"), { k, n } = this.weights;
    if (X.shape[X.rank - 1] !== k)
      throw new BorelError("shape", `Linear.forward: x ${shapeStr(X.shape)} does not match W [${k},${n}] (last axis must be ${k})`);
    const m = sizeOf(X.shape.slice(0, -1)), y = this.matmul(X.data, m);   // not size/k: 0/0 when k = 0
    if (this.bias) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y[i * n + j] += this.bias[j];
    return new Tensor("f32", [...X.shape.slice(0, -1), n], y);
  }

  private matmul(x: Float32Array, m: number): Float32Array {
    const w = this.weights;
    switch (w.format) {
      case "f32":
        if (!wasmRuntime()) return gemmRef(x, w.data, m, w.k, w.n);
        w.resident ??= WasmMatrixF32.fromRowMajor(w.data, w.k, w.n);
        return gemmF32Wasm(x, m, w.resident);
      case "int8": return gemmInt8(x, m, w, { outlierThreshold: this.outlierThreshold }).out;
      case "int4": return gemmDequant(x, m, { k: w.k, n: w.n, dequantRows: (r0, r1, o) => dequantizeInt4Rows(w, r0, r1, o) });
      case "fp8": return gemmDequant(x, m, { k: w.k, n: w.n, dequantRows: (r0, r1, o) => dequantizeFp8Rows(w, r0, r1, o) });
      case "blockfp":
        return gemmDequant(x, m, { k: w.k, n: w.n, gatherCols: w.perm, dequantRows: (r0, r1, o) => dequantizeBlockFpRows(w, r0, r1, o) });
    }
  }
}
