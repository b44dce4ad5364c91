/**
 * `DrawRecorder`: collects the draws of one chain, trace by trace, into columns — every latent choice,
 * tracked quantity and (when summarizable) the return value — plus numeric sampler stats, without keeping
 * the traces unless asked (an MCMC run of 10⁵ steps cannot keep 10⁵ traces). A draw equal to the previous one
 * (a rejected MH step returns the same trace) reuses the previous row.
 *
 * @example
 * ```ts
 * const rec = new DrawRecorder();
 * for (...) { tr = kernel(tr, rng).trace; rec.add(tr, stats); }
 * const draws = rec.finish();    // ChainDraws
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Trace } from "../trace/gfi.js";
import { DynamicTrace } from "../trace/dynamic-trace.js";
import { isSummarizable, RETURN_KEY, returnColumns, splitReturn, trackedColumns } from "./draws.js";
import type { ChainDraws } from "./types.js";

export interface RecorderOptions {
  keepTraces?: boolean;
  includeReturn?: boolean;
  /** Record the pointwise log-likelihood of every observed choice (for LOO/WAIC without traces). */
  logLik?: boolean;
  /** Most values the draws may hold (default MAX_STORED_VALUES). */
  maxValues?: number;
}

/**
 * Most values the draws of one run may hold. A value costs ~65 bytes in columns and bookkeeping (measured:
 * 10⁶ enumerated leaves of 20 choices took 1.3 GB), so 3·10⁷ is about half of Node's default 4 GB heap;
 * beyond it the process died of V8's out-of-memory abort after minutes of work (enumerate(max_executions: 10⁸)).
 */
export const MAX_STORED_VALUES = 30_000_000;

function tooManyValues(max: number, draws: number, perDraw: number): BorelError {
  return new BorelError("too-many-values", `the draws so far hold ${max} values (${draws} draws of ${perDraw} value${perDraw === 1 ? "" : "s"}): more would not fit in memory`, {
    hint: "keep fewer draws (samples, particles, max_executions), thin an MCMC run (thin: k), or sample fewer addresses; combine several smaller runs for more precision",
  });
}

export class DrawRecorder {
  readonly columns = new Map<string, unknown[]>();
  readonly choiceKeys = new Set<string>();
  private readonly stats = new Map<string, StatColumn>();
  readonly traces: Trace[] | undefined;
  private readonly logLikKeys: string[] = [];
  private readonly logLikRows: number[][] = [];
  length = 0;
  private last: Trace | undefined;
  // The last distinct draw's row: its keys, their columns and values (a repeated trace — a rejected MH step —
  // copies the values; a new trace with the same keys in the same order finds its columns without a lookup).
  private rowKeys: string[] = [];
  private rowCols: unknown[][] = [];
  private rowVals: unknown[] = [];
  private rowLen = 0;
  private statKeys: string[] = [];
  private returns: unknown[] | undefined;
  private statCols: StatColumn[] = [];

  /** Values written so far (see MAX_STORED_VALUES). */
  private stored = 0;
  private readonly maxValues: number;

  constructor(private readonly opts: RecorderOptions = {}) {
    this.traces = opts.keepTraces ? [] : undefined;
    this.maxValues = opts.maxValues ?? MAX_STORED_VALUES;
  }

  /** The column of `key`, created (with holes read as undefined before draw i) on first use. */
  private col(key: string, i: number): unknown[] {
    let c = this.columns.get(key);
    if (c === undefined) { c = i === 0 ? [] : new Array<unknown>(i).fill(undefined); this.columns.set(key, c); }
    return c;
  }

  /** Writes value v of draw i at key (the row's next slot). */
  private put(key: string, v: unknown, i: number, choice: boolean): void {
    if (++this.stored > this.maxValues) throw tooManyValues(this.maxValues, i, Math.max(this.rowLen + 1, this.rowKeys.length));
    const j = this.rowLen++;
    let c: unknown[];
    if (j < this.rowKeys.length && this.rowKeys[j] === key) c = this.rowCols[j]!;
    else {
      c = this.col(key, i);
      this.rowKeys[j] = key;
      this.rowCols[j] = c;
      if (choice) this.choiceKeys.add(key);
    }
    while (c.length < i) c.push(undefined);
    c[i] = v;
    this.rowVals[j] = v;
  }

  /** Adds one draw (and its sampler stats). */
  add(trace: Trace, stats?: Readonly<Record<string, unknown>>): void {
    const i = this.length++;
    this.traces?.push(trace);
    if (trace === this.last) {
      if ((this.stored += this.rowLen) > this.maxValues) throw tooManyValues(this.maxValues, i, this.rowLen);
      const cols = this.rowCols, vals = this.rowVals;
      for (let j = 0; j < this.rowLen; j++) {
        const c = cols[j]!;
        while (c.length < i) c.push(undefined);
        c[i] = vals[j];
      }
    } else {
      this.rowLen = 0;
      if (trace instanceof DynamicTrace) {
        let calls = false;
        const list = trace.records.list;
        for (let r = 0; r < list.length; r++) {
          const rec = list[r]!;
          if (rec.kind === "choice") { if (!rec.observed) this.put(rec.key, rec.value, i, true); continue; }
          calls = true;
          for (const c of rec.trace.choices()) if (!c.observed) this.put(`${rec.key}/${c.key}`, c.value, i, true);
        }
        if (calls || trace.trackedValues.size > 0) for (const [k, v] of trace.tracked()) this.putTracked(k, v, i);
      } else {
        for (const c of trace.choices()) if (!c.observed) this.put(c.key, c.value, i, true);
        for (const [k, v] of trace.tracked()) this.putTracked(k, v, i);
      }
      this.putReturn(trace.retval, i);
      this.last = trace;
    }
    this.keepOtherReturn(trace.retval, i);
    if (stats) this.addStats(i, stats);
    if (this.opts.logLik) this.logLikRows.push(pointwiseLogLik(trace, this.logLikKeys));
  }

  /** A tracked value: a record as a column per summarizable field (`fit.mu`), anything else as it is. */
  private putTracked(key: string, v: unknown, i: number): void {
    if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) { this.put(key, v, i, false); return; }
    for (const [k, x] of trackedColumns(key, v)) this.put(k, x, i, false);
  }

  /** A return value summaries cannot use whole (a string, a record with a string field) is kept, by draw. */
  private keepOtherReturn(retval: unknown, i: number): void {
    if (this.opts.includeReturn === false || retval === undefined || isSummarizable(retval)) return;
    if (splitReturn(retval).rest !== undefined) (this.returns ??= [])[i] = retval;
  }

  private putReturn(retval: unknown, i: number): void {
    if (this.opts.includeReturn === false || retval === undefined) return;
    // The common case (a number) without the column list.
    if (isSummarizable(retval)) { this.put(RETURN_KEY, retval, i, false); return; }
    for (const [k, v] of returnColumns(retval)) this.put(k, v, i, false);
  }

  /**
   * Adds one draw given by its values rather than a trace (a sampler that stores particles in columns): `fill`
   * calls `choice(key, value)` for each latent choice and then `tracked(key, value)` for each tracked value, in
   * the order `add` would visit them in the trace; `retval` is the draw's return value.
   */
  addValues(fill: (choice: (key: string, value: unknown) => void, tracked: (key: string, value: unknown) => void) => void, retval: unknown): void {
    this.addVisited((choice, tracked) => { fill(choice, tracked); return retval; });
  }

  /** As `addValues`, with the return value returned by `visit` (a run that lists its values: `ResumableRun.values`). */
  addVisited(visit: (choice: (key: string, value: unknown) => void, tracked: (key: string, value: unknown) => void) => unknown): void {
    const i = this.length++;
    this.rowLen = 0;
    this.last = undefined;
    const retval = visit((k, v) => this.put(k, v, i, true), (k, v) => this.putTracked(k, v, i));
    this.putReturn(retval, i);
    this.keepOtherReturn(retval, i);
  }

  private addStats(i: number, stats: Readonly<Record<string, unknown>>): void {
    let j = 0;
    for (const k in stats) {
      const v = stats[k];
      if (typeof v === "number") this.stat(j++, k, i, v);
      else if (typeof v === "boolean") this.stat(j++, k, i, v ? 1 : 0);
      else if (k === "parts" && Array.isArray(v))
        for (let q = 0; q < v.length; q++) {
          const p = v[q] as Record<string, unknown> | undefined;
          if (typeof p?.accepted === "boolean") this.stat(j++, `accepted/${q}`, i, p.accepted ? 1 : 0);
        }
    }
  }

  /** Writes stat `key` of draw i (slot j of the stats' last order). */
  private stat(j: number, key: string, i: number, v: number): void {
    let s: StatColumn;
    if (j < this.statKeys.length && this.statKeys[j] === key) s = this.statCols[j]!;
    else {
      let found = this.stats.get(key);
      if (found === undefined) { found = new StatColumn(); this.stats.set(key, found); }
      s = found;
      this.statKeys[j] = key;
      this.statCols[j] = s;
    }
    s.set(i, v);
  }

  /** The chain's draws (a key missing in some draws reads as undefined there). */
  finish(): ChainDraws {
    const n = this.length;
    for (const c of this.columns.values()) while (c.length < n) c.push(undefined);
    const out: ChainDraws = { length: n, columns: this.columns, choiceKeys: this.choiceKeys, stats: new Map() };
    for (const [k, s] of this.stats) out.stats!.set(k, s.take(n));
    if (this.traces) out.traces = this.traces;
    if (this.returns) { this.returns.length = n; out.returns = this.returns; }
    if (this.opts.logLik) {
      const m = this.logLikKeys.length, values = new Float64Array(n * m);
      this.logLikRows.forEach((row, d) => { for (let j = 0; j < m; j++) values[d * m + j] = row[j] ?? NaN; });
      out.logLik = { keys: [...this.logLikKeys], values };
    }
    return out;
  }
}

/** One sampler stat per draw, in a Float64Array grown by doubling (NaN where a draw has none). */
class StatColumn {
  private data = new Float64Array(64).fill(NaN);

  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const grown = new Float64Array(Math.max(2 * this.data.length, i + 1)).fill(NaN);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }

  /** The first n values (the column itself when it has exactly n). */
  take(n: number): Float64Array {
    return this.data.length === n ? this.data : this.data.slice(0, n);
  }
}

/**
 * log p of each observation of a trace, in the order of `keys` (extended with new keys as met). An observed
 * vector whose distribution is elementwise (iid) contributes one entry per element, keyed `y[j]`.
 */
export function pointwiseLogLik(trace: Trace, keys: string[]): number[] {
  const row: number[] = [];
  const index = new Map(keys.map((k, j) => [k, j]));
  const put = (k: string, v: number) => {
    let j = index.get(k);
    if (j === undefined) { j = keys.length; keys.push(k); index.set(k, j); }
    row[j] = v;
  };
  for (const c of trace.choices()) {
    if (!c.observed) continue;
    const elems = c.value instanceof Float64Array && c.dist.logpdfElementsAD ? c.dist.logpdfElementsAD(c.value) : undefined;
    if (elems instanceof Float64Array) elems.forEach((v, j) => put(`${c.key}[${j}]`, v));
    else put(c.key, c.logp);
  }
  return row;
}
