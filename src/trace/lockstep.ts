/**
 * Lockstep runs: all N particles of a bootstrap SMC executed together, one statement at a time, each random
 * quantity held as one `Float64Array` over the particles — possible when a model's control flow never depends
 * on its random values (loop bounds, conditions and indices come from data), as in a state-space filter. The
 * run stops at each observation point with one log-weight increment per particle; resampling permutes the
 * particles by an ancestor vector. A model offers it through `GenerativeFunction.lockstep`; SMC uses it when
 * nothing needs a trace per particle (src/infer/smc/lockstep.ts), and falls back to per-particle runs when a
 * run throws `OutsideLockstep`.
 *
 * @example
 * ```ts
 * const run = model.lockstep?.(args, constraints, 1000, rng);
 * let r = run.advance();           // {done, weights: one increment per particle (or one for all), point}
 * run.resample(ancestors);         // particle k continues as a copy of particle ancestors[k]
 * run.draws();                     // the latent and tracked values and the return value, by particle
 * ```
 */

/** Thrown by a lockstep run that meets a program outside the subset it can run (the caller falls back). */
export class OutsideLockstep extends Error {
  constructor(readonly why: string) {
    super(`outside the lockstep subset: ${why}`);
  }
}

export interface LockstepRun {
  /**
   * Runs every particle to the next observation point (or to the end): the log-weight increments, one per
   * particle or one number shared by all, and the point's address.
   */
  advance(): { done: boolean; weights: Float64Array | number; point?: string };
  /** Particle k continues as a copy of particle `ancestors[k]`. */
  resample(ancestors: ArrayLike<number>): void;
  /** The finished run's latent choices, tracked values and return value as columns over the particles. */
  draws(): { length: number; columns: Map<string, unknown[]>; choiceKeys: Set<string> };
}
