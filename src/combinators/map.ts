/**
 * `map(kernel)`: a plate. Called with arrays `[xs1, xs2, ...]` of equal length n, it runs `kernel(xs1[i],
 * xs2[i], ...)` for each i with its choices under "i", returning the array of results. `update` and
 * `regenerate` revisit only elements whose arguments changed or that the constraints/selection touch.
 *
 * @example
 * ```ts
 * const point = gen((t, x: number) => t.sample("y", normal(2 * x, 1)));
 * const points = map(point);
 * points.simulate([[0.1, 0.5, 0.9]], rng).get("1/y");
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

type MapArgs = unknown[][];

export class MapCombinator implements GenerativeFunction<MapArgs, unknown[], VectorTrace> {
  readonly name: string;
  constructor(readonly kernel: GenerativeFunction) {
    this.name = `map(${kernel.name})`;
  }

  private length(args: MapArgs): number {
    if (!Array.isArray(args) || args.length === 0 || !args.every((a: unknown) => Array.isArray(a) || a instanceof Float64Array))
      throw new BorelError("bad-args", `${this.name}: arguments must be arrays of equal length, one per kernel argument`);
    const n = args[0].length;
    args.forEach((a, j) => { if (a.length !== n) throw new BorelError("bad-args", `${this.name}: argument ${j} has length ${a.length}, argument 0 has ${n}`); });
    return n;
  }

  private argsAt(args: MapArgs, i: number): unknown[] {
    return args.map((a) => a[i]);
  }

  simulate(args: MapArgs, rng: Rng, opts?: GFIOptions): VectorTrace {
    const n = this.length(args);
    return new VectorTrace(this, args, Array.from({ length: n }, (_, i) => atElement(i, () => this.kernel.simulate(this.argsAt(args, i), rng, opts))));
  }

  generate(args: MapArgs, constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<VectorTrace> {
    const n = this.length(args);
    checkIndexedKeys(this.name, constraints, n);
    const scoped = new ScopedByHead(constraints, opts);
    let weight = 0;
    const unvisited: string[] = [];
    const subs = Array.from({ length: n }, (_, i) => {
      const r = atElement(i, () => this.kernel.generate(this.argsAt(args, i), scoped.constraintsAt(i), rng, scoped.optionsAt(i)));
      weight += r.weight;
      addUnvisited(unvisited, i, r);
      return r.trace;
    });
    return generated({ trace: new VectorTrace(this, args, subs), weight }, unvisited);
  }

  assess(args: MapArgs, choices: ChoiceMap, opts?: GFIOptions): AssessResult {
    const n = this.length(args);
    checkIndexedKeys(this.name, choices, n);
    const scoped = new ScopedByHead(choices, opts);
    let weight = 0;
    const retval = Array.from({ length: n }, (_, i) => {
      const r = atElement(i, () => this.kernel.assess(this.argsAt(args, i), scoped.constraintsAt(i), scoped.optionsAt(i)));
      weight += r.weight;
      return r.retval;
    });
    return { weight, retval };
  }

  update(trace: VectorTrace, args: MapArgs, argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<VectorTrace> {
    const n = this.length(args);
    checkIndexedKeys(this.name, constraints, n);
    const scoped = new ScopedByHead(constraints, opts);
    const discard = new ChoiceMap();
    let weight = 0;
    const old = trace.subtraces, oldArgs = trace.args as MapArgs;
    const subs: Trace[] = [];
    for (let i = 0; i < n; i++) {
      const a = this.argsAt(args, i), c = scoped.constraintsAt(i);
      if (i >= old.length) {
        const r = atElement(i, () => this.kernel.generate(a, c, rng, scoped.optionsAt(i)));
        weight += r.weight; subs.push(r.trace); continue;
      }
      const diffs = a.map((v, j): Argdiff => (argdiffs[j] === "same" || Object.is(v, oldArgs[j][i]) ? "same" : "changed"));
      if (c.isEmpty() && diffs.every((d) => d === "same")) { subs.push(old[i]); continue; }
      const r = atElement(i, () => this.kernel.update(old[i], a, diffs, c, rng, scoped.optionsAt(i)));
      weight += r.weight; subs.push(r.trace); discard.mergeUnder(String(i), r.discard);
    }
    for (let i = n; i < old.length; i++) { weight -= old[i].score; discard.mergeUnder(String(i), old[i].choiceMap()); }
    return { trace: new VectorTrace(this, args, subs), weight, discard };
  }

  regenerate(trace: VectorTrace, args: MapArgs, argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<VectorTrace> {
    const n = this.length(args);
    let weight = 0;
    const old = trace.subtraces, oldArgs = trace.args as MapArgs;
    const subs: Trace[] = [];
    for (let i = 0; i < n; i++) {
      const a = this.argsAt(args, i), sel = selection.under(String(i));
      if (i >= old.length) {
        // A new element's choices come from its prior (cancelling against the proposal); its observations count.
        const t = atElement(i, () => this.kernel.simulate(a, rng, opts));
        weight += t.observedScore + t.factorScore; subs.push(t); continue;
      }
      const diffs = a.map((v, j): Argdiff => (argdiffs[j] === "same" || Object.is(v, oldArgs[j][i]) ? "same" : "changed"));
      if (sel === NONE && diffs.every((d) => d === "same")) { subs.push(old[i]); continue; }
      const r = atElement(i, () => this.kernel.regenerate(old[i], a, diffs, sel, rng, opts));
      weight += r.weight; subs.push(r.trace);
    }
    // Dropped elements take their observations out (and data given to them make the new trace impossible).
    for (let i = n; i < old.length; i++) weight -= lostTraceLikelihood(old[i]);
    return { trace: new VectorTrace(this, args, subs), weight };
  }

  propose(args: MapArgs, rng: Rng, opts?: GFIOptions): ProposeResult {
    const t = this.simulate(args, rng, opts);
    return { choices: t.choiceMap(), weight: t.score, retval: t.retval };
  }

  scoreAD(trace: VectorTrace, override: ChoiceOverride, opts?: ScoreADOptions, args?: MapArgs): ScoreADResult {
    const a = args ?? (trace.args as MapArgs);
    let score: Scalar = 0;
    const retval = trace.subtraces.map((sub, i) => {
      const r = this.kernel.scoreAD(sub, (k, _j, d) => override(`${i}/${k}`, -1, d), opts, this.argsAt(a, i));
      score = add(score, r.score) as Scalar;
      return r.retval;
    });
    return { score, retval };
  }

  schema(): ModelSchema | undefined {
    const inner = this.kernel.schema();
    return inner && { staticStructure: inner.staticStructure, addresses: inner.addresses.map((p) => ({ ...p, pattern: `*/${p.pattern}` })) };
  }
}

const maps = new WeakMap<GenerativeFunction, MapCombinator>();

/**
 * A plate over arrays of arguments (see `MapCombinator`). The same kernel gives the same combinator, so a model
 * body that writes `t.trace("pts", map(point), args)` calls one generative function on every run: a new one
 * per run would be a different callee to `update`, which then discarded the call's choices and its observations.
 */
export function map(kernel: GenerativeFunction): MapCombinator {
  let m = maps.get(kernel);
  if (m === undefined) maps.set(kernel, (m = new MapCombinator(kernel)));
  return m;
}
