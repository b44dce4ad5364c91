/**
 * GEMM for weight formats that are dequantized on the fly (int4, fp8, block fp): W is expanded `kc` rows at
 * a time into an f32 panel in WASM memory and multiplied by the matching columns of X with the f32 SIMD
 * kernel, accumulating into C; no full f32 copy of W ever exists. `gatherCols` (block fp with channel
 * reordering) permutes X's columns the same way as W's rows.
 *
 * @example
 * ```ts
 * const y = gemmDequant(x, m, { k, n, dequantRows: (r0, r1, out) => dequantizeInt4Rows(q, r0, r1, out) });
 * ```
 */
import { gemmRef } from "../gemm-ref.js";
import { runSplit } from "../pool.js";
import { MR, NR } from "../wasm/kernels.js";
import { packA, packB, roundUp } from "../wasm/pack.js";
import { wasmRuntime } from "../wasm/runtime.js";

export interface DequantSource {
  k: number;
  n: number;
  /** Writes stored rows [r0, r1) of W (row-major (r1−r0)×n) into `out`. */
  dequantRows(r0: number, r1: number, out: Float32Array): void;
  /** Stored row r multiplies column gatherCols[r] of X (default: r). */
  gatherCols?: Int32Array | null;
}

/** Rows of W expanded per step. */
export const DEQUANT_KC = 256;

export function gemmDequant(x: Float32Array, m: number, w: DequantSource, out: Float32Array = new Float32Array(m * w.n)): Float32Array {
  const { k, n } = w, perm = w.gatherCols ?? null, rt = wasmRuntime();
  // An empty inner dimension sums nothing (the loop below would never write the output).
  if (k === 0) return out.fill(0, 0, m * n);
  if (!rt) {
    const full = new Float32Array(k * n);
    w.dequantRows(0, k, full);
    const xs = perm ? Float32Array.from({ length: m * k }, (_, e) => x[Math.floor(e / k) * k + perm[e % k]]) : x;
    return gemmRef(xs, full, m, k, n, false, false, out);
  }
  const mp = roundUp(m, MR), np = roundUp(n, NR), kc = Math.min(DEQUANT_KC, k);
  const heap = rt.heap;
  const ap = heap.alloc(mp * kc * 4), bp = heap.alloc(np * kc * 4), cp = heap.alloc(mp * np * 4);
  const wrows = new Float32Array(kc * n), xs = new Float32Array(m * kc);
  try {
    for (let k0 = 0; k0 < k; k0 += kc) {
      const kk = Math.min(kc, k - k0);
      w.dequantRows(k0, k0 + kk, wrows);
      packB(wrows, kk, n, n, 1, heap.f32(bp, np * kk));
      for (let i = 0; i < m; i++)
        for (let t = 0; t < kk; t++) xs[i * kk + t] = x[i * k + (perm ? perm[k0 + t] : k0 + t)];
      packA(xs, m, kk, kk, 1, heap.f32(ap, mp * kk));
      const acc = k0 > 0 ? 1 : 0;
      runSplit("gemm_f32", mp / MR, (b0, b1) => [ap, bp, cp, np, b0, b1, np / NR, kk, acc, 0]);
    }
    const c = heap.f32(cp, mp * np);
    for (let i = 0; i < m; i++) out.set(c.subarray(i * np, i * np + n), i * n);
    return out;
  } finally {
    heap.free(cp); heap.free(bp); heap.free(ap);
  }
}
