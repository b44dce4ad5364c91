/**
 * The trace of an embedded (`gen`) model: its records in visit order — random choices and calls to other
 * generative functions (whose sub-traces nest under the call's address) — and the score split into latent,
 * observed and factor terms (tempering and pointwise log-likelihoods need the split).
 */
import { BorelError } from "../util/errors.js";
import type { Distribution } from "../dist/distribution.js";
import { addressKey } from "./address.js";
import { ChoiceMap } from "./choicemap.js";
import type { ChoiceView, GenerativeFunction, Trace } from "./gfi.js";
import { RecordTable, type TraceRecord } from "./record-table.js";

export { isChoiceRecord, type CallRecord, type ChoiceRecord, type TraceRecord } from "./record-table.js";

/** The tracked values of a trace that tracks nothing (shared; never written). */
export const EMPTY_TRACKED: ReadonlyMap<string, unknown> = new Map();

export class DynamicTrace implements Trace {
  /** The records in visit order, readable as a map by key (a `Map` given here is wrapped, not copied into a hash). */
  readonly records: RecordTable;

  constructor(
    readonly gf: GenerativeFunction,
    readonly args: readonly unknown[],
    readonly retval: unknown,
    records: ReadonlyMap<string, TraceRecord>,
    readonly latentScore: number,
    readonly observedScore: number,
    readonly factorScore: number,
    /** Factors added by this model's own body (not by calls), for update/regenerate weights. */
    readonly ownFactor: number,
    readonly trackedValues: ReadonlyMap<string, unknown>,
  ) {
    this.records = RecordTable.fromMap(records);
  }

  get score(): number {
    return this.latentScore + this.observedScore + this.factorScore;
  }

  *choices(): Iterable<ChoiceView> {
    for (const r of this.records.list) {
      if (r.kind === "choice") yield r;
      else for (const c of r.trace.choices()) yield rekey(c, `${r.key}/${c.key}`);
    }
  }

  choice(key: string): ChoiceView | undefined {
    const r = this.records.get(key);
    if (r !== undefined) return r.kind === "choice" ? r : undefined;
    for (let cut = key.indexOf("/"); cut > 0; cut = key.indexOf("/", cut + 1)) {
      const c = this.records.get(key.slice(0, cut));
      if (c?.kind === "call") {
        const inner = c.trace.choice(key.slice(cut + 1));
        return inner && rekey(inner, key);
      }
    }
    return undefined;
  }

  get(addr: string | readonly (string | number)[]): unknown {
    const key = addressKey(addr);
    const c = this.choice(key);
    if (c !== undefined) return c.value;
    const r = this.records.get(key);
    if (r?.kind === "call") return r.trace.retval;
    throw new BorelError("no-choice", `the trace has no choice at address '${key}'`, {
      address: key,
      hint: `addresses in this trace: ${[...this.records.keys()].slice(0, 8).join(", ")}${this.records.size > 8 ? ", ..." : ""}`,
    });
  }

  *tracked(): Iterable<[string, unknown]> {
    yield* this.trackedValues;
    for (const r of this.records.list)
      if (r.kind === "call") for (const [k, v] of r.trace.tracked()) yield [`${r.key}/${k}`, v];
  }

  choiceMap(): ChoiceMap {
    const c = new ChoiceMap();
    for (const v of this.choices()) c.set(v.key, v.value);
    return c;
  }
}

/** True when `value` (from an old trace) can be the value of `dist` (same kind and length). */
export function compatibleValue(dist: Distribution, value: unknown): boolean {
  if (dist.size >= 0) return value instanceof Float64Array && value.length === dist.size;
  if (dist.support.kind === "boolean") return typeof value === "boolean";
  return typeof value === "number";
}

/** A choice view with its key re-rooted (object spread is slow on Node 20; this is a fixed-shape literal). */
export function rekey(c: ChoiceView, key: string): ChoiceView {
  return { key, value: c.value, dist: c.dist, logp: c.logp, observed: c.observed, given: c.given === true };
}
