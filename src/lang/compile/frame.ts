/**
 * The persistent state of a paused model run (a particle): one immutable `Frame` per active model call,
 * whose records are a persistent linked list (newest first; each record links to the one before it, so a
 * choice costs one object, not a record and a list cell) — so copying a particle copies one pointer, and
 * two copies share everything they have not changed since. A frame is materialized into the same
 * `DynamicTrace` that `generate` builds (records in visit order, the score split the same way) only when a
 * trace is asked for.
 *
 * @example
 * ```ts
 * const f = rootFrame(model, args, constraints, undefined);
 * const g = pushRecord(f, linkChoice(f, "x", dist, 1, -0.9, false));
 * materialize(g, undefined, model).get("x");   // 1
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { isUnder } from "../../trace/address.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import { DynamicTrace, type ChoiceRecord, type TraceRecord } from "../../trace/dynamic-trace.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";
import { trackedChoiceClash } from "../../trace/run-names.js";

export interface Cons<T> {
  readonly head: T;
  readonly tail: Cons<T> | null;
}

/** A nested call in a frame: a paused-run frame (Borel models) or a finished trace (other generative functions). */
export interface FrameCall {
  readonly kind: "call";
  readonly key: string;
  readonly gf: GenerativeFunction;
  readonly frame?: Frame;
  readonly retval?: unknown;
  readonly trace?: Trace;
}

/**
 * A record of a frame's list, linked to the record before it; `n` counts the records before it, and `distinct`
 * marks one whose key was found to differ from theirs (`checkDistinct`: runs that forked after a record share it,
 * so each record of a short list is compared once, not once per run).
 */
export type LinkedRecord = (ChoiceRecord | FrameCall) & { readonly prev: LinkedRecord | null; readonly n: number; distinct: boolean };

/** The number of records up to `r` (the list's length when `r` is its newest). */
const countOf = (r: LinkedRecord | null): number => (r === null ? 0 : r.n + 1);

/** A choice record that links to the frame's newest record (push it with `pushRecord`). */
export function linkChoice(f: Frame, key: string, dist: ChoiceRecord["dist"], value: unknown, logp: number, observed: boolean, given = false): ChoiceRecord & LinkedRecord {
  return { kind: "choice", key, dist, value, logp, observed, given, prev: f.records, n: countOf(f.records), distinct: false };
}

/**
 * The record of a lean run (`StartOptions.lean`: nobody will build its trace): key, value and kind only. Its
 * distribution would keep the parameters of every past step of every particle alive; it gets none, and log
 * density 0 (the frame's weight is kept apart), so it can serve `visitValues` and never `materialize`.
 */
export function leanChoice(f: Frame, key: string, value: unknown, observed: boolean, given = false): ChoiceRecord & LinkedRecord {
  return { kind: "choice", key, dist: NO_DIST, value, logp: 0, observed, given, prev: f.records, n: countOf(f.records), distinct: false };
}

/** The distribution slot of lean records (a lean frame is never materialized). */
const NO_DIST = undefined as unknown as ChoiceRecord["dist"];

/** What stays fixed during one model call: the model, its arguments, where it is, its constraints. */
export interface CallInfo {
  readonly gf: GenerativeFunction;
  readonly args: readonly unknown[];
  /** Address of this call in its parent ("" for the root). */
  readonly key: string;
  /** Full address prefix of this call's choices ("" for the root, "z/" under z). */
  readonly path: string;
  readonly constraints: ChoiceMap;
  /** Latent values to reuse instead of sampling (continuing from a trace an MCMC kernel moved). */
  readonly replay: ChoiceMap | undefined;
  /** The caller's frame when the call began. */
  readonly parent: Frame | null;
  /** Nesting of model calls (0 for the root): bounded by the budget's depth, as a run's call stack is. */
  readonly depth: number;
}

/**
 * The state of one active model call (a class with a fixed shape). A frame is immutable once another
 * frame or a paused run may refer to it; the handler may update a frame in place only while it *owns* it
 * (`owner` is the handler's current advance, ./particle-handler.ts): a run step then allocates one frame,
 * not one per record.
 */
export class Frame {
  constructor(
    readonly call: CallInfo,
    public records: LinkedRecord | null,
    /** Keys of the constraints consumed by this call's own choices. */
    public consumed: Cons<readonly string[]> | null,
    public tracked: Cons<readonly [string, unknown]> | null,
    public latent: number,
    public observed: number,
    public factorTotal: number,
    public ownFactor: number,
    /** The generate weight of this call so far. */
    public weight: number,
    /** Observation points passed in the whole run. */
    public points: number,
    /** Where the run is: the path and key of its last choice (in any call), and the factors since. */
    public lastPath: string,
    public lastKey: string | undefined,
    public factorsSince: number,
    /** The advance that may still update this frame in place (0: none). */
    public owner = 0,
  ) {}

  get gf(): GenerativeFunction { return this.call.gf; }
  get args(): readonly unknown[] { return this.call.args; }
  get key(): string { return this.call.key; }
  get path(): string { return this.call.path; }
  get constraints(): ChoiceMap { return this.call.constraints; }
  get replay(): ChoiceMap | undefined { return this.call.replay; }
  get parent(): Frame | null { return this.call.parent; }

  /** The full address of the run's last choice. */
  get last(): string | undefined {
    return this.lastKey === undefined ? undefined : this.lastPath + this.lastKey;
  }
}

export function rootFrame(gf: GenerativeFunction, args: readonly unknown[], constraints: ChoiceMap, replay: ChoiceMap | undefined): Frame {
  return new Frame({ gf, args, key: "", path: "", constraints, replay, parent: null, depth: 0 }, null, null, null, 0, 0, 0, 0, 0, 0, "", undefined, 0);
}

/** `f` itself when `owner` owns it, else a copy that `owner` owns. */
export function owned(f: Frame, owner: number): Frame {
  if (owner !== 0 && f.owner === owner) return f;
  return new Frame(f.call, f.records, f.consumed, f.tracked, f.latent, f.observed, f.factorTotal, f.ownFactor, f.weight,
    f.points, f.lastPath, f.lastKey, f.factorsSince, owner);
}

/** The frame with one more choice record (scores updated): `f` updated in place when `owner` owns it. */
export function pushRecord(f: Frame, r: ChoiceRecord & LinkedRecord, weight = 0, consumed?: readonly string[], point = false, owner = 0): Frame {
  const g = owned(f, owner);
  g.records = r;
  if (consumed !== undefined) g.consumed = { head: consumed, tail: g.consumed };
  if (r.observed) g.observed += r.logp;
  else g.latent += r.logp;
  if (weight !== 0) g.weight += weight;
  if (point) g.points++;
  g.lastPath = g.call.path;
  g.lastKey = r.key;
  g.factorsSince = 0;
  return g;
}

/**
 * The frame after an observation that leaves no record (`observe(d, v)` in a lean run: nobody lists
 * observations, and their automatic addresses are distinct by construction, see check/addresses.ts).
 */
export function addObservation(f: Frame, key: string, logp: number, owner = 0): Frame {
  const g = owned(f, owner);
  g.observed += logp;
  g.weight += logp;
  g.points++;
  g.lastPath = g.call.path;
  g.lastKey = key;
  g.factorsSince = 0;
  return g;
}

/** The frame after `factor(x)` (an observation point). */
export function addFactor(f: Frame, x: number, owner = 0): Frame {
  const g = owned(f, owner);
  g.factorTotal += x;
  g.ownFactor += x;
  g.weight += x;
  g.points++;
  g.factorsSince++;
  return g;
}

/** The frame with one more tracked value. */
export function addTracked(f: Frame, key: string, v: unknown, owner = 0): Frame {
  const g = owned(f, owner);
  g.tracked = { head: [key, v], tail: g.tracked };
  return g;
}

/** A frame with a finished call of another generative function (its trace, its generate weight). */
export function addTrace(f: Frame, key: string, gf: GenerativeFunction, t: Trace, weight: number): Frame {
  return new Frame(f.call, { kind: "call", key, gf, trace: t, prev: f.records, n: countOf(f.records), distinct: false }, f.consumed, f.tracked,
    f.latent + t.latentScore, f.observed + t.observedScore, f.factorTotal + t.factorScore, f.ownFactor, f.weight + weight,
    f.points, f.call.path, key, 0);
}

/** The frame of a new call of a compiled model at `key` under `f`. */
export function pushCall(f: Frame, gf: GenerativeFunction, args: readonly unknown[], key: string): Frame {
  const call: CallInfo = { gf, args, key, path: `${f.call.path}${key}/`, constraints: f.call.constraints.under(key), replay: f.call.replay?.under(key), parent: f, depth: f.call.depth + 1 };
  return new Frame(call, null, null, null, 0, 0, 0, 0, 0, f.points, f.lastPath, f.lastKey, f.factorsSince);
}

/** The chain of frames with replay values dropped (past the replayed point, choices are sampled afresh). */
export function withoutReplay(f: Frame): Frame {
  if (f.call.replay === undefined && f.call.parent === null) return f;
  const call: CallInfo = { ...f.call, replay: undefined, parent: f.call.parent && withoutReplay(f.call.parent) };
  return new Frame(call, f.records, f.consumed, f.tracked, f.latent, f.observed, f.factorTotal, f.ownFactor, f.weight,
    f.points, f.lastPath, f.lastKey, f.factorsSince);
}

/** A frame's records in visit order. */
function recordsOf(f: Frame): LinkedRecord[] {
  const out: LinkedRecord[] = [];
  for (let r = f.records; r !== null; r = r.prev) out.push(r);
  return out.reverse();
}

function toArray<T>(c: Cons<T> | null): T[] {
  const out: T[] = [];
  for (let p = c; p !== null; p = p.tail) out.push(p.head);
  return out.reverse();
}

/** The duplicate-address error of materialize and visitValues. */
function duplicateAddress(f: Frame, key: string): BorelError {
  return new BorelError("duplicate-address", `address '${f.path}${key}' was used twice in one run of ${f.gf.name}`, {
    address: f.path + key,
    hint: "each random choice needs its own address: inside a loop, index it (x[i] ~ ...), or give it another name",
  });
}

/**
 * Scratch space of the address checks of `visitValues`: each key with the number of the frame that last saw
 * it, so that a frame's check needs no clearing (a cleared hash set would be regrown for every frame).
 */
export class KeyStamps {
  private readonly stamps = new Map<string, number>();
  private n = 0;

  /** A fresh stamp for one frame's check. */
  next(): number {
    if (this.stamps.size > 1 << 16) this.stamps.clear(); // bounded: keys of long-gone runs do not pile up
    return ++this.n;
  }

  /** True when `key` was already seen with `stamp`; marks it seen. */
  seen(key: string, stamp: number): boolean {
    if (this.stamps.get(key) === stamp) return true;
    this.stamps.set(key, stamp);
    return false;
  }
}

/**
 * The latent values and then the tracked values of a frame in the order its materialized trace lists them
 * (`choices()`, `tracked()`; nested calls under their key), with materialize's address checks — the draws of
 * a lean run without building its trace. `stamps` is scratch space for the address checks.
 */
export function visitValues(f: Frame, choice: (key: string, value: unknown) => void, tracked: (key: string, value: unknown) => void, stamps = new KeyStamps()): void {
  visitChoices(f, "", choice, stamps);
  visitTracked(f, "", tracked);
}

/** Lists up to this length are checked pairwise, each record once (`LinkedRecord.distinct`); longer ones by hashing. */
const PAIRWISE = 64;

/** The duplicate-address error unless the frame's records have distinct keys. */
function checkDistinct(f: Frame, stamps: KeyStamps): void {
  const newest = f.records;
  if (newest === null || newest.distinct) return;
  if (newest.n >= PAIRWISE) {
    const stamp = stamps.next();
    for (let r: LinkedRecord | null = newest; r !== null; r = r.prev) if (stamps.seen(r.key, stamp)) throw duplicateAddress(f, r.key);
    return;
  }
  // The records not yet checked (the newest ones), oldest first: each against every record before it.
  const fresh: LinkedRecord[] = [];
  for (let r: LinkedRecord | null = newest; r !== null && !r.distinct; r = r.prev) fresh.push(r);
  for (let i = fresh.length - 1; i >= 0; i--) {
    const r = fresh[i]!;
    for (let o = r.prev; o !== null; o = o.prev) if (o.key === r.key) throw duplicateAddress(f, r.key);
    r.distinct = true;
  }
}

function visitChoices(f: Frame, prefix: string, choice: (key: string, value: unknown) => void, stamps: KeyStamps): void {
  checkDistinct(f, stamps);
  for (const r of recordsOf(f)) {
    if (r.kind === "choice") { if (!r.observed) choice(prefix + r.key, r.value); }
    else if (r.frame !== undefined) visitChoices(r.frame, `${prefix}${r.key}/`, choice, stamps);
    else for (const c of (r.trace as Trace).choices()) if (!c.observed) choice(`${prefix}${r.key}/${c.key}`, c.value);
  }
}

function visitTracked(f: Frame, prefix: string, tracked: (key: string, value: unknown) => void): void {
  for (const [k, v] of checkedTracked(f, (k) => hasRecord(f, k))) tracked(prefix + k, v);
  const calls: FrameCall[] = [];
  for (let r = f.records; r !== null; r = r.prev) if (r.kind === "call") calls.push(r);
  for (let j = calls.length - 1; j >= 0; j--) {
    const r = calls[j]!;
    if (r.frame !== undefined) visitTracked(r.frame, `${prefix}${r.key}/`, tracked);
    else for (const [k, v] of (r.trace as Trace).tracked()) tracked(`${prefix}${r.key}/${k}`, v);
  }
}

/** True when one of the frame's own records has key `k`. */
function hasRecord(f: Frame, k: string): boolean {
  for (let r = f.records; r !== null; r = r.prev) if (r.key === k) return true;
  return false;
}

/** The frame's own tracked values in order; a name tracked twice, or also a record's key, is an error. */
function checkedTracked(f: Frame, isRecord: (key: string) => boolean): [string, unknown][] {
  if (f.tracked === null) return [];
  const own = toArray(f.tracked), names = new Set<string>();
  for (const [k] of own) {
    if (names.has(k)) throw new BorelError("duplicate-address", `tracked name '${f.path}${k}' was used twice in one run`, { address: f.path + k });
    if (isRecord(k)) throw trackedChoiceClash(f.path + k);
    names.add(k);
  }
  return own as [string, unknown][];
}

/** The `DynamicTrace` of a frame (as `generate` would have built it); `gf` labels the trace. */
export function materialize(f: Frame, retval: unknown, gf: GenerativeFunction = f.gf): DynamicTrace {
  const records = new Map<string, TraceRecord>();
  for (const r of recordsOf(f)) {
    if (records.has(r.key)) throw duplicateAddress(f, r.key);
    records.set(r.key, r.kind === "choice" ? r : { kind: "call", key: r.key, gf: r.gf, trace: r.trace ?? materialize(r.frame as Frame, r.retval) });
  }
  const tracked = new Map(checkedTracked(f, (k) => records.has(k)));
  return new DynamicTrace(gf, f.args, retval, records, f.latent, f.observed, f.factorTotal, f.ownFactor, tracked);
}

/** Constraint keys of the frame that neither its choices nor its calls consumed (as `Run.unvisited`). */
export function unvisitedKeys(f: Frame): string[] {
  if (f.constraints.isEmpty()) return [];
  const used = new Set<string>();
  for (let c = f.consumed; c !== null; c = c.tail) for (const k of c.head) used.add(k);
  const calls: string[] = [];
  for (let r = f.records; r !== null; r = r.prev) if (r.kind === "call") calls.push(r.key);
  const out: string[] = [];
  for (const k of f.constraints.keys()) if (!used.has(k) && !calls.some((c) => isUnder(k, c))) out.push(k);
  return out;
}

/** The parent frame after the call `child` returned `retval` (as `Run.trace` adds a finished sub-trace). */
export function popFrame(child: Frame, retval: unknown, childWeight: number): Frame {
  const p = child.call.parent as Frame;
  const rec: LinkedRecord = { kind: "call", key: child.call.key, gf: child.call.gf, frame: child, retval, prev: p.records, n: countOf(p.records), distinct: false };
  return new Frame(p.call, rec, p.consumed, p.tracked, p.latent + child.latent,
    p.observed + child.observed, p.factorTotal + child.factorTotal, p.ownFactor, p.weight + childWeight, child.points,
    child.lastPath, child.lastKey, child.factorsSince);
}
