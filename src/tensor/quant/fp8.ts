/**
 * OCP 8-bit floating point (OFP8, "OCP 8-bit Floating Point Specification" v1.0), for storage:
 * - E4M3FN: 1 sign, 4 exponent (bias 7), 3 mantissa bits; no infinities; NaN = S.1111.111; max ±448;
 *   subnormals m/8·2^−6.
 * - E5M2: 1 sign, 5 exponent (bias 15), 2 mantissa bits; IEEE-like: ±Inf = S.11111.00, NaN = S.11111.{01,10,11};
 *   max ±57344; subnormals m/4·2^−14.
 * Encoding rounds to nearest, ties to even, and saturates finite overflow to ±max (E4M3FN always; E5M2 unless
 * `saturate: false`, then ±Inf). Relative error on normal numbers ≤ 2^−4 (E4M3) and 2^−3 (E5M2).
 * Weights store codes row-major [k×n] with a per-output-column scale (absmax/max) so the whole range is used;
 * GEMM dequantizes through a 256-entry table.
 *
 * @example
 * ```ts
 * fp8Encode(1.1, "e4m3");              // 0x39 (1.125)
 * fp8Decode(0x7e, "e4m3");             // 448
 * const q = quantizeFp8(w, k, n, "e4m3");
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { roundHalfEven } from "./int8.js";
import { errorReport, requireFinite, type ErrorReport } from "./report.js";

export type Fp8Format = "e4m3" | "e5m2";
const SPEC = {
  e4m3: { m: 3, bias: 7, max: 448, hasInf: false },
  e5m2: { m: 2, bias: 15, max: 57344, hasInf: true },
} as const;

/** The spec of a format name (an unknown name was a TypeError). */
function specOf(fmt: Fp8Format, op: string): (typeof SPEC)[Fp8Format] {
  if (!Object.hasOwn(SPEC, fmt)) throw new BorelError("bad-parameter", `${op}: unknown fp8 format '${String(fmt)}'`, { hint: "use \"e4m3\" or \"e5m2\"" });
  return SPEC[fmt];
}

/** The value of an fp8 code (an integer 0..255), by the OCP definition. */
export function fp8Decode(code: number, fmt: Fp8Format): number {
  const { m, bias, hasInf } = specOf(fmt, "fp8Decode");
  if (!(Number.isInteger(code) && code >= 0 && code <= 255)) throw new BorelError("bad-parameter", `fp8Decode: a code is an integer 0..255, got ${code}`);
  const sign = code & 0x80 ? -1 : 1, e = (code >> m) & ((1 << (7 - m)) - 1), f = code & ((1 << m) - 1);
  const emax = (1 << (7 - m)) - 1;
  if (hasInf && e === emax) return f === 0 ? sign * Infinity : NaN;
  if (!hasInf && e === emax && f === (1 << m) - 1) return NaN;
  if (e === 0) return sign * (f / (1 << m)) * 2 ** (1 - bias);
  return sign * (1 + f / (1 << m)) * 2 ** (e - bias);
}

const TABLES: Record<Fp8Format, Float32Array> = {
  e4m3: Float32Array.from({ length: 256 }, (_, c) => fp8Decode(c, "e4m3")),
  e5m2: Float32Array.from({ length: 256 }, (_, c) => fp8Decode(c, "e5m2")),
};
/** The 256-entry decode table of a format. */
export const fp8Table = (fmt: Fp8Format): Float32Array => TABLES[fmt];

/** Encodes x to the nearest fp8 code (ties to even), saturating by default. */
export function fp8Encode(x: number, fmt: Fp8Format, saturate = true): number {
  const { m, bias, max, hasInf } = specOf(fmt, "fp8Encode");
  const sign = x < 0 || Object.is(x, -0) ? 0x80 : 0;
  if (Number.isNaN(x)) return hasInf ? 0x7f : 0x7f;
  let a = Math.abs(x);
  if (a === Infinity) return hasInf && !saturate ? sign | 0x7c : sign | codeOfMax(fmt);
  const minNormalExp = 1 - bias;
  let e = a > 0 ? Math.floor(Math.log2(a)) : minNormalExp;
  if (a > 0 && 2 ** e > a) e--;          // guard log2 rounding
  if (a > 0 && 2 ** (e + 1) <= a) e++;
  if (e < minNormalExp) e = minNormalExp;
  const quantum = 2 ** (e - m);
  a = roundHalfEven(a / quantum) * quantum;
  if (a > max) return hasInf && !saturate ? sign | 0x7c : sign | codeOfMax(fmt);
  if (a === 0) return sign;
  let ee = Math.floor(Math.log2(a));
  if (2 ** ee > a) ee--;
  if (2 ** (ee + 1) <= a) ee++;
  if (ee < minNormalExp) return sign | Math.round(a / 2 ** (minNormalExp - m)); // subnormal
  const f = Math.round((a / 2 ** ee - 1) * (1 << m));
  return sign | ((ee + bias) << m) | f;
}
const codeOfMax = (fmt: Fp8Format): number => (fmt === "e4m3" ? 0x7e : 0x7b);

export interface Fp8Weights {
  readonly format: "fp8";
  readonly fp8: Fp8Format;
  readonly k: number;
  readonly n: number;
  /** Row-major k×n codes. */
  readonly codes: Uint8Array;
  /** Per-output-column scales (x ≈ decode(code)·scale). */
  readonly scales: Float32Array;
  readonly bytes: number;
}

/** fp8 weights with per-column scales absmax/max (set `scaled: false` for raw fp8 values, scale 1). */
export function quantizeFp8(w: ArrayLike<number>, k: number, n: number, fmt: Fp8Format = "e4m3", scaled = true): Fp8Weights {
  if (w.length !== k * n) throw new BorelError("shape", `quantizeFp8: ${w.length} values for a [${k},${n}] matrix`);
  specOf(fmt, "quantizeFp8");
  const scales = new Float32Array(n).fill(1), codes = new Uint8Array(k * n);
  if (scaled) {
    requireFinite(w, k, n, "quantizeFp8"); // a NaN/∞ would make its column's scale 1 (unscaled) or NaN
    scales.fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) scales[j] = Math.max(scales[j], Math.abs(w[i * n + j]));
    for (let j = 0; j < n; j++) scales[j] = scales[j] > 0 ? scales[j] / SPEC[fmt].max : 1;
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) codes[i * n + j] = fp8Encode(w[i * n + j] / scales[j], fmt);
  return { format: "fp8", fp8: fmt, k, n, codes, scales, bytes: codes.length + scales.length * 4 };
}

/** Rows [r0, r1) of Ŵ into `out`, by table lookup. */
export function dequantizeFp8Rows(q: Fp8Weights, r0: number, r1: number, out: Float32Array): void {
  const t = TABLES[q.fp8], n = q.n;
  for (let i = r0; i < r1; i++) {
    const o = (i - r0) * n, c = i * n;
    for (let j = 0; j < n; j++) out[o + j] = t[q.codes[c + j]] * q.scales[j];
  }
}

export function dequantizeFp8(q: Fp8Weights): Float32Array {
  const out = new Float32Array(q.k * q.n);
  dequantizeFp8Rows(q, 0, q.k, out);
  return out;
}

export function fp8Report(w: ArrayLike<number>, q: Fp8Weights): ErrorReport {
  return errorReport(w, dequantizeFp8(q), q.bytes);
}
