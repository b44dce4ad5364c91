/**
 * Ctrl-C during a run: the first SIGINT aborts the run's `AbortSignal` — methods that support it return the
 * draws so far, which the CLI prints before exiting with code 130 — and a second one quits at once.
 *
 * The handler is installed only after the method has returned control: a method that runs synchronously
 * (importance, enumerate, ...) never yields to the event loop, so a handler could not run before it ends;
 * leaving SIGINT at its default during that time keeps Ctrl-C immediate. Methods that yield (the MCMC
 * drivers) get the clean stop.
 *
 * @example
 * ```ts
 * const r = await interruptible((signal) => runQuery(q, { seed, signal }), process.stderr);
 * if (r.interrupted) process.exitCode = 130;
 * ```
 */

interface Writable {
  write(s: string): unknown;
}

export interface Interruptible<T> {
  value: T;
  /** True when Ctrl-C stopped the run early. */
  interrupted: boolean;
}

/** With `hold`: the handler stays until `release`, so a Ctrl-C while the caller prints is not the default kill. */
export interface HeldInterruptible<T> extends Interruptible<T> {
  /** True when Ctrl-C came during the run or after it, before `release`. */
  readonly interruptedSince: boolean;
  /** Lets a Ctrl-C that arrived during synchronous work reach the handler, then removes it. */
  release(): Promise<void>;
}

/**
 * Runs `start` with an abort signal wired to Ctrl-C (see the module doc). A caller with another source of
 * interrupts (the REPL's terminal) passes its own controller and aborts it too.
 */
export async function interruptible<T>(start: (signal: AbortSignal) => Promise<T>, err: Writable, controller?: AbortController): Promise<Interruptible<T>>;
export async function interruptible<T>(start: (signal: AbortSignal) => Promise<T>, err: Writable, controller: AbortController, hold: true): Promise<HeldInterruptible<T>>;
export async function interruptible<T>(start: (signal: AbortSignal) => Promise<T>, err: Writable, controller = new AbortController(), hold = false): Promise<Interruptible<T> | HeldInterruptible<T>> {
  const pending = start(controller.signal);
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    err.write("\ninterrupted: finishing the current step (Ctrl-C again to quit)\n");
  };
  process.on("SIGINT", onSigint);
  let held = false;
  try {
    const value = await pending;
    const interrupted = controller.signal.aborted;
    if (!hold) return { value, interrupted };
    held = true;
    return {
      value, interrupted,
      get interruptedSince() { return controller.signal.aborted; },
      release: async () => {
        // A SIGINT that came while the caller printed synchronously is dispatched on the next turn of the loop.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("SIGINT", onSigint);
      },
    };
  } finally {
    if (!held) process.off("SIGINT", onSigint);
  }
}
