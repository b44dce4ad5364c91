/**
 * Reusing a record of a previous trace in a new `Run` (./incremental.ts), through the run's public state:
 * the record is appended to the run's records and its log density added to the run's scores exactly as
 * `Run` adds a record it makes (a choice to the latent or observed score, a call's three scores), so a run
 * that reuses records has the scores of one that re-ran them. A reused record contributes nothing to the
 * update/regenerate weight (its log density is unchanged) and consumes no constraint (it has none).
 *
 * (A hook for this in src/trace/run.ts would keep the bookkeeping in one place; see the report of the
 * incremental-update work.)
 *
 * @example
 * ```ts
 * adoptRecord(run, recordList(prev)[3]);
 * ```
 */
import type { DynamicTrace, TraceRecord } from "../../trace/dynamic-trace.js";
import type { Run } from "../../trace/run.js";

/** Records in a run: appended (a positional table) or set by key (a map). */
interface RecordSink {
  push?: (r: TraceRecord) => void;
  set?: (key: string, r: TraceRecord) => unknown;
}

export function adoptRecord(run: Run, r: TraceRecord): void {
  const sink = run.records as unknown as RecordSink;
  if (sink.push !== undefined) sink.push(r);
  else (sink.set as (key: string, r: TraceRecord) => unknown).call(sink, r.key, r);
  if (r.kind === "choice") {
    if (r.observed) run.observed += r.logp;
    else run.latent += r.logp;
  } else {
    run.latent += r.trace.latentScore;
    run.observed += r.trace.observedScore;
    run.factorTotal += r.trace.factorScore;
  }
}

/** The records of a trace, or of a run so far, in visit order. */
export function recordList(t: DynamicTrace | Run): readonly TraceRecord[] {
  const records = t.records as ReadonlyMap<string, TraceRecord> & { list?: readonly TraceRecord[] };
  return records.list ?? [...records.values()];
}
