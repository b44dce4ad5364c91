/**
 * A persistent pool of kernel worker threads over the shared WASM memory. A kernel call is split by row
 * blocks: the main thread runs part 0 itself while each worker runs its part, then the main thread waits for
 * the workers (spinning briefly, then `Atomics.wait`). Workers are started from a `.mjs` bootstrap, signal
 * readiness before the first job, are `unref()`ed (an idle pool never keeps the process alive) and are
 * stopped by `terminate()`.
 *
 * @example
 * ```ts
 * await setThreads(2);          // main thread + 1 worker
 * // ... GEMMs now split their rows over two threads ...
 * await setThreads(1);          // terminates the workers
 * ```
 */
import { Worker } from "node:worker_threads";
import { BorelError } from "../util/errors.js";
import { CTRL, CTRL_SLOTS, SPIN_ITERS } from "./pool-protocol.js";
import { KERNELS, type KernelName } from "./wasm/kernels.js";
import { wasmRuntime, type WasmRuntime } from "./wasm/runtime.js";

const KERNEL_IDS = Object.fromEntries((Object.keys(KERNELS) as KernelName[]).map((k, i) => [k, i])) as Record<KernelName, number>;

export class WorkerPool {
  private seq = 0;
  /** Set when a worker fails or exits: the pool then refuses work instead of waiting forever. */
  private failure: Error | null = null;
  private stopping = false;
  private constructor(private readonly rt: WasmRuntime, private readonly workers: Worker[], private readonly ctrls: Int32Array[]) {}

  /** Starts `n` workers and resolves once every one has said it is ready. */
  static async create(n: number, rt: WasmRuntime): Promise<WorkerPool> {
    const workers: Worker[] = [], ctrls: Int32Array[] = [];
    const ready: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const ctrl = new SharedArrayBuffer(CTRL_SLOTS * 4);
      const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), {
        workerData: { module: rt.module, memory: rt.memory, ctrl },
      });
      ready.push(new Promise((resolve, reject) => {
        w.once("message", () => resolve());
        w.once("error", reject);
      }));
      workers.push(w);
      ctrls.push(new Int32Array(ctrl));
    }
    await Promise.all(ready);
    const pool = new WorkerPool(rt, workers, ctrls);
    workers.forEach((w, i) => {
      w.on("error", (e) => { pool.failure ??= e instanceof Error ? e : new Error(String(e)); });
      w.on("exit", (code) => { if (!pool.stopping) pool.failure ??= new Error(`kernel worker ${i} exited with code ${code}`); });
      w.unref();
    });
    return pool;
  }

  /** Threads including the main thread. */
  get threads(): number { return this.workers.length + 1; }

  /**
   * Runs `kernel` once per thread: `parts[0]` on the main thread, `parts[t]` on worker t−1 (fewer parts use
   * fewer threads). Returns when all parts are done; a trap in any part throws.
   */
  run(kernel: KernelName, parts: number[][]): void {
    if (this.stopping) throw new BorelError("worker-failed", `${kernel}: the kernel worker pool is stopping`);
    if (this.failure) throw new BorelError("worker-failed", `${kernel}: a kernel worker failed: ${this.failure.message}`, { hint: "call setThreads(1) to run on the main thread" });
    const seq = ++this.seq;
    const used = Math.min(parts.length - 1, this.workers.length);
    for (let w = 0; w < used; w++) {
      const c = this.ctrls[w], args = parts[w + 1];
      c[CTRL.KERNEL] = KERNEL_IDS[kernel];
      c[CTRL.NARGS] = args.length;
      for (let i = 0; i < args.length; i++) c[CTRL.ARGS + i] = args[i];
      Atomics.store(c, CTRL.SEQ, seq);
      Atomics.notify(c, CTRL.SEQ);
    }
    let error: unknown;
    try { this.rt.kernels[kernel](...parts[0]); } catch (e) { error = e; }
    for (let w = 0; w < used; w++) {
      const c = this.ctrls[w];
      let spins = 0;
      while (Atomics.load(c, CTRL.DONE) !== seq) {
        if (++spins > SPIN_ITERS) {
          Atomics.wait(c, CTRL.DONE, Atomics.load(c, CTRL.DONE), 1);
          spins = 0;
        }
      }
      if (c[CTRL.ERROR]) error ??= new BorelError("kernel-trap", `${kernel}: the kernel trapped in worker ${w}`);
    }
    if (error) throw error;
  }

  /** Stops the workers (each leaves its loop, then is terminated). */
  async terminate(): Promise<void> {
    this.stopping = true;
    const seq = ++this.seq;
    for (const c of this.ctrls) { c[CTRL.KERNEL] = -1; Atomics.store(c, CTRL.SEQ, seq); Atomics.notify(c, CTRL.SEQ); }
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

let pool: WorkerPool | null = null;
/** setThreads calls run one after another, so the last call decides and no pool is started twice. */
let pending: Promise<void> = Promise.resolve();

/**
 * Sets the number of threads the WASM kernels use (1 = main thread only). Resolves once new workers are
 * ready; without WASM SIMD it is a no-op. Kernels called while the pool changes run on the main thread.
 */
export function setThreads(n: number): Promise<void> {
  if (!Number.isInteger(n) || n < 1)
    return Promise.reject(new BorelError("bad-parameter", `setThreads: the thread count must be an integer ≥ 1, got ${n}`));
  const next = pending.then(() => applyThreads(n));
  pending = next.catch(() => {});
  return next;
}

async function applyThreads(n: number): Promise<void> {
  const rt = wasmRuntime();
  if (!rt) return;
  if (pool && pool.threads === n) return;
  // detach first: a kernel run while the old workers stop would wait for them forever
  const old = pool;
  pool = null;
  if (old) await old.terminate();
  if (n > 1) pool = await WorkerPool.create(n - 1, rt);
}

/** The current number of kernel threads. */
export function threadCount(): number { return pool ? pool.threads : 1; }

/**
 * Runs `kernel` over row blocks [0, nBlocks) split across the threads. `argsFor(b0, b1)` gives the arguments
 * for blocks [b0, b1). Small jobs (< `minBlocksPerThread` per thread) stay on the main thread.
 */
export function runSplit(kernel: KernelName, nBlocks: number, argsFor: (b0: number, b1: number) => number[], minBlocksPerThread = 4): void {
  const rt = wasmRuntime();
  if (!rt) throw new BorelError("no-wasm", `${kernel}: WebAssembly SIMD is not available`);
  const t = pool ? Math.max(1, Math.min(pool.threads, Math.floor(nBlocks / minBlocksPerThread))) : 1;
  if (t === 1 || !pool) { rt.kernels[kernel](...argsFor(0, nBlocks)); return; }
  const parts: number[][] = [];
  for (let i = 0; i < t; i++) parts.push(argsFor(Math.floor((nBlocks * i) / t), Math.floor((nBlocks * (i + 1)) / t)));
  pool.run(kernel, parts);
}
