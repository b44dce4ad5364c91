/**
 * SMC on a lockstep run (../../trace/lockstep.ts): a model whose control flow cannot depend on its random values
 * runs all particles at once, each random quantity one vector over the particles, so a step costs a few
 * vector operations instead of N paused runs — the bootstrap particle filter as one would write it by hand.
 * Same algorithm and bookkeeping as `runSequential` over per-particle runs (resampling when the ESS falls
 * below the threshold, the same schemes, log Ẑ increments, ESS history, the zero-weight error); the draws come
 * back as columns. Used by `smc` when nothing needs a particle's trace (no rejuvenation, proposal or kept
 * traces).
 *
 * A two-particle pilot run on its own random stream checks first that the program stays inside the lockstep
 * subset for these arguments (a value that is not a number per particle, a vector-valued choice, a NaN
 * density …); otherwise — or when the real run meets such a case or an error later — this returns undefined and
 * `smc` runs the particles one by one, which also gives any error its usual message.
 *
 * @example
 * ```ts
 * const r = lockstepSequential(program, [ys], obs, { particles: 10000, scheme: "systematic", threshold: 0.5, rng });
 * r?.run.set.logZ();
 * ```
 */
import { Rng } from "../../rand/rng.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { GenerativeFunction } from "../../trace/gfi.js";
import { OutsideLockstep, type LockstepRun } from "../../trace/lockstep.js";
import type { ChainDraws } from "../../posterior/types.js";
import { endStep, type DriverOptions, type SequentialRun, type SMCHistory } from "./driver.js";
import { ParticleSet } from "./particles.js";
import { runToEnd, type Steps } from "../cooperative.js";

/**
 * The most values (particles × recorded quantities) a lockstep run keeps: 1.25·10⁸ numbers, 1 GB. It keeps every
 * particle's value of every choice until the end, while per-particle runs share their common past after
 * resampling (path coalescence) and so need far less for long series with many particles.
 */
export const LOCKSTEP_MAX_VALUES = 1.25e8;

const NO_FORM = "the program has no lockstep form: a loop bound, condition or index depends on a random value, or it calls a sub-model or a function of random values";

/** Why a model ran per particle instead (`diagnostics.lockstepWhy`). */
export interface NotInLockstep { why: string }

export function lockstepSequential(gf: GenerativeFunction, args: unknown[], observations: ChoiceMap, o: DriverOptions): { run: SequentialRun<number>; draws: ChainDraws } | NotInLockstep {
  return runToEnd(lockstepSteps(gf, args, observations, o));
}

/** `lockstepSequential` as steps (../cooperative.ts): it pauses after every observation point. */
export function* lockstepSteps(gf: GenerativeFunction, args: unknown[], observations: ChoiceMap, o: DriverOptions): Steps<{ run: SequentialRun<number>; draws: ChainDraws } | NotInLockstep> {
  if (typeof gf.lockstep !== "function") return { why: NO_FORM };
  const pilot = pilotColumns(gf, args, observations);
  if (typeof pilot === "string") return { why: pilot };
  if (pilot * o.particles > LOCKSTEP_MAX_VALUES)
    return { why: `${o.particles} particles × ${pilot} recorded values exceed the lockstep limit of ${LOCKSTEP_MAX_VALUES.toExponential(2)} numbers (1 GB)` };
  const run = gf.lockstep(args, observations, o.particles, o.rng);
  if (run === undefined) return { why: NO_FORM };
  try {
    const r = yield* drive(run, o);
    return { run: r, draws: run.draws() };
  } catch (e) {
    // Outside the subset after all, or an error: per-particle runs report errors as every other method does
    // (naming the address, not the element of a particle vector).
    return { why: `the lockstep run stopped: ${(e as Error).message}` };
  }
}

/** The number of columns a run records, when a two-particle run goes to its end inside the lockstep subset; else why not. */
function pilotColumns(gf: GenerativeFunction, args: unknown[], observations: ChoiceMap): number | string {
  try {
    const pilot = gf.lockstep!(args, observations, 2, new Rng("lockstep-pilot"));
    if (pilot === undefined) return NO_FORM;
    while (!pilot.advance().done);
    return pilot.draws().columns.size;
  } catch (e) {
    return `a two-particle trial run met ${e instanceof OutsideLockstep ? e.why : `an error (${(e as Error).message})`}`;
  }
}

function* drive(run: LockstepRun, o: DriverOptions): Steps<SequentialRun<number>> {
  const n = o.particles, identity = Array.from({ length: n }, (_, i) => i);
  const set = new ParticleSet<number>(identity.slice());
  const history: SMCHistory = { logZIncrements: [], essHistory: [], resampled: [], points: [], moves: [] };
  for (let t = 0; ; t++) {
    if (o.signal?.aborted) return { set, history, abortedAt: t };
    if (t > 0 && set.maybeResample(o.threshold, o.scheme, o.rng, (s) => s)) {
      history.resampled.push(t);
      run.resample(set.states);
      set.states = identity.slice();
    }
    const before = set.logMeanWeight(), lw = set.logWeights;
    const r = run.advance(), w = r.weights;
    if (typeof w === "number") { if (w !== 0) for (let i = 0; i < n; i++) lw[i] += w; }
    else for (let i = 0; i < n; i++) lw[i] += w[i]!;
    endStep(set, history, before, t, r.point, () => `observation point ${t + 1}`);
    o.onProgress?.(r.done ? 1 : NaN, `smc: step ${t + 1}, ESS ${set.ess().toFixed(0)}`);
    if (r.done) return { set, history };
    yield;
  }
}
