/**
 * Drives a compiled body through the `Run` handler of src/trace/run.ts, which implements every weight rule
 * of simulate/generate/assess/update/regenerate/scoreAD — so a Borel model and the same model written with
 * `gen` give identical traces, scores and weights. Continuations are called directly (bouncing every
 * `MAX_DIRECT` calls to keep the stack flat).
 *
 * With a `StopState` the run is a *prefix*: it stops where a paused particle stopped — right after the choice
 * at a given address (inside sub-model calls too: they share the state through the GFI options) and a number
 * of factors after it. A paused particle's trace is a trace of that prefix, so MCMC kernels can move it.
 *
 * @example
 * ```ts
 * const run = new Run({ mode: "generate", gf: model, rng, constraints });
 * const retval = runToEnd(model.body, new RunHandler(run, budget), args);
 * ```
 */
import { m } from "../../ad/math.js";
import { isDistribution } from "../../dist/distribution.js";
import type { Real, Scalar } from "../../ad/var.js";
import { Var } from "../../ad/var.js";
import { addressKey, type AddressLike } from "../../trace/address.js";
import type { GenerativeFunction } from "../../trace/gfi.js";
import type { ParamValue } from "../../trace/params.js";
import type { Run } from "../../trace/run.js";
import { BorelError, isBorelError, type Span } from "../../util/errors.js";
import type { Budget } from "../runtime/budget.js";
import { located, typeError } from "../runtime/errors.js";
import { PVec } from "../runtime/pvec.js";
import { aTypeName, typeName } from "../runtime/values.js";
import { isCompiledModel } from "./compiled-model.js";
import type { IncrementalRun, LoopLogger } from "./incremental.js";
import type { LoopSite } from "./run-log.js";
import { Bounce, Done, MAX_DIRECT, type BodyHandler, type Cont, type Step } from "./steps.js";

/** Options key carrying a prefix run's stop counter to nested calls (they receive the same options). */
export const STOP: unique symbol = Symbol("borel.stop");

/** Where a prefix run stops: right after the choice at `key` (a full address) and `factors` factors after it. */
export interface StopTarget {
  readonly key: string | undefined;
  readonly factors: number;
}

/** The progress of one prefix run towards its target, shared by its nested calls. */
export class StopState {
  /** Addresses of the calls the run is inside. */
  readonly path: string[] = [];
  /** True while the last choice was the target's. */
  private atKey: boolean;
  private factors = 0;
  reached = false;

  constructor(readonly target: StopTarget) {
    this.atKey = target.key === undefined;
    this.reached = target.key === undefined && target.factors === 0;
  }

  /** After a choice (or a call of another generative function) at `key`. */
  choice(key: string): boolean {
    const full = this.path.length === 0 ? key : `${this.path.join("/")}/${key}`;
    this.atKey = full === this.target.key;
    this.factors = 0;
    if (this.atKey && this.target.factors === 0) this.reached = true;
    return this.reached;
  }

  /** After a factor. */
  factor(): boolean {
    if (this.atKey && ++this.factors === this.target.factors) this.reached = true;
    return this.reached;
  }
}

export class RunHandler implements BodyHandler {
  /** Random statements (`~`, observe, factor, sub-model calls) run by Run-driven bodies: a work counter for tests. */
  static executed = 0;
  d = 0;

  constructor(readonly run: Run, readonly budget: Budget, readonly stop?: StopState, readonly inc: IncrementalRun | null = null) {}

  private next(k: Cont, v: unknown): Step {
    return ++this.d < MAX_DIRECT ? k(v) : new Bounce(k, v);
  }

  /** After a choice: a prefix run stops at its target. */
  private after(addr: AddressLike, k: Cont, v: unknown): Step {
    if (this.stop !== undefined && this.stop.choice(addressKey(addr))) return new Done(undefined);
    return this.next(k, v);
  }

  sample(addr: AddressLike, dist: unknown, span: Span, k: Cont): Step {
    if (!isDistribution(dist)) throw notADistribution(dist, span);
    this.budget.choice(span);
    let v: unknown;
    RunHandler.executed++;
    try {
      v = this.run.sample(addr, dist);
    } catch (e) {
      throw borelHint(located(e, span));
    }
    if (this.inc !== null) this.inc.bound(addressKey(addr), v);
    return this.after(addr, k, v);
  }

  observe(addr: AddressLike, dist: unknown, value: unknown, span: Span, k: Cont, binds = false): Step {
    const v = this.observeNow(addr, dist, value, span);
    if (binds && this.inc !== null) this.inc.bound(addressKey(addr), v);
    return this.after(addr, k, v);
  }

  /** A run that never pauses (no prefix target) runs loops of observations directly (./emit-direct-loop.ts). */
  get direct(): boolean {
    return this.stop === undefined;
  }

  /** `observe(d, v)` without a continuation: the observed value. */
  observeNow(addr: AddressLike, dist: unknown, value: unknown, span: Span): unknown {
    if (!isDistribution(dist)) throw notADistribution(dist, span);
    this.budget.choice(span);
    RunHandler.executed++;
    try {
      return this.run.observe(addr, dist, plainValue(value));
    } catch (e) {
      throw borelHint(located(e, span));
    }
  }

  /** Loops of observations may run as one batch: in a differentiable run that stops nowhere and logs nothing. */
  get batches(): boolean {
    return this.run.differentiable && this.stop === undefined && this.inc === null;
  }

  /** n observations of a loop as one term (../compile/emit-batch.ts); false when this run cannot take them so. */
  observeBatch(n: number, dist: unknown, values: unknown, perElement: boolean): boolean {
    if (!this.batches || !this.run.observeBatch(n, dist, values, perElement)) return false;
    RunHandler.executed++;
    return true;
  }

  /**
   * n factors of a loop as one term: the sum of the vector w (one element per iteration), or n·w for one
   * number; false — the loop then runs and reports any error at its place — when w is NaN or not that.
   */
  factorBatch(n: number, w: unknown): boolean {
    if (!this.batches) return false;
    const one = typeof w === "number" || (w instanceof Var && w.xs === null);
    const vec = w instanceof Float64Array || (w instanceof Var && w.xs !== null);
    if (!one && !(vec && m.length(w as Real) === n)) return false;
    const total = one ? m.mul(w as Scalar, n) : m.sum(w as Real);
    if (Number.isNaN(m.num(total))) return false;
    this.run.factor(total as Scalar);
    RunHandler.executed++;
    return true;
  }

  factor(w: unknown, span: Span, k: Cont): Step {
    this.factorNow(w, span);
    if (this.stop !== undefined && this.stop.factor()) return new Done(undefined);
    return this.next(k, undefined);
  }

  /** `factor(w)` without a continuation. */
  factorNow(w: unknown, span: Span): void {
    if (typeof w !== "number" && !(w instanceof Var && w.xs === null)) throw typeError(span, `factor needs a number (a log weight), got ${aTypeName(w)}`);
    RunHandler.executed++;
    try {
      this.run.factor(w as Scalar);
    } catch (e) {
      throw located(e, span);
    }
    if (this.inc !== null) this.inc.factor(w);
  }

  call(addr: AddressLike, gf: GenerativeFunction, args: unknown[], span: Span, k: Cont): Step {
    this.budget.enterCall(span);
    const stop = this.stop;
    stop?.path.push(addressKey(addr));
    let v: unknown;
    RunHandler.executed++;
    try {
      v = this.run.trace(addr, gf, args);
    } catch (e) {
      throw borelHint(located(e, span));
    } finally {
      this.budget.exitCall();
      stop?.path.pop();
    }
    if (this.inc !== null) this.inc.bound(addressKey(addr), v);
    if (stop === undefined) return this.next(k, v);
    if (stop.reached) return new Done(undefined);
    // A call of another generative function counts as one choice at its address (the particle handler agrees).
    return isCompiledModel(gf) ? this.next(k, v) : this.after(addr, k, v);
  }

  track(addr: AddressLike, value: unknown, span: Span): void {
    try {
      this.run.track(addr, plainValue(value));
    } catch (e) {
      throw located(e, span);
    }
    if (this.inc !== null) this.inc.track();
  }

  loop(site: LoopSite, parent: LoopLogger | null, lo: number): LoopLogger | null {
    return this.inc === null ? null : this.inc.loop(site, parent, lo);
  }

  param(name: unknown, init: unknown, span: Span): Real {
    return readParam(name, init, span, (n, i) => this.run.param(n, i));
  }
}

/** Values handed to the trace layer: choice arrays become arrays. */
export function plainValue(v: unknown): unknown {
  return v instanceof PVec ? Object.freeze(v.toArray().map(plainValue)) : v;
}

/** Checks `param(name, init)`'s arguments, then reads the parameter. */
export function readParam(name: unknown, init: unknown, span: Span, read: (name: string, init?: ParamValue) => Real): Real {
  if (typeof name !== "string") throw typeError(span, `param needs a name (a string) first, got ${aTypeName(name)}`, "param(\"mu\", 0)");
  // An array of numbers (`param("w", [0, 0, 0])`) is the vector it spells.
  const numbers = Array.isArray(init) ? init : init instanceof PVec ? init.toArray() : undefined;
  if (numbers !== undefined && numbers.length > 0 && numbers.every((x) => typeof x === "number")) init = Float64Array.from(numbers as number[]);
  if (init !== undefined && typeof init !== "number" && !(init instanceof Float64Array))
    throw typeError(span, `param: the initial value must be a number or a vector of numbers, got ${aTypeName(init)}`, "param(\"w\", zeros(3)) or param(\"w\", [0, 0, 0])");
  try {
    return read(name, init as ParamValue | undefined);
  } catch (e) {
    throw located(e, span);
  }
}

export function notADistribution(x: unknown, span: Span): BorelError {
  return typeError(span, `'~' needs a distribution or a model on its right, got ${aTypeName(x)}`, "e.g. x ~ normal(0, 1), or z ~ my_model(args)");
}

/** Replaces the embedded DSL's hints (t.sample syntax) by Borel ones. */
export function borelHint(e: BorelError): BorelError {
  if (isBorelError(e) && e.code === "duplicate-address")
    e.hint = "each random choice needs its own address: inside a loop, index it (x[i] ~ ...), or give it another name";
  return e;
}
