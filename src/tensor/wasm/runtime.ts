/**
 * The process-wide WASM runtime: one shared `WebAssembly.Memory`, the kernel module instantiated over it on
 * the main thread, and the heap that hands out its bytes. Worker threads instantiate the same module bytes
 * over the same memory (see `../pool.ts`), so a pointer means the same bytes everywhere.
 *
 * `wasmRuntime()` returns null when the engine lacks SIMD128 (callers then use the TypeScript kernels).
 *
 * @example
 * ```ts
 * const rt = wasmRuntime();
 * if (rt) { const p = rt.heap.alloc(64); rt.heap.free(p); }
 * ```
 */
import { Heap } from "./heap.js";
import { KERNELS, MAX_PAGES, kernelModuleBytes, type KernelName } from "./kernels.js";
import { hasWasmSimd } from "./simd.js";

export type KernelFn = (...args: number[]) => void;
export type Kernels = Record<KernelName, KernelFn>;

export interface WasmRuntime {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  kernels: Kernels;
  heap: Heap;
}

let runtime: WasmRuntime | null | undefined;

/** Instantiates the kernel module over `memory` (used by the main thread and by each worker). */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  const inst = new WebAssembly.Instance(module, { env: { memory } });
  const out = {} as Kernels;
  for (const name of Object.keys(KERNELS) as KernelName[]) out[name] = inst.exports[name] as KernelFn;
  return out;
}

/** The shared runtime, created on first use; null without WASM SIMD. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  if (!hasWasmSimd()) return (runtime = null);
  const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  const module = new WebAssembly.Module(kernelModuleBytes());
  runtime = { memory, module, kernels: instantiateKernels(module, memory), heap: new Heap(memory, MAX_PAGES) };
  return runtime;
}
