/**
 * What the SMC driver needs from a model: how one particle starts, advances through one step (returning its
 * incremental log weight), is copied after resampling, is moved by a kernel, and becomes a trace. Two
 * implementations: `traceStepper` (a model with a step argument, advanced by `update` with `{grow: 1}`) and
 * `runStepper` (a model implementing `start()`, advanced from one observation point to the next).
 *
 * For a particle x_{0:t−1} advanced to x_{0:t} with proposal q_t, the incremental weight is
 *   log p(x_t, y_t | x_{0:t−1}, y_{0:t−1}) − log q_t(x_t)      (prior proposal: log p(y_t | x_{0:t}, y_{0:t−1})),
 * and the product over steps of the mean weight is an unbiased estimate of p(y_{0:T−1}).
 *
 * @example
 * ```ts
 * const s = traceStepper(unfold(step), [100, 0], observations, {});
 * let p = s.init(rng);
 * for (let t = 0; t < s.steps!; t++) p = s.advance(p, t, rng).state;
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import type { Trace } from "../../trace/gfi.js";
import type { ChainDraws } from "../../posterior/types.js";
import type { Kernel } from "../kernel.js";

export interface StepResult<S> {
  state: S;
  /** Incremental log weight of the step. */
  weight: number;
  /** The observation point reached (for messages), when the stepper knows it per particle. */
  point?: string;
}

export interface SMCStepper<S> {
  /** Number of steps, or undefined when the particles say when they are done (`done`). */
  readonly steps: number | undefined;
  /** A particle before its first step. */
  init(rng: Rng): S;
  advance(state: S, step: number, rng: Rng): StepResult<S>;
  /** An independent copy for a duplicate after resampling (identity for immutable traces). */
  copy(state: S): S;
  /** True when the particle has no observation left (always false for a fixed number of steps). */
  done(state: S): boolean;
  /** The particle's trace so far. */
  trace(state: S): Trace;
  /**
   * Applies a kernel that leaves the current target invariant (rejuvenation): `kernelFor` gives the kernel of
   * the particle's target from its trace (particles paused at different points of a program have different ones).
   */
  move(state: S, kernelFor: (trace: Trace) => Kernel, rng: Rng): { state: S; accepted: boolean };
  /** The observations of a step, named for error messages. */
  describe(step: number): string;
  /** Constraint keys no finished particle visited (their weight is then −∞), for the error when all weights are. */
  unvisited?(states: S[]): string[];
  /** The draws of the final particles, when the stepper keeps them as columns rather than traces. */
  draws?(states: S[]): ChainDraws;
}
