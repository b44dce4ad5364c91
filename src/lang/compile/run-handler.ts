/**
 * Drives a compiled body through the `Run` handler of src/trace/run.ts, which implements every weight rule
 * of simulate/generate/assess/update/regenerate/scoreAD — so a Borel model and the same model written with
 * `gen` give identical traces, scores and weights. Continuations are called directly (bouncing every
 * `MAX_DIRECT` calls to keep the stack flat).
 *
 * With a `StopCounter` the run is a *prefix*: it stops right after its k-th observation point (observe,
 * `given`, a constrained/observed `~`, factor — counted inside sub-model calls too, which share the counter
 * through the GFI options). A paused particle's trace is a trace of that prefix, so MCMC kernels can move it.
 *
 * @example
 * ```ts
 * const run = new Run({ mode: "generate", gf: model, rng, constraints });
 * const retval = runToEnd(model.body, new RunHandler(run, budget), args);
 * ```
 */
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
import { typeName } from "../runtime/values.js";
import { Bounce, Done, MAX_DIRECT, type BodyHandler, type Cont, type Step } from "./steps.js";

/** Options key carrying a prefix run's stop counter to nested calls (they receive the same options). */
export const STOP: unique symbol = Symbol("borel.stop");

/** Observation points left before a prefix run stops (shared by the nested calls of one run). */
export interface StopCounter {
  remaining: number;
}

export class RunHandler implements BodyHandler {
  d = 0;

  constructor(readonly run: Run, readonly budget: Budget, readonly stop?: StopCounter) {}

  private next(k: Cont, v: unknown): Step {
    return ++this.d < MAX_DIRECT ? k(v) : new Bounce(k, v);
  }

  /** After an observation point: stop a prefix run whose count is reached. */
  private point(k: Cont, v: unknown): Step {
    if (this.stop !== undefined && --this.stop.remaining <= 0) return new Done(undefined);
    return this.next(k, v);
  }

  sample(addr: AddressLike, dist: unknown, span: Span, k: Cont): Step {
    if (!isDistribution(dist)) throw notADistribution(dist, span);
    let v: unknown;
    try {
      v = this.run.sample(addr, dist);
    } catch (e) {
      throw borelHint(located(e, span));
    }
    if (this.stop !== undefined && this.run.records.get(addressKey(addr))?.kind === "choice" &&
      (this.run.records.get(addressKey(addr)) as { observed: boolean }).observed) return this.point(k, v);
    return this.next(k, v);
  }

  observe(addr: AddressLike, dist: unknown, value: unknown, span: Span, k: Cont): Step {
    if (!isDistribution(dist)) throw notADistribution(dist, span);
    let v: unknown;
    try {
      v = this.run.observe(addr, dist, plainValue(value));
    } catch (e) {
      throw borelHint(located(e, span));
    }
    return this.point(k, v);
  }

  factor(w: unknown, span: Span, k: Cont): Step {
    if (typeof w !== "number" && !(w instanceof Var && w.xs === null)) throw typeError(span, `factor needs a number (a log weight), got a ${typeName(w)}`);
    try {
      this.run.factor(w as Scalar);
    } catch (e) {
      throw located(e, span);
    }
    return this.point(k, undefined);
  }

  call(addr: AddressLike, gf: GenerativeFunction, args: unknown[], span: Span, k: Cont): Step {
    this.budget.enterCall(span);
    let v: unknown;
    try {
      v = this.run.trace(addr, gf, args);
    } catch (e) {
      throw borelHint(located(e, span));
    } finally {
      this.budget.exitCall();
    }
    if (this.stop !== undefined && this.stop.remaining <= 0) return new Done(undefined);
    return this.next(k, v);
  }

  track(addr: AddressLike, value: unknown, span: Span): void {
    try {
      this.run.track(addr, plainValue(value));
    } catch (e) {
      throw located(e, span);
    }
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
  if (typeof name !== "string") throw typeError(span, `param needs a name (a string) first, got a ${typeName(name)}`, "param(\"mu\", 0)");
  if (init !== undefined && typeof init !== "number" && !(init instanceof Float64Array))
    throw typeError(span, `param: the initial value must be a number or a vector, got a ${typeName(init)}`);
  try {
    return read(name, init as ParamValue | undefined);
  } catch (e) {
    throw located(e, span);
  }
}

export function notADistribution(x: unknown, span: Span): BorelError {
  return typeError(span, `'~' needs a distribution or a model on its right, got a ${typeName(x)}`, "e.g. x ~ normal(0, 1), or z ~ my_model(args)");
}

/** Replaces the embedded DSL's hints (t.sample syntax) by Borel ones. */
export function borelHint(e: BorelError): BorelError {
  if (isBorelError(e) && e.code === "duplicate-address")
    e.hint = "each random choice needs its own address: inside a loop, index it (x[i] ~ ...), or give it another name";
  return e;
}
