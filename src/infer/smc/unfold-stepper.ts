/**
 * SMC mode (1) on `unfold(kernel)`, O(1) per particle and step. Growing an unfold trace by one step is, by the
 * combinator's update rule, `kernel.generate([t, state_{t−1}, ...params], constraints under "t")` for the new step
 * with every earlier step retained; this stepper runs exactly that, keeping a particle as a persistent list of
 * step traces (so resampled duplicates share their past), and builds the unfold's `VectorTrace` only when a
 * kernel moves the particle or inference returns it. Weights are identical to `update` with `{grow: 1}`.
 *
 * With `compact` (nothing will ask for a particle's trace: no rejuvenation, no proposal, no kept traces) a
 * particle is a slot in `StepColumns`: each step's trace is dropped once its values are copied out, and the
 * posterior's draws are built from the columns.
 *
 * @example
 * ```ts
 * const stepper = unfoldStepper(unfold(step), [100, 0], ChoiceMap.from(obs), {});
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import type { GFIOptions, Trace } from "../../trace/gfi.js";
import type { UnfoldCombinator } from "../../combinators/unfold.js";
import { VectorTrace, atElement } from "../../combinators/vector-trace.js";
import { unionChoices, zeroWeightCause } from "../importance.js";
import type { SMCStepper, StepResult } from "./stepper.js";
import { StepColumns } from "./step-columns.js";
import { splitByStep, type TraceStepperOptions } from "./trace-stepper.js";

/** A particle: its last step's trace and the particle before it (shared after resampling). */
export interface UnfoldParticle {
  readonly step: Trace;
  readonly prev: UnfoldParticle | null;
  readonly length: number;
}

export interface UnfoldStepperOptions extends TraceStepperOptions {
  /** Keep particles as columns (no trace per particle; see the module comment). */
  compact?: { particles: number };
}

export function unfoldStepper(gf: UnfoldCombinator, args: unknown[], observations: ChoiceMap, opts: UnfoldStepperOptions = {}): SMCStepper<UnfoldParticle | null> | SMCStepper<number> {
  const T = args[0];
  if (typeof T !== "number" || !Number.isInteger(T) || T < 1)
    throw new BorelError("bad-args", `smc: the first argument of ${gf.name} must be the number of steps (a positive integer), got ${String(T)}`);
  const perStep = splitByStep(observations, T, opts.stepOf ?? ((k) => Number(k.split("/")[0])));
  const stepConstraints = perStep.map((c, t) => c.under(String(t)));
  const { proposal, stepOf: _s, latent, compact, ...gfiOpts } = opts;
  const params = args.slice(2), kernel = gf.kernel;
  const stepLatent = (t: number) => (latent ? latent.under(String(t)) : undefined);
  // Why a run of a step had zero weight (an impossible observation inside the kernel is no constraint).
  const cause: (string | undefined)[] = [];
  const describe = (t: number) => {
    const keys = [...perStep[t]!.keys()], why = cause[t];
    if (why) return why === "a factor" ? "a factor of −∞" : `the observation at '${t}/${why.slice(1)} is impossible`;
    return keys.length === 0 ? "no observation" : keys.slice(0, 3).map((k) => `'${k}'`).join(", ") + (keys.length > 3 ? ", ..." : "");
  };
  // The constraints of the step being advanced that runs did not visit, and by how many runs: when every run
  // missed one, it is named in the error for all-zero weights (as importance does), not the observations.
  const missed = { step: -1, runs: 0, counts: new Map<string, number>() };
  const generateStep = (t: number, state: unknown, constraints: ChoiceMap, rng: Rng, o: GFIOptions | undefined) => {
    if (missed.step !== t) { missed.step = t; missed.runs = 0; missed.counts.clear(); }
    const r = atElement(t, () => kernel.generate([t, state, ...params], constraints, rng, o));
    missed.runs++;
    if (r.weight === -Infinity) cause[t] = zeroWeightCause(r.trace);
    for (const k of r.unvisited ?? []) missed.counts.set(`${t}/${k}`, (missed.counts.get(`${t}/${k}`) ?? 0) + 1);
    return r;
  };
  const unvisited = () => [...missed.counts].filter(([, n]) => n === missed.runs).map(([k]) => k);
  if (compact !== undefined && proposal === undefined) {
    const cols = new StepColumns(T, compact.particles);
    const stepOpts = Array.from({ length: T }, (_, t): GFIOptions => { const lat = stepLatent(t); return lat ? { ...gfiOpts, latent: lat } : gfiOpts; });
    const unavailable = (): never => { throw new BorelError("internal", "smc: a compact particle has no trace (traces were not requested)"); };
    const columns: SMCStepper<number> = {
      steps: T,
      init: () => -1,
      advance(p, t, rng): StepResult<number> {
        const r = generateStep(t, p === -1 ? args[1] : cols.retval(t - 1, p), stepConstraints[t]!, rng, stepOpts[t]);
        return { state: cols.add(t, p, r.trace), weight: r.weight };
      },
      copy: (p) => p,
      done: () => false,
      trace: unavailable,
      move: unavailable,
      describe,
      unvisited,
      draws: (states) => cols.draws(states),
    };
    return columns;
  }

  const toTrace = (p: UnfoldParticle | null): VectorTrace => {
    const subs: Trace[] = new Array(p?.length ?? 0);
    for (let q = p; q !== null; q = q.prev) subs[q.length - 1] = q.step;
    return new VectorTrace(gf, [subs.length, args[1], ...params], subs);
  };
  const fromTrace = (t: Trace): UnfoldParticle | null => {
    if (!(t instanceof VectorTrace)) throw new BorelError("internal", `smc: a kernel returned a ${t.constructor.name} for ${gf.name}`);
    let p: UnfoldParticle | null = null;
    t.subtraces.forEach((s, i) => { p = { step: s, prev: p, length: i + 1 }; });
    return p;
  };

  const traces: SMCStepper<UnfoldParticle | null> = {
    steps: T,
    init: () => null,
    advance(p, t, rng): StepResult<UnfoldParticle | null> {
      let constraints = stepConstraints[t]!, lat = stepLatent(t), logQ = 0;
      const q = proposal?.(t, p === null ? null : toTrace(p));
      if (q) {
        const r = q.gf.propose(q.args, rng, { params: opts.params });
        const proposed = r.choices.under(String(t));
        if (proposed.size !== r.choices.size)
          throw new BorelError("bad-proposal", `smc: the proposal of step ${t} proposes addresses outside step ${t} of ${gf.name}`, { hint: `step ${t}'s addresses start with "${t}/"` });
        constraints = unionChoices(constraints, proposed, `the proposal of step ${t}`);
        lat = lat ? unionChoices(lat, proposed) : proposed;
        logQ = r.weight;
      }
      const o: GFIOptions = lat ? { ...gfiOpts, latent: lat } : gfiOpts;
      const r = generateStep(t, p === null ? args[1] : p.step.retval, constraints, rng, o);
      return { state: { step: r.trace, prev: p, length: t + 1 }, weight: r.weight - logQ };
    },
    copy: (p) => p,
    done: () => false,
    trace: toTrace,
    move(p, kernelFor, rng) {
      const before = toTrace(p), r = kernelFor(before)(before, rng);
      return { state: fromTrace(r.trace), accepted: r.stats.accepted };
    },
    describe,
    unvisited,
  };
  return traces;
}
