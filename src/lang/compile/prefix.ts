/**
 * `PrefixModel`: a Borel model run only up to where a paused particle stands — right after the choice at a
 * given address (nested addresses too) and a number of factors after it. The trace of a paused SMC particle
 * is a trace of this generative function, so MCMC kernels (which call `trace.gf.regenerate`, `update`,
 * `scoreAD`) move a particle under the target of its SMC step: p(choices so far, observations so far). A
 * move that changes the model's structure so that the stopping address is not visited runs to the end.
 *
 * Every method delegates to the model with a fresh stop state in the options (nested calls receive the
 * same options and share it); the traces it makes report this prefix model as their `gf`.
 *
 * @example
 * ```ts
 * const run = model.start(args, ChoiceMap.EMPTY, rng);
 * run.advance(rng); run.advance(rng);
 * const t = run.trace();                       // t.gf: PrefixModel(model, 2)
 * const moved = t.gf.regenerate(t, t.args, [], select("x"), rng).trace;
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { DynamicTrace } from "../../trace/dynamic-trace.js";
import type {
  Argdiff, AssessResult, ChoiceOverride, GenerateResult, GenerativeFunction, GFIOptions, ProposeResult,
  RegenerateResult, ScoreADOptions, ScoreADResult, UpdateResult,
} from "../../trace/gfi.js";
import type { ModelSchema } from "../../trace/schema.js";
import type { Selection } from "../../trace/selection.js";
import type { CompiledModel } from "./compiled-model.js";
import { STOP, StopState, type StopTarget } from "./run-handler.js";

export class PrefixModel implements GenerativeFunction<unknown[], unknown, DynamicTrace> {
  readonly name: string;

  constructor(readonly model: CompiledModel, readonly target: StopTarget) {
    const at = target.key === undefined ? "the start" : `'${target.key}'`;
    this.name = `${model.name} (up to ${at}${target.factors > 0 ? ` and ${target.factors} factor${target.factors > 1 ? "s" : ""} after it` : ""})`;
  }

  private opts<O extends GFIOptions>(o: O | undefined): O {
    return { ...(o ?? {}), [STOP]: new StopState(this.target) } as unknown as O;
  }

  simulate(args: unknown[], rng: Rng, opts?: GFIOptions): DynamicTrace {
    return this.model.simulateAs(this, args, rng, this.opts(opts));
  }

  generate(args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<DynamicTrace> {
    return this.model.generateAs(this, args, constraints, rng, this.opts(opts));
  }

  assess(args: unknown[], choices: ChoiceMap, opts?: GFIOptions): AssessResult {
    return this.model.assess(args, choices, this.opts(opts));
  }

  update(trace: DynamicTrace, args: unknown[], _argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<DynamicTrace> {
    return this.model.updateAs(this, trace, args, constraints, rng, this.opts(opts));
  }

  regenerate(trace: DynamicTrace, args: unknown[], _argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<DynamicTrace> {
    return this.model.regenerateAs(this, trace, args, selection, rng, this.opts(opts));
  }

  propose(args: unknown[], rng: Rng, opts?: GFIOptions): ProposeResult {
    const t = this.simulate(args, rng, opts);
    return { choices: t.choiceMap(), weight: t.score, retval: t.retval };
  }

  scoreAD(trace: DynamicTrace, override: ChoiceOverride, opts?: ScoreADOptions, args?: unknown[]): ScoreADResult {
    return this.model.scoreAD(trace, override, this.opts(opts), args);
  }

  schema(): ModelSchema | undefined {
    return this.model.schema();
  }
}
