/**
 * Entry of a kernel worker thread (started by `pool.ts` through `worker-boot.mjs`). It instantiates the
 * kernel module over the shared memory, says it is ready, then serves jobs from its control block forever:
 * spin on the sequence number for a while (waking a sleeping thread costs ~60 µs), then `Atomics.wait`.
 * A job names a kernel and its i32 arguments; completion is signalled by storing the job's sequence number
 * in DONE (and ERROR = 1 if the kernel threw).
 */
import { parentPort, workerData } from "node:worker_threads";
import { instantiateKernels } from "./wasm/runtime.js";
import { KERNELS, type KernelName } from "./wasm/kernels.js";
import { CTRL, SPIN_ITERS } from "./pool-protocol.js";

const { module, memory, ctrl } = workerData as { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer };
const kernels = instantiateKernels(module, memory);
const names = Object.keys(KERNELS) as KernelName[];
const c = new Int32Array(ctrl);
const args: number[] = [];

// read the sequence number BEFORE saying ready: the first job may be posted the moment "ready" arrives
let last = Atomics.load(c, CTRL.SEQ);
parentPort!.postMessage("ready");
for (;;) {
  let seq = Atomics.load(c, CTRL.SEQ);
  let spins = 0;
  while (seq === last) {
    if (++spins > SPIN_ITERS) { Atomics.wait(c, CTRL.SEQ, last); spins = 0; }
    seq = Atomics.load(c, CTRL.SEQ);
  }
  last = seq;
  const id = c[CTRL.KERNEL];
  if (id < 0) break;
  args.length = c[CTRL.NARGS];
  for (let i = 0; i < args.length; i++) args[i] = c[CTRL.ARGS + i];
  try {
    kernels[names[id]](...args);
    Atomics.store(c, CTRL.ERROR, 0);
  } catch {
    Atomics.store(c, CTRL.ERROR, 1);
  }
  Atomics.store(c, CTRL.DONE, seq);
  Atomics.notify(c, CTRL.DONE);
}
