/**
 * Long computations written once, run two ways. A method's loop is a generator that yields between units of
 * work (a batch of particles, an SMC step); `runToEnd` runs it synchronously (the TypeScript API's `importance`,
 * `smc`), and `runYielding` runs it giving the event loop a turn every ~20 ms — so that a Ctrl-C (SIGINT) or a
 * timer can set the run's AbortSignal, which the loop checks. A synchronous loop never lets the SIGINT handler
 * run: the process died without printing the draws so far.
 *
 * @example
 * ```ts
 * function* count(n: number): Steps<number> { let s = 0; for (let i = 0; i < n; i++) { s += i; if (i % 1024 === 0) yield; } return s; }
 * runToEnd(count(10));               // 45
 * await runYielding(count(1e9));     // the same, interruptible
 * ```
 */

/** A computation that pauses between units of work and returns a T. */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end without pausing. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** Runs `steps` to the end, giving the event loop a turn whenever `everyMs` have passed since the last one. */
export async function runYielding<T>(steps: Steps<T>, everyMs = 20): Promise<T> {
  let last = Date.now();
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
    if (Date.now() - last >= everyMs) {
      await new Promise((resolve) => nextTurn(resolve));
      last = Date.now();
    }
  }
}

/** Node's setImmediate; a zero timeout where there is none (a browser page). */
const nextTurn: (f: (v?: unknown) => void) => void = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f) => setTimeout(f, 0));
