/**
 * The error report every quantization format gives: how far the dequantized values are from the originals
 * and how much smaller the storage is than f32.
 *
 * @example
 * ```ts
 * const r = errorReport(w, dequantizeInt8(q), q.bytes);
 * r.compression;   // ≈ 3.98 for int8 with per-column f32 scales at k = 1024
 * ```
 */
import { BorelError } from "../../util/errors.js";

/**
 * Throws unless every value of the row-major [rows×cols] matrix `w` is finite: a NaN or ±∞ weight would
 * otherwise poison its scale (a whole column or group dequantizes to NaN, or other values silently change).
 */
export function requireFinite(w: ArrayLike<number>, rows: number, cols: number, op: string, what = "W"): void {
  for (let i = 0; i < w.length; i++)
    if (!Number.isFinite(w[i]))
      throw new BorelError("nan", `${op}: ${what}[${Math.floor(i / cols)},${i % cols}] of the [${rows},${cols}] matrix is ${w[i]}`,
        { hint: "quantized formats hold finite values only" });
}

export interface ErrorReport {
  /** max |x − x̂| */
  maxAbsError: number;
  /** sqrt(mean (x − x̂)²) */
  rmsError: number;
  /** ‖x − x̂‖ / ‖x‖ */
  relFrobenius: number;
  /** Bytes of the quantized storage (data + scales + metadata arrays). */
  bytes: number;
  /** Bytes of the same values in f32. */
  f32Bytes: number;
  /** f32Bytes / bytes. */
  compression: number;
}

export function errorReport(original: ArrayLike<number>, dequantized: ArrayLike<number>, bytes: number): ErrorReport {
  let mx = 0, se = 0, sx = 0;
  for (let i = 0; i < original.length; i++) {
    const e = original[i] - dequantized[i];
    mx = Math.max(mx, Math.abs(e));
    se += e * e;
    sx += original[i] * original[i];
  }
  const n = Math.max(1, original.length), f32Bytes = original.length * 4;
  return { maxAbsError: mx, rmsError: Math.sqrt(se / n), relFrobenius: sx > 0 ? Math.sqrt(se / sx) : Math.sqrt(se),
    bytes, f32Bytes, compression: f32Bytes / bytes };
}
