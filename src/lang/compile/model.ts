/**
 * `BorelModel`: a compiled Borel `model` as a generative function. Every GFI method drives the one compiled
 * body (continuation-passing style, ./emit-model.ts) through the `Run` handler of src/trace/run.ts, so weights
 * follow the same rules as embedded models:
 *
 * - simulate: samples every choice; `trace.score = log p(t; x)`;
 * - generate: weight = Σ log p of constrained choices and observations + factors (−∞ if a constraint is
 *   not visited);
 * - assess: weight = log p(choices; x) + factors;
 * - update: weight = log p(t'; x') − log p(t; x) without the terms of freshly sampled choices;
 * - regenerate: the MH log-ratio for resampling the selection from the prior;
 * - scoreAD: log p as an AD expression (sampled values are AD values; the runtime's arithmetic handles them).
 *
 * Runs that make a trace keep a log with it (a `LoggedTrace`), and `update`/`regenerate` of such a trace reuse
 * the loop iterations the change does not reach instead of re-running them (./incremental.ts): same trace,
 * same weight, less work.
 *
 * `start` runs the same body under a persistent-state handler (./particle.ts): it stops at each observation
 * point, forks in O(1) and resumes — SMC directly on an ordinary Borel loop.
 *
 * @example
 * ```ts
 * const { models } = compileProgram(source, "coin.borel");
 * const { trace, weight } = models.coin.generate([flips], ChoiceMap.EMPTY, new Rng(0));
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { DynamicTrace } from "../../trace/dynamic-trace.js";
import type {
  Argdiff, AssessResult, ChoiceOverride, GenerateResult, GenerativeFunction, GFIOptions, ProposeResult,
  EnumerateRunsOptions, PortableRef, RegenerateResult, ResumableRun, ScoreADOptions, ScoreADResult, StartOptions, UpdateResult,
} from "../../trace/gfi.js";
import { Run, type Mode, type RunSetup } from "../../trace/run.js";
import type { TraceRecord } from "../../trace/record-table.js";
import { matchesPattern, schemaAllows, schemaCovers, type ModelSchema } from "../../trace/schema.js";
import { selectedKeys, type Selection } from "../../trace/selection.js";
import { BorelError, isBorelError, type Span } from "../../util/errors.js";
import type { Budget } from "../runtime/budget.js";
import { isStackOverflow, recursionError } from "../runtime/errors.js";
import { startParticle } from "./particle.js";
import { enumerateRuns } from "./enumeration-handler.js";
import { RunHandler, STOP, type StopState } from "./run-handler.js";
import { COMPILED, type CompiledModel } from "./compiled-model.js";
import type { HiddenValue } from "./analysis.js";
import { CompiledLockstepRun, type LockstepBody } from "../runtime/lockstep.js";
import type { LockstepRun } from "../../trace/lockstep.js";
import { runToEnd, type CompiledBody } from "./steps.js";
import { IncrementalRun, reuseSource, withLog, type ReuseSource } from "./incremental.js";

type Opts = ScoreADOptions & { [STOP]?: StopState };

/** A `RunSetup` with every field present (one object shape for every method). */
function setup(mode: Mode, gf: GenerativeFunction, rng: Rng | undefined, opts: GFIOptions | undefined,
  o: { constraints?: ChoiceMap; prev?: DynamicTrace; selection?: Selection; override?: ChoiceOverride }, template?: RunSetup["template"]): RunSetup {
  return { mode, gf, rng, opts, constraints: o.constraints, prev: o.prev, selection: o.selection, override: o.override, template };
}

export class BorelModel implements CompiledModel {
  readonly [COMPILED] = true as const;
  readonly borelType = "model";
  /** The records of a recent run: the address order the next run is checked against (see `Run`). */
  private readonly template: { records: readonly TraceRecord[] | null } = { records: null };

  constructor(
    readonly name: string,
    readonly params: readonly string[],
    /** The compiled body (one form for every GFI method and for `start`). */
    readonly body: CompiledBody,
    readonly budget: Budget,
    readonly span: Span | undefined,
    private readonly schemaOf: () => ModelSchema | undefined,
    /** True when the body has loops with random statements (its runs keep a log for incremental updates). */
    readonly hasLoops = false,
    /** Sample statements that hide a parameter or program value of the same name (./analysis.ts). */
    readonly hidden: readonly HiddenValue[] = [],
    /** The body's lockstep form (./emit-lockstep.ts), when its control flow cannot depend on random values. */
    private readonly lockstepBody?: LockstepBody,
  ) {}

  /** Checks the argument list of a call. */
  checkArgs(args: readonly unknown[], span?: Span): void {
    if (!Array.isArray(args))
      throw new BorelError("bad-args", `${this.name}: arguments must be given as an array`, { span, hint: "model.simulate([arg1, arg2], rng)" });
    if (args.length !== this.params.length)
      throw new BorelError("arity", `model ${this.name} takes ${this.params.length} argument${this.params.length === 1 ? "" : "s"}, got ${args.length}`, {
        span,
        hint: `${this.name}(${this.params.join(", ")})`,
      });
  }

  /** One run of the body under `Run` (a prefix run when the options carry a stop state). */
  /**
   * One run of the body under `Run` (a prefix run when the options carry a stop state). `reuse` is given for
   * runs that make a trace: they keep a log, and reuse loop iterations of `reuse.prev` (./incremental.ts).
   */
  exec(setup: RunSetup, args: readonly unknown[], reuse?: ReuseSource | null): { run: Run; retval: unknown; inc: IncrementalRun | null } {
    this.checkArgs(args);
    const run = new Run(setup);
    const opts = setup.opts as Opts | undefined, stop = opts?.[STOP];
    // Learnable parameters may change between runs: their runs neither log nor reuse.
    const inc = reuse === undefined || !this.hasLoops || stop !== undefined || opts?.params !== undefined || opts?.paramOverride !== undefined ? null : new IncrementalRun(run, reuse, this);
    const budget = this.budget;
    let retval: unknown;
    budget.begin();
    try {
      retval = stop !== undefined && stop.reached ? undefined : runToEnd(this.body, new RunHandler(run, budget, stop, inc), args);
    } catch (e) {
      throw this.runError(e);
    } finally {
      budget.end();
    }
    run.finish();
    return { run, retval, inc };
  }

  private runError(e: unknown): BorelError {
    if (isBorelError(e)) return e;
    if (isStackOverflow(e)) return recursionError(this.span);
    return new BorelError("model-error", `${this.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e, span: this.span });
  }

  simulate(args: unknown[], rng: Rng, opts?: GFIOptions): DynamicTrace {
    return this.simulateAs(this, args, rng, opts);
  }

  generate(args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<DynamicTrace> {
    return this.generateAs(this, args, constraints, rng, opts);
  }

  assess(args: unknown[], choices: ChoiceMap, opts?: GFIOptions): AssessResult {
    const { run, retval } = this.exec(setup("assess", this, undefined, opts, { constraints: ChoiceMap.from(choices) }), args);
    const extra = run.unvisited();
    if (extra.length > 0) throw new BorelError("unknown-address", `assess: the run of ${this.name} has no choice at '${extra[0]}'`, { address: extra[0] });
    return { weight: run.weight, retval };
  }

  update(trace: DynamicTrace, args: unknown[], argdiffs: readonly Argdiff[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): UpdateResult<DynamicTrace> {
    return this.updateAs(this, trace, args, constraints, rng, opts, argdiffs);
  }

  regenerate(trace: DynamicTrace, args: unknown[], argdiffs: readonly Argdiff[], selection: Selection, rng: Rng, opts?: GFIOptions): RegenerateResult<DynamicTrace> {
    return this.regenerateAs(this, trace, args, selection, rng, opts, argdiffs);
  }

  propose(args: unknown[], rng: Rng, opts?: GFIOptions): ProposeResult {
    const t = this.simulate(args, rng, opts);
    return { choices: t.choiceMap(), weight: t.score, retval: t.retval };
  }

  scoreAD(trace: DynamicTrace, override: ChoiceOverride, opts?: ScoreADOptions, args?: unknown[]): ScoreADResult {
    const { run, retval } = this.exec(setup("scoreAD", this, undefined, opts, { prev: trace, override }), args ?? (trace.args as unknown[]));
    return { score: run.adScore, retval };
  }

  // The `...As` forms label the traces they make with `view` (a prefix view of this model, ./prefix.ts).

  simulateAs(view: GenerativeFunction, args: unknown[], rng: Rng, opts?: GFIOptions): DynamicTrace {
    const { run, retval, inc } = this.exec(setup("simulate", view, rng, opts, {}, this.template), args, null);
    return withLog(run.toTrace(args, retval), inc);
  }

  generateAs(view: GenerativeFunction, args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<DynamicTrace> {
    const { run, retval, inc } = this.exec(setup("generate", view, rng, opts, { constraints: ChoiceMap.from(constraints) }, this.template), args, null);
    const trace = withLog(run.toTrace(args, retval), inc);
    const unvisited = this.unvisited(run);
    return unvisited.length === 0 ? { trace, weight: run.weight } : { trace, weight: -Infinity, unvisited };
  }

  updateAs(view: GenerativeFunction, trace: DynamicTrace, args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions, argdiffs?: readonly Argdiff[]): UpdateResult<DynamicTrace> {
    const c = ChoiceMap.from(constraints);
    const { run, retval, inc } = this.exec(setup("update", view, rng, opts, { prev: trace, constraints: c }), args, reuseSource(this, trace, args, argdiffs, { constraints: c }));
    return { trace: withLog(run.toTrace(args, retval), inc), weight: this.unvisited(run).length > 0 ? -Infinity : run.weight, discard: run.discard };
  }

  regenerateAs(view: GenerativeFunction, trace: DynamicTrace, args: unknown[], selection: Selection, rng: Rng, opts?: GFIOptions, argdiffs?: readonly Argdiff[]): RegenerateResult<DynamicTrace> {
    this.checkSelection(selection);
    const { run, retval, inc } = this.exec(setup("regenerate", view, rng, opts, { prev: trace, selection }), args, reuseSource(this, trace, args, argdiffs, { selection }));
    return { trace: withLog(run.toTrace(args, retval), inc), weight: run.weight };
  }

  /** Where another thread can rebuild this model (set by `compileProgram` for programs read from source). */
  portableRef: PortableRef | undefined = undefined;

  portable(): PortableRef | undefined {
    return this.portableRef;
  }

  schema(): ModelSchema | undefined {
    return this.schemaOf();
  }

  /** A run that stops at each observation point, forks in O(1) and resumes (./particle.ts). */
  start(args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: StartOptions): ResumableRun<DynamicTrace> {
    void rng;
    this.checkArgs(args);
    return startParticle(this, args, ChoiceMap.from(constraints), opts);
  }

  /** Every complete run of a finite discrete model, depth first (exact enumeration, ./enumeration-handler.ts). */
  enumerateRuns(args: unknown[], constraints: ChoiceMap, rng: Rng, opts: EnumerateRunsOptions<DynamicTrace>): Generator<void, void, void> {
    this.checkArgs(args);
    return enumerateRuns(this, args, ChoiceMap.from(constraints), rng, opts);
  }

  /** All particles of a bootstrap SMC in one run (../runtime/lockstep.ts), when the body has a lockstep form. */
  lockstep(args: unknown[], constraints: ChoiceMap, particles: number, rng: Rng): LockstepRun | undefined {
    if (this.lockstepBody === undefined) return undefined;
    this.checkArgs(args);
    return new CompiledLockstepRun(this.lockstepBody, args, ChoiceMap.from(constraints), particles, rng, this.budget);
  }

  /**
   * Constraint keys the run did not visit (weight −∞); a key no run of this model can produce is an error
   * naming it (from the schema).
   */
  unvisitedKeys(keys: string[]): string[] {
    const schema = keys.length > 0 ? this.schema() : undefined;
    if (schema)
      for (const k of keys)
        if (!schemaAllows(schema, k)) {
          // w/0 of a vector-valued choice w (mvnormal, dirichlet, a vectorized family): one value, given whole.
          const whole = schema.addresses.find((a) => !a.pattern.endsWith("**") && matchesPattern(k.split("/").slice(0, a.pattern.split("/").length).join("/"), a.pattern));
          throw new BorelError("unknown-address", `constraint at '${k}' is not an address ${this.name} can produce`, {
            address: k,
            hint: whole !== undefined
              ? `'${whole.pattern}' is one choice${whole.dist ? ` (${whole.dist})` : ""}, whose value is given whole (given {"${k.split("/").slice(0, whole.pattern.split("/").length).join("/")}": [...]}), not element by element; addresses of ${this.name}: ${schema.addresses.map((a) => a.pattern).join(", ")}`
              : `addresses of ${this.name}: ${schema.addresses.map((a) => a.pattern).join(", ")}`,
          });
        }
    return keys;
  }

  /** Selections already checked against the schema (a kernel regenerates with one selection many times). */
  private checkedSelections = new WeakSet<Selection>();

  /** A `select(...)` address no run of this model can produce is an error naming it (not a silent no-op). */
  private checkSelection(selection: Selection): void {
    if (this.checkedSelections.has(selection)) return;
    const keys = selectedKeys(selection), schema = keys === undefined ? undefined : this.schema();
    if (keys !== undefined && schema !== undefined)
      for (const k of keys)
        if (!schemaCovers(schema, k))
          throw new BorelError("unknown-address", `regenerate: selected address '${k}' is not an address ${this.name} can produce`, {
            address: k,
            hint: `addresses of ${this.name}: ${schema.addresses.map((a) => a.pattern).join(", ")}`,
          });
    this.checkedSelections.add(selection);
  }

  private unvisited(run: Run): string[] {
    return this.unvisitedKeys(run.unvisited());
  }

  toString(): string {
    return `model ${this.name}(${this.params.join(", ")})`;
  }
}
