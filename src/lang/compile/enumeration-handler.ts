/**
 * Exact enumeration's depth-first search over a Borel model's runs (`GenerativeFunction.enumerateRuns`). The
 * compiled body runs once under a handler whose `sample` calls the choice's continuation once per value of
 * positive mass: compiled continuations are pure functions of the value and the handler's state (a persistent
 * `Frame`, ./frame.ts, plus a few numbers), so restoring that state before each value makes every call an
 * independent run that shares the work of the prefix before the choice. No run is paused, copied or queued:
 * a node of the tree costs one handler call, a leaf one record. A choice with several values becomes a
 * frame on the search's own stack (not a JavaScript recursion): the search runs the next value of the innermost
 * open choice, one subtree step at a time, and pauses between steps (a generator), so a long enumeration gives
 * the event loop turns and its AbortSignal — a Ctrl-C — can stop it.
 *
 * The search gives up — a "branch-unsupported" error, after which enumeration searches the general way
 * (../../infer/enumerate.ts) — at a choice with a countable support (it needs the likely-first order and its
 * tolerance), at a sub-model that is not a Borel model and has latent choices, and past `MAX_BRANCH_DEPTH`
 * nested choices.
 *
 * @example
 * ```ts
 * runToEnd(enumerateRuns(model, [], ChoiceMap.EMPTY, rng, { complete: (run) => leaves.push(run), pruned: () => n++ }));
 * ```
 */
import { isDistribution, type Distribution } from "../../dist/distribution.js";
import type { Rng } from "../../rand/rng.js";
import { addressKey, type AddressLike } from "../../trace/address.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { DynamicTrace } from "../../trace/dynamic-trace.js";
import type { CompletedRun, EnumerateRunsOptions } from "../../trace/gfi.js";
import { BorelError, type Span } from "../../util/errors.js";
import { checkDiscrete, isCountable } from "../../infer/enumerate-siblings.js";
import { located } from "../runtime/errors.js";
import type { CompiledModel } from "./compiled-model.js";
import { KeyStamps, materialize, pushRecord, rootFrame, unvisitedKeys, visitValues, type Frame } from "./frame.js";
import { ParticleHandler } from "./particle-handler.js";
import { notADistribution } from "./run-handler.js";
import { Bounce, Done, type Cont, type Step } from "./steps.js";

/** What every continuation returns once its subtree has been searched. */
const SEARCHED = new Done(undefined);

/** Most nested branching choices before the search gives up to the general one. */
export const MAX_BRANCH_DEPTH = 256;

/** Subtree steps between the search's pauses. */
const STEPS_PER_PAUSE = 256;

/** An open choice of the search: its values, the next one to run, and the handler's state before the choice. */
interface OpenChoice {
  readonly f: Frame;
  readonly key: string;
  readonly dist: Distribution;
  readonly values: unknown[];
  readonly logps: number[];
  readonly k: Cont;
  next: number;
  readonly prior: number;
  readonly inc: number;
  readonly steps: number;
  readonly choices: number;
  readonly calls: number;
}

/** Ownership tokens of the search's branches: negative, so never a particle run's (./particle.ts counts up). */
let epochs = 0;

/** Scratch set of `values()`'s address checks. */
const scratch = new KeyStamps();

/** A complete run: the root frame at the end, its return value, the latent choices' log prior. */
class CompletedFrame implements CompletedRun<DynamicTrace> {
  constructor(
    private readonly frame: Frame,
    private readonly retval: unknown,
    private readonly missed: string[],
    readonly logPrior: number,
    private readonly model: CompiledModel,
  ) {}

  get weight(): number {
    return this.missed.length > 0 ? -Infinity : this.logPrior + this.frame.weight;
  }

  unvisited(): string[] {
    return this.missed.slice();
  }

  trace(): DynamicTrace {
    return materialize(this.frame, this.retval, this.model);
  }

  values(choice: (key: string, value: unknown) => void, tracked: (key: string, value: unknown) => void): unknown {
    visitValues(this.frame, choice, tracked, scratch);
    return this.retval;
  }
}

function unsupported(message: string, span: Span | undefined): BorelError {
  return new BorelError("branch-unsupported", message, { span });
}

class EnumerationHandler extends ParticleHandler {
  /** log p of the latent choices so far. */
  logPrior = 0;
  /** The open choices of the current path, innermost last. */
  private readonly open: OpenChoice[] = [];

  constructor(readonly model: CompiledModel, rng: Rng, private readonly search: EnumerateRunsOptions<DynamicTrace>) {
    // `branch`: a sub-model that is not a Borel model and makes latent choices is refused (ParticleHandler.call).
    super(model.budget, { params: search.params, latent: search.latent, lean: search.lean, branch: true });
    this.rng = rng;
  }

  /** Loops of observations run as plain loops (no run of this search ever pauses). */
  get direct(): boolean {
    return true;
  }

  /** The final continuation: one complete run (or a pruned one, when a term's weight was 0). */
  readonly leaf: Cont = (retval) => {
    const f = this.frame;
    if (this.inc === -Infinity) return this.prune();
    this.search.complete(new CompletedFrame(f, retval, this.model.unvisitedKeys(unvisitedKeys(f)), this.logPrior, this.model));
    return SEARCHED;
  };

  /** The run stops here: its weight fell to 0 (an impossible observation or factor), or no value is possible. */
  private prune(): Step {
    this.search.pruned(this.logPrior);
    return SEARCHED;
  }

  /** Goes on with k(v) unless the weight fell to 0 (the run is then pruned there). */
  private onward(k: Cont, v: unknown): Step {
    if (this.inc === -Infinity) return this.prune();
    return this.next(k, v);
  }

  override sample(addr: AddressLike, dist: unknown, span: Span, k: Cont): Step {
    // A weight that fell to 0 since the last check (a loop of factors run directly): no branching below it.
    if (this.inc === -Infinity) return this.prune();
    if (!isDistribution(dist)) throw notADistribution(dist, span);
    this.budget.choice(span);
    this.ops++;
    const key = addressKey(addr), f = this.frame;
    let constrained: { value: unknown } | undefined, values: unknown[] = [], logps: number[] = [];
    try {
      const found = f.constraints.isEmpty() ? undefined : f.constraints.find(key, dist.size);
      if (found !== undefined) constrained = this.constrained(key, dist, found, span);
      else {
        checkDiscrete(f.path + key, dist);
        if (dist.enumerate === undefined || isCountable(dist)) throw unsupported(`the choice at '${f.path}${key}' (${dist}) has countably many values`, span);
        ({ values, logps } = this.positive(dist, key, span));
      }
    } catch (e) {
      throw located(e, span);
    }
    // (The run goes on outside the try: errors later in it keep their own places.)
    if (constrained !== undefined) return this.onward(k, constrained.value);
    if (values.length === 0) return this.prune();
    if (values.length === 1) { this.choose(f, key, dist, values[0], logps[0]!, this.epoch); return this.next(k, values[0]); }
    return this.branchAt(f, key, dist, values, logps, span, k);
  }

  /** The choice's values of positive mass and their log densities. */
  private positive(dist: Distribution, key: string, span: Span): { values: unknown[]; logps: number[] } {
    const all = (dist.enumerate as () => unknown[])(), values: unknown[] = [], logps: number[] = [];
    for (const v of all) {
      const lp = this.logp(dist, v, key, span);
      if (lp > -Infinity) { values.push(v); logps.push(lp); }
    }
    return { values, logps };
  }

  /** The frame after the latent choice at `key` took `value`. */
  private choose(f: Frame, key: string, dist: Distribution, value: unknown, logp: number, epoch: number): void {
    this.frame = pushRecord(f, this.link(f, key, dist, value, logp, false), 0, undefined, false, epoch);
    this.logPrior += logp;
  }

  /** Opens the choice: `runNext` runs k(v) for each value, from the state before the choice. */
  private branchAt(f: Frame, key: string, dist: Distribution, values: unknown[], logps: number[], span: Span, k: Cont): Step {
    const open = this.open;
    // Open choices that have run all their values are no ancestors of this run.
    while (open.length > 0 && open[open.length - 1]!.next >= open[open.length - 1]!.values.length) open.pop();
    if (open.length >= MAX_BRANCH_DEPTH) throw unsupported(`more than ${MAX_BRANCH_DEPTH} nested choices`, span);
    const budget = this.budget;
    open.push({ f, key, dist, values, logps, k, next: 0, prior: this.logPrior, inc: this.inc, steps: budget.steps, choices: budget.choices, calls: budget.depth });
    return SEARCHED;
  }

  /** Runs the next value of the innermost open choice up to the end of its run, or the next choice it opens; false when none is left. */
  runNext(): boolean {
    const open = this.open;
    let c = open[open.length - 1];
    while (c !== undefined && c.next >= c.values.length) { open.pop(); c = open[open.length - 1]; }
    if (c === undefined) return false;
    const i = c.next++, budget = this.budget;
    this.logPrior = c.prior;
    this.inc = c.inc;
    budget.steps = c.steps;
    budget.choices = c.choices;
    budget.depth = c.calls;
    // A fresh owner: frames before the choice are shared by its values and never updated in place.
    this.choose(c.f, c.key, c.dist, c.values[i], c.logps[i]!, (this.epoch = --epochs));
    this.d = 0;
    let s = c.k(c.values[i]);
    while (s instanceof Bounce) { this.d = 0; s = s.k(s.v); }
    return true;
  }

  override observe(addr: AddressLike, dist: unknown, value: unknown, span: Span, k: Cont, binds?: boolean): Step {
    return this.onward(k, this.observeNow(addr, dist, value, span, binds));
  }

  override factor(w: unknown, span: Span, k: Cont): Step {
    this.factorNow(w, span);
    return this.onward(k, undefined);
  }
}

/**
 * Every complete run of `model` given `constraints`, depth first (see the module comment): `opts.complete`
 * gets each, `opts.pruned` is called for each run stopped at weight 0. Pauses between subtree steps.
 */
export function* enumerateRuns(model: CompiledModel, args: unknown[], constraints: ChoiceMap, rng: Rng, opts: EnumerateRunsOptions<DynamicTrace>): Generator<void, void, void> {
  const h = new EnumerationHandler(model, rng, opts);
  h.frame = rootFrame(model, args, constraints, undefined);
  h.epoch = --epochs;
  const budget = model.budget;
  budget.begin();
  try {
    h.d = 0;
    let s = model.body(h, h.leaf, args);
    while (s instanceof Bounce) { h.d = 0; s = s.k(s.v); }
    for (let n = 1; h.runNext(); n++) if (n % STEPS_PER_PAUSE === 0) yield;
  } finally {
    budget.end();
  }
}
