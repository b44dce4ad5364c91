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
import type { Trace } from "../trace/gfi.js";
import { DynamicTrace } from "../trace/dynamic-trace.js";
import { isSummarizable, RETURN_KEY } from "./draws.js";
import type { ChainDraws } from "./types.js";

export interface RecorderOptions {
  keepTraces?: boolean;
  includeReturn?: boolean;
  /** Record the pointwise log-likelihood of every observed choice (for LOO/WAIC without traces). */
  logLik?: boolean;
}

type Row = [unknown[], unknown][];

export class DrawRecorder {
  readonly columns = new Map<string, unknown[]>();
  readonly choiceKeys = new Set<string>();
  readonly stats = new Map<string, number[]>();
  readonly traces: Trace[] | undefined;
  private readonly logLikKeys: string[] = [];
  private readonly logLikRows: number[][] = [];
  length = 0;
  private last: Trace | undefined;
  private lastRow: Row = [];

  constructor(private readonly opts: RecorderOptions = {}) {
    this.traces = opts.keepTraces ? [] : undefined;
  }

  private col(key: string): unknown[] {
    let c = this.columns.get(key);
    if (c === undefined) { c = []; this.columns.set(key, c); }
    return c;
  }

  /** Adds one draw (and its sampler stats). */
  add(trace: Trace, stats?: Readonly<Record<string, unknown>>): void {
    const i = this.length++;
    this.traces?.push(trace);
    if (trace === this.last) {
      for (const [c, v] of this.lastRow) c[i] = v;
    } else {
      const row: Row = [];
      const put = (key: string, v: unknown) => { const c = this.col(key); c[i] = v; row.push([c, v]); };
      const choice = (key: string, v: unknown) => { if (!this.choiceKeys.has(key)) this.choiceKeys.add(key); put(key, v); };
      if (trace instanceof DynamicTrace) {
        let calls = false;
        for (const r of trace.records.values()) {
          if (r.kind === "choice") { if (!r.observed) choice(r.key, r.value); continue; }
          calls = true;
          for (const c of r.trace.choices()) if (!c.observed) choice(`${r.key}/${c.key}`, c.value);
        }
        if (calls || trace.trackedValues.size > 0) for (const [k, v] of trace.tracked()) put(k, v);
      } else {
        for (const c of trace.choices()) if (!c.observed) choice(c.key, c.value);
        for (const [k, v] of trace.tracked()) put(k, v);
      }
      if (this.opts.includeReturn !== false && isSummarizable(trace.retval)) put(RETURN_KEY, trace.retval);
      this.last = trace;
      this.lastRow = row;
    }
    if (stats) this.addStats(i, stats);
    if (this.opts.logLik) this.logLikRows.push(pointwiseLogLik(trace, this.logLikKeys));
  }

  private addStats(i: number, stats: Readonly<Record<string, unknown>>): void {
    for (const k in stats) {
      const v = stats[k];
      if (typeof v === "number") this.stat(k, i, v);
      else if (typeof v === "boolean") this.stat(k, i, v ? 1 : 0);
      else if (k === "parts" && Array.isArray(v))
        v.forEach((p: Record<string, unknown>, j) => { if (typeof p?.accepted === "boolean") this.stat(`accepted/${j}`, i, p.accepted ? 1 : 0); });
    }
  }

  private stat(key: string, i: number, v: number): void {
    let s = this.stats.get(key);
    if (s === undefined) { s = []; this.stats.set(key, s); }
    s[i] = v;
  }

  /** The chain's draws (holes, from keys missing in some draws, read as undefined). */
  finish(): ChainDraws {
    const out: ChainDraws = { length: this.length, columns: this.columns, choiceKeys: this.choiceKeys, stats: new Map() };
    for (const [k, s] of this.stats) out.stats!.set(k, Float64Array.from({ length: this.length }, (_, i) => s[i] ?? NaN));
    if (this.traces) out.traces = this.traces;
    if (this.opts.logLik) {
      const n = this.logLikKeys.length, values = new Float64Array(this.length * n);
      this.logLikRows.forEach((row, d) => { for (let j = 0; j < n; j++) values[d * n + j] = row[j] ?? NaN; });
      out.logLik = { keys: [...this.logLikKeys], values };
    }
    return out;
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
