/**
 * The one WebAssembly module of Borel's kernels, emitted from TypeScript at load time (no binary in the
 * repository): f32 GEMM, f32 GEMM with an int8 B operand, int8 GEMM (scaled and raw int32), activation
 * quantization and column absmax, all over one imported shared memory.
 *
 * @example
 * ```ts
 * const bytes = kernelModuleBytes();
 * const mod = new WebAssembly.Module(bytes);
 * ```
 */
import { ModuleBuilder } from "./emit.js";
import { emitGemmF32 } from "./gemm-f32.js";
import { emitGemmI8 } from "./gemm-i8.js";
import { emitQuantRows } from "./quantize-rows.js";

/** Rows per register block of the f32 and int8 micro-kernels. */
export const MR = 4;
/**
 * f32x4 / i32x4 vectors per register block; columns per panel NR = 4·NV. 4×8 keeps 8 accumulators + 3
 * operands in registers; measured here, 4×12 or 3×12 spill in V8 and run at half the speed (29 vs 57 GFLOP/s).
 */
export const NV = 2;
export const NR = 4 * NV;
/** Maximum pages of the shared memory (64 KiB each): 1 GiB. */
export const MAX_PAGES = 16384;

/** Names of the exported kernels, with their parameter counts. */
export const KERNELS = {
  gemm_f32: 10, gemm_f32_b8: 10, gemm_i8: 11, gemm_i8_raw: 11, quant_rows: 8, col_absmax: 6,
} as const;
export type KernelName = keyof typeof KERNELS;

let cached: Uint8Array<ArrayBuffer> | null = null;

/** The module bytes (built once per process). */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  if (cached) return cached;
  const m = new ModuleBuilder({ shared: true, min: 1, max: MAX_PAGES });
  emitGemmF32(m, "gemm_f32", { mr: MR, nv: NV, bInt8: false });
  emitGemmF32(m, "gemm_f32_b8", { mr: MR, nv: NV, bInt8: true });
  emitGemmI8(m, "gemm_i8", { mr: MR, nv: NV, raw: false });
  emitGemmI8(m, "gemm_i8_raw", { mr: MR, nv: NV, raw: true });
  emitQuantRows(m, MR);
  cached = m.bytes();
  return cached;
}
