/**
 * Where the CLI and the REPL write: standard output for results, standard error for errors, progress and
 * notes. Commands take this small interface rather than the process streams, so they stay testable.
 *
 * @example
 * ```ts
 * const io = processIO();
 * io.out("2\n");
 * ```
 */

export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  /** Standard error is a terminal (progress is then shown by default). */
  errIsTTY: boolean;
}

/** The process's own streams. */
export function processIO(): CliIO {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    errIsTTY: process.stderr.isTTY === true,
  };
}
