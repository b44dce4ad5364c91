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

  private exec(setup: Omit<RunSetup, "gf" | "template">, args: Args): { run: Run; retval: R } {
    if (!Array.isArray(args))
      throw new BorelError("bad-args", `${this.name}: arguments must be given as an array, got ${typeof args}`, { hint: "model.simulate([arg1, arg2], rng)" });
    const run = new Run({
      mode: setup.mode, gf: this as GenerativeFunction, rng: setup.rng, opts: setup.opts, constraints: setup.constraints, prev: setup.prev,
      selection: setup.selection, override: setup.override, template: this.template,
    });
    let retval: R;
    try {
      retval = this.body(run, ...args);
    } catch (e) {
      if (isBorelError(e) || !(e instanceof Error)) throw e;
      throw new BorelError("model-error", `${this.name}: ${e.message}`, { cause: e, hint: "the model body threw an error" });
    }
    run.finish();
    return { run, retval };
  }

  simulate(args: Args, rng: Rng, opts?: GFIOptions): DynamicTrace {
    const { run, retval } = this.exec({ mode: "simulate", rng, opts }, args);
    return run.toTrace(args, retval);
  }

  generate(args: Args, constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<DynamicTrace> {
    const { run, retval } = this.exec({ mode: "generate", rng, opts, constraints: ChoiceMap.from(constraints) }, args);
    if (!this.missed(run)) return { trace: run.toTrace(args, retval), weight: run.weight };
    return { trace: run.toTrace(args, retval), weight: -Infinity, unvisited: run.unvisited() };
  }

  assess(args: Args, choices: ChoiceMap, opts?: GFIOptions): AssessResult {
    const { run, retval } = this.exec({ mode: "assess", opts, constraints: ChoiceMap.from(choices) }, args);
    const extra = run.unvisited();
    if (extra.length > 0)
      throw new BorelError("unknown-address", `assess: the run of ${this.name} has no choice at '${extra[0]}'`, { address: extra[0] });
    return { weight: run.weight, retval };
  }

  update(trace: DynamicTrace, args: Args, _argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<DynamicTrace> {
    const { run, retval } = this.exec({ mode: "update", rng, opts, prev: trace, constraints: ChoiceMap.from(constraints) }, args);
    return { trace: run.toTrace(args, retval), weight: this.missed(run) ? -Infinity : run.weight, discard: run.discard };
  }

  regenerate(trace: DynamicTrace, args: Args, _argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<DynamicTrace> {
    const { run, retval } = this.exec({ mode: "regenerate", rng, opts, prev: trace, selection }, args);
    return { trace: run.toTrace(args, retval), weight: run.weight };
  }

  propose(args: Args, rng: Rng, opts?: GFIOptions): ProposeResult {
    const t = this.simulate(args, rng, opts);
    return { choices: t.choiceMap(), weight: t.score, retval: t.retval };
  }

  scoreAD(trace: DynamicTrace, override: ChoiceOverride, opts?: ScoreADOptions, args?: Args): ScoreADResult {
    const { run, retval } = this.exec({ mode: "scoreAD", opts, prev: trace, override }, args ?? (trace.args as Args));
    return { score: run.adScore, retval };
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
  return new DynamicGenerativeFunction(body, name);
}
