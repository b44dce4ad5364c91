/**
 * The control block shared between the main thread and one kernel worker (an Int32Array over a
 * SharedArrayBuffer): slot indices and the spin budget before sleeping.
 */
export const CTRL = { SEQ: 0, DONE: 1, KERNEL: 2, NARGS: 3, ERROR: 4, ARGS: 8 } as const;
/** Slots of one control block. */
export const CTRL_SLOTS = 32;
/** Iterations of the spin loop (~0.1–0.3 ms here) before a waiting thread sleeps in `Atomics.wait`. */
export const SPIN_ITERS = 200_000;
