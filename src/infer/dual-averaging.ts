/**
 * Nesterov dual averaging of log ε (Hoffman & Gelman 2014, §3.2; Stan's `stepsize_adaptation`): drives the
 * mean acceptance statistic of a gradient kernel to the target δ during warmup.
 *
 *     s̄_t = (1 − 1/(t + t0)) s̄_{t−1} + (δ − α_t)/(t + t0)
 *     x_t = μ − √t s̄_t / γ,      ε_t = e^{x_t}
 *     x̄_t = (1 − t^{−κ}) x̄_{t−1} + t^{−κ} x_t
 *
 * with μ = log(10 ε₀), γ = 0.05, t0 = 10, κ = 0.75 (Stan's defaults). During warmup the kernel runs with
 * ε_t; after warmup with e^{x̄}. (Stan's first window centres μ on the user's step size, not on the first
 * iterate's: `settings.mu` sets it.)
 *
 * @example
 * ```ts
 * let s = dualAveragingInit(0.5);
 * s = dualAveragingUpdate(s, 0.6);        // accept stat below 0.8: the step size shrinks
 * const eps = Math.exp(s.x);               // next warmup step size
 * const final = Math.exp(s.xBar);          // after warmup
 * ```
 */

export interface DualAveragingSettings {
  /** Target acceptance statistic δ (default 0.8). */
  targetAccept?: number;
  gamma?: number;
  t0?: number;
  kappa?: number;
  /** Centre of the iterates (default log(10 ε₀)). */
  mu?: number;
}

export interface DualAveragingState {
  readonly mu: number;
  readonly counter: number;
  readonly sBar: number;
  readonly x: number;
  readonly xBar: number;
  readonly delta: number;
  readonly gamma: number;
  readonly t0: number;
  readonly kappa: number;
}

/** A fresh state centred on log(10 ε₀) (Stan restarts it so after each metric update). */
export function dualAveragingInit(stepSize: number, settings: DualAveragingSettings = {}): DualAveragingState {
  return {
    mu: settings.mu ?? Math.log(10 * stepSize), counter: 0, sBar: 0, x: Math.log(stepSize), xBar: 0,
    delta: settings.targetAccept ?? 0.8, gamma: settings.gamma ?? 0.05, t0: settings.t0 ?? 10, kappa: settings.kappa ?? 0.75,
  };
}

/** One update with acceptance statistic `accept` (clipped to [0, 1]; NaN counts as 0). */
export function dualAveragingUpdate(s: DualAveragingState, accept: number): DualAveragingState {
  const a = accept > 1 ? 1 : accept >= 0 ? accept : 0;
  const counter = s.counter + 1;
  const eta = 1 / (counter + s.t0);
  const sBar = (1 - eta) * s.sBar + eta * (s.delta - a);
  const x = s.mu - (sBar * Math.sqrt(counter)) / s.gamma;
  const xEta = Math.pow(counter, -s.kappa);
  const xBar = (1 - xEta) * s.xBar + xEta * x;
  return { ...s, counter, sBar, x, xBar };
}

/** The step size after warmup: e^{x̄} (or the current iterate if no update happened). */
export function dualAveragingFinal(s: DualAveragingState): number {
  return s.counter > 0 ? Math.exp(s.xBar) : Math.exp(s.x);
}
