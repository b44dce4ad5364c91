/**
 * `switchOf(...branches)`: runs branch `args[0]` (0-based) with the remaining arguments; the branch's choices
 * sit at the top level of the trace. When `update` changes the branch, the old branch's choices go to the
 * discard and the new branch is generated from the constraints; when `regenerate` does, the new branch keeps
 * the old trace's observations (MH on the branch index conditions on the data under the switch).
 *
 * @example
 * ```ts
 * const either = switchOf(gen((t) => t.sample("x", normal(0, 1))), gen((t) => t.sample("x", gamma(2, 1))));
 * either.simulate([1], rng).get("x");
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { ChoiceMap } from "../trace/choicemap.js";
import { givenChoices, withGiven } from "../trace/given.js";
import type {
  Argdiff, AssessResult, ChoiceOverride, ChoiceView, GenerateResult, GenerativeFunction, GFIOptions, ProposeResult,
  RegenerateResult, ScoreADOptions, ScoreADResult, Trace, UpdateResult,
} from "../trace/gfi.js";
import type { ModelSchema } from "../trace/schema.js";
import type { Selection } from "../trace/selection.js";

type SwitchArgs = [number, ...unknown[]];

/** A switch trace delegates to the chosen branch's trace. */
export class SwitchTrace implements Trace {
  constructor(readonly gf: GenerativeFunction, readonly args: readonly unknown[], readonly branch: number, readonly inner: Trace) {}
  get retval() { return this.inner.retval; }
  get score() { return this.inner.score; }
  get latentScore() { return this.inner.latentScore; }
  get observedScore() { return this.inner.observedScore; }
  get factorScore() { return this.inner.factorScore; }
  choices(): Iterable<ChoiceView> { return this.inner.choices(); }
  choice(key: string) { return this.inner.choice(key); }
  get(addr: string | readonly (string | number)[]) { return this.inner.get(addr); }
  tracked() { return this.inner.tracked(); }
  choiceMap() { return this.inner.choiceMap(); }
}

export class SwitchCombinator implements GenerativeFunction<SwitchArgs, unknown, SwitchTrace> {
  readonly name: string;
  constructor(readonly branches: readonly GenerativeFunction[]) {
    if (branches.length === 0) throw new BorelError("bad-model", "switchOf needs at least one branch");
    this.name = `switch(${branches.map((b) => b.name).join(", ")})`;
  }

  private branch(args: SwitchArgs): [number, GenerativeFunction, unknown[]] {
    const i = args[0];
    if (!Number.isInteger(i) || i < 0 || i >= this.branches.length)
      throw new BorelError("bad-args", `${this.name}: branch index must be an integer in 0..${this.branches.length - 1}, got ${String(i)}`);
    return [i, this.branches[i], args.slice(1)];
  }

  simulate(args: SwitchArgs, rng: Rng, opts?: GFIOptions): SwitchTrace {
    const [i, g, a] = this.branch(args);
    return new SwitchTrace(this, args, i, g.simulate(a, rng, opts));
  }

  generate(args: SwitchArgs, constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<SwitchTrace> {
    const [i, g, a] = this.branch(args);
    const r = g.generate(a, constraints, rng, opts);
    return { trace: new SwitchTrace(this, args, i, r.trace), weight: r.weight, unvisited: r.unvisited };
  }

  assess(args: SwitchArgs, choices: ChoiceMap, opts?: GFIOptions): AssessResult {
    const [, g, a] = this.branch(args);
    return g.assess(a, choices, opts);
  }

  update(trace: SwitchTrace, args: SwitchArgs, argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<SwitchTrace> {
    const [i, g, a] = this.branch(args);
    if (i === trace.branch) {
      const r = g.update(trace.inner, a, argdiffs.slice(1), constraints, rng, opts);
      return { trace: new SwitchTrace(this, args, i, r.trace), weight: r.weight, discard: r.discard };
    }
    // A new branch: p(t') / p(t) without the fresh choices = generate weight − old score; everything old is
    // discarded. Given data stay, as in regenerate: the new branch is generated with them under the constraints,
    // and one it cannot make gives weight −∞ (generate's weight when a constraint is not visited).
    const r = g.generate(a, withGiven(givenChoices(trace), constraints), rng, opts);
    return { trace: new SwitchTrace(this, args, i, r.trace), weight: r.weight - trace.score, discard: trace.choiceMap() };
  }

  regenerate(trace: SwitchTrace, args: SwitchArgs, argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<SwitchTrace> {
    const [i, g, a] = this.branch(args);
    if (i === trace.branch) {
      const r = g.regenerate(trace.inner, a, argdiffs.slice(1), selection, rng, opts);
      return { trace: new SwitchTrace(this, args, i, r.trace), weight: r.weight };
    }
    // Changed branch: the latent choices of the new branch are fresh from its prior (and the old ones dropped:
    // both cancel against the proposal), but given data stay — the new branch is generated with the old trace's
    // given observations at their addresses (one the new branch cannot make gives weight −∞: that branch cannot
    // have produced the data); each branch's own observe statements count as they run. Weight: the new
    // likelihood and factors over the old.
    const r = g.generate(a, givenChoices(trace), rng, opts);
    return { trace: new SwitchTrace(this, args, i, r.trace), weight: r.weight - trace.observedScore - trace.factorScore };
  }

  propose(args: SwitchArgs, rng: Rng, opts?: GFIOptions): ProposeResult {
    const t = this.simulate(args, rng, opts);
    return { choices: t.choiceMap(), weight: t.score, retval: t.retval };
  }

  scoreAD(trace: SwitchTrace, override: ChoiceOverride, opts?: ScoreADOptions, args?: SwitchArgs): ScoreADResult {
    const [, g, a] = this.branch(args ?? (trace.args as SwitchArgs));
    return g.scoreAD(trace.inner, override, opts, a);
  }

  schema(): ModelSchema | undefined {
    const inner = this.branches.map((b) => b.schema());
    if (inner.some((s) => s === undefined)) return undefined;
    return { staticStructure: false, addresses: inner.flatMap((s) => (s as ModelSchema).addresses) };
  }
}

/** Chooses among branches by the first argument (see `SwitchCombinator`). */
export function switchOf(...branches: GenerativeFunction[]): SwitchCombinator {
  // The same branches give the same combinator (see `map`).
  if (branches.length === 0) return new SwitchCombinator(branches);
  const made = switches.get(branches[0]) ?? [];
  const same = made.find((c) => c.branches.length === branches.length && c.branches.every((b, i) => b === branches[i]));
  if (same) return same;
  const c = new SwitchCombinator(branches);
  made.push(c);
  switches.set(branches[0], made);
  return c;
}

const switches = new WeakMap<GenerativeFunction, SwitchCombinator[]>();
