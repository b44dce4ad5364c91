/**
 * Incremental `update` and `regenerate` of compiled models: a run reuses whole loop iterations of the
 * previous trace instead of re-running them (grammar/README.md, "Incremental update").
 *
 * Every Run-driven run that makes a trace keeps a log (./run-log.ts). An `update`/`regenerate` of a trace
 * with a log re-runs the body, and at the entry of each loop that contains random statements asks whether
 * iterations lo … m−1 can be taken from the previous run as they are. They can when
 *
 * 1. the run so far has visited the previous trace's addresses in the same order (so the loop starts at the
 *    same record, factor and tracked count), and the loop starts at the same `lo`;
 * 2. no model parameter the iterations depend on changed (argdiffs, identity) and no random root they depend
 *    on (./dependence.ts) got a value different from the previous trace's earlier in this run;
 * 3. no record of those iterations is touched: constrained (update) or selected (regenerate);
 *
 * and m is the first touched iteration, at most the new bound and the previous run's last iteration. The
 * reused records are pushed as they are, their log densities added to the scores in their original order
 * (factors interleaved where they happened), so the trace, the weight and the discard are exactly those of a
 * full re-run: an unchanged record contributes log p − log p = 0 to the weight. Then the loop continues at
 * m with the state the previous run had there. Everything else re-runs: straight-line statements, loops that
 * fail a condition, and everything after the run first leaves the previous trace's order of addresses.
 *
 * @example
 * ```ts
 * // model chain(T) { x[0] ~ normal(0, 1); for t in 1..T { x[t] ~ normal(x[t-1], 1) } }
 * chain.update(trace, [T + 1], [{ grow: 1 }], ChoiceMap.EMPTY, rng);   // runs one iteration, reuses T − 1
 * ```
 */
import { Var } from "../../ad/var.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { DynamicTrace, TraceRecord } from "../../trace/dynamic-trace.js";
import type { Run } from "../../trace/run.js";
import { NONE, type Selection } from "../../trace/selection.js";
import { adoptRecord, recordList } from "./adopt.js";
import { LoggedTrace, RunLog, type LoopLog, type LoopSite } from "./run-log.js";
import { LoopLogger } from "./loop-logger.js";

export { LoopLogger };

/** Switch for tests that compare with full re-runs (never off in normal use). */
export const incrementalUpdates = { enabled: true };

/** What may be reused: the previous trace, its log, and which parameters changed. */
export interface ReuseSource {
  readonly prev: DynamicTrace;
  readonly log: RunLog;
  readonly changedParams: readonly boolean[];
  /** update: the constraints; regenerate: the selection. */
  readonly constraints?: ChoiceMap;
  readonly selection?: Selection;
}

/** The log and the reuse decisions of one run (owned by its `RunHandler`). */
export class IncrementalRun {
  readonly log: RunLog;
  /** Roots whose value differs from the previous trace's (set as the run goes). */
  private readonly dirty = new Set<string>();
  /** Records checked to have the previous trace's key at their position (checked when a loop could reuse). */
  private alignedUpTo = 0;
  private aligned = true;
  private prevRecs: readonly TraceRecord[] | null = null;
  private prevTracked: [string, unknown][] | null = null;
  private touchedKeys: { exact: Set<string>; around: Set<string> } | null = null;

  constructor(readonly run: Run, readonly src: ReuseSource | null, model: object) {
    this.log = new RunLog(model);
  }

  private get records(): readonly TraceRecord[] {
    return (this.prevRecs ??= recordList((this.src as ReuseSource).prev));
  }

  /**
   * After a statement that binds a name (`x ~ d`, `x[i] ~ d`, `z ~ m(...)`, `x ~ d given v`) made the record
   * at `key` with value `v`: the name's root is dirty when the value differs from the previous trace's.
   */
  bound(key: string, v: unknown): void {
    if (this.src === null) return;
    const j = this.run.records.size - 1, recs = this.records;
    let old = j < recs.length ? recs[j] : undefined;
    if (old === undefined || old.key !== key) old = this.src.prev.records.get(key);
    if (old === undefined || (old.kind === "choice" ? old.value : old.trace.retval) !== v) {
      const cut = key.indexOf("/");
      this.dirty.add(cut < 0 ? key : key.slice(0, cut));
    }
  }

  /** True while every record of this run has the previous trace's key at its position (checked incrementally). */
  private isAligned(): boolean {
    if (!this.aligned) return false;
    const list = recordList(this.run), recs = this.records, n = list.length;
    if (n > recs.length) return (this.aligned = false);
    for (let j = this.alignedUpTo; j < n; j++) if (list[j].key !== recs[j].key) return (this.aligned = false);
    this.alignedUpTo = n;
    return true;
  }

  factor(w: unknown): void {
    this.log.factorLog.push(this.run.records.size, w instanceof Var ? w.x : (w as number));
  }

  track(): void {
    this.log.tracked++;
  }

  /** The logger of a loop instance entered now (`parent`: the enclosing loop's logger). */
  loop(site: LoopSite, parent: LoopLogger | null, from: number): LoopLogger | null {
    if (site.nested && parent === null) return null;
    const lo = new LoopLogger(this, site, from);
    if (parent === null) {
      this.log.top.set(site.id, lo.log);
      lo.old = this.src?.log.top.get(site.id);
    } else {
      parent.log.nest(site, lo.log);
      lo.old = parent.old?.innerAt(parent.current, site);
    }
    return lo;
  }

  /** The number of iterations from the old instance's first that can be reused, or 0. */
  reusable(site: LoopSite, old: LoopLog, hi: number): number {
    const src = this.src;
    if (src === null || !incrementalUpdates.enabled || !site.skippable) return 0;
    if (old.pos(0) !== this.run.records.size || old.factors(0) !== this.log.factorCount || old.tracked(0) !== this.log.tracked) return 0;
    for (const p of site.params) if (src.changedParams[p]) return 0;
    for (const r of site.roots) if (this.dirty.has(r)) return 0;
    if (!this.isAligned()) return 0;
    const kmax = Math.min(hi - old.lo, old.length - 1);
    if (kmax <= 0) return 0;
    const recs = this.records, end = old.pos(kmax);
    for (let p = old.pos(0); p < end; p++) if (this.touched(recs[p])) return iterationOf(old, p, kmax);
    return kmax;
  }

  /** Pushes the previous run's records, factors and tracked values of iterations 0 … k−1 of `old`. */
  reuse(old: LoopLog, k: number): void {
    const recs = this.records, fl = (this.src as ReuseSource).log.factorLog, run = this.run;
    let f = old.factors(0);
    const fEnd = old.factors(k), end = old.pos(k);
    for (let p = old.pos(0); p < end; p++) {
      for (; f < fEnd && fl[2 * f] <= p; f++) this.addFactor(fl[2 * f + 1]);
      adoptRecord(run, recs[p]);
    }
    // The reused records are the previous trace's at the same positions.
    if (this.alignedUpTo === old.pos(0)) this.alignedUpTo = end;
    for (; f < fEnd; f++) this.addFactor(fl[2 * f + 1]);
    const t0 = old.tracked(0), t1 = old.tracked(k);
    if (t1 > t0) {
      const tracked = (this.prevTracked ??= [...(this.src as ReuseSource).prev.trackedValues]);
      for (let t = t0; t < t1; t++) { run.track(tracked[t][0], tracked[t][1]); this.log.tracked++; }
    }
  }

  private addFactor(w: number): void {
    this.factor(w);
    this.run.factor(w);
  }

  private touched(r: TraceRecord): boolean {
    const src = this.src as ReuseSource;
    if (src.selection !== undefined)
      return r.kind === "choice" ? !r.observed && src.selection.has(r.key) : src.selection.under(r.key) !== NONE;
    const c = src.constraints;
    if (c === undefined || c.isEmpty()) return false;
    const t = (this.touchedKeys ??= constraintKeys(c));
    if (t.around.has(r.key)) return true;
    for (let cut = r.key.indexOf("/"); cut > 0; cut = r.key.indexOf("/", cut + 1)) if (t.exact.has(r.key.slice(0, cut))) return true;
    return false;
  }
}

/** The loop iteration of the old instance whose records include position p (the latest, when some are empty). */
function iterationOf(old: LoopLog, p: number, kmax: number): number {
  let lo = 0, hi = kmax;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (old.pos(mid) <= p) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** Constraint keys, and every key at or above them (a record whose subtree holds a constraint). */
function constraintKeys(c: ChoiceMap): { exact: Set<string>; around: Set<string> } {
  const exact = new Set<string>(), around = new Set<string>();
  for (const k of c.keys()) {
    exact.add(k);
    around.add(k);
    for (let cut = k.indexOf("/"); cut > 0; cut = k.indexOf("/", cut + 1)) around.add(k.slice(0, cut));
  }
  return { exact, around };
}

/** The trace of a run, carrying the run's log when it kept one. */
export function withLog(trace: DynamicTrace, inc: IncrementalRun | null): DynamicTrace {
  return inc === null || inc.log.top.size === 0 ? trace : new LoggedTrace(trace, inc.log);
}

/**
 * What an update or regenerate of `prev` by `model` may reuse: null when `prev` has no log of `model` (made
 * by another function, a resumable run, or a prefix view). A parameter changed when its argdiff says so or
 * the new argument is not the same object (or number) as the old one.
 */
export function reuseSource(model: object, prev: DynamicTrace, args: readonly unknown[], argdiffs: readonly unknown[] | undefined,
  what: { constraints?: ChoiceMap; selection?: Selection }): ReuseSource | null {
  if (!(prev instanceof LoggedTrace) || prev.log.model !== model) return null;
  const changedParams = args.map((a, i) => (argdiffs !== undefined && argdiffs[i] !== undefined && argdiffs[i] !== "same") || !Object.is(a, prev.args[i]));
  return { prev, log: prev.log, changedParams, ...what };
}
