/**
 * Progress of a long run on stderr: an inference method calls `RunContext.onProgress(fraction, status)`;
 * nothing is shown for the first second (short runs stay quiet), then at most a few updates a second — on
 * a terminal one line rewritten in place, otherwise (`--progress` into a file or pipe) one line per update
 * at most once a second. `done()` clears the terminal line.
 *
 * @example
 * ```ts
 * const progress = new ProgressLine(process.stderr, { tty: process.stderr.isTTY, label: "coin" });
 * await runQuery(q, { seed, onProgress: progress.update });
 * progress.done();
 * ```
 */

export interface ProgressOptions {
  /** Rewrite one line in place (a terminal) instead of printing lines. */
  tty: boolean;
  /** Shown before the status (the query's model). */
  label: string;
  /** Quiet period in ms (default 1000). */
  delay?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

interface Writable {
  write(s: string): unknown;
}

export class ProgressLine {
  private readonly start: number;
  private last = -Infinity;
  private shown = false;
  private readonly now: () => number;

  constructor(private readonly out: Writable, private readonly o: ProgressOptions) {
    this.now = o.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** The `onProgress` callback (bound, so it can be passed as is). */
  readonly update = (fraction: number, status: string): void => {
    const t = this.now();
    if (t - this.start < (this.o.delay ?? 1000) || t - this.last < (this.o.tty ? 100 : 1000)) return;
    this.last = t;
    const pct = Number.isFinite(fraction) ? `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%` : "";
    const line = `${this.o.label}: ${pct.padStart(4)} ${status} (${((t - this.start) / 1000).toFixed(1)} s)`;
    if (this.o.tty) this.out.write(`\r\x1b[K${line}`);
    else this.out.write(`${line}\n`);
    this.shown = true;
  };

  /** Ends the progress display (clears the line on a terminal). */
  done(): void {
    if (this.shown && this.o.tty) this.out.write("\r\x1b[K");
  }
}
