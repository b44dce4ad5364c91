/**
 * `gen`: generative functions written as TypeScript functions that receive an explicit handler.
 *
 * @example
 * ```ts
 * const coin = gen((t, flips: boolean[]) => {
 *   const p = t.sample("p", beta(1, 1));
 *   flips.forEach((f, i) => t.observe(["flip", i], bernoulli(p), f));
 *   return p;
 * });
 * const tr = coin.simulate([[true, false]], new Rng(1));
 * tr.get("p");
 * ```
 */
import { BorelError, isBorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import { ChoiceMap } from "./choicemap.js";
import { DynamicTrace, type TraceRecord } from "./dynamic-trace.js";
import type {
  Argdiff, AssessResult, ChoiceOverride, GenerateResult, GenerativeFunction, GFIOptions, ProposeResult,
  RegenerateResult, ScoreADOptions, ScoreADResult, UpdateResult,
} from "./gfi.js";
import type { ModelBody } from "./handler.js";
import { Run, type RunSetup } from "./run.js";
import type { ModelSchema } from "./schema.js";
import { schemaAllows } from "./schema.js";
import type { Selection } from "./selection.js";

export class DynamicGenerativeFunction<Args extends unknown[], R> implements GenerativeFunction<Args, R, DynamicTrace> {
  /** The records of a recent run: the address order the next run is checked against (see `Run`). */
  private readonly template: { records: readonly TraceRecord[] | null } = { records: null };

  constructor(readonly body: ModelBody<Args, R>, readonly name: string = body.name || "model", private readonly modelSchema?: ModelSchema) {}

  /** One run of the body under `mode` (the setup is one object literal: this runs once per GFI call). */
  private exec(
    mode: RunSetup["mode"], args: Args, rng: Rng | undefined, opts: ScoreADOptions | undefined, constraints?: ChoiceMap, prev?: DynamicTrace,
    selection?: Selection, override?: ChoiceOverride,
  ): Run {
    if (!Array.isArray(args))
      throw new BorelError("bad-args", `${this.name}: arguments must be given as an array, got ${typeof args}`, { hint: "model.simulate([arg1, arg2], rng)" });
    const run = new Run({ mode, gf: this as GenerativeFunction, rng, opts, constraints, prev, selection, override, template: this.template });
    try {
      // Short argument lists are passed directly (a spread call costs more than a small model body).
      const b = this.body as unknown as (t: Run, ...a: unknown[]) => R;
      const n = args.length;
      run.retval = n === 0 ? b(run) : n === 1 ? b(run, args[0]) : n === 2 ? b(run, args[0], args[1]) : n === 3 ? b(run, args[0], args[1], args[2]) : b(run, ...args);
    } catch (e) {
      if (isBorelError(e) || !(e instanceof Error)) throw e;
      // (No regular expression here: at the stack's limit compiling one overflows again.)
      if (e instanceof RangeError && e.message.includes("call stack"))
        throw new BorelError("model-error", `${this.name}: the recursion is too deep (the JavaScript call stack overflowed)`, {
          cause: e, hint: "a long chain of nested calls (t.trace of a model inside itself) runs out of stack: write the steps as a loop, or use unfold for a state-space chain",
        });
      throw new BorelError("model-error", `${this.name}: ${e.message}`, { cause: e, hint: "the model body threw an error" });
    }
    if (run.retval instanceof Promise)
      throw new BorelError("bad-model", `${this.name}: the model body returned a Promise: a model body must be synchronous`, {
        hint: "choices made after an await would be lost; load data first and pass it as an argument",
      });
    run.finish();
    return run;
  }

  simulate(args: Args, rng: Rng, opts?: GFIOptions): DynamicTrace {
    const run = this.exec("simulate", args, rng, opts);
    return run.toTrace(args, run.retval);
  }

  generate(args: Args, constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<DynamicTrace> {
    const run = this.exec("generate", args, rng, opts, ChoiceMap.from(constraints));
    if (!this.missed(run)) return { trace: run.toTrace(args, run.retval), weight: run.weight };
    return { trace: run.toTrace(args, run.retval), weight: -Infinity, unvisited: run.unvisited() };
  }

  assess(args: Args, choices: ChoiceMap, opts?: GFIOptions): AssessResult {
    const run = this.exec("assess", args, undefined, opts, ChoiceMap.from(choices));
    const extra = run.unvisited();
    if (extra.length > 0)
      throw new BorelError("unknown-address", `assess: the run of ${this.name} has no choice at '${extra[0]}'`, { address: extra[0] });
    return { weight: run.weight, retval: run.retval };
  }

  update(trace: DynamicTrace, args: Args, _argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<DynamicTrace> {
    const run = this.exec("update", args, rng, opts, ChoiceMap.from(constraints), trace);
    return { trace: run.toTrace(args, run.retval), weight: this.missed(run) ? -Infinity : run.weight, discard: run.discard };
  }

  regenerate(trace: DynamicTrace, args: Args, _argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<DynamicTrace> {
    const run = this.exec("regenerate", args, rng, opts, undefined, trace, selection);
    return { trace: run.toTrace(args, run.retval), weight: run.weight };
  }

  propose(args: Args, rng: Rng, opts?: GFIOptions): ProposeResult {
    const t = this.simulate(args, rng, opts);
    return { choices: t.choiceMap(), weight: t.score, retval: t.retval };
  }

  scoreAD(trace: DynamicTrace, override: ChoiceOverride, opts?: ScoreADOptions, args?: Args): ScoreADResult {
    const run = this.exec("scoreAD", args ?? (trace.args as Args), undefined, opts, undefined, trace, undefined, override);
    return { score: run.adScore, retval: run.retval };
  }

  schema(): ModelSchema | undefined {
    return this.modelSchema;
  }

  /**
   * True when a constraint was not visited: the run gets weight −∞ (its branch did not reach the address).
   * With a schema, a constraint no run can visit is an error naming it.
   */
  private missed(run: Run): boolean {
    const unvisited = run.unvisited();
    if (unvisited.length === 0) return false;
    if (this.modelSchema)
      for (const k of unvisited)
        if (!schemaAllows(this.modelSchema, k))
          throw new BorelError("unknown-address", `constraint at '${k}' is not an address ${this.name} can produce`, { address: k });
    return true;
  }
}

/** Makes a generative function from a model body `(t, ...args) => retval`. */
export function gen<Args extends unknown[], R>(body: ModelBody<Args, R>, name?: string): DynamicGenerativeFunction<Args, R> {
  if (typeof body !== "function") throw new BorelError("bad-model", "gen needs a function (t, ...args) => ...");
  // The handler records choices as the body calls it: choices after an `await` would land after the run ended.
  if (body.constructor?.name === "AsyncFunction" || body.constructor?.name === "AsyncGeneratorFunction")
    throw new BorelError("bad-model", "gen needs a synchronous function: a model body cannot be async", {
      hint: "load data before building the model and pass it as an argument; inside the body, call t.sample / t.observe synchronously",
    });
  return new DynamicGenerativeFunction(body, name);
}
