/**
 * The PFN forward pass for inference, on Borel's tensor kernels. Block projections are `Linear`s in f32, int8
 * or int4; the encoder, LayerNorm, softmax, attention scores and the output head stay f32.
 *
 * Context rows attend only to context rows, so they are run once (`condition`) and every layer's context keys
 * and values are cached; query rows then cost only their own rows (`queryLogits`): per layer Q = W_q·h_q,
 * softmax(Q·K_ctxᵀ/√dh)·V_ctx, and the MLP. Predictions for different queries are independent, so queries
 * can be split into any groups — exactly in f32 and int4; in int8 the outlier columns (|x| > 6, LLM.int8()) are
 * chosen over the rows run together, so a query's prediction moves slightly with the others in its batch
 * (bucket log-probabilities by ~0.01 with a far-out query beside it).
 *
 * @example
 * ```ts
 * const net = PFNNetwork.build(config, params, { format: "int8" });
 * const cache = net.condition(xCtx, yCtx, nc);     // normalized inputs
 * const logits = net.queryLogits(cache, xq, nq);   // [nq, outputsWidth]
 * ```
 */
import { attention } from "../tensor/attention.js";
import { add, gelu } from "../tensor/elementwise.js";
import { layerNorm } from "../tensor/layernorm.js";
import { Linear } from "../tensor/linear.js";
import { Tensor } from "../tensor/tensor.js";
import type { PFNConfig } from "./config.js";
import type { ParamSet } from "./params.js";
import { blockLinears, type BlockLinears, type QuantizeOptions } from "./quantize.js";

/** Per-layer context keys and values, [H, nc, dh] each. */
export interface ContextCache { readonly context: number; readonly keys: Tensor[]; readonly values: Tensor[] }

/** Called with the input of every block projection (for GPTQ calibration). */
export type ActivationHook = (layer: number, proj: "wq" | "wkv" | "wo" | "w1" | "w2", x: Tensor<Float32Array>) => void;

const f32 = (data: Float32Array, shape: number[]): Tensor<Float32Array> => new Tensor("f32", shape, data);

/** [T, H·dh] -> [H, T, dh] */
function heads(x: Float32Array, t: number, h: number, dh: number, offset = 0, stride = h * dh): Tensor<Float32Array> {
  const out = new Float32Array(h * t * dh);
  for (let i = 0; i < t; i++) for (let k = 0; k < h; k++) out.set(x.subarray(i * stride + offset + k * dh, i * stride + offset + (k + 1) * dh), (k * t + i) * dh);
  return f32(out, [h, t, dh]);
}
/** [H, T, dh] -> [T, H·dh] */
function merge(x: Tensor<Float32Array>): Tensor<Float32Array> {
  const [h, t, dh] = x.shape, out = new Float32Array(x.size);
  for (let k = 0; k < h; k++) for (let i = 0; i < t; i++) out.set(x.data.subarray((k * t + i) * dh, (k * t + i + 1) * dh), i * h * dh + k * dh);
  return f32(out, [t, h * dh]);
}

export class PFNNetwork {
  private constructor(readonly config: PFNConfig, readonly params: ParamSet, readonly blocks: BlockLinears[],
    private readonly enc: Linear, private readonly head1: Linear, private readonly head2: Linear) {}

  /** A network from f32 parameters, quantizing the block projections as `opts` says (default f32). */
  static build(config: PFNConfig, params: ParamSet, opts: QuantizeOptions = {}): PFNNetwork {
    const blocks = Array.from({ length: config.layers }, (_, l) => blockLinears(config, params, l, opts));
    return PFNNetwork.fromParts(config, params, blocks);
  }

  /** A network from ready blocks; `params` needs the encoder, head and LayerNorm entries only. */
  static fromParts(config: PFNConfig, params: ParamSet, blocks: BlockLinears[]): PFNNetwork {
    const t = (n: string) => { const p = params.get(n)!; return f32(p.data, [...p.shape]); };
    const bias = (n: string) => f32(params.get(n)!.data, [params.get(n)!.data.length]);
    return new PFNNetwork(config, params, blocks, Linear.fromF32(t("enc.wx"), bias("enc.bx")),
      Linear.fromF32(t("head.w1"), bias("head.b1")), Linear.fromF32(t("head.w2"), bias("head.b2")));
  }

  /** Bytes of all weights as stored (block projections in their format, the rest f32). */
  get bytes(): number {
    let f = 0;
    for (const [n, p] of this.params) if (!/^b\d+\./.test(n)) f += p.data.length * 4;
    return f + this.blocks.reduce((s, b) => s + b.bytes, 0);
  }

  /** Tokens Lin_x(x) (+ Lin_y(y) when y is given), [n, d]. */
  private embed(x: Float32Array, n: number, y: Float32Array | null): Tensor<Float32Array> {
    const d = this.config.d, h = this.enc.forward(f32(x, [n, this.config.xDim]));
    if (y) {
      const wy = this.params.get("enc.wy")!.data, by = this.params.get("enc.by")!.data;
      for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) h.data[i * d + c] += y[i] * wy[c] + by[c];
    }
    return h;
  }

  private mlp(l: number, h: Tensor<Float32Array>, hook?: ActivationHook): Tensor<Float32Array> {
    const b = this.blocks[l];
    hook?.(l, "w1", h);
    const g = gelu(b.w1.forward(h));
    hook?.(l, "w2", g);
    return layerNorm(add(h, b.w2.forward(g)), b.ln2g, b.ln2b);
  }

  private attend(l: number, h: Tensor<Float32Array>, q: Tensor<Float32Array>, k: Tensor, v: Tensor, n: number, hook?: ActivationHook): Tensor<Float32Array> {
    const b = this.blocks[l], d = this.config.d;
    const a = k.shape[1] === 0 ? f32(new Float32Array(n * d), [n, d]) : merge(attention(q, k, v));
    hook?.(l, "wo", a);
    return layerNorm(add(h, b.wo.forward(a)), b.ln1g, b.ln1b);
  }

  /** Runs the context rows through every block, caching their keys and values. */
  condition(x: Float32Array, y: Float32Array, nc: number, hook?: ActivationHook): ContextCache {
    const { heads: H, d } = this.config, dh = d / H, keys: Tensor[] = [], values: Tensor[] = [];
    let h = this.embed(x, nc, y);
    for (let l = 0; l < this.config.layers; l++) {
      const b = this.blocks[l];
      hook?.(l, "wq", h); hook?.(l, "wkv", h);
      const q = heads(b.wq.forward(h).data, nc, H, dh), kv = b.wkv.forward(h).data;
      keys.push(heads(kv, nc, H, dh, 0, 2 * d)); values.push(heads(kv, nc, H, dh, d, 2 * d));
      h = this.mlp(l, this.attend(l, h, q, keys[l], values[l], nc, hook), hook);
    }
    return { context: nc, keys, values };
  }

  /**
   * Logits [nq, outputsWidth] for query rows: inputs x [nq, xDim] (normalized), or for the latent kind the
   * address slots `slots` (one token per slot, x = 0).
   */
  queryLogits(cache: ContextCache, x: Float32Array, nq: number, hook?: ActivationHook, slots?: readonly number[]): Float32Array {
    const { heads: H, d } = this.config, dh = d / H;
    let h = this.embed(x, nq, null);
    if (slots) {
      const table = this.params.get("enc.query")!.data;
      slots.forEach((a, i) => { for (let c = 0; c < d; c++) h.data[i * d + c] += table[a * d + c]; });
    }
    for (let l = 0; l < this.config.layers; l++) {
      hook?.(l, "wq", h);
      const q = heads(this.blocks[l].wq.forward(h).data, nq, H, dh);
      h = this.mlp(l, this.attend(l, h, q, cache.keys[l], cache.values[l], nq, hook), hook);
    }
    return this.head2.forward(gelu(this.head1.forward(h))).data;
  }
}
