/**
 * int4 group-wise weight quantization: W [in=k, out=n] is cut along k into groups of `groupSize`
 * (32/64/128) rows; each (group, output column) has a scale (and, asymmetric, a 4-bit zero point).
 * Symmetric: scale = absmax/7, q = round(x/scale) ∈ [−8, 7]. Asymmetric: scale = (max−min)/15 with min ≤ 0 ≤ max,
 * zero = round(−min/scale), q = clamp(round(x/scale) + zero, 0, 15). Round-to-nearest gives
 * |x − x̂| ≤ scale/2. Values are packed two per byte (element e of the row-major k×n array in byte e>>1,
 * low nibble first). `gptq.ts` produces the same format with GPTQ's error feedback.
 *
 * @example
 * ```ts
 * const q = quantizeInt4(w, k, n, { groupSize: 128, symmetric: true });
 * q.bytes;     // ≈ k·n/2 + 4·n·k/128
 * const w2 = dequantizeInt4(q);
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { roundHalfEven } from "./int8.js";
import { errorReport, requireFinite, type ErrorReport } from "./report.js";

export interface Int4Options { groupSize?: 32 | 64 | 128 | number; symmetric?: boolean }

export interface Int4Weights {
  readonly format: "int4";
  readonly k: number;
  readonly n: number;
  readonly groupSize: number;
  readonly symmetric: boolean;
  /** Packed 4-bit codes (two's complement nibbles when symmetric, 0..15 otherwise). */
  readonly packed: Uint8Array;
  /** [groups × n] scales. */
  readonly scales: Float32Array;
  /** [groups × n] zero points (asymmetric only; empty otherwise). */
  readonly zeros: Uint8Array;
  readonly bytes: number;
}

export const groupsOf = (k: number, gs: number): number => Math.ceil(k / gs);

/** Scale and zero of a set of values for the given symmetry. */
export function int4Params(min: number, max: number, symmetric: boolean): { scale: number; zero: number } {
  if (symmetric) {
    const a = Math.max(Math.abs(min), Math.abs(max));
    return { scale: a > 0 ? a / 7 : 1, zero: 0 };
  }
  const lo = Math.min(min, 0), hi = Math.max(max, 0);
  const scale = hi > lo ? (hi - lo) / 15 : 1;
  return { scale, zero: roundHalfEven(-lo / scale) };
}

/** The 4-bit code of x (signed −8..7 or unsigned 0..15). */
export function int4Code(x: number, scale: number, zero: number, symmetric: boolean): number {
  const q = roundHalfEven(x / scale) + zero;
  return symmetric ? Math.max(-8, Math.min(7, q)) : Math.max(0, Math.min(15, q));
}

export function setNibble(packed: Uint8Array, e: number, code: number): void {
  const b = e >> 1, v = code & 0xf;
  packed[b] = e & 1 ? (packed[b] & 0x0f) | (v << 4) : (packed[b] & 0xf0) | v;
}
export function getNibble(packed: Uint8Array, e: number, signed: boolean): number {
  const v = (packed[e >> 1] >> ((e & 1) * 4)) & 0xf;
  return signed ? (v << 28) >> 28 : v;
}

/** Allocates an empty int4 weight record. */
export function emptyInt4(k: number, n: number, groupSize: number, symmetric: boolean): Int4Weights {
  const g = groupsOf(k, groupSize);
  const packed = new Uint8Array(Math.ceil((k * n) / 2)), scales = new Float32Array(g * n);
  const zeros = new Uint8Array(symmetric ? 0 : g * n);
  return { format: "int4", k, n, groupSize, symmetric, packed, scales, zeros, bytes: packed.length + scales.length * 4 + zeros.length };
}

/** Round-to-nearest int4 quantization of W [k×n]. */
export function quantizeInt4(w: ArrayLike<number>, k: number, n: number, opts: Int4Options = {}): Int4Weights {
  const gs = opts.groupSize ?? 128, sym = opts.symmetric ?? true;
  if (w.length !== k * n) throw new BorelError("shape", `quantizeInt4: ${w.length} values for a [${k},${n}] matrix`);
  requireFinite(w, k, n, "quantizeInt4");
  if (!(gs > 0 && Number.isInteger(gs))) throw new BorelError("bad-parameter", `quantizeInt4: groupSize must be a positive integer, got ${gs}`);
  const q = emptyInt4(k, n, gs, sym);
  for (let g = 0; g * gs < k; g++) {
    const r0 = g * gs, r1 = Math.min(k, r0 + gs);
    for (let j = 0; j < n; j++) {
      let mn = Infinity, mx = -Infinity;
      for (let i = r0; i < r1; i++) { const v = w[i * n + j]; if (v < mn) mn = v; if (v > mx) mx = v; }
      const { scale, zero } = int4Params(mn, mx, sym);
      q.scales[g * n + j] = scale;
      if (!sym) q.zeros[g * n + j] = zero;
      const s = q.scales[g * n + j];
      for (let i = r0; i < r1; i++) setNibble(q.packed, i * n + j, int4Code(w[i * n + j], s, zero, sym));
    }
  }
  return q;
}

/** Rows [r0, r1) of Ŵ into `out` (row-major (r1−r0)×n). */
export function dequantizeInt4Rows(q: Int4Weights, r0: number, r1: number, out: Float32Array): void {
  const { n, groupSize: gs, symmetric: sym } = q;
  for (let i = r0; i < r1; i++) {
    const g = Math.floor(i / gs), o = (i - r0) * n;
    for (let j = 0; j < n; j++) {
      const c = getNibble(q.packed, i * n + j, sym);
      out[o + j] = (c - (sym ? 0 : q.zeros[g * n + j])) * q.scales[g * n + j];
    }
  }
}

export function dequantizeInt4(q: Int4Weights): Float32Array {
  const out = new Float32Array(q.k * q.n);
  dequantizeInt4Rows(q, 0, q.k, out);
  return out;
}

export function int4Report(w: ArrayLike<number>, q: Int4Weights): ErrorReport {
  return errorReport(w, dequantizeInt4(q), q.bytes);
}
