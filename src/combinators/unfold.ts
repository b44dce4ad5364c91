/**
 * `unfold(kernel)`: a state-space chain. Called with `[T, init, ...params]`, it runs
 * `state_t = kernel(t, state_{t−1}, ...params)` for t = 0 … T−1 (state_{−1} = init), step t's choices under
 * "t", returning the array of states. `update` with argdiffs `[{grow: n}, "same", ...]` runs only the new steps
 * (a particle filter step is O(1) in t); a step is revisited only when its inputs changed or the
 * constraints/selection touch it.
 *
 * @example
 * ```ts
 * const step = gen((t, k: number, x: number) => {
 *   const next = t.sample("x", normal(0.9 * x, 1));
 *   t.observe("y", normal(next, 1), ys[k]);
 *   return next;
 * });
 * const chain = unfold(step);
 * let tr = chain.simulate([1, 0], rng);
 * tr = chain.update(tr, [2, 0], [{ grow: 1 }, "same"], ChoiceMap.EMPTY, rng).trace;
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import { add } from "../ad/arith.js";
import type { Scalar } from "../ad/var.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type {
  Argdiff, AssessResult, ChoiceOverride, GenerateResult, GenerativeFunction, GFIOptions, ProposeResult, RegenerateResult,
  ScoreADOptions, ScoreADResult, Trace, UpdateResult,
} from "../trace/gfi.js";
import { lostTraceLikelihood } from "../trace/gfi.js";
import type { ModelSchema } from "../trace/schema.js";
import { NONE, type Selection } from "../trace/selection.js";
import { VectorTrace, addUnvisited, atElement, checkIndexedKeys, generated } from "./vector-trace.js";
import { ScopedByHead } from "../trace/scoped.js";

type UnfoldArgs = [number, unknown, ...unknown[]];

export class UnfoldCombinator implements GenerativeFunction<UnfoldArgs, unknown[], VectorTrace> {
  readonly name: string;
  /** Number of kernel runs since construction (tests check that growing runs only the new steps). */
  stepsRun = 0;

  constructor(readonly kernel: GenerativeFunction) {
    this.name = `unfold(${kernel.name})`;
  }

  private steps(args: UnfoldArgs): number {
    const T = args[0];
    if (!Number.isInteger(T) || T < 0)
      throw new BorelError("bad-args", `${this.name}: the first argument (number of steps) must be a non-negative integer, got ${String(T)}`);
    return T;
  }

  private kernelArgs(args: UnfoldArgs, t: number, state: unknown): unknown[] {
    this.stepsRun++;
    return [t, state, ...args.slice(2)];
  }

  /** Runs steps with `visit(t, state)` returning the step's trace. */
  private chain(args: UnfoldArgs, visit: (t: number, state: unknown) => Trace): Trace[] {
    const T = this.steps(args), subs: Trace[] = [];
    let state = args[1];
    for (let t = 0; t < T; t++) { const tr = atElement(t, () => visit(t, state)); subs.push(tr); state = tr.retval; }
    return subs;
  }

  simulate(args: UnfoldArgs, rng: Rng, opts?: GFIOptions): VectorTrace {
    return new VectorTrace(this, args, this.chain(args, (t, s) => this.kernel.simulate(this.kernelArgs(args, t, s), rng, opts)));
  }

  generate(args: UnfoldArgs, constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<VectorTrace> {
    checkIndexedKeys(this.name, constraints, this.steps(args));
    const scoped = new ScopedByHead(constraints, opts);
    let weight = 0;
    const unvisited: string[] = [];
    const subs = this.chain(args, (t, s) => {
      const r = this.kernel.generate(this.kernelArgs(args, t, s), scoped.constraintsAt(t), rng, scoped.optionsAt(t));
      weight += r.weight;
      addUnvisited(unvisited, t, r);
      return r.trace;
    });
    return generated({ trace: new VectorTrace(this, args, subs), weight }, unvisited);
  }

  assess(args: UnfoldArgs, choices: ChoiceMap, opts?: GFIOptions): AssessResult {
    const T = this.steps(args);
    checkIndexedKeys(this.name, choices, T);
    const scoped = new ScopedByHead(choices, opts);
    let weight = 0, state = args[1];
    const retval: unknown[] = [];
    for (let t = 0; t < T; t++) {
      const r = atElement(t, () => this.kernel.assess(this.kernelArgs(args, t, state), scoped.constraintsAt(t), scoped.optionsAt(t)));
      weight += r.weight; state = r.retval; retval.push(state);
    }
    return { weight, retval };
  }

  /** True when step t must be revisited: its state input or the shared parameters changed. */
  private inputsChanged(argdiffs: readonly Argdiff[], t: number, state: unknown, old: VectorTrace): boolean {
    if (argdiffs.slice(2).some((d) => d !== "same")) return true;
    const prevState = t === 0 ? old.args[1] : old.subtraces[t - 1].retval;
    if (t === 0 && argdiffs[1] !== "same") return true;
    return !Object.is(state, prevState);
  }

  update(trace: VectorTrace, args: UnfoldArgs, argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<VectorTrace> {
    const T = this.steps(args), old = trace.subtraces;
    checkIndexedKeys(this.name, constraints, T);
    const scoped = new ScopedByHead(constraints, opts);
    const discard = new ChoiceMap();
    let weight = 0;
    const subs = this.chain(args, (t, s) => {
      const c = scoped.constraintsAt(t);
      if (t >= old.length) {
        const r = this.kernel.generate(this.kernelArgs(args, t, s), c, rng, scoped.optionsAt(t));
        weight += r.weight;
        return r.trace;
      }
      const changed = this.inputsChanged(argdiffs, t, s, trace);
      if (!changed && c.isEmpty()) return old[t];
      const r = this.kernel.update(old[t], this.kernelArgs(args, t, s), ["same", changed ? "changed" : "same", ...args.slice(2).map((): Argdiff => (changed ? "changed" : "same"))], c, rng, scoped.optionsAt(t));
      weight += r.weight;
      discard.mergeUnder(String(t), r.discard);
      return r.trace;
    });
    for (let t = T; t < old.length; t++) { weight -= old[t].score; discard.mergeUnder(String(t), old[t].choiceMap()); }
    return { trace: new VectorTrace(this, args, subs), weight, discard };
  }

  regenerate(trace: VectorTrace, args: UnfoldArgs, argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<VectorTrace> {
    const old = trace.subtraces;
    let weight = 0;
    const subs = this.chain(args, (t, s) => {
      if (t >= old.length) {
        // A new step's choices come from its prior (cancelling against the proposal); its observations count.
        const fresh = this.kernel.simulate(this.kernelArgs(args, t, s), rng, opts);
        weight += fresh.observedScore + fresh.factorScore;
        return fresh;
      }
      const sel = selection.under(String(t));
      const changed = this.inputsChanged(argdiffs, t, s, trace);
      if (!changed && sel === NONE) return old[t];
      const r = this.kernel.regenerate(old[t], this.kernelArgs(args, t, s), ["same", changed ? "changed" : "same", ...args.slice(2).map((): Argdiff => (changed ? "changed" : "same"))], sel, rng, opts);
      weight += r.weight;
      return r.trace;
    });
    // Dropped steps take their observations out (and data given to them make the new trace impossible).
    for (let t = subs.length; t < old.length; t++) weight -= lostTraceLikelihood(old[t]);
    return { trace: new VectorTrace(this, args, subs), weight };
  }

  propose(args: UnfoldArgs, rng: Rng, opts?: GFIOptions): ProposeResult {
    const t = this.simulate(args, rng, opts);
    return { choices: t.choiceMap(), weight: t.score, retval: t.retval };
  }

  scoreAD(trace: VectorTrace, override: ChoiceOverride, opts?: ScoreADOptions, args?: UnfoldArgs): ScoreADResult {
    const a = args ?? (trace.args as UnfoldArgs);
    let score: Scalar = 0, state = a[1];
    const retval = trace.subtraces.map((sub, t) => {
      const r = this.kernel.scoreAD(sub, (k, _j, d) => override(`${t}/${k}`, -1, d), opts, [t, state, ...a.slice(2)]);
      score = add(score, r.score) as Scalar;
      state = r.retval;
      return state;
    });
    return { score, retval };
  }

  schema(): ModelSchema | undefined {
    const inner = this.kernel.schema();
    return inner && { staticStructure: inner.staticStructure, addresses: inner.addresses.map((p) => ({ ...p, pattern: `*/${p.pattern}` })) };
  }
}

const unfolds = new WeakMap<GenerativeFunction, UnfoldCombinator>();

/** A chain of T kernel steps (see `UnfoldCombinator`); the same kernel gives the same combinator (see `map`). */
export function unfold(kernel: GenerativeFunction): UnfoldCombinator {
  let u = unfolds.get(kernel);
  if (u === undefined) unfolds.set(kernel, (u = new UnfoldCombinator(kernel)));
  return u;
}
