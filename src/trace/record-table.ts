/**
 * The records of a dynamic trace in visit order, readable as a `ReadonlyMap` from key to record. A run appends
 * to a plain array; the hash index is built only when a lookup needs it (a trace of a few records answers
 * `get` by a short scan, and most traces are never looked up by key at all: MH steps and SMC steps find the
 * previous record at the same position, see `Run`). So making a trace costs one array, not one `Map` entry per
 * choice.
 *
 * @example
 * ```ts
 * const t = new RecordTable();
 * t.push({ kind: "choice", key: "p", dist, value: 0.3, logp: 0, observed: false });
 * t.get("p");            // the record
 * [...t.keys()];         // ["p"]
 * ```
 */
import type { ChoiceView, GenerativeFunction, Trace } from "./gfi.js";

/** A random choice of a dynamic trace. */
export interface ChoiceRecord extends ChoiceView {
  readonly kind: "choice";
}

/** A call to another generative function, its sub-trace nested under the call's key. */
export interface CallRecord {
  readonly kind: "call";
  readonly key: string;
  readonly gf: GenerativeFunction;
  readonly trace: Trace;
}

export type TraceRecord = ChoiceRecord | CallRecord;

export function isChoiceRecord(r: TraceRecord | undefined): r is ChoiceRecord {
  return r !== undefined && r.kind === "choice";
}

/** Lookups scan the first records (where a model's parameters usually are) before building the index. */
const SCAN = 16;

export class RecordTable implements ReadonlyMap<string, TraceRecord> {
  /** Records in visit order (read-only for everyone but the run that fills the table). */
  readonly list: TraceRecord[];
  private index: Map<string, TraceRecord> | null;

  constructor(list: TraceRecord[] = [], index: Map<string, TraceRecord> | null = null) {
    this.list = list;
    this.index = index;
  }

  /** A table over a `Map` of records (visit order = insertion order); the map serves as the index. */
  static fromMap(m: ReadonlyMap<string, TraceRecord>): RecordTable {
    return m instanceof RecordTable ? m : new RecordTable([...m.values()], m instanceof Map ? m : new Map(m));
  }

  /** An empty table shared by traces with no records (never pushed to). */
  static readonly EMPTY = new RecordTable();

  get size(): number {
    return this.list.length;
  }

  /** Appends a record (the caller has checked that its key is new). */
  push(r: TraceRecord): void {
    this.list.push(r);
    if (this.index !== null) this.index.set(r.key, r);
  }

  get(key: string): TraceRecord | undefined {
    if (this.index !== null) return this.index.get(key);
    const l = this.list, n = l.length, m = n < SCAN ? n : SCAN;
    for (let i = 0; i < m; i++) if (l[i]!.key === key) return l[i];
    return n <= SCAN ? undefined : this.indexed().get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The hash index (built on first use, then kept up to date by `push`). */
  indexed(): Map<string, TraceRecord> {
    if (this.index === null) {
      const m = new Map<string, TraceRecord>();
      for (const r of this.list) m.set(r.key, r);
      this.index = m;
    }
    return this.index;
  }

  forEach(f: (value: TraceRecord, key: string, map: ReadonlyMap<string, TraceRecord>) => void, thisArg?: unknown): void {
    for (const r of this.list) f.call(thisArg, r, r.key, this);
  }

  *entries(): MapIterator<[string, TraceRecord]> {
    for (const r of this.list) yield [r.key, r];
  }

  *keys(): MapIterator<string> {
    for (const r of this.list) yield r.key;
  }

  values(): MapIterator<TraceRecord> {
    return this.list.values();
  }

  [Symbol.iterator](): MapIterator<[string, TraceRecord]> {
    return this.entries();
  }
}
