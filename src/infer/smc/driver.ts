/**
 * The sequential SMC loop over a stepper (`SMCStepper`): for each step, resample when the ESS is below the
 * threshold (not before the first step), rejuvenate the resampled particles, advance every particle and add
 * its incremental log weight. Records per step the log Ẑ increment, the ESS after reweighting and the
 * observation point; and the steps before which it resampled. All particles at zero weight is an error naming
 * the step and its observation; a NaN weight is an error naming the particle too.
 *
 * @example
 * ```ts
 * const run = runSequential(traceStepper(gf, args, obs), { particles: 1000, scheme: "systematic", threshold: 0.5, rng });
 * run.set.logZ();
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";
import type { ResampleScheme } from "../resample.js";
import { ParticleSet, type EssThreshold } from "./particles.js";
import type { Kernel } from "../kernel.js";
import { moveAllSteps, resolveKernel, type Rejuvenation } from "./rejuvenate.js";
import type { SMCStepper } from "./stepper.js";
import { runToEnd, type Steps } from "../cooperative.js";

export interface DriverOptions {
  particles: number;
  scheme: ResampleScheme;
  threshold: EssThreshold;
  rng: Rng;
  rejuvenate?: Rejuvenation;
  /** Pilot warmup iterations of an adaptive rejuvenation kernel per target (rejuvenate.ts). */
  pilotSteps?: number;
  /** The model, for building registry kernels. */
  gf?: GenerativeFunction;
  /** Called after each step; `fraction` is NaN while the number of steps is unknown (a program's observation points). */
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

export interface SMCHistory {
  /** log Ẑ_t − log Ẑ_{t−1} per step (they sum to log Ẑ). */
  logZIncrements: number[];
  /** ESS after each step's reweighting. */
  essHistory: number[];
  /** Steps before which the particles were resampled. */
  resampled: number[];
  /** Observation point of each step, when the model names it. */
  points: (string | undefined)[];
  /** Acceptance rate of each rejuvenation, with its step. */
  moves: { step: number; acceptance: number }[];
  /**
   * The first step at which rejuvenation was skipped because the runs were at different observation points (some
   * had ended, or were paused at different observations): the observation points depend on latent choices, and
   * moves across that structure would bias the result.
   */
  raggedMove?: number;
}

export interface SequentialRun<S> {
  set: ParticleSet<S>;
  history: SMCHistory;
  /** The step at which an AbortSignal stopped the run (particles as of the previous step). */
  abortedAt?: number;
}

/** The kernel that keeps every trace (a move skipped). */
const stay: Kernel = (trace) => ({ trace, stats: { accepted: false } });

export function runSequential<S>(stepper: SMCStepper<S>, o: DriverOptions): SequentialRun<S> {
  return runToEnd(sequentialSteps(stepper, o));
}

/** `runSequential` as steps (../cooperative.ts): it pauses after every step and every 1024 particles of one. */
export function* sequentialSteps<S>(stepper: SMCStepper<S>, o: DriverOptions): Steps<SequentialRun<S>> {
  const n = o.particles, rng = o.rng;
  const set = new ParticleSet(Array.from({ length: n }, () => stepper.init(rng)));
  const history: SMCHistory = { logZIncrements: [], essHistory: [], resampled: [], points: [], moves: [] };
  for (let t = 0; stepper.steps === undefined ? !set.states.every((s) => stepper.done(s)) || t === 0 : t < stepper.steps; t++) {
    if (o.signal?.aborted) return { set, history, abortedAt: t };
    if (t > 0 && set.maybeResample(o.threshold, o.scheme, rng, (s) => stepper.copy(s))) {
      history.resampled.push(t);
      if (o.rejuvenate !== undefined) {
        const rejuvenate = o.rejuvenate;
        // Resample-move needs one target for all particles. Runs of a program whose observation points depend on
        // its latent choices break that: some have ended and others not, or they are paused at different
        // observation points (a move from one to the other targeted another partial posterior: P(z | y) 0.223
        // against the exact 0.272, x/0 12 standard errors off). Then the moves are skipped — resampling alone
        // stays exact in expectation — and the particles as they were before are kept.
        const kernels = new Map<GenerativeFunction, Kernel>();
        let target: GenerativeFunction | undefined, mixed = stepper.steps === undefined && set.states.some((s) => stepper.done(s)) && !set.states.every((s) => stepper.done(s));
        const kernelFor = (tr: Trace): Kernel => {
          if (target === undefined) target = tr.gf;
          else if (tr.gf !== target && stepper.steps === undefined) mixed = true;
          if (mixed) return stay;
          const gf = o.gf ?? tr.gf;
          let k = kernels.get(gf);
          if (k === undefined) kernels.set(gf, (k = resolveKernel(rejuvenate, gf, tr, rng, o.pilotSteps)));
          return k;
        };
        const unmoved = set.states.slice();
        const acceptance = mixed ? 0 : yield* moveAllSteps(set.states, (s, r) => stepper.move(s, kernelFor, r), rng);
        if (mixed) { set.states = unmoved; history.raggedMove ??= t; }
        else history.moves.push({ step: t, acceptance });
      }
    }
    const before = set.logMeanWeight(), lw = set.logWeights, states = set.states;
    let point: string | undefined;
    for (let i = 0; i < n; i++) {
      const r = stepper.advance(states[i]!, t, rng);
      states[i] = r.state;
      if (r.weight !== r.weight)
        throw new BorelError("nan", `smc: particle ${i} has weight NaN at step ${t} (${r.point ? `observation '${r.point}'` : stepper.describe(t)})`, { address: r.point });
      lw[i] += r.weight;
      if (point === undefined) point = r.point;
      if ((i & 1023) === 1023) yield;
    }
    endStep(set, history, before, t, point, () => stepper.describe(t), () => stepper.unvisited?.(set.states) ?? [], o.gf?.name);
    // A program's number of observation points is known only when its runs end: the fraction is NaN (unknown) until then.
    if (o.onProgress) {
      const finished = stepper.steps ? 0 : set.states.filter((s) => stepper.done(s)).length;
      o.onProgress(stepper.steps ? (t + 1) / stepper.steps : finished > 0 ? finished / n : NaN, `smc: step ${t + 1}${stepper.steps ? `/${stepper.steps}` : ""}, ESS ${set.ess().toFixed(0)}`);
    }
    yield;
  }
  return { set, history };
}

/**
 * The bookkeeping after a step added its increments to the log weights (`before`: the log mean weight before
 * them): all weights zero is an error naming the step and its observation; else the step's log Ẑ increment,
 * ESS and point go into the history.
 */
export function endStep<S>(set: ParticleSet<S>, history: SMCHistory, before: number, t: number, point: string | undefined, describe: () => string,
  unvisited: () => string[] = () => [], model = "the model"): void {
  const after = set.updateWeights();
  if (after === -Infinity) {
    // Every run ended without visiting a constraint: name it (as importance does), not the last observation.
    const missed = unvisited();
    if (missed.length > 0)
      throw new BorelError("unknown-address", `the constraint at '${missed[0]}' was not visited by any of the ${set.size} runs of ${model}`, {
        address: missed[0], hint: "check the address: the model never samples there (a typo, or a branch that is never taken)",
      });
    const where = point !== undefined ? `observation '${point}'` : describe();
    throw new BorelError("zero-weights", `smc: all ${set.size} particles have zero weight at step ${t} (${where})`, {
      address: point,
      hint: "no particle is compatible with this observation: check the data against the model's supports, or use more particles, a custom proposal or rejuvenation",
    });
  }
  history.logZIncrements.push(after - before);
  history.essHistory.push(set.ess());
  history.points.push(point);
}
