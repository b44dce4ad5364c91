/**
 * The generative function interface (DESIGN.md; weight rules as in Gen.jl's `gen_fn_interface.jl`).
 *
 * A generative function g defines a density p(t; x) over choice maps t, a return value, and an internal
 * proposal (ancestral sampling). `score = log p(t; x)` = Σ log p of all choices (observed ones included)
 * + Σ factors. Every method that samples takes an explicit `Rng`.
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { Distribution } from "../dist/distribution.js";
import type { Real, Scalar } from "../ad/var.js";
import type { ChoiceMap } from "./choicemap.js";
import type { Selection } from "./selection.js";
import type { ModelSchema } from "./schema.js";
import type { ParamStore } from "./params.js";
import type { LockstepRun } from "./lockstep.js";

/** How one argument changed since the trace was made: unchanged, changed, or (unfold/map) grown by n. */
export type Argdiff = "same" | "changed" | { grow: number };

/** One random choice as a trace reports it. `key` is relative to the trace it was read from. */
export interface ChoiceView {
  readonly key: string;
  readonly value: unknown;
  readonly dist: Distribution;
  readonly logp: number;
  /** An observation: fixed by `observe` or constrained when generated; never resampled. */
  readonly observed: boolean;
  /**
   * An observation that came from the constraints of `generate` (a query's `given`), not from the model's own
   * `observe`: the data are fixed whatever the model does, so an update or regenerate whose run no longer makes
   * this choice has weight −∞ (that state cannot have produced the data), as `generate` gives such a run.
   */
  readonly given?: boolean;
}

export interface Trace {
  readonly gf: GenerativeFunction;
  readonly args: readonly unknown[];
  readonly retval: unknown;
  /** log p(t; x) = latentScore + observedScore + factorScore. */
  readonly score: number;
  readonly latentScore: number;
  readonly observedScore: number;
  readonly factorScore: number;
  /** Every choice, in visit order (nested choices with keys under their call's address). */
  choices(): Iterable<ChoiceView>;
  /** The choice at `key`, or undefined. */
  choice(key: string): ChoiceView | undefined;
  /** The value at an address; throws a `BorelError` naming it when absent. */
  get(addr: string | readonly (string | number)[]): unknown;
  /** Tracked deterministic quantities (`t.track`), keys under their call's address. */
  tracked(): Iterable<[string, unknown]>;
  /** All choices as a choice map. */
  choiceMap(): ChoiceMap;
}

export interface GenerateResult<T extends Trace = Trace> {
  trace: T;
  /** Σ over constrained addresses of log p(value | choices before it) + factors; −∞ if a constraint was not visited. */
  weight: number;
  /** Constraint keys this run did not visit (its weight is then −∞). */
  unvisited?: string[];
}

export interface UpdateResult<T extends Trace = Trace> {
  trace: T;
  /** log p(t'; x') − log p(t; x) − Σ log p of freshly sampled choices. */
  weight: number;
  /** Replaced and deleted choices. */
  discard: ChoiceMap;
}

export interface RegenerateResult<T extends Trace = Trace> {
  trace: T;
  /** The MH log-ratio for resampling the selection from the prior. */
  weight: number;
}

export interface AssessResult {
  /** log p(choices; x) + factors. */
  weight: number;
  retval: unknown;
}

export interface ProposeResult {
  choices: ChoiceMap;
  /** log p(choices; x). */
  weight: number;
  retval: unknown;
}

/** Options every GFI method accepts. */
export interface GFIOptions {
  /** Learnable parameters read by `t.param`. */
  params?: ParamStore;
  /**
   * Constraints that are latent values (a proposal's), not observations. By default a choice constrained by
   * `generate`, or newly constrained by `update`, is an observation: fixed, never resampled by MCMC, and not
   * a posterior draw. A constrained choice that already existed in the trace keeps its status.
   */
  latent?: ChoiceMap;
}

/** Options of `generate`: the common ones, and where improper choices start. */
export interface GenerateOptions extends GFIOptions {
  /**
   * A new improper choice (`flat()`, `half_flat()`), which cannot be sampled, starts at Stan's default
   * instead: uniform(−2, 2) on its unconstrained scale (./improper-start.ts). For the first trace of a
   * gradient-based method; without it `sample`'s error stands. Nested calls see it too.
   */
  initImproper?: boolean;
}

/**
 * The value each choice takes in a differentiable run (`scoreAD`): an AD value, a plain value, or undefined
 * to use the choice's value in `trace`. `index` is the running count of choices visited, so a caller with a
 * fixed layout can check slot `index` before falling back to a lookup by key.
 */
export type ChoiceOverride = (key: string, index: number, dist: Distribution) => unknown;

export interface ScoreADResult {
  score: Scalar;
  retval: unknown;
}

export interface ScoreADOptions extends GFIOptions {
  /** Called for every `t.param`: the AD value to use (VI), or undefined for the store's value. */
  paramOverride?: (name: string) => Real | undefined;
  /** Scale of each observed term (minibatching: N / batch size). Default 1. */
  observedScale?: number;
}

export interface GenerativeFunction<Args extends unknown[] = unknown[], R = unknown, T extends Trace = Trace> {
  readonly name: string;
  /** Samples every choice; `trace.score = log p(t; x)`. */
  simulate(args: Args, rng: Rng, opts?: GFIOptions): T;
  /** A trace consistent with `constraints`; weight = log p of the constrained choices (+ factors). */
  generate(args: Args, constraints: ChoiceMap, rng: Rng, opts?: GenerateOptions): GenerateResult<T>;
  /** log p(choices; x) for complete choices. */
  assess(args: Args, choices: ChoiceMap, opts?: GFIOptions): AssessResult;
  /** Moves to new arguments and/or constraints, reusing the trace's other choices. */
  update(trace: T, args: Args, argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<T>;
  /** Resamples the selected choices from the prior; the weight is the MH log acceptance ratio. */
  regenerate(trace: T, args: Args, argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<T>;
  /** Samples choices and returns their joint log density. */
  propose(args: Args, rng: Rng, opts?: GFIOptions): ProposeResult;
  /**
   * log p(t; x) as an AD expression, with choice values taken from `override` (AD values for the
   * unconstrained view of HMC/NUTS/VI) or, where it returns undefined, from `trace`. `args` replaces the
   * trace's arguments (a caller passing AD values, e.g. unfold's state); the return value is recomputed too.
   */
  scoreAD(trace: T, override: ChoiceOverride, opts?: ScoreADOptions, args?: Args): ScoreADResult;
  /** What the compiler knows (address patterns, supports, observation points); undefined for embedded models. */
  schema(): ModelSchema | undefined;
  /** A run that can stop at each observation point, be copied and resume (Borel programs; SMC). */
  start?(args: Args, constraints: ChoiceMap, rng: Rng, opts?: StartOptions): ResumableRun<T>;
  /**
   * Every complete run of a model whose latent choices are finite discrete (Borel programs; exact
   * enumeration): depth first, each choice's values in support order, runs sharing the work of their common
   * prefix. Throws a BorelError with code "branch-unsupported" when it cannot search so (a countable support, a
   * sub-model that is not a Borel model, a limit the caller set): the caller then searches the general way.
   * `rng` serves only sub-models that are not Borel models (their runs are generated in one go). The search
   * pauses (yields) between steps so that a caller can give the event loop turns; run it to its end.
   */
  enumerateRuns?(args: Args, constraints: ChoiceMap, rng: Rng, opts: EnumerateRunsOptions<T>): Generator<void, void, void>;
  /**
   * All `particles` runs of a bootstrap SMC at once (./lockstep.ts), or undefined when the model cannot run in
   * lockstep (its control flow may depend on random values). Its runs throw `OutsideLockstep` when they meet a
   * case outside the subset after all.
   */
  lockstep?(args: Args, constraints: ChoiceMap, particles: number, rng: Rng): LockstepRun | undefined;
  /**
   * How to rebuild this generative function in another thread (MCMC chains on workers): a module, an export
   * and the (structured-clone friendly) arguments of that export when it is a factory. Undefined when the
   * function is a closure that cannot be rebuilt elsewhere.
   */
  portable?(): PortableRef | undefined;
}

/** A value exported by a module, loadable in a worker thread (see `GenerativeFunction.portable`). */
export interface PortableRef {
  /** Absolute path or file URL of the module (a .ts or .js file). */
  module: string;
  /** Export name (default "default"). */
  export?: string;
  /** When the export is a factory function: its arguments. */
  factoryArgs?: unknown[];
}

/** Options of `start`. */
export interface StartOptions extends GFIOptions {
  /**
   * Nobody will ask for the run's trace (SMC that keeps no traces and moves no particle): the run keeps each
   * choice's key and value but not its distribution, so a particle's past costs a fraction of the memory;
   * `trace()` is then unavailable and `values()` lists the draws.
   */
  lean?: boolean;
  /**
   * The run also pauses before each latent choice that nothing constrains, and the caller picks its value:
   * `advance` returns the pending `choice` and `choose(value)` forks the run with that value (enumeration
   * branches there, so runs share the work of their common prefix).
   */
  branch?: boolean;
}

/** What `enumerateRuns` reports to its caller, run by run. */
export interface EnumerateRunsOptions<T extends Trace = Trace> extends GFIOptions {
  /** Nobody will build the runs' traces (as `StartOptions.lean`): `values` lists the draws. */
  lean?: boolean;
  /** Each complete run; throwing a "branch-unsupported" error stops the search (a limit reached). */
  complete(run: CompletedRun<T>): void;
  /**
   * Each run stopped where its weight fell to 0 (an impossible observation or factor), with the log prior of
   * its latent choices so far: no complete run. Throwing stops the search, as in `complete`.
   */
  pruned(logPrior: number): void;
}

/** A complete run of `enumerateRuns`: one assignment x of the latent choices. */
export interface CompletedRun<T extends Trace = Trace> {
  /** log p(x, y): the latent choices' log prior plus the observations' and factors' (−∞ with unvisited constraints). */
  readonly weight: number;
  /** log p(x), the latent choices' log prior. */
  readonly logPrior: number;
  /** Constraint keys the run never visited (its weight is then −∞). */
  unvisited(): string[];
  trace(): T;
  /** As `ResumableRun.values`: the latent and tracked values in trace order; the return value. */
  values(choice: (key: string, value: unknown) => void, tracked: (key: string, value: unknown) => void): unknown;
}

/** A latent choice a run paused before (`StartOptions.branch`): its full address and distribution. */
export interface PendingChoice {
  readonly key: string;
  readonly dist: Distribution;
}

/** A model run paused at an observation point (DESIGN.md: stop, copy, resume). */
export interface ResumableRun<T extends Trace = Trace> {
  /**
   * Runs to the next observation point (incorporating it) or to the end — or, with `branch`, to the next
   * latent choice (`choice`; the run then continues only through `choose`).
   */
  advance(rng: Rng): { done: boolean; weight: number; point?: string; choice?: PendingChoice };
  /**
   * For a run paused before a latent choice (`advance` returned `choice`): a fork that continues with `value`
   * as that choice's value (its log density joins the trace's score, not the weight). O(1).
   */
  choose?(value: unknown): ResumableRun<T>;
  /** Constraint keys a finished run never visited (its last weight was then −∞). */
  unvisited?(): string[];
  /** An independent copy that resumes from the same point. */
  fork(): ResumableRun<T>;
  readonly done: boolean;
  /** The trace so far (complete once `done`). */
  trace(): T;
  /**
   * A run at this point whose choices are those of `trace` — this run's `trace()` after an MCMC kernel moved
   * it (rejuvenation) — re-running the model up to this point with the trace's latent values: O(t).
   */
  withTrace?(trace: T, rng: Rng): ResumableRun<T>;
  /**
   * Calls `choice` for each latent choice and then `tracked` for each tracked value, in the order the trace
   * would list them (`trace().choices()`, `trace().tracked()`), without building the trace; returns the
   * return value (undefined before the end). Duplicate addresses are errors, as when the trace is built.
   */
  values?(choice: (key: string, value: unknown) => void, tracked: (key: string, value: unknown) => void): unknown;
}

export function isGenerativeFunction(x: unknown): x is GenerativeFunction {
  return typeof x === "object" && x !== null && typeof (x as GenerativeFunction).simulate === "function" &&
    typeof (x as GenerativeFunction).generate === "function";
}

/**
 * The entry check of an inference method: `model` must be a generative function and `args` an array — an
 * error naming the method and the fix otherwise (a bare function, the most common slip, gets `gen(...)`).
 */
export function checkModelInput(method: string, model: unknown, args: unknown): void {
  if (!isGenerativeFunction(model))
    throw new BorelError("not-a-model", `${method}: the model must be a generative function, got ${model === null ? "null" : typeof model === "function" ? "a plain function" : typeof model}`, {
      hint: typeof model === "function" ? `wrap the function with gen: ${method}(gen((t, ...args) => { ... }), [args], ...)` : "make one with gen((t, ...args) => { ... }) or compile a Borel model",
    });
  if (!Array.isArray(args))
    throw new BorelError("bad-args", `${method}: the model's arguments must be an array, got ${args === null ? "null" : typeof args}`, { hint: `${method}(model, [arg1, arg2], ...)` });
}

/**
 * The trace of a `generate` run that visited every constraint. A constraint the run never reached (a typo, an
 * address the model does not have) is an error naming it: methods that build on one run (the start of MAP or of
 * VI's automatic guide) would otherwise drop the observation silently.
 */
export function visitedTrace<T extends Trace>(method: string, gf: GenerativeFunction, r: GenerateResult<T>): T {
  const missed = r.unvisited?.[0];
  if (missed !== undefined) throw unvisitedConstraint(method, gf, missed);
  return r.trace;
}

/** The error for a constraint at `key` that runs of `gf` did not visit. */
export function unvisitedConstraint(method: string, gf: GenerativeFunction, key: string): BorelError {
  return new BorelError("unknown-address", `${method}: the constraint at '${key}' was not visited by ${gf.name}`, {
    address: key, hint: "check the address: the model never samples there (a typo, or a branch that is never taken)",
  });
}

/**
 * What leaves a regenerate's weight when it drops a whole sub-trace (a call no longer made, a combinator's
 * element past its new length): its observations and factors — its latent choices cancel against the reverse
 * proposal from the prior — or +∞ when it holds given data: a run without it cannot have produced them.
 */
export function lostTraceLikelihood(t: Trace): number {
  for (const c of t.choices()) if (c.given === true) return Infinity;
  return t.observedScore + t.factorScore;
}
