/**
 * The handler of resumable runs (SMC particles). It implements `generate`'s weight rules (as `Run` does)
 * on a persistent `Frame` (./frame.ts) instead of mutable maps, and returns a `Pause` after each observation
 * point: `observe`, `x ~ d given v`, a `~` constrained as an observation, `factor`. Sub-model calls push a
 * frame and run the callee's compiled body under this same handler, so a run also stops inside them.
 *
 * The handler is shared by every fork of a run: compiled continuations capture it, so before resuming a
 * particle `advance` loads that particle's frame into `frame` and saves it back at the next pause. Forks
 * therefore share continuations and frames and never mutate either.
 */
import { isDistribution } from "../../dist/distribution.js";
import { checkValue } from "../../dist/value.js";
import { describeValue } from "../../dist/params.js";
import type { Real } from "../../ad/var.js";
import { Var } from "../../ad/var.js";
import type { Rng } from "../../rand/rng.js";
import { addressKey, type AddressLike } from "../../trace/address.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { compatibleValue, type ChoiceRecord } from "../../trace/dynamic-trace.js";
import type { GenerativeFunction, StartOptions } from "../../trace/gfi.js";
import type { Distribution } from "../../dist/distribution.js";
import { BorelError, type Span } from "../../util/errors.js";
import type { Budget } from "../runtime/budget.js";
import { located, recursionError, typeError } from "../runtime/errors.js";
import { aTypeName, typeName } from "../runtime/values.js";
import { addFactor, addObservation, addTrace, addTracked, leanChoice, linkChoice, popFrame, pushCall, pushRecord, unvisitedKeys, type Frame, type LinkedRecord } from "./frame.js";
import { isCompiledModel } from "./compiled-model.js";
import { notADistribution, plainValue, readParam } from "./run-handler.js";
import { Bounce, ChoicePause, MAX_DIRECT, Pause, type BodyHandler, type Cont, type Step } from "./steps.js";
import { infiniteDensity, infiniteFactor } from "../../trace/weight-errors.js";

export class ParticleHandler implements BodyHandler {
  d = 0;
  /** The frame of the particle being advanced. */
  frame!: Frame;
  rng!: Rng;
  /** Weight added since the last pause. */
  inc = 0;
  /** Handler operations so far, over every fork (a work counter: O(1) per step is checked with it). */
  ops = 0;
  /** The ownership token of the run being advanced: frames with it are that run's alone to update in place. */
  epoch = 0;

  /** Records keep no distributions (`StartOptions.lean`): the run's trace is never built. */
  readonly lean: boolean;
  /** Pause before each unconstrained latent choice for the caller to pick its value (`StartOptions.branch`). */
  readonly branch: boolean;

  constructor(readonly budget: Budget, readonly opts: StartOptions | undefined) {
    this.lean = opts?.lean === true;
    this.branch = opts?.branch === true;
  }

  /** The record of a choice: a full one, or a lean one (./frame.ts). */
  protected link(f: Frame, key: string, dist: Distribution, value: unknown, logp: number, observed: boolean, given = false): ChoiceRecord & LinkedRecord {
    return this.lean ? leanChoice(f, key, value, observed, given) : linkChoice(f, key, dist, value, logp, observed, given);
  }

  protected next(k: Cont, v: unknown): Step {
    return ++this.d < MAX_DIRECT ? k(v) : new Bounce(k, v);
  }

  protected logp(dist: Distribution, value: unknown, key: string, span: Span): number {
    const lp = dist.logpdf(value);
    if (Number.isNaN(lp))
      throw new BorelError("nan", `log density of ${dist} at address '${this.frame.path}${key}' is NaN (value ${describeValue(value)})`, { span, address: this.frame.path + key });
    if (lp === Infinity) throw infiniteDensity(dist, this.frame.path + key, value, span);
    return lp;
  }

  sample(addr: AddressLike, dist: unknown, span: Span, k: Cont): Step {
    if (!isDistribution(dist)) throw notADistribution(dist, span);
    this.budget.choice(span);
    this.ops++;
    const key = addressKey(addr), f = this.frame;
    try {
      const found = f.constraints.isEmpty() ? undefined : f.constraints.find(key, dist.size);
      if (found !== undefined) {
        const { value, observed } = this.constrained(key, dist, found, span);
        return observed ? new Pause(k, value, f.path + key) : this.next(k, value);
      }
      const old = f.replay?.find(key, dist.size);
      if (this.branch && old === undefined) return new ChoicePause((v) => this.chosen(key, dist, v, span, k), f.path + key, dist);
      const value = old !== undefined && compatibleValue(dist, old[1]) ? old[1] : dist.sample(this.rng);
      this.frame = pushRecord(f, this.link(f, key, dist, value, this.logp(dist, value, key, span), false), 0, undefined, false, this.epoch);
      return this.next(k, value);
    } catch (e) {
      throw located(e, span);
    }
  }

  /**
   * A choice the run's constraints give a value (`found`: the constraint's keys and value): recorded as an
   * observation, or as a latent choice when the options mark it `latent`; its log density joins the weight.
   */
  protected constrained(key: string, dist: Distribution, found: readonly [readonly string[], unknown], span: Span): { value: unknown; observed: boolean } {
    const f = this.frame;
    const value = checkValue(dist, found[1], key), lp = this.logp(dist, value, key, span);
    const observed = this.opts?.latent?.find(key) === undefined;
    this.frame = pushRecord(f, this.link(f, key, dist, value, lp, observed, observed), lp, found[0], observed, this.epoch);
    this.inc += lp;
    return { value, observed };
  }

  /** A `branch` run resumed before the choice at `key` with the value its caller picked. */
  private chosen(key: string, dist: Distribution, value: unknown, span: Span, k: Cont): Step {
    const f = this.frame;
    try {
      const v = checkValue(dist, value, key);
      this.frame = pushRecord(f, this.link(f, key, dist, v, this.logp(dist, v, key, span), false), 0, undefined, false, this.epoch);
      return this.next(k, v);
    } catch (e) {
      throw located(e, span);
    }
  }

  observe(addr: AddressLike, dist: unknown, value: unknown, span: Span, k: Cont, binds?: boolean): Step {
    const v = this.observeNow(addr, dist, value, span, binds);
    return new Pause(k, v, this.frame.last as string);
  }

  /** An observation recorded (its log density joins the weight) without pausing: the observed value. */
  observeNow(addr: AddressLike, dist: unknown, value: unknown, span: Span, binds?: boolean): unknown {
    if (!isDistribution(dist)) throw notADistribution(dist, span);
    this.budget.choice(span);
    this.ops++;
    const key = addressKey(addr), f = this.frame;
    try {
      if (f.constraints.find(key, dist.size) !== undefined)
        throw new BorelError("constrained-observation", `address '${f.path}${key}' is already observed by the model and cannot be constrained`, {
          address: f.path + key, hint: "remove it from the given choices",
        });
      const v = checkValue(dist, plainValue(value), key), lp = this.logp(dist, v, key, span);
      // A lean run lists no observations: `observe(d, v)` (not `x ~ d given v`, a name of the program) leaves no record.
      this.frame = this.lean && binds !== true ? addObservation(f, key, lp, this.epoch) : pushRecord(f, this.link(f, key, dist, v, lp, true), lp, undefined, true, this.epoch);
      this.inc += lp;
      return v;
    } catch (e) {
      throw located(e, span);
    }
  }

  factor(w: unknown, span: Span, k: Cont): Step {
    this.factorNow(w, span);
    const f = this.frame;
    return new Pause(k, undefined, `factor ${f.factorsSince} after ${f.last ?? "the start"}`);
  }

  /** `factor(w)` added to the weight without pausing. */
  factorNow(w: unknown, span: Span): void {
    const x = typeof w === "number" ? w : w instanceof Var && w.xs === null ? w.x : NaN;
    if (typeof w !== "number" && !(w instanceof Var)) throw typeError(span, `factor needs a number (a log weight), got ${aTypeName(w)}`);
    if (Number.isNaN(x)) throw new BorelError("bad-factor", "factor got NaN", { span, hint: "factor(-Infinity) rejects the run; NaN is an error" });
    if (x === Infinity) throw infiniteFactor(span);
    this.ops++;
    this.frame = addFactor(this.frame, x, this.epoch);
    this.inc += x;
  }

  call(addr: AddressLike, gf: GenerativeFunction, args: unknown[], span: Span, k: Cont): Step {
    const key = addressKey(addr), f = this.frame;
    this.ops++;
    this.budget.tick(span);
    if (isCompiledModel(gf)) {
      gf.checkArgs(args, span);
      // A paused run's calls are frames, not JavaScript stack: their nesting is bounded here instead.
      if (f.call.depth >= this.budget.maxDepth) throw recursionError(span, this.budget.maxDepth);
      this.frame = pushCall(f, gf, args, key);
      const back: Cont = (ret) => {
        const child = this.frame, missed = unvisitedKeys(child);
        if (missed.length > 0) gf.unvisitedKeys(missed);
        this.frame = popFrame(child, ret, missed.length > 0 ? -Infinity : child.weight);
        if (missed.length > 0) this.inc = -Infinity;
        return this.next(k, ret);
      };
      return gf.body(this, back, args);
    }
    // Another generative function (an embedded model): generated in one go, no pause inside.
    let r;
    try {
      r = gf.generate(args, f.constraints.under(key), this.rng, this.opts);
    } catch (e) {
      throw located(e, span);
    }
    if (this.branch && [...r.trace.choices()].some((c) => !c.observed))
      throw new BorelError("branch-unsupported", `${gf.name} at '${f.path}${key}' is not a Borel model: a run cannot pause before its choices`, {
        span, address: f.path + key, hint: "enumerate such a model without branching (its generic search)",
      });
    this.frame = addTrace(f, key, gf, r.trace, r.weight);
    this.inc += r.weight;
    return this.next(k, r.trace.retval);
  }

  track(addr: AddressLike, value: unknown, span: Span): void {
    // Duplicate names are detected when the trace is materialized (a check here would cost O(t) per step).
    void span;
    const key = addressKey(addr), f = this.frame;
    const v = plainValue(value);
    this.frame = addTracked(f, key, v instanceof Var ? (v.xs ?? v.x) : v, this.epoch);
  }

  /** Resumable runs keep no log for incremental updates (their traces are materialized from frames). */
  loop(): null {
    return null;
  }

  param(name: unknown, init: unknown, span: Span): Real {
    return readParam(name, init, span, (n, i) => {
      const store = this.opts?.params;
      if (store) return store.read(n, i);
      if (i === undefined) throw new BorelError("no-param", `parameter '${n}' has no initial value and no ParamStore was given`);
      return i;
    });
  }
}

/** The latent choices of a trace, to replay when a run continues from it. */
export function latentChoices(choices: Iterable<{ key: string; value: unknown; observed: boolean }>): ChoiceMap {
  const c = new ChoiceMap();
  for (const ch of choices) if (!ch.observed) c.set(ch.key, ch.value);
  return c;
}
