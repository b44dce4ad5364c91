/**
 * Packing of GEMM operands into the layouts the WASM micro-kernels read (MR rows per A block, NR columns
 * per B panel; padding is zero). All packers write into a destination view (usually WASM memory).
 *
 * - f32 A: `Ap[block][k][MR]`           - f32 B: `Bp[panel][k][NR]`
 * - int8 B for the int8 kernel: `Bp[panel][k/2][NR][2]` (k padded to even)
 * - int8 B for the f32 kernel:  `Bp[panel][k][NR]`
 * - int16 A for the int8 kernel: `Ap[block][k/2][MR][2]` (what `quant_rows` writes)
 *
 * @example
 * ```ts
 * const ap = new Float32Array(packedASize(m, k));
 * packA(a, m, k, k, 1, ap);  // a is row-major m×k
 * ```
 */
import { MR, NR } from "./kernels.js";

export const roundUp = (x: number, m: number): number => Math.ceil(x / m) * m;
export const packedASize = (m: number, k: number): number => roundUp(m, MR) * k;
export const packedBSize = (k: number, n: number): number => roundUp(n, NR) * k;
export const packedBI8PairSize = (k: number, n: number): number => roundUp(n, NR) * roundUp(k, 2);

/**
 * Packs A (element (i,kk) at `a[off + i*rs + kk*cs]`) into `Ap[block][k][MR]`, zero-padding rows.
 */
export function packA(a: ArrayLike<number>, m: number, k: number, rs: number, cs: number, dst: Float32Array, off = 0): void {
  const mp = roundUp(m, MR);
  let o = 0;
  for (let i0 = 0; i0 < mp; i0 += MR) {
    for (let kk = 0; kk < k; kk++) {
      for (let r = 0; r < MR; r++) {
        const i = i0 + r;
        dst[o++] = i < m ? a[off + i * rs + kk * cs] : 0;
      }
    }
  }
}

/** Packs B (element (kk,j) at `b[off + kk*rs + j*cs]`) into `Bp[panel][k][NR]` (f32 or int8 destination). */
export function packB(b: ArrayLike<number>, k: number, n: number, rs: number, cs: number,
  dst: Float32Array | Int8Array, off = 0): void {
  const np = roundUp(n, NR);
  let o = 0;
  for (let j0 = 0; j0 < np; j0 += NR) {
    for (let kk = 0; kk < k; kk++) {
      const row = off + kk * rs;
      for (let c = 0; c < NR; c++) {
        const j = j0 + c;
        dst[o++] = j < n ? b[row + j * cs] : 0;
      }
    }
  }
}

/** Packs int8 B (element (kk,j) at `b[kk*n + j]`) into `Bp[panel][k/2][NR][2]` for the int8 kernel. */
export function packBI8Pairs(b: Int8Array, k: number, n: number, dst: Int8Array): void {
  const np = roundUp(n, NR), kp = roundUp(k, 2) / 2;
  let o = 0;
  for (let j0 = 0; j0 < np; j0 += NR) {
    for (let p = 0; p < kp; p++) {
      const k0 = 2 * p, k1 = 2 * p + 1;
      for (let c = 0; c < NR; c++) {
        const j = j0 + c;
        dst[o++] = j < n ? b[k0 * n + j] : 0;
        dst[o++] = j < n && k1 < k ? b[k1 * n + j] : 0;
      }
    }
  }
}

/** Packs int8/int16 A (row-major m×k) into `Ap[block][k/2][MR][2]` int16 for the int8 kernel. */
export function packAI16Pairs(a: ArrayLike<number>, m: number, k: number, dst: Int16Array): void {
  const mp = roundUp(m, MR), kp = roundUp(k, 2) / 2;
  let o = 0;
  for (let i0 = 0; i0 < mp; i0 += MR) {
    for (let p = 0; p < kp; p++) {
      for (let r = 0; r < MR; r++) {
        const i = i0 + r;
        dst[o++] = i < m ? a[i * k + 2 * p] : 0;
        dst[o++] = i < m && 2 * p + 1 < k ? a[i * k + 2 * p + 1] : 0;
      }
    }
  }
}
