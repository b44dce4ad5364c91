/**
 * A transformer encoder block as PFNs use it (post-LN): multi-head attention with an arbitrary boolean mask,
 * then an MLP, each followed by a residual connection and layer norm:
 *   h = LN1(x + Wo·Attn(Wq·x, Wk·x, Wv·x; mask)),   y = LN2(h + W2·GELU(W1·h)).
 * Forward only; every projection is a `Linear`, so the block runs in any weight format.
 *
 * @example
 * ```ts
 * const blk = TransformerBlock.fromF32(weights, { heads: 4, format: "int8" });
 * const y = blk.forward(x, mask);      // x [T, d], mask u8 [T, T]
 * ```
 */
import { BorelError } from "../util/errors.js";
import { attention } from "./attention.js";
import { add, gelu } from "./elementwise.js";
import { layerNorm } from "./layernorm.js";
import { Linear, type LinearOptions } from "./linear.js";
import { Tensor, requireF32, shapeStr } from "./tensor.js";

/** f32 weights of a block: projections [in, out], biases [out], layer norm gamma/beta [d]. */
export interface TransformerBlockF32 {
  wq: Tensor; bq?: Tensor; wk: Tensor; bk?: Tensor; wv: Tensor; bv?: Tensor; wo: Tensor; bo?: Tensor;
  w1: Tensor; b1?: Tensor; w2: Tensor; b2?: Tensor;
  ln1Gamma: Tensor; ln1Beta: Tensor; ln2Gamma: Tensor; ln2Beta: Tensor;
}

export interface TransformerBlockParts {
  heads: number;
  wq: Linear; wk: Linear; wv: Linear; wo: Linear; w1: Linear; w2: Linear;
  ln1Gamma: Tensor; ln1Beta: Tensor; ln2Gamma: Tensor; ln2Beta: Tensor;
  eps?: number;
}

/** [T, H·dh] -> [H, T, dh] */
function splitHeads(x: Tensor<Float32Array>, h: number): Tensor<Float32Array> {
  const [t, d] = x.shape, dh = d / h, out = new Float32Array(x.size);
  for (let i = 0; i < t; i++) for (let hh = 0; hh < h; hh++)
    out.set(x.data.subarray(i * d + hh * dh, i * d + hh * dh + dh), (hh * t + i) * dh);
  return new Tensor("f32", [h, t, dh], out);
}
/** [H, T, dh] -> [T, H·dh] */
function mergeHeads(x: Tensor<Float32Array>): Tensor<Float32Array> {
  const [h, t, dh] = x.shape, out = new Float32Array(x.size);
  for (let hh = 0; hh < h; hh++) for (let i = 0; i < t; i++)
    out.set(x.data.subarray((hh * t + i) * dh, (hh * t + i + 1) * dh), i * h * dh + hh * dh);
  return new Tensor("f32", [t, h * dh], out);
}

export class TransformerBlock {
  constructor(readonly parts: TransformerBlockParts) {
    const d = parts.wq.inFeatures;
    if (d % parts.heads !== 0) throw new BorelError("shape", `TransformerBlock: model width ${d} is not divisible by ${parts.heads} heads`);
  }

  /** Builds a block from f32 weights, quantizing every projection with `opts` (format etc.). */
  static fromF32(w: TransformerBlockF32, opts: LinearOptions & { heads: number; eps?: number }): TransformerBlock {
    const lin = (W: Tensor, b?: Tensor) => Linear.fromF32(W, b ?? null, opts);
    return new TransformerBlock({
      heads: opts.heads, eps: opts.eps,
      wq: lin(w.wq, w.bq), wk: lin(w.wk, w.bk), wv: lin(w.wv, w.bv), wo: lin(w.wo, w.bo), w1: lin(w.w1, w.b1), w2: lin(w.w2, w.b2),
      ln1Gamma: w.ln1Gamma, ln1Beta: w.ln1Beta, ln2Gamma: w.ln2Gamma, ln2Beta: w.ln2Beta,
    });
  }

  /** Bytes of all projection weights. */
  get bytes(): number { const p = this.parts; return [p.wq, p.wk, p.wv, p.wo, p.w1, p.w2].reduce((s, l) => s + l.bytes, 0); }

  /** x [T, d] -> [T, d]; `mask` u8 [T, T] (1 = query row may attend to key column). */
  forward(x: Tensor, mask?: Tensor): Tensor<Float32Array> {
    const p = this.parts, X = requireF32(x, "TransformerBlock.forward", "x");
    if (X.rank !== 2 || X.shape[1] !== p.wq.inFeatures)
      throw new BorelError("shape", `TransformerBlock.forward: x ${shapeStr(X.shape)} must be [T, ${p.wq.inFeatures}]`);
    const q = splitHeads(p.wq.forward(X), p.heads), k = splitHeads(p.wk.forward(X), p.heads), v = splitHeads(p.wv.forward(X), p.heads);
    const a = p.wo.forward(mergeHeads(attention(q, k, v, mask)));
    const h = layerNorm(add(X, a), p.ln1Gamma, p.ln1Beta, p.eps);
    const f = p.w2.forward(gelu(p.w1.forward(h)));
    return layerNorm(add(h, f), p.ln2Gamma, p.ln2Beta, p.eps);
  }
}
