/**
 * Progress of a multi-chain run: steps done over all chains, reported to `onProgress(fraction, status)` at
 * most about 200 times per run (and on completion), with a status line naming the phase.
 */
export class Progress {
  private done = 0;
  private lastReported = -1;
  private readonly every: number;

  constructor(private readonly total: number, private readonly report?: (fraction: number, status: string) => void, private readonly label = "mcmc") {
    this.every = Math.max(1, Math.floor(total / 200));
  }

  /** Steps per chunk between reports. */
  get chunk(): number {
    return this.every;
  }

  /** Adds `n` finished steps; `detail` is appended to the status line. */
  add(n: number, detail = ""): void {
    this.done += n;
    this.maybeReport(detail);
  }

  /** Sets the absolute number of finished steps (workers report totals). */
  set(done: number, detail = ""): void {
    this.done = done;
    this.maybeReport(detail);
  }

  /** The last report, always made: `done` steps finished (fewer than the total when the run was interrupted). */
  end(done: number, detail = ""): void {
    this.done = done;
    this.maybeReport(detail, true);
  }

  private maybeReport(detail: string, force = false): void {
    if (!this.report) return;
    const bucket = Math.floor(this.done / this.every);
    if (!force && bucket === this.lastReported && this.done < this.total) return;
    this.lastReported = bucket;
    const f = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    this.report(f, `${this.label}: ${(100 * f).toFixed(0)}%${detail ? ` (${detail})` : ""}`);
  }
}
