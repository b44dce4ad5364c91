/**
 * One run of an embedded model body under one GFI method. The method is the `mode`; everything else —
 * duplicate-address detection, the score split, nested calls, tracked values, parameters — is shared.
 *
 * Weight rules (Gen.jl `src/dynamic/*.jl`), accumulated per record:
 * - generate: + log p of each constrained choice and observation, + factors;
 * - assess: + log p of every choice, + factors;
 * - update: + log p' − log p of retained and constrained choices, − log p of deleted ones, + Δ factors
 *   (freshly sampled choices contribute nothing);
 * - regenerate: + log p' − log p of retained unselected choices (observations included), + Δ factors,
 *   + log p of new observations, − log p of deleted observations; resampled, fresh and deleted latent choices
 *   cancel against the proposal and contribute nothing.
 */
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import type { Distribution } from "../dist/distribution.js";
import { isDistribution } from "../dist/distribution.js";
import { checkValue } from "../dist/value.js";
import { describeValue } from "../dist/params.js";
import { m } from "../ad/math.js";
import { ScoreSum } from "../ad/score-sum.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import { addressKey, type AddressLike } from "./address.js";
import { ChoiceMap, NOT_FOUND } from "./choicemap.js";
import { DynamicTrace, EMPTY_TRACKED, compatibleValue, isChoiceRecord, type ChoiceRecord, type TraceRecord } from "./dynamic-trace.js";
import { improperStart } from "./improper-start.js";
import { RecordTable } from "./record-table.js";
import { scoreChoice, scoreObservation, scoreObservationBatch } from "./run-ad.js";
import { ConstraintUse } from "./run-constraints.js";
import { infiniteDensity, infiniteFactor } from "./weight-errors.js";
import type { Argdiff, ChoiceOverride, GenerateOptions, GenerativeFunction, ScoreADOptions, Trace } from "./gfi.js";
import { recreatedCallee, sameMaking } from "./callee.js";
import { givenChoices, withGiven } from "./given.js";
import { isGenerativeFunction, lostTraceLikelihood } from "./gfi.js";
import type { ModelHandler } from "./handler.js";
import type { ParamValue } from "./params.js";
import type { Selection } from "./selection.js";
import { optionsUnder } from "./scoped.js";
import { checkNoChoicesUnder, constrainedCallError, duplicateAddress, insideCall, RETURN_KEY, reservedKeyError, trackedChoiceClash } from "./run-names.js";

export type Mode = "simulate" | "generate" | "assess" | "update" | "regenerate" | "scoreAD";

export interface RunSetup {
  mode: Mode;
  gf: GenerativeFunction;
  rng?: Rng;
  opts?: ScoreADOptions;
  constraints?: ChoiceMap;
  prev?: DynamicTrace;
  selection?: Selection;
  override?: ChoiceOverride;
  /**
   * The records of an earlier complete run of the same function (its keys are distinct): while this run visits
   * the same keys in the same order, a new key needs no duplicate check. Runs without `prev` read it and, when
   * they leave it, store their own records in it.
   */
  template?: { records: readonly TraceRecord[] | null };
}

/**
 * Address bookkeeping is positional: a run compares each new key with the record at the same position of a
 * template (the previous trace in update/regenerate, else the last run of the same function). While they
 * agree — the usual case: MH and SMC steps revisit the same addresses in the same order — a key is new without
 * a hash lookup and the old record is found without one; the template's key string is reused, so later
 * comparisons are by identity. Only a run that leaves its template hashes its keys.
 */
export class Run implements ModelHandler {
  readonly m = m;
  readonly records = new RecordTable();
  latent = 0;
  observed = 0;
  factorTotal = 0;
  ownFactor = 0;
  weight = 0;
  /** AD score terms (scoreAD mode). */
  private readonly adSum = new ScoreSum();
  /** The AD score so far (scoreAD mode): one node over its terms, read when the run ends. */
  get adScore(): Scalar {
    return this.adSum.total();
  }
  addADScore(x: Scalar): void {
    this.adSum.add(x);
  }
  /** The body's return value, for the caller that ran it. */
  retval: unknown = undefined;
  // Allocated on first use: a differentiable run (HMC's gradient loop) needs none of them.
  private discardMap: ChoiceMap | null = null;
  private trackedMap: Map<string, unknown> | null = null;
  /** The constraints and which of them were visited (null without constraints). */
  private readonly cons: ConstraintUse | null;
  private visits = 0;
  /** The previous trace's records (update, regenerate, scoreAD). */
  private readonly prevList: readonly TraceRecord[] | null;
  private readonly tmpl: readonly TraceRecord[] | null;
  /** True while every record so far has the key of the template's record at its position. */
  private aligned = true;

  constructor(private readonly s: RunSetup) {
    const prev = s.prev;
    this.prevList = prev === undefined ? null : prev.records.list;
    this.tmpl = this.prevList ?? s.template?.records ?? null;
    this.cons = s.constraints === undefined || s.constraints.isEmpty() ? null : new ConstraintUse(s.constraints);
  }

  /** Replaced and deleted choices (update). */
  get discard(): ChoiceMap {
    return (this.discardMap ??= new ChoiceMap());
  }

  /** Tracked values (`t.track`). */
  get tracked(): Map<string, unknown> {
    return (this.trackedMap ??= new Map());
  }

  private rng(): Rng {
    const r = this.s.rng;
    if (r === undefined || r === null || typeof (r as Partial<Rng>).double !== "function") {
      const mode = this.s.mode, call = mode === "simulate" ? "simulate(args, rng)" : mode === "generate" ? "generate(args, constraints, rng)" : `${mode}(trace, args, argdiffs, ${mode === "update" ? "constraints" : "selection"}, rng)`;
      throw new BorelError("bad-args", `${this.s.gf.name}.${mode}: drawing a choice needs a random number generator (an Rng), got ${describeValue(r)}`, {
        hint: `${this.s.gf.name}.${call} with rng = new Rng(seed)`,
      });
    }
    return r;
  }

  private claim(addr: AddressLike): string {
    const key = addressKey(addr);
    if (this.trackedMap !== null && this.trackedMap.has(key)) throw trackedChoiceClash(key);
    const t = this.tmpl;
    if (this.aligned && t !== null) {
      const j = this.records.list.length;
      if (j < t.length) {
        const tk = t[j]!.key;
        if (tk === key) return tk;
      }
    }
    this.aligned = false;
    // (Only here, off the aligned path: a template never holds it.)
    if (key === RETURN_KEY) throw reservedKeyError(key, "the address of a random choice");
    if (this.records.has(key) || insideCall(this.records, key)) throw duplicateAddress(key, this.s.gf.name);
    return key;
  }


  private logp(dist: Distribution, value: unknown, key: string): number {
    const lp = dist.logpdf(value);
    if (Number.isNaN(lp))
      throw new BorelError("nan", `log density of ${dist} at address '${key}' is NaN (value ${describeValue(value)})`, { address: key });
    if (lp === Infinity) throw infiniteDensity(dist, key, value);
    return lp;
  }

  /** The previous trace's record at `key`: first at the position the new record will take. */
  private old(key: string): TraceRecord | undefined {
    const p = this.prevList;
    if (p === null) return undefined;
    const j = this.records.list.length;
    if (j < p.length && p[j]!.key === key) return p[j];
    return (this.s.prev as DynamicTrace).records.get(key);
  }

  private record(key: string, dist: Distribution, value: unknown, logp: number, observed: boolean, given = false): void {
    const r: ChoiceRecord = { kind: "choice", key, dist, value, logp, observed, given };
    this.records.push(r);
    if (observed) this.observed += logp;
    else this.latent += logp;
  }

  /** A constrained choice is an observation unless the options mark it latent (a proposal's value). */
  private isObservation(key: string): boolean {
    const latent = this.s.opts?.latent;
    if (latent === undefined) return true;
    if (latent.own(key) !== NOT_FOUND) return false;
    return key.indexOf("/") < 0 || latent.find(key) === undefined;
  }

  sample<T>(addr: AddressLike, dist: Distribution<T>): T {
    if (this.s.mode === "scoreAD") return scoreChoice(this, this.s, addressKey(addr), dist, this.visits++);
    const key = this.claim(addr);
    if (!isDistribution(dist))
      throw new BorelError("not-a-distribution", `t.sample at '${key}' needs a distribution, got ${describeValue(dist)}`, { address: key });
    const { mode, selection } = this.s;
    this.visits++;
    switch (mode) {
      case "simulate": return this.fresh(key, dist);
      case "generate": {
        const c = (this.cons === null ? NOT_FOUND : this.cons.value(key, dist, this.s.opts?.latent !== undefined && !this.isObservation(key)));
        if (c === NOT_FOUND) return this.fresh(key, dist);
        const lp = this.logp(dist, c, key);
        this.weight += lp;
        const obs = this.isObservation(key);
        this.record(key, dist, c, lp, obs, obs);
        return c as T;
      }
      case "assess": {
        const c = (this.cons === null ? NOT_FOUND : this.cons.value(key, dist));
        if (c === NOT_FOUND)
          throw new BorelError("incomplete-choices", `assess: no value for address '${key}'`, { address: key, hint: "assess needs every choice of the run" });
        const lp = this.logp(dist, c, key);
        this.weight += lp;
        this.record(key, dist, c, lp, false);
        return c as T;
      }
      case "update": {
        const old = this.old(key);
        const c = (this.cons === null ? NOT_FOUND : this.cons.value(key, dist, isChoiceRecord(old) && !old.observed));
        if (c !== NOT_FOUND) {
          const lp = this.logp(dist, c, key);
          if (isChoiceRecord(old)) { this.weight += lp - old.logp; this.discard.set(key, old.value); }
          else { if (old !== undefined) this.deleteOld(key, old); this.weight += lp; }
          const obs = isChoiceRecord(old) ? old.observed : this.isObservation(key);
          this.record(key, dist, c, lp, obs, isChoiceRecord(old) ? old.given === true : obs);
          return c as T;
        }
        return this.retainOrFresh(key, dist, old);
      }
      case "regenerate": {
        const old = this.old(key);
        if (isChoiceRecord(old) && !old.observed && (selection as Selection).has(key)) return this.fresh(key, dist);
        return this.retainOrFresh(key, dist, old);
      }
      default:
        throw new BorelError("internal", `sample: mode ${mode}`);
    }
  }

  private fresh<T>(key: string, dist: Distribution<T>): T {
    const v = dist.improper === true && (this.s.opts as GenerateOptions | undefined)?.initImproper === true ? (improperStart(dist, this.rng(), key) as T) : dist.sample(this.rng());
    this.record(key, dist, v, this.logp(dist, v, key), false);
    return v;
  }

  private retainOrFresh<T>(key: string, dist: Distribution<T>, old: TraceRecord | undefined): T {
    if (isChoiceRecord(old) && compatibleValue(dist, old.value)) {
      const lp = this.logp(dist, old.value, key);
      this.weight += lp - old.logp;
      this.record(key, dist, old.value, lp, old.observed, old.given === true);
      return old.value as T;
    }
    if (old !== undefined && this.s.mode === "update") this.deleteOld(key, old);
    return this.fresh(key, dist);
  }

  /** True in a differentiable run (`scoreAD`). */
  get differentiable(): boolean {
    return this.s.mode === "scoreAD";
  }

  /** In a differentiable run: n observations of one loop as one term (see `scoreObservationBatch`); else false. */
  observeBatch(n: number, dist: unknown, values: unknown, perElement: boolean): boolean {
    if (this.s.mode !== "scoreAD" || !scoreObservationBatch(this, this.s, n, dist, values, perElement)) return false;
    this.visits += n;
    return true;
  }

  observe<T>(addr: AddressLike, dist: Distribution<T>, value: unknown): T {
    if (this.s.mode === "scoreAD") { this.visits++; return scoreObservation(this, this.s, addressKey(addr), dist, value); }
    const key = this.claim(addr);
    if (!isDistribution(dist))
      throw new BorelError("not-a-distribution", `observe at '${key}' needs a distribution, got ${describeValue(dist)}`, { address: key });
    this.visits++;
    const mode = this.s.mode;
    if (mode === "update" || mode === "regenerate") {
      // MH steps re-run every observation: the data were checked when the trace was made, so the same value
      // (the same object) under a distribution of the same family and size is not checked again.
      const old = this.old(key);
      const same = isChoiceRecord(old) && old.value === value && old.dist.name === dist.name && old.dist.size === dist.size;
      const v = same ? value : checkValue(dist, value, key);
      // A constraint here must give the observed value (see matchObservation).
      if (mode === "update") this.cons?.matchObservation(key, dist, v, "update");
      const lp = this.logp(dist, v, key);
      this.weight += lp - (isChoiceRecord(old) ? old.logp : 0);
      this.record(key, dist, v, lp, true);
      return v as T;
    }
    const v = checkValue(dist, value, key);
    if (mode === "assess" || mode === "generate") this.cons?.matchObservation(key, dist, v, mode);
    const lp = this.logp(dist, v, key);
    if (mode !== "simulate") this.weight += lp;
    this.record(key, dist, v, lp, true);
    return v as T;
  }

  factor(logw: Scalar): void {
    const w = logw instanceof Var ? (logw.xs === null ? logw.x : logw.xs) : logw;
    if (typeof w === "number" && this.s.mode === "scoreAD") { this.adSum.add(logw); return; }
    if (typeof w !== "number" || Number.isNaN(w))
      throw new BorelError("bad-factor", `factor needs a number (a log weight), got ${describeValue(logw)}`, { hint: "factor(-Infinity) rejects the run; NaN is an error" });
    if (w === Infinity) throw infiniteFactor();
    this.factorTotal += w;
    this.ownFactor += w;
    if (this.s.mode === "generate" || this.s.mode === "assess") this.weight += w;
  }

  trace<A extends unknown[], R>(addr: AddressLike, gf: GenerativeFunction<A, R>, args: A): R {
    const key = this.claim(addr);
    if (!isGenerativeFunction(gf))
      throw new BorelError("not-a-model", `t.trace at '${key}' needs a generative function, got ${describeValue(gf)}`, { address: key });
    const g = gf as unknown as GenerativeFunction;
    const mode = this.s.mode;
    // Latent constraints are keyed from the top: the callee sees the part under its address.
    // (Object.assign: a non-empty object spread costs ~0.4 µs on Node 20.)
    const opts = optionsUnder(this.s.opts, key);
    const sub = () => this.s.constraints?.under(key) ?? ChoiceMap.EMPTY;
    const old = this.old(key);
    const oldSub = old?.kind === "call" && old.gf === g ? old.trace : undefined;
    if (old?.kind === "call" && old.gf !== g && mode !== "simulate" && mode !== "generate" && mode !== "assess" && sameMaking(old.gf, g))
      throw recreatedCallee(key, g.name, old.trace);
    if (this.s.constraints !== undefined && this.s.constraints.own(key) !== NOT_FOUND) throw constrainedCallError(key, g, args, this.s.rng ?? new Rng(0), this.s.opts);
    if (!this.aligned) checkNoChoicesUnder(this.records, key, this.s.gf.name);
    // The callee's errors name its own addresses: under this call's key they name the caller's.
    const inCall = <T>(f: () => T): T => {
      try {
        return f();
      } catch (e) {
        throw e instanceof BorelError ? e.under(key) : e;
      }
    };
    let t: Trace;
    switch (mode) {
      case "simulate": t = inCall(() => g.simulate(args, this.rng(), opts)); break;
      case "generate": { const r = inCall(() => g.generate(args, sub(), this.rng(), opts)); t = r.trace; this.weight += r.weight; this.cons?.consumeUnder(key, r.unvisited); break; }
      case "assess": {
        const r = inCall(() => g.assess(args, sub(), opts));
        this.weight += r.weight;
        this.cons?.consumeUnder(key);
        this.records.push({ kind: "call", key, gf: g, trace: stubTrace(g, args, r.retval) });
        return r.retval as R;
      }
      case "update":
        if (oldSub) {
          const r = inCall(() => g.update(oldSub, args, argdiffsOf(oldSub.args, args), sub(), this.rng(), opts));
          t = r.trace; this.weight += r.weight; this.discard.mergeUnder(key, r.discard);
          this.cons?.consumeUnder(key);
        } else {
          // Another callee at this address (or a new call): as in regenerate, the old call's given data are
          // constraints of the new one, and a run that cannot make one of them has weight −∞ (generate's weight).
          const given = old?.kind === "call" ? givenChoices(old.trace) : ChoiceMap.EMPTY;
          if (old !== undefined) this.deleteOld(key, old, !given.isEmpty());
          const r = inCall(() => g.generate(args, withGiven(given, sub()), this.rng(), opts)); t = r.trace; this.weight += r.weight;
          this.cons?.consumeUnder(key, r.unvisited);
        }
        break;
      case "regenerate":
        if (oldSub) {
          const r = inCall(() => g.regenerate(oldSub, args, argdiffsOf(oldSub.args, args), (this.s.selection as Selection).under(key), this.rng(), opts));
          t = r.trace; this.weight += r.weight;
        } else if (old?.kind === "call") {
          // Another callee at this address (a branch chose another model): its latent choices are fresh (they
          // cancel against the proposal) but the old call's observations stay, as constraints of the new one
          // (one it cannot make gives weight −∞: that branch cannot have produced the data).
          const given = givenChoices(old.trace);
          const r = inCall(() => g.generate(args, given, this.rng(), opts));
          t = r.trace;
          this.weight += r.weight - likelihoodOf(old);
        } else {
          // A new call: its latent choices cancel against the proposal, its observations and factors do not.
          if (old !== undefined) this.weight -= lostLikelihood(old);
          t = inCall(() => g.simulate(args, this.rng(), opts));
          this.weight += t.observedScore + t.factorScore;
        }
        break;
      case "scoreAD": {
        if (!oldSub) throw new BorelError("no-choice", `the trace has no call at '${key}' for a differentiable run`, { address: key });
        const inner = this.s.override;
        const prefixed: ChoiceOverride = (k, _i, d) => inner?.(`${key}/${k}`, -1, d);
        const r = inCall(() => g.scoreAD(oldSub, prefixed, opts, args));
        this.adSum.add(r.score);
        this.records.push({ kind: "call", key, gf: g, trace: oldSub });
        return r.retval as R;
      }
    }
    this.records.push({ kind: "call", key, gf: g, trace: t });
    this.latent += t.latentScore;
    this.observed += t.observedScore;
    this.factorTotal += t.factorScore;
    return t.retval as R;
  }

  param(name: string, init?: ParamValue): Real {
    const o = this.s.opts?.paramOverride?.(name);
    if (o !== undefined) return o;
    const store = this.s.opts?.params;
    if (store) return store.read(name, init);
    if (init === undefined)
      throw new BorelError("no-param", `parameter '${name}' has no initial value and no ParamStore was given`, { hint: "pass {params: new ParamStore()} in the options" });
    return init;
  }

  track(name: AddressLike, value: unknown): void {
    const key = addressKey(name);
    if (this.tracked.has(key)) throw new BorelError("duplicate-address", `tracked name '${key}' was used twice in one run`, { address: key });
    // A tracked value and a choice under one name would be one column of the posterior: the choice's draws lost.
    if (this.records.has(key)) throw trackedChoiceClash(key);
    if (key === RETURN_KEY) throw reservedKeyError(key, "a tracked name");
    this.tracked.set(key, value instanceof Var ? m.value(value) : value);
  }

  /** An old record the new run does not reuse: in update, its log density leaves the weight and its choices go to discard. */
  private deleteOld(key: string, old: TraceRecord, givenCarried = false): void {
    // Deleting given data (a query's constraint) is a state that cannot have produced it — unless the record
    // that replaces it takes them over (a new callee generated with them).
    if (!givenCarried && lostLikelihood(old) === Infinity) this.weight = -Infinity;
    if (old.kind === "choice") { this.weight -= old.logp; this.discard.set(key, old.value); }
    else { this.weight -= old.trace.score; this.discard.mergeUnder(key, old.trace.choiceMap()); }
  }

  /** Finishes update/regenerate bookkeeping: deleted records and the change in this body's own factors. */
  finish(): void {
    const { mode, prev } = this.s;
    if ((mode === "update" || mode === "regenerate") && prev) {
      const pl = this.prevList as readonly TraceRecord[];
      // Aligned with the previous trace over its whole length: no record was deleted.
      const deletions = !(this.aligned && this.records.size === pl.length);
      for (let i = 0; deletions && i < pl.length; i++) {
        const old = pl[i]!, key = old.key;
        if (this.records.has(key)) continue;
        // Deleted records: update takes their whole density out; regenerate only their observations and
        // factors (deleted latent choices cancel against the reverse proposal, which samples them from the prior).
        if (mode === "update") this.deleteOld(key, old);
        else this.weight -= lostLikelihood(old);
      }
      this.weight += this.ownFactor - prev.ownFactor;
      // From an impossible trace the ratio p(new)/p(old) is +∞ when the new trace is possible (a move out is
      // always accepted) and taken as −∞ when not — not the NaN of −∞ − (−∞).
      if (Number.isNaN(this.weight) && prev.score === -Infinity) this.weight = this.latent + this.observed + this.factorTotal > -Infinity ? Infinity : -Infinity;
    }
  }

  /** Constraint keys no record consumed (generate/update). */
  unvisited(): string[] {
    return this.cons === null ? NO_KEYS : this.cons.unvisited(this.records);
  }

  toTrace(args: readonly unknown[], retval: unknown): DynamicTrace {
    const cell = this.s.template;
    if (cell !== undefined && this.prevList === null && !this.aligned) cell.records = this.records.list;
    return new DynamicTrace(this.s.gf, args, retval, this.records, this.latent, this.observed, this.factorTotal, this.ownFactor, this.trackedMap ?? EMPTY_TRACKED);
  }
}

/** No unvisited constraints (shared; callers only read it). */
const NO_KEYS: string[] = [];

/**
 * What leaves the weight when an old record is deleted by regenerate: its likelihood (`likelihoodOf`), or +∞
 * when it holds given data (ChoiceView.given): a run that no longer makes that choice cannot have produced it.
 */
function lostLikelihood(old: TraceRecord): number {
  if (old.kind === "choice") return old.given === true ? Infinity : likelihoodOf(old);
  return lostTraceLikelihood(old.trace);
}


/** The observed and factor part of an old record's density (what a proposal from the prior cannot cancel). */
function likelihoodOf(old: TraceRecord): number {
  return old.kind === "choice" ? (old.observed ? old.logp : 0) : old.trace.observedScore + old.trace.factorScore;
}

/** Argdiffs by identity, for calls nested in a dynamic body. */
export function argdiffsOf(oldArgs: readonly unknown[], args: readonly unknown[]): Argdiff[] {
  return args.map((a, i) => (i < oldArgs.length && Object.is(a, oldArgs[i]) ? "same" : "changed"));
}

function stubTrace(gf: GenerativeFunction, args: readonly unknown[], retval: unknown): Trace {
  return new DynamicTrace(gf, args, retval, RecordTable.EMPTY, 0, 0, 0, 0, EMPTY_TRACKED);
}
