/**
 * The log a Run-driven run of a compiled body keeps beside its trace, so that a later `update` or
 * `regenerate` of that trace can reuse whole loop iterations (./incremental.ts). For every run of a loop
 * that contains random statements (a *loop instance*, identified by its site and the iteration of each
 * enclosing loop) it records, at the start of each iteration and at the loop's exit: the number of records,
 * factors and tracked values of the run so far, and the values of the variables the body writes (the loop's
 * state). Factors are logged with the record count at which they happened, so a reuse adds them in the
 * original order among the records (scores then add up exactly as in a full re-run).
 *
 * A finished log is never written again: a new run's log shares the old one's parts it reuses. A trace made
 * with a log is a `LoggedTrace` (a `DynamicTrace` that carries it).
 *
 * @example
 * ```ts
 * const log = new RunLog();
 * const l = new LoopLog(site, 0);
 * l.at(3, 0, 0); l.state.push(xs0);   // iteration 0 starts after 3 records, no factor, nothing tracked
 * ```
 */
import { DynamicTrace } from "../../trace/dynamic-trace.js";

/** What the compiler knows of a loop site (emitted once per program as `$SITES[id]`). */
export interface LoopSite {
  readonly id: number;
  /** True for a loop inside another loop of the same body. */
  readonly nested: boolean;
  /** Model parameters the iterations read (./dependence.ts). */
  readonly params: readonly number[];
  /** Names bound by `~` the iterations read or write. */
  readonly roots: readonly string[];
  /** Number of loop variables the body writes (logged per iteration). */
  readonly written: number;
  readonly skippable: boolean;
}

/** The log of one loop instance; iteration i is entry i − lo. */
export class LoopLog {
  /** Per entry: the run's records, factors and tracked values at the start of the iteration (or the exit). */
  readonly counts: number[] = [];
  /** The written loop variables at each entry, `site.written` per entry. */
  readonly state: unknown[] = [];
  /** Loop instances nested in an entry's iteration: entry → site id → log. */
  inner: Map<number, Map<number, LoopLog>> | null = null;

  constructor(readonly site: LoopSite, readonly lo: number) {}

  /** Number of entries logged (iterations started, the last may be the exit). */
  get length(): number {
    return this.counts.length / 3;
  }

  pos(k: number): number {
    return this.counts[3 * k];
  }

  factors(k: number): number {
    return this.counts[3 * k + 1];
  }

  tracked(k: number): number {
    return this.counts[3 * k + 2];
  }

  /** Logs the start of the next iteration (called in order: lo, lo + 1, ...). */
  at(records: number, factors: number, tracked: number): void {
    const c = this.counts;
    c.push(records);
    c.push(factors);
    c.push(tracked);
  }

  /** Adopts entries 0 … k − 1 of an older log of the same instance (iterations reused, not re-run). */
  adopt(old: LoopLog, k: number): void {
    for (let j = 0; j < 3 * k; j++) this.counts.push(old.counts[j]);
    for (let j = 0, w = k * this.site.written; j < w; j++) this.state.push(old.state[j]);
    if (old.inner !== null)
      for (const [j, m] of old.inner) if (j < k) (this.inner ??= new Map()).set(j, m);
  }

  /** Records an inner loop instance of the latest iteration. */
  nest(site: LoopSite, log: LoopLog): void {
    const j = this.length - 1;
    const inner = (this.inner ??= new Map());
    let m = inner.get(j);
    if (m === undefined) inner.set(j, (m = new Map()));
    m.set(site.id, log);
  }

  /** The inner loop instance of `site` in iteration `i`, if it ran. */
  innerAt(i: number, site: LoopSite): LoopLog | undefined {
    return this.inner?.get(i - this.lo)?.get(site.id);
  }
}

/** Everything a run logs: its top-level loop instances and its factors. */
export class RunLog {
  readonly top = new Map<number, LoopLog>();
  /** Factor values with the record count before each: `[records, w, records, w, ...]`. */
  readonly factorLog: number[] = [];
  tracked = 0;

  constructor(readonly model: object) {}

  get factorCount(): number {
    return this.factorLog.length >> 1;
  }
}

/** A trace of a compiled model with the log of the run that made it. */
export class LoggedTrace extends DynamicTrace {
  constructor(t: DynamicTrace, readonly log: RunLog) {
    super(t.gf, t.args, t.retval, t.records, t.latentScore, t.observedScore, t.factorScore, t.ownFactor, t.trackedValues);
  }
}
