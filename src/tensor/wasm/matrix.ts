/**
 * Matrices resident in WASM memory in the packed layout of a micro-kernel: the B operand (weights) of a
 * GEMM is packed once and reused by every call. Memory is returned by `dispose()` (or, as a safety net,
 * when the object is garbage-collected).
 *
 * @example
 * ```ts
 * const w = WasmMatrixF32.fromRowMajor(weights, k, n);   // weights: Float32Array k×n
 * // ... gemmF32Wasm(x, m, w) ...
 * w.dispose();
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { NR } from "./kernels.js";
import { packB, packBI8Pairs, roundUp } from "./pack.js";
import { wasmRuntime, type WasmRuntime } from "./runtime.js";

const registry = new FinalizationRegistry<number[]>((ptrs) => {
  const rt = wasmRuntime();
  if (rt) for (const p of ptrs) rt.heap.free(p);
});

function runtimeOrThrow(what: string): WasmRuntime {
  const rt = wasmRuntime();
  if (!rt) throw new BorelError("no-wasm", `${what}: WebAssembly SIMD is not available`, { hint: "use the 'ts' backend" });
  return rt;
}

abstract class Resident {
  private ptrs: number[] | null;
  constructor(ptrs: number[]) { this.ptrs = ptrs; registry.register(this, ptrs, this); }
  protected check(): void {
    if (!this.ptrs) throw new BorelError("disposed", "this matrix was disposed and its WASM memory freed");
  }
  dispose(): void {
    if (!this.ptrs) return;
    registry.unregister(this);
    const rt = wasmRuntime();
    if (rt) for (const p of this.ptrs) rt.heap.free(p);
    this.ptrs = null;
  }
}

/** f32 B (k×n) packed as `Bp[panel][k][NR]`. */
export class WasmMatrixF32 extends Resident {
  private constructor(readonly ptr: number, readonly k: number, readonly n: number) { super([ptr]); }
  get panels(): number { return roundUp(this.n, NR) / NR; }

  /** Packs row-major `b` (k×n, or n×k when `transposed`). */
  static fromRowMajor(b: ArrayLike<number>, k: number, n: number, transposed = false): WasmMatrixF32 {
    const rt = runtimeOrThrow("WasmMatrixF32");
    const len = roundUp(n, NR) * k;
    const ptr = rt.heap.alloc(len * 4);
    packB(b, k, n, transposed ? 1 : n, transposed ? k : 1, rt.heap.f32(ptr, len));
    return new WasmMatrixF32(ptr, k, n);
  }
  usePtr(): number { this.check(); return this.ptr; }
}

/** int8 B (k×n) with per-column scales, packed as `Bp[panel][k/2][NR][2]` for the int8 kernel. */
export class WasmMatrixI8 extends Resident {
  private constructor(readonly ptr: number, readonly scalePtr: number, readonly k: number, readonly n: number) { super([ptr, scalePtr]); }
  get panels(): number { return roundUp(this.n, NR) / NR; }
  get kpairs(): number { return roundUp(this.k, 2) / 2; }

  static fromInt8(q: Int8Array, colScale: ArrayLike<number> | null, k: number, n: number): WasmMatrixI8 {
    const rt = runtimeOrThrow("WasmMatrixI8");
    const np = roundUp(n, NR), len = np * roundUp(k, 2);
    const ptr = rt.heap.alloc(len), sp = rt.heap.alloc(np * 4);
    packBI8Pairs(q, k, n, rt.heap.i8(ptr, len));
    const s = rt.heap.f32(sp, np);
    s.fill(0);
    if (colScale) for (let j = 0; j < n; j++) s[j] = colScale[j];
    return new WasmMatrixI8(ptr, sp, k, n);
  }
  usePtr(): number { this.check(); return this.ptr; }

  /** Row kk of the dequantized matrix (q[kk, j] · scale[j]), read back from WASM memory. */
  dequantRow(kk: number, out: Float32Array): void {
    const rt = runtimeOrThrow("WasmMatrixI8");
    const np = roundUp(this.n, NR), kp = this.kpairs;
    const q = rt.heap.i8(this.ptr, np * kp * 2), s = rt.heap.f32(this.scalePtr, np);
    const p = kk >> 1, odd = kk & 1;
    for (let j = 0; j < this.n; j++) {
      const panel = Math.floor(j / NR), c = j - panel * NR;
      out[j] = q[((panel * kp + p) * NR + c) * 2 + odd] * s[j];
    }
  }
}

/** int8 B (k×n) packed as `Bp[panel][k][NR]` for the f32 kernel, with per-column output scales. */
export class WasmMatrixI8F extends Resident {
  private constructor(readonly ptr: number, readonly scalePtr: number, readonly k: number, readonly n: number) { super([ptr, scalePtr]); }
  get panels(): number { return roundUp(this.n, NR) / NR; }

  static fromInt8(q: ArrayLike<number>, colScale: ArrayLike<number>, k: number, n: number, transposed = false): WasmMatrixI8F {
    const rt = runtimeOrThrow("WasmMatrixI8F");
    const np = roundUp(n, NR), len = np * k;
    const ptr = rt.heap.alloc(len + 16), sp = rt.heap.alloc(np * 4);
    packB(q, k, n, transposed ? 1 : n, transposed ? k : 1, rt.heap.i8(ptr, len));
    const s = rt.heap.f32(sp, np);
    s.fill(0);
    for (let j = 0; j < n; j++) s[j] = colScale[j];
    return new WasmMatrixI8F(ptr, sp, k, n);
  }
  usePtr(): number { this.check(); return this.ptr; }
}
