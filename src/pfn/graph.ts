/**
 * The PFN forward pass as a differentiable graph on the tape (training). A batch holds B datasets of T rows,
 * the first nc of each being context rows:
 *
 *   token_i = Lin_x(x_i) + [i < nc]·Lin_y(y_i)        (latent kind: query rows get the address token instead of x)
 *   per block (post-LN):  h ← LN1(h + Wo·Attn(h)),  h ← LN2(h + W2·GELU(W1·h))
 *   logits = W_h2·GELU(W_h1·h_q) on the query rows
 *
 * Attention lets every row see the context rows of its own dataset only (`contextAttention`); there is no
 * positional encoding, so the prediction is invariant to the order of the context rows.
 *
 * @example
 * ```ts
 * const tp = new Tape();
 * const logits = pfnLogits(tp, nodes, config, { x, yContext, batch: 16, rows: 100, context: 30 });
 * ```
 */
import type { PFNConfig } from "./config.js";
import type { ParamSet } from "./params.js";
import { TNode, type Tape } from "./grad/tape.js";
import { add, linear } from "./grad/linear.js";
import { gelu, layerNorm } from "./grad/norm.js";
import { contextAttention } from "./grad/attention.js";
import { addContextY, addQueryTable, queryRows } from "./grad/rows.js";

export interface GraphBatch {
  /** Normalized inputs [B·T, xDim] (zeros on the query rows of the latent kind). */
  x: Float32Array;
  /** Normalized context outputs [B·nc]. */
  yContext: Float32Array;
  batch: number;
  rows: number;
  context: number;
}

/** Parameter nodes on a tape, with gradient buffers from `grads`. */
export function paramNodes(tp: Tape, params: ParamSet, grads: Map<string, Float32Array> | null): Map<string, TNode> {
  const out = new Map<string, TNode>();
  for (const [name, p] of params)
    out.set(name, grads ? tp.param(p.data, grads.get(name)!, p.shape[0], p.shape[1]) : tp.input(p.data, p.shape[0], p.shape[1]));
  return out;
}

/** Logits [B·(T − nc), outputsWidth] of the query rows. */
export function pfnLogits(tp: Tape, P: Map<string, TNode>, c: PFNConfig, bt: GraphBatch): TNode {
  const get = (n: string) => P.get(n)!;
  const layout = { batch: bt.batch, rows: bt.rows, context: bt.context };
  let h = linear(tp, tp.input(bt.x, bt.batch * bt.rows, c.xDim), get("enc.wx"), get("enc.bx"));
  h = addContextY(tp, h, bt.yContext, get("enc.wy"), get("enc.by"), layout);
  if (c.kind === "latent") h = addQueryTable(tp, h, get("enc.query"), layout);
  for (let l = 0; l < c.layers; l++) {
    const p = (n: string) => get(`b${l}.${n}`);
    const a = contextAttention(tp, linear(tp, h, p("wqkv"), p("bqkv")), { ...layout, heads: c.heads });
    h = layerNorm(tp, add(tp, h, linear(tp, a, p("wo"), p("bo"))), p("ln1g"), p("ln1b"));
    const f = linear(tp, gelu(tp, linear(tp, h, p("w1"), p("b1"))), p("w2"), p("b2"));
    h = layerNorm(tp, add(tp, h, f), p("ln2g"), p("ln2b"));
  }
  const q = queryRows(tp, h, layout);
  return linear(tp, gelu(tp, linear(tp, q, get("head.w1"), get("head.b1"))), get("head.w2"), get("head.b2"));
}
