/**
 * `LoopLogger`: what a compiled loop with random statements calls (`$L` in the generated code, see
 * ./emit-control.ts). At each iteration's start it logs the run's counts and the variables the body writes
 * (./run-log.ts); at the loop's entry, `skip` asks the run (an `IncrementalRun`, ./incremental.ts) how many
 * iterations of the previous trace's instance can be reused, pushes their records, and tells the loop where
 * to continue and with which state.
 *
 * @example
 * ```ts
 * // const $L = $H.loop($SITES[0], null, lo);
 * // const $loop = (i, x) => { if ($L !== null) { $L.at(i); $L.put(x); } if (i >= hi) return after(x); ... };
 * // if ($L !== null) { const m = $L.skip(lo, hi); if (m >= 0) return $loop(m, $L.state(0)); }
 * // return $loop(lo, x0);
 * ```
 */
import { LoopLog, type LoopSite, type RunLog } from "./run-log.js";

/** What a logger needs of its run (`IncrementalRun`, ./incremental.ts). */
export interface LoopHost {
  readonly run: { readonly records: { readonly size: number } };
  readonly log: RunLog;
  /** How many iterations of `old` can be reused when the new loop stops before `hi`. */
  reusable(site: LoopSite, old: LoopLog, hi: number): number;
  /** Pushes the records, factors and tracked values of the first k iterations of `old`. */
  reuse(old: LoopLog, k: number): void;
}

export class LoopLogger {
  readonly log: LoopLog;
  old: LoopLog | undefined = undefined;
  /** The iteration that started last. */
  current = 0;
  private target = -1;

  constructor(readonly inc: LoopHost, readonly site: LoopSite, lo: number) {
    this.log = new LoopLog(site, lo);
  }

  /** Iteration `i` starts (or, with i = hi, the loop exits); `put` follows with the written variables. */
  at(i: number): void {
    this.current = i;
    const inc = this.inc;
    this.log.at(inc.run.records.size, inc.log.factorCount, inc.log.tracked);
  }

  put(v: unknown): void {
    this.log.state.push(v);
  }

  /** At the loop's entry: the iteration to continue at after reusing the ones before it, or −1. */
  skip(lo: number, hi: number): number {
    const old = this.old;
    if (old === undefined || old.lo !== lo) return -1;
    const k = this.inc.reusable(this.site, old, hi);
    if (k <= 0) return -1;
    this.inc.reuse(old, k);
    this.log.adopt(old, k);
    this.target = k;
    return lo + k;
  }

  /** Written variable `w` as it was at the start of the iteration `skip` returned. */
  state(w: number): unknown {
    return (this.old as LoopLog).state[this.target * this.site.written + w];
  }
}

