/**
 * `tempered(model, β)`: the generative function with density p_β(t) = p(x)·L(x)^β, where, by the trace's score
 * split, log p(x) is the latent score and log L(x) the observed score plus factors. Tempered SMC moves its
 * particles with kernels built on it; SBC's negative control runs inference on it with β = ½ (a deliberately
 * wrong posterior).
 *
 * Weight rules (from the model's, by the split): every weight of the model counts observed and factor terms in
 * full and latent terms as the GFI says; the tempered weight replaces each observed/factor total ℓ by β·ℓ:
 *   generate: w − (1 − β)·ℓ(t),     update / regenerate: w − (1 − β)·(ℓ(t') − ℓ(t)).
 * `assess` is not available (it does not split the score), nor is `scoreAD` on a trace with factors when β ≠ 1
 * (the model's differentiable run scales observations only).
 *
 * @example
 * ```ts
 * const half = tempered(model, 0.5);
 * const { trace, weight } = half.generate(args, obs, rng);   // weight = ½ · log p(y | x) for prior x
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type {
  Argdiff, AssessResult, ChoiceOverride, ChoiceView, GenerateResult, GenerativeFunction, GFIOptions, ProposeResult,
  RegenerateResult, ResumableRun, ScoreADOptions, ScoreADResult, Trace, UpdateResult,
} from "../../trace/gfi.js";
import type { ModelSchema } from "../../trace/schema.js";
import type { Selection } from "../../trace/selection.js";

/** log L of a trace: observed score plus factors. */
export function logLikelihood(t: Trace): number {
  return t.observedScore + t.factorScore;
}

/** A trace of the model seen through the tempered density (choices and values are the inner trace's). */
export class TemperedTrace implements Trace {
  constructor(readonly gf: TemperedModel, readonly inner: Trace) {}
  get args(): readonly unknown[] { return this.inner.args; }
  get retval(): unknown { return this.inner.retval; }
  get latentScore(): number { return this.inner.latentScore; }
  get observedScore(): number { return this.gf.beta * this.inner.observedScore; }
  get factorScore(): number { return this.gf.beta * this.inner.factorScore; }
  get score(): number { return this.latentScore + this.observedScore + this.factorScore; }
  choices(): Iterable<ChoiceView> { return this.inner.choices(); }
  choice(key: string): ChoiceView | undefined { return this.inner.choice(key); }
  get(addr: string | readonly (string | number)[]): unknown { return this.inner.get(addr); }
  tracked(): Iterable<[string, unknown]> { return this.inner.tracked(); }
  choiceMap(): ChoiceMap { return this.inner.choiceMap(); }
}

export class TemperedModel implements GenerativeFunction<unknown[], unknown, TemperedTrace> {
  readonly name: string;
  /** Present when the model has `start()`: each observation point's weight (log-likelihood terms) times β. */
  readonly start?: (args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions) => ResumableRun<TemperedTrace>;

  constructor(readonly model: GenerativeFunction, readonly beta: number) {
    if (!(beta >= 0 && beta <= 1)) throw new BorelError("bad-argument", `tempered: 'beta' must be in [0, 1], got ${beta}`);
    this.name = `tempered(${model.name}, ${beta})`;
    const start = model.start?.bind(model);
    if (start) this.start = (args, constraints, rng, opts) => new TemperedRun(this, start(args, constraints, rng, opts));
  }

  /** The same particle seen by this tempered density. */
  wrap(t: Trace): TemperedTrace {
    return new TemperedTrace(this, t instanceof TemperedTrace ? t.inner : t);
  }

  private shrink(weight: number, dl: number): number {
    return weight === -Infinity || dl === 0 ? weight : weight - (1 - this.beta) * dl;
  }

  simulate(args: unknown[], rng: Rng, opts?: GFIOptions): TemperedTrace {
    return this.wrap(this.model.simulate(args, rng, opts));
  }

  generate(args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<TemperedTrace> {
    const r = this.model.generate(args, constraints, rng, opts);
    return { ...r, trace: this.wrap(r.trace), weight: this.shrink(r.weight, logLikelihood(r.trace)) };
  }

  assess(): AssessResult {
    throw new BorelError("unsupported", `${this.name}: assess is not available on a tempered model`, { hint: "use generate, whose trace splits the score" });
  }

  update(trace: TemperedTrace, args: unknown[], argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<TemperedTrace> {
    const r = this.model.update(trace.inner, args, argdiffs, constraints, rng, opts);
    return { ...r, trace: this.wrap(r.trace), weight: this.shrink(r.weight, logLikelihood(r.trace) - logLikelihood(trace.inner)) };
  }

  regenerate(trace: TemperedTrace, args: unknown[], argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<TemperedTrace> {
    const r = this.model.regenerate(trace.inner, args, argdiffs, selection, rng, opts);
    return { trace: this.wrap(r.trace), weight: this.shrink(r.weight, logLikelihood(r.trace) - logLikelihood(trace.inner)) };
  }

  propose(args: unknown[], rng: Rng, opts?: GFIOptions): ProposeResult {
    const t = this.simulate(args, rng, opts);
    return { choices: t.choiceMap(), weight: t.score, retval: t.retval };
  }

  scoreAD(trace: TemperedTrace, override: ChoiceOverride, opts?: ScoreADOptions, args?: unknown[]): ScoreADResult {
    if (this.beta !== 1 && trace.inner.factorScore !== 0)
      throw new BorelError("unsupported", `${this.name}: gradient-based kernels cannot temper factors`, { hint: "use a kernel that needs no gradient (mh), or write the factors as observations" });
    return this.model.scoreAD(trace.inner, override, { ...opts, observedScale: this.beta * (opts?.observedScale ?? 1) }, args);
  }

  schema(): ModelSchema | undefined {
    return this.model.schema();
  }
}

/**
 * A resumable run of the tempered model. An observation point's weight is a log-likelihood term (observation or
 * factor), so it is scaled by β; constraints marked latent are not supported here.
 */
class TemperedRun implements ResumableRun<TemperedTrace> {
  constructor(private readonly gf: TemperedModel, private readonly run: ResumableRun) {}
  get done(): boolean { return this.run.done; }
  advance(rng: Rng): { done: boolean; weight: number; point?: string } {
    const r = this.run.advance(rng);
    return { ...r, weight: r.weight === -Infinity || r.weight === 0 ? r.weight : this.gf.beta * r.weight };
  }
  fork(): ResumableRun<TemperedTrace> { return new TemperedRun(this.gf, this.run.fork()); }
  /** The paused trace under the tempered density of its own generative function (the model up to this point). */
  trace(): TemperedTrace {
    const inner = this.run.trace();
    return inner.gf === this.gf.model ? this.gf.wrap(inner) : tempered(inner.gf, this.gf.beta).wrap(inner);
  }
  withTrace(trace: TemperedTrace, rng: Rng): ResumableRun<TemperedTrace> {
    if (!this.run.withTrace) throw new BorelError("unsupported", `${this.gf.name}: the model's runs cannot continue from a moved trace`);
    return new TemperedRun(this.gf, this.run.withTrace(trace instanceof TemperedTrace ? trace.inner : trace, rng));
  }
}

/** The model with its likelihood raised to the power β (see the module comment). */
export function tempered(model: GenerativeFunction, beta: number): TemperedModel {
  return model instanceof TemperedModel ? new TemperedModel(model.model, model.beta * beta) : new TemperedModel(model, beta);
}
