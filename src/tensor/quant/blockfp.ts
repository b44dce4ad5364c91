/**
 * Block floating point: W [k×n] is cut along k into blocks of `blockSize` (16 or 32) values per output
 * column; a block shares one exponent E (int8) and stores 8-bit signed mantissas m ∈ [−127, 127], value
 * m·2^E, with E the smallest exponent such that absmax/2^E ≤ 127 (so |x − x̂| ≤ 2^(E−1)).
 *
 * Channel reordering ("Accurate Block Quantization in LLMs with Outliers", Trukhanov & Soloveychik 2024):
 * input channels (rows of W) are sorted by their magnitude (max |W_k·|) before blocking, so outlier
 * channels share blocks with each other instead of inflating the exponents of ordinary channels. The layer
 * output is unchanged because X's columns are permuted the same way (`perm`: stored row r holds channel
 * perm[r]).
 *
 * @example
 * ```ts
 * const q = quantizeBlockFp(w, k, n, { blockSize: 32, reorder: true });
 * const w2 = dequantizeBlockFp(q);   // rows back in the original channel order
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { roundHalfEven } from "./int8.js";
import { errorReport, requireFinite, type ErrorReport } from "./report.js";

export interface BlockFpOptions { blockSize?: 16 | 32 | number; reorder?: boolean }

export interface BlockFpWeights {
  readonly format: "blockfp";
  readonly k: number;
  readonly n: number;
  readonly blockSize: number;
  /** Row-major k×n mantissas of the (permuted) rows. */
  readonly mantissas: Int8Array;
  /** [ceil(k/blockSize) × n] shared exponents. */
  readonly exponents: Int8Array;
  /** Stored row r holds input channel perm[r]; null for no reordering. */
  readonly perm: Int32Array | null;
  readonly bytes: number;
}

/** Smallest E with a/2^E ≤ 127 (E = −128 for a block of zeros). */
export function sharedExponent(a: number): number {
  if (!(a > 0)) return -128;
  let e = Math.ceil(Math.log2(a / 127));
  if (a / 2 ** e > 127) e++;
  if (a / 2 ** (e - 1) <= 127) e--;
  return Math.max(-128, Math.min(127, e));
}

export function quantizeBlockFp(w: ArrayLike<number>, k: number, n: number, opts: BlockFpOptions = {}): BlockFpWeights {
  const bs = opts.blockSize ?? 32;
  if (w.length !== k * n) throw new BorelError("shape", `quantizeBlockFp: ${w.length} values for a [${k},${n}] matrix`);
  // blockSize 2.5 wrote mantissas at fractional rows (garbage, silently); 0 or −1 were RangeErrors
  if (!(Number.isInteger(bs) && bs > 0)) throw new BorelError("bad-parameter", `quantizeBlockFp: blockSize must be a positive integer, got ${bs}`);
  requireFinite(w, k, n, "quantizeBlockFp");
  let perm: Int32Array | null = null;
  if (opts.reorder) {
    const mag = new Float64Array(k);
    for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) mag[i] = Math.max(mag[i], Math.abs(w[i * n + j]));
    perm = Int32Array.from({ length: k }, (_, i) => i).sort((a, b) => mag[a] - mag[b]);
  }
  const nb = Math.ceil(k / bs), mant = new Int8Array(k * n), exps = new Int8Array(nb * n);
  const src = (r: number, j: number): number => w[(perm ? perm[r] : r) * n + j];
  for (let b = 0; b < nb; b++) {
    const r0 = b * bs, r1 = Math.min(k, r0 + bs);
    for (let j = 0; j < n; j++) {
      let a = 0;
      for (let r = r0; r < r1; r++) a = Math.max(a, Math.abs(src(r, j)));
      const e = sharedExponent(a), s = 2 ** e;
      exps[b * n + j] = e;
      for (let r = r0; r < r1; r++) mant[r * n + j] = Math.max(-127, Math.min(127, roundHalfEven(src(r, j) / s)));
    }
  }
  return { format: "blockfp", k, n, blockSize: bs, mantissas: mant, exponents: exps, perm,
    bytes: mant.length + exps.length + (perm ? perm.length * 4 : 0) };
}

const POW2 = Float32Array.from({ length: 256 }, (_, i) => 2 ** (i - 128));

/** Stored rows [r0, r1) (permuted order) of Ŵ into `out`. */
export function dequantizeBlockFpRows(q: BlockFpWeights, r0: number, r1: number, out: Float32Array): void {
  const n = q.n;
  for (let r = r0; r < r1; r++) {
    const b = Math.floor(r / q.blockSize), o = (r - r0) * n;
    for (let j = 0; j < n; j++) out[o + j] = q.mantissas[r * n + j] * POW2[q.exponents[b * n + j] + 128];
  }
}

/** Ŵ in the original channel order. */
export function dequantizeBlockFp(q: BlockFpWeights): Float32Array {
  const stored = new Float32Array(q.k * q.n), out = new Float32Array(q.k * q.n);
  dequantizeBlockFpRows(q, 0, q.k, stored);
  for (let r = 0; r < q.k; r++) out.set(stored.subarray(r * q.n, (r + 1) * q.n), (q.perm ? q.perm[r] : r) * q.n);
  return out;
}

export function blockFpReport(w: ArrayLike<number>, q: BlockFpWeights): ErrorReport {
  return errorReport(w, dequantizeBlockFp(q), q.bytes);
}
