/**
 * Differentiable multi-head attention with the PFN mask, on the tape: B datasets of T rows each, the first
 * `nc` rows of every dataset are its context. Every row (context or query) attends to the context rows of its
 * own dataset only, so context ↔ context and query → context, and no query sees another query. Input is the
 * fused projection [B·T, 3d] = [Q | K | V]; output [B·T, d] with the heads merged.
 *
 * All heads of a dataset go through one GEMM each way by using block-diagonal operands:
 *   S = Q·K̃ᵀ/√dh   with K̃ᵀ [d, H·nc] block-diagonal (head h's Kᵀ in rows h·dh.., columns h·nc..)
 *   P = softmax of S within each head's nc columns,   O = P·Ṽ  with Ṽ [H·nc, d] block-diagonal,
 * so small per-head products run at GEMM speed (the zero blocks cost H× the flops, which is far cheaper than
 * many tiny GEMMs). Backward: dP = dO·Ṽᵀ, dṼ = Pᵀ·dO, dS = P ⊙ (dP − Σ_head dP⊙P)/√dh, dQ = dS·K̃ᵀᵀ,
 * dK̃ᵀ = Qᵀ·dS, keeping only the diagonal blocks. With nc = 0 the output is zero.
 *
 * @example
 * ```ts
 * const a = contextAttention(tp, linear(tp, h, wqkv, bqkv), { batch: 32, rows: 100, context: 40, heads: 4 });
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { getBackend } from "../../tensor/backend.js";
import type { TNode, Tape } from "./tape.js";

export interface AttentionLayout { batch: number; rows: number; context: number; heads: number }

export function contextAttention(tp: Tape, qkv: TNode, L: AttentionLayout): TNode {
  const { batch: B, rows: T, context: nc, heads: H } = L, d = qkv.cols / 3, dh = d / H, W = H * nc;
  if (qkv.rows !== B * T || !Number.isInteger(dh) || nc > T)
    throw new BorelError("shape", `contextAttention: qkv [${qkv.rows}, ${qkv.cols}] does not fit ${B} datasets × ${T} rows, ${H} heads, context ${nc}`);
  const out = new Float32Array(B * T * d);
  if (nc === 0) return tp.output(out, B * T, d, [qkv], () => {});
  const be = getBackend(), src = qkv.data, scale = 1 / Math.sqrt(dh);
  const Q = new Float32Array(B * T * d), KT = new Float32Array(B * d * W), V = new Float32Array(B * W * d), P = new Float32Array(B * T * W);
  for (let b = 0; b < B; b++) {
    const q = Q.subarray(b * T * d, (b + 1) * T * d), kt = KT.subarray(b * d * W, (b + 1) * d * W), v = V.subarray(b * W * d, (b + 1) * W * d);
    for (let i = 0; i < T; i++) q.set(src.subarray((b * T + i) * 3 * d, (b * T + i) * 3 * d + d), i * d);
    for (let j = 0; j < nc; j++) {
      const ro = (b * T + j) * 3 * d;
      for (let h = 0; h < H; h++) for (let t = 0; t < dh; t++) {
        kt[(h * dh + t) * W + h * nc + j] = src[ro + d + h * dh + t];
        v[(h * nc + j) * d + h * dh + t] = src[ro + 2 * d + h * dh + t];
      }
    }
    const s = be.gemm(q, kt, T, d, W, false, false), p = P.subarray(b * T * W, (b + 1) * T * W);
    for (let i = 0; i < T; i++) for (let h = 0; h < H; h++) {
      const o = i * W + h * nc;
      let mx = -Infinity;
      for (let j = 0; j < nc; j++) { const z = s[o + j] * scale; s[o + j] = z; if (z > mx) mx = z; }
      let sum = 0;
      for (let j = 0; j < nc; j++) { const e = Math.exp(s[o + j] - mx); p[o + j] = e; sum += e; }
      for (let j = 0; j < nc; j++) p[o + j] /= sum;
    }
    out.set(be.gemm(p, v, T, W, d, false, false), b * T * d);
  }
  return tp.output(out, B * T, d, [qkv], (o) => {
    const dO = o.grad!, dqkv = qkv.g();
    for (let b = 0; b < B; b++) {
      const dob = dO.subarray(b * T * d, (b + 1) * T * d), p = P.subarray(b * T * W, (b + 1) * T * W);
      const q = Q.subarray(b * T * d, (b + 1) * T * d), kt = KT.subarray(b * d * W, (b + 1) * d * W), v = V.subarray(b * W * d, (b + 1) * W * d);
      const dP = be.gemm(dob, v, T, d, W, false, true), dV = be.gemm(p, dob, W, T, d, true, false);
      for (let i = 0; i < T; i++) for (let h = 0; h < H; h++) { // dS in place of dP
        const off = i * W + h * nc;
        let dot = 0;
        for (let j = 0; j < nc; j++) dot += dP[off + j] * p[off + j];
        for (let j = 0; j < nc; j++) dP[off + j] = p[off + j] * (dP[off + j] - dot) * scale;
      }
      const dQ = be.gemm(dP, kt, T, W, d, false, true), dKT = be.gemm(q, dP, d, T, W, true, false);
      for (let i = 0; i < T; i++) { const ro = (b * T + i) * 3 * d; for (let c = 0; c < d; c++) dqkv[ro + c] += dQ[i * d + c]; }
      for (let j = 0; j < nc; j++) {
        const ro = (b * T + j) * 3 * d;
        for (let h = 0; h < H; h++) for (let t = 0; t < dh; t++) {
          dqkv[ro + d + h * dh + t] += dKT[(h * dh + t) * W + h * nc + j];
          dqkv[ro + 2 * d + h * dh + t] += dV[(h * nc + j) * d + h * dh + t];
        }
      }
    }
  });
}
