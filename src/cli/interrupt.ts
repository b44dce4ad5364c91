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

/**
 * Runs `start` with an abort signal wired to Ctrl-C (see the module doc). A caller with another source of
 * interrupts (the REPL's terminal) passes its own controller and aborts it too.
 */
export async function interruptible<T>(start: (signal: AbortSignal) => Promise<T>, err: Writable, controller = new AbortController()): Promise<Interruptible<T>> {
  const pending = start(controller.signal);
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    err.write("\ninterrupted: finishing the current step (Ctrl-C again to quit)\n");
  };
  process.on("SIGINT", onSigint);
  try {
    const value = await pending;
    return { value, interrupted: controller.signal.aborted };
  } finally {
    process.off("SIGINT", onSigint);
  }
}
