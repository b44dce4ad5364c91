/**
 * Weight formats of a PFN's transformer blocks. Each block's projections W_q, W_kv (the fused Q|K|V weight split
 * by columns, so that query rows compute Q only), W_o, W_1, W_2 become `Linear`s in
 *
 * - `f32`;
 * - `int8`: per-output-column absmax scales, activations quantized per row, input columns with |x| above
 *   `outlierThreshold` (default 6, LLM.int8()) through f32 — the "vector-wise + outlier split" scheme;
 * - `int4`: GPTQ, group-wise (default groups of 32 along the input), calibrated on the activations reaching each
 *   projection when the f32 network runs on datasets simulated from the prior (`calibration`, see
 *   `calibrate.ts`); without calibration plain round-to-nearest int4.
 *
 * LayerNorm parameters, the encoder and the head are not quantized.
 *
 * @example
 * ```ts
 * const blk = blockLinears(config, params, 0, { format: "int8" });
 * blk.w1.forward(h);
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Linear, type LinearOptions } from "../tensor/linear.js";
import { Tensor } from "../tensor/tensor.js";
import type { PFNConfig } from "./config.js";
import type { ParamSet } from "./params.js";

export type PFNWeightFormat = "f32" | "int8" | "int4";
export const BLOCK_PROJECTIONS = ["wq", "wkv", "wo", "w1", "w2"] as const;
export type BlockProjection = (typeof BLOCK_PROJECTIONS)[number];

export interface QuantizeOptions {
  format?: PFNWeightFormat;
  /** int8: the outlier threshold on |activation| (default 6; Infinity turns the split off). */
  outlierThreshold?: number;
  /** int4: group size along the input (default 32). */
  groupSize?: number;
  /** int4: calibration activations per projection, keyed `${layer}.${projection}`, each [s, in]. */
  calibration?: Map<string, Tensor>;
}

export interface BlockLinears {
  wq: Linear; wkv: Linear; wo: Linear; w1: Linear; w2: Linear;
  ln1g: Tensor; ln1b: Tensor; ln2g: Tensor; ln2b: Tensor;
  readonly bytes: number;
}

const vec = (a: Float32Array): Tensor<Float32Array> => new Tensor("f32", [a.length], a);

/** Columns [c0, c1) of a row-major [k, n] matrix. */
export function columns(w: Float32Array, k: number, n: number, c0: number, c1: number): Float32Array {
  const out = new Float32Array(k * (c1 - c0));
  for (let i = 0; i < k; i++) out.set(w.subarray(i * n + c0, i * n + c1), i * (c1 - c0));
  return out;
}

/** The f32 weight [in, out] and bias of projection `proj` of block l. */
export function projectionWeights(c: PFNConfig, params: ParamSet, l: number, proj: BlockProjection): { w: Tensor<Float32Array>; b: Tensor<Float32Array> } {
  const get = (n: string) => { const p = params.get(`b${l}.${n}`); if (!p) throw new BorelError("bad-file", `PFN: parameter 'b${l}.${n}' is missing`); return p; };
  const d = c.d;
  if (proj === "wq" || proj === "wkv") {
    const W = get("wqkv").data, B = get("bqkv").data, [c0, c1] = proj === "wq" ? [0, d] : [d, 3 * d];
    return { w: new Tensor("f32", [d, c1 - c0], columns(W, d, 3 * d, c0, c1)), b: vec(B.slice(c0, c1)) };
  }
  const p = get(proj), b = get(proj === "wo" ? "bo" : proj === "w1" ? "b1" : "b2");
  return { w: new Tensor("f32", [...p.shape], p.data), b: vec(b.data) };
}

/** One projection as a `Linear` in the requested format. */
export function quantizeProjection(w: Tensor, b: Tensor, key: string, opts: QuantizeOptions): Linear {
  const format = opts.format ?? "f32";
  const threshold = opts.outlierThreshold ?? 6;
  let lo: LinearOptions;
  if (format === "f32") lo = { format: "f32" };
  else if (format === "int8") lo = { format: "int8", outlierThreshold: Number.isFinite(threshold) ? threshold : undefined };
  else if (format === "int4") {
    const calib = opts.calibration?.get(key), groupSize = Math.min(opts.groupSize ?? 32, w.shape[0]);
    lo = calib ? { format: "int4-gptq", calibration: calib, groupSize, actOrder: false } : { format: "int4", groupSize };
  } else throw new BorelError("bad-option", `PFN: unknown weight format '${String(format)}'`, { hint: "use f32, int8 or int4" });
  return Linear.fromF32(w, b, lo);
}

/** The projections and LayerNorms of block l in the requested format. */
export function blockLinears(c: PFNConfig, params: ParamSet, l: number, opts: QuantizeOptions = {}): BlockLinears {
  const lin = (proj: BlockProjection) => { const { w, b } = projectionWeights(c, params, l, proj); return quantizeProjection(w, b, `${l}.${proj}`, opts); };
  const ln = (n: string) => vec(params.get(`b${l}.${n}`)!.data);
  const wq = lin("wq"), wkv = lin("wkv"), wo = lin("wo"), w1 = lin("w1"), w2 = lin("w2");
  return { wq, wkv, wo, w1, w2, ln1g: ln("ln1g"), ln1b: ln("ln1b"), ln2g: ln("ln2g"), ln2b: ln("ln2b"),
    bytes: [wq, wkv, wo, w1, w2].reduce((s, x) => s + x.bytes + (x.bias?.length ?? 0) * 4, 16 * c.d) };
}
