/**
 * The persistent state of a paused model run (a particle): one immutable `Frame` per active model call,
 * whose records are a persistent linked list (newest first) — so copying a particle copies one pointer, and
 * two copies share everything they have not changed since. A frame is materialized into the same
 * `DynamicTrace` that `generate` builds (records in visit order, the score split the same way) only when a
 * trace is asked for.
 *
 * @example
 * ```ts
 * const f = rootFrame(model, args, constraints, undefined);
 * const g = pushRecord(f, { kind: "choice", key: "x", dist, value: 1, logp: -0.9, observed: false });
 * materialize(g, undefined, model).get("x");   // 1
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { isUnder } from "../../trace/address.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import { DynamicTrace, type ChoiceRecord, type TraceRecord } from "../../trace/dynamic-trace.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";

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

export type FrameRecord = ChoiceRecord | FrameCall;

export interface Frame {
  readonly gf: GenerativeFunction;
  readonly args: readonly unknown[];
  /** Address of this call in its parent ("" for the root). */
  readonly key: string;
  /** Full address prefix of this frame's choices ("" for the root, "z/" under z). */
  readonly path: string;
  readonly constraints: ChoiceMap;
  /** Latent values to reuse instead of sampling (continuing from a trace an MCMC kernel moved). */
  readonly replay: ChoiceMap | undefined;
  readonly records: Cons<FrameRecord> | null;
  /** Keys of `constraints` consumed by this frame's own choices. */
  readonly consumed: Cons<readonly string[]> | null;
  readonly tracked: Cons<readonly [string, unknown]> | null;
  readonly latent: number;
  readonly observed: number;
  readonly factorTotal: number;
  readonly ownFactor: number;
  /** The generate weight of this call so far. */
  readonly weight: number;
  /** Observation points passed in the whole run (root included). */
  readonly points: number;
  /** Full address of the run's last choice (in any frame), and the factors since: where the run is. */
  readonly last: string | undefined;
  readonly factorsSince: number;
  readonly parent: Frame | null;
}

export function rootFrame(gf: GenerativeFunction, args: readonly unknown[], constraints: ChoiceMap, replay: ChoiceMap | undefined): Frame {
  return {
    gf, args, key: "", path: "", constraints, replay, records: null, consumed: null, tracked: null,
    latent: 0, observed: 0, factorTotal: 0, ownFactor: 0, weight: 0, points: 0, last: undefined, factorsSince: 0, parent: null,
  };
}

/** A frame with one more choice record (scores updated). */
export function pushRecord(f: Frame, r: ChoiceRecord, weight = 0, consumed?: readonly string[], point = false): Frame {
  return {
    ...f,
    records: { head: r, tail: f.records },
    consumed: consumed === undefined ? f.consumed : { head: consumed, tail: f.consumed },
    latent: r.observed ? f.latent : f.latent + r.logp,
    observed: r.observed ? f.observed + r.logp : f.observed,
    weight: weight === 0 ? f.weight : f.weight + weight,
    points: point ? f.points + 1 : f.points,
    last: f.path + r.key,
    factorsSince: 0,
  };
}

function toArray<T>(c: Cons<T> | null): T[] {
  const out: T[] = [];
  for (let p = c; p !== null; p = p.tail) out.push(p.head);
  return out.reverse();
}

/** The `DynamicTrace` of a frame (as `generate` would have built it); `gf` labels the trace. */
export function materialize(f: Frame, retval: unknown, gf: GenerativeFunction = f.gf): DynamicTrace {
  const records = new Map<string, TraceRecord>();
  for (const r of toArray(f.records)) {
    if (records.has(r.key))
      throw new BorelError("duplicate-address", `address '${f.path}${r.key}' was used twice in one run of ${f.gf.name}`, {
        address: f.path + r.key,
        hint: "each random choice needs its own address: inside a loop, index it (x[i] ~ ...), or give it another name",
      });
    records.set(r.key, r.kind === "choice" ? r : { kind: "call", key: r.key, gf: r.gf, trace: r.trace ?? materialize(r.frame as Frame, r.retval) });
  }
  const tracked = new Map<string, unknown>();
  for (const [k, v] of toArray(f.tracked)) {
    if (tracked.has(k)) throw new BorelError("duplicate-address", `tracked name '${f.path}${k}' was used twice in one run`, { address: f.path + k });
    tracked.set(k, v);
  }
  return new DynamicTrace(gf, f.args, retval, records, f.latent, f.observed, f.factorTotal, f.ownFactor, tracked);
}

/** Constraint keys of the frame that neither its choices nor its calls consumed (as `Run.unvisited`). */
export function unvisitedKeys(f: Frame): string[] {
  if (f.constraints.isEmpty()) return [];
  const used = new Set<string>();
  for (let c = f.consumed; c !== null; c = c.tail) for (const k of c.head) used.add(k);
  const calls: string[] = [];
  for (let r = f.records; r !== null; r = r.tail) if (r.head.kind === "call") calls.push(r.head.key);
  const out: string[] = [];
  for (const k of f.constraints.keys()) if (!used.has(k) && !calls.some((c) => isUnder(k, c))) out.push(k);
  return out;
}

/** The parent frame after the call `child` returned `retval` (as `Run.trace` adds a finished sub-trace). */
export function popFrame(child: Frame, retval: unknown, childWeight: number): Frame {
  const p = child.parent as Frame;
  const rec: FrameCall = { kind: "call", key: child.key, gf: child.gf, frame: child, retval };
  return {
    ...p,
    records: { head: rec, tail: p.records },
    latent: p.latent + child.latent,
    observed: p.observed + child.observed,
    factorTotal: p.factorTotal + child.factorTotal,
    weight: p.weight + childWeight,
    points: child.points,
    last: child.last,
    factorsSince: child.factorsSince,
  };
}
