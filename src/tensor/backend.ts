/**
 * GEMM backends behind one interface: plain TypeScript (the reference), Borel's WebAssembly SIMD kernels
 * (multithreaded by `setThreads`), and `@tensorflow/tfjs` on its `wasm` backend (`tfjs-backend.ts`). The
 * current backend is the WASM one when the engine has SIMD128, the TypeScript one otherwise.
 *
 * @example
 * ```ts
 * setBackend(tsBackend);
 * const c = getBackend().gemm(a, b, m, k, n, false, false);
 * ```
 */
import { gemmRef } from "./gemm-ref.js";
import { gemmF32Wasm } from "./wasm/gemm.js";
import { WasmMatrixF32 } from "./wasm/matrix.js";
import { wasmRuntime } from "./wasm/runtime.js";

export interface Backend {
  readonly name: "ts" | "wasm" | "tfjs-wasm" | "tfjs-cpu";
  /** Row-major A (m×k, k×m when transA) times B (k×n, n×k when transB): a new row-major m×n array. */
  gemm(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean): Float32Array;
}

/** The plain TypeScript reference backend (f64 accumulation). */
export const tsBackend: Backend = {
  name: "ts",
  gemm: (a, b, m, k, n, ta, tb) => gemmRef(a, b, m, k, n, ta, tb),
};

/** Borel's WASM SIMD backend; falls back to TypeScript when SIMD128 is missing. */
export const wasmBackend: Backend = {
  name: "wasm",
  gemm(a, b, m, k, n, ta, tb) {
    if (!wasmRuntime() || m * k * n < 512) return gemmRef(a, b, m, k, n, ta, tb);
    const w = WasmMatrixF32.fromRowMajor(b, k, n, tb);
    try { return gemmF32Wasm(a, m, w, new Float32Array(m * n), ta); } finally { w.dispose(); }
  },
};

let current: Backend | null = null;

/** The backend `matmul` and the layers use by default. */
export function getBackend(): Backend {
  return (current ??= wasmRuntime() ? wasmBackend : tsBackend);
}

/** Sets the default backend. */
export function setBackend(b: Backend): void { current = b; }
