/**
 * Resumable runs of Borel models (DESIGN.md: stop, copy, resume). `start` returns a run paused before the
 * model's first statement; each `advance` runs to the next observation point (incorporating it) or to the
 * end; `fork` copies a run in O(1) — the pending continuation and the persistent frame are shared, never
 * mutated — so SMC on an ordinary loop program costs O(1) per particle per step, not O(t).
 *
 * The advance weights sum to `generate`'s weight, and with the same `Rng` the trace equals `generate`'s.
 * `trace()` of a paused run is a trace of the model's *prefix* up to the current point (its `gf` is a
 * `PrefixModel`), so MCMC kernels can move it; `withTrace(moved, rng)` then continues from the moved trace
 * (re-running the prefix with its latent values: O(t), like the kernel itself).
 *
 * @example
 * ```ts
 * const run = model.start([ys], ChoiceMap.EMPTY, rng);
 * let r = run.advance(rng);        // to the first observation: {done: false, weight, point}
 * const copy = run.fork();         // O(1)
 * while (!r.done) r = run.advance(rng);
 * run.trace();                     // the complete trace
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { DynamicTrace } from "../../trace/dynamic-trace.js";
import type { PendingChoice, ResumableRun, StartOptions, Trace } from "../../trace/gfi.js";
import { BorelError } from "../../util/errors.js";
import { addTrace, KeyStamps, materialize, popFrame, rootFrame, unvisitedKeys, visitValues, withoutReplay, type Frame } from "./frame.js";
import type { CompiledModel } from "./compiled-model.js";
import { latentChoices, ParticleHandler } from "./particle-handler.js";
import { PrefixModel } from "./prefix.js";
import { Bounce, ChoicePause, Done, finish, Pause, type Cont } from "./steps.js";

/**
 * The prefix model of each point of a model, made once: every particle paused at the same point has a trace of
 * the same generative function, so one kernel built for that target (NUTS's unconstrained view, say) moves them all.
 */
const prefixes = new WeakMap<CompiledModel, Map<string, PrefixModel>>();

function prefixModel(model: CompiledModel, key: string | undefined, factors: number): PrefixModel {
  let byPoint = prefixes.get(model);
  if (byPoint === undefined) prefixes.set(model, (byPoint = new Map()));
  const id = `${key === undefined ? "" : `@${key}`}#${factors}`;
  let p = byPoint.get(id);
  if (p === undefined) byPoint.set(id, (p = new PrefixModel(model, { key, factors })));
  return p;
}

/** Scratch set of `values()`'s address checks. */
const scratch = new KeyStamps();

/**
 * Ownership tokens (./frame.ts): a run owns the frames it made since it was last copied, and updates them in
 * place; `fork` and `choose` take a fresh token for the run and its copy, so neither writes a shared frame.
 */
let tokens = 0;

interface Shared {
  readonly model: CompiledModel;
  readonly args: readonly unknown[];
  readonly constraints: ChoiceMap;
  readonly h: ParticleHandler;
}

export class ParticleRun implements ResumableRun<DynamicTrace> {
  constructor(
    private readonly shared: Shared,
    private frame: Frame,
    private pendingK: Cont | null,
    private pendingV: unknown,
    private retval: unknown = undefined,
    /** Weight −∞ added at the end for unvisited constraints. */
    private missed: string[] = [],
    /** The latent choice the run is paused before (`StartOptions.branch`), if any. */
    private pendingChoice: PendingChoice | null = null,
    /** This run's ownership token: frames with it are this run's alone. */
    private token = ++tokens,
    /** Budget steps used by the run so far (its advances share one count, as one run's statements do). */
    private used = 0,
  ) {}

  get done(): boolean {
    return this.pendingK === null;
  }

  /** Observation points passed so far. */
  get points(): number {
    return this.frame.points;
  }

  /** Handler operations of this run and its forks so far (a work counter for tests). */
  get work(): number {
    return this.shared.h.ops;
  }

  /** The total weight so far (Σ of the advance weights, summed as `generate` sums them). */
  get weight(): number {
    return this.missed.length > 0 ? -Infinity : this.frame.weight;
  }

  advance(rng: Rng): { done: boolean; weight: number; point?: string; choice?: PendingChoice } {
    if (this.pendingK === null) return { done: true, weight: 0 };
    if (this.pendingChoice !== null) throw new BorelError("internal", `the run is paused before the choice at '${this.pendingChoice.key}': continue it with choose(value)`);
    const { h, model } = this.shared;
    h.frame = this.frame;
    h.epoch = this.token;
    h.rng = rng;
    h.inc = 0;
    h.d = 0;
    const budget = model.budget;
    let s;
    budget.begin(this.used);
    try {
      s = this.pendingK(this.pendingV);
      while (s instanceof Bounce) { h.d = 0; s = s.k(s.v); }
    } finally {
      this.used = budget.steps;
      budget.end();
    }
    this.frame = h.frame;
    if (s instanceof ChoicePause) {
      this.pendingK = s.k;
      this.pendingChoice = { key: s.point, dist: s.dist };
      return { done: false, weight: h.inc, choice: this.pendingChoice };
    }
    if (s instanceof Pause) {
      this.pendingK = s.k;
      this.pendingV = s.v;
      return { done: false, weight: h.inc, point: s.point };
    }
    if (!(s instanceof Done) || this.frame.parent !== null) throw new BorelError("internal", "a resumable run ended inside a nested call");
    this.pendingK = null;
    this.retval = s.value;
    this.missed = model.unvisitedKeys(unvisitedKeys(this.frame));
    return { done: true, weight: this.missed.length > 0 ? -Infinity : h.inc };
  }

  fork(): ParticleRun {
    this.token = ++tokens; // the frame is shared from now on
    return new ParticleRun(this.shared, this.frame, this.pendingK, this.pendingV, this.retval, this.missed, this.pendingChoice, ++tokens, this.used);
  }

  /** A fork of a run paused before a choice (`StartOptions.branch`) that continues with `value` there. */
  choose(value: unknown): ParticleRun {
    if (this.pendingChoice === null) throw new BorelError("internal", "choose: the run is not paused before a choice (start it with branch: true)");
    this.token = ++tokens; // the frame is shared from now on
    return new ParticleRun(this.shared, this.frame, this.pendingK, value, this.retval, this.missed, null, ++tokens, this.used);
  }

  /** Constraint keys the finished run never visited (its weight is then −∞). */
  unvisited(): string[] {
    return this.missed.slice();
  }

  /** The trace so far: complete once done, else a trace of the prefix model up to the current point. */
  trace(): DynamicTrace {
    const { model, h } = this.shared;
    if (h.lean) throw new BorelError("internal", `a lean run of ${model.name} has no trace (it was started with lean: true); read its draws with values()`);
    if (this.done) return materialize(this.frame, this.retval, model);
    // Close the active calls from the innermost outward, as a prefix run of each would have returned.
    let f = this.frame;
    while (f.parent !== null) f = addTrace(f.parent, f.key, f.gf, materialize(f, undefined), 0);
    return materialize(f, undefined, prefixModel(model, this.frame.last, this.frame.factorsSince));
  }

  /** The run's latent and tracked values in trace order (see `ResumableRun.values`); its return value. */
  values(choice: (key: string, value: unknown) => void, tracked: (key: string, value: unknown) => void): unknown {
    // A run paused inside calls: each active call as a record of its caller, as `trace()` closes them.
    let f = this.frame;
    while (f.parent !== null) f = popFrame(f, undefined, 0);
    visitValues(f, choice, tracked, scratch);
    return this.retval;
  }

  /**
   * A run at this point whose choices are those of `trace` (a trace of this run that an MCMC kernel moved):
   * re-runs the model from the start reusing the trace's latent values, up to the same observation point.
   */
  withTrace(trace: Trace, rng: Rng): ParticleRun {
    const { model, args, constraints, h } = this.shared;
    const h2 = new ParticleHandler(model.budget, h.opts);
    const fresh: ParticleRun = new ParticleRun(
      { model, args, constraints, h: h2 },
      rootFrame(model, args, constraints, latentChoices(trace.choices())),
      () => model.body(h2, finish, args),
      undefined,
    );
    if (this.points === 0) return fresh;
    const at = (r: ParticleRun) => r.frame.last === this.frame.last && r.frame.factorsSince === this.frame.factorsSince;
    while (!fresh.done && !(fresh.points > 0 && at(fresh))) fresh.advance(rng);
    fresh.frame = withoutReplay(fresh.frame);
    return fresh;
  }
}

export function startParticle(model: CompiledModel, args: readonly unknown[], constraints: ChoiceMap, opts: StartOptions | undefined): ParticleRun {
  const h = new ParticleHandler(model.budget, opts);
  return new ParticleRun({ model, args, constraints, h }, rootFrame(model, args, constraints, undefined), () => model.body(h, finish, args), undefined);
}
