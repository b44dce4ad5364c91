/**
 * Stan's windowed adaptation of the metric (`windowed_adaptation`, `var_adaptation`, `covar_adaptation`).
 *
 * Warmup is split into an initial fast buffer (75 iterations: only the step size adapts), a series of slow
 * windows that double in length from 25 (the metric is estimated from the draws of each window), and a
 * terminal fast buffer (50). The last slow window stretches to the terminal buffer when the next doubling
 * would not fit. At the end of each slow window the inverse metric becomes the window's sample (co)variance,
 * shrunk towards 10⁻³·I as Stan does:
 *
 *     Σ̂ ← n/(n + 5) · Σ̂ + 10⁻³ · 5/(n + 5) · I
 *
 * When warmup is shorter than 150 iterations the buffers become 15% / 10% of it (Stan's rule); below 20
 * iterations the metric is not adapted.
 *
 * @example
 * ```ts
 * const s = metricAdaptationInit(windowSchedule(1000), 3, false);
 * for (const q of warmupDraws) {
 *   const inv = metricAdaptationUpdate(s, q);   // the new M⁻¹ at the end of each slow window, else null
 * }
 * ```
 */
import { welfordAdd, welfordCovariance, welfordInit, welfordVariance, type Welford } from "./metric-welford.js";

export interface WindowSchedule {
  readonly warmup: number;
  readonly initBuffer: number;
  readonly termBuffer: number;
  readonly baseWindow: number;
  /** False when warmup is too short to adapt the metric. */
  readonly adapt: boolean;
}

export function windowSchedule(warmup: number, initBuffer = 75, termBuffer = 50, baseWindow = 25): WindowSchedule {
  if (warmup < 20) return { warmup, initBuffer, termBuffer, baseWindow, adapt: false };
  if (initBuffer + baseWindow + termBuffer > warmup) {
    const init = Math.floor(0.15 * warmup), term = Math.floor(0.1 * warmup);
    return { warmup, initBuffer: init, termBuffer: term, baseWindow: warmup - (init + term), adapt: true };
  }
  return { warmup, initBuffer, termBuffer, baseWindow, adapt: true };
}

export interface MetricAdaptationState {
  readonly schedule: WindowSchedule;
  readonly dense: boolean;
  /** Warmup iterations seen. */
  counter: number;
  windowSize: number;
  /** The iteration that ends the current slow window. */
  nextWindow: number;
  estimator: Welford;
}

export function metricAdaptationInit(schedule: WindowSchedule, dim: number, dense: boolean): MetricAdaptationState {
  return {
    schedule, dense, counter: 0, windowSize: schedule.baseWindow,
    nextWindow: schedule.initBuffer + schedule.baseWindow - 1, estimator: welfordInit(dim, dense),
  };
}

function inSlowWindow(s: MetricAdaptationState): boolean {
  const { initBuffer, termBuffer, warmup } = s.schedule;
  return s.counter >= initBuffer && s.counter < warmup - termBuffer && s.counter !== warmup;
}

function computeNextWindow(s: MetricAdaptationState): void {
  const last = s.schedule.warmup - s.schedule.termBuffer - 1;
  if (s.nextWindow === last) return;
  s.windowSize *= 2;
  s.nextWindow = s.counter + s.windowSize;
  if (s.nextWindow !== last && s.nextWindow + 2 * s.windowSize >= s.schedule.warmup - s.schedule.termBuffer) s.nextWindow = last;
}

/**
 * Adds one warmup draw (unconstrained position `q`). Returns the new inverse metric (the diagonal, or the
 * row-major matrix when dense) when a slow window ends, else null. Mutates `s` (owned by one chain).
 */
export function metricAdaptationUpdate(s: MetricAdaptationState, q: Float64Array): Float64Array | null {
  if (!s.schedule.adapt) return null;
  if (inSlowWindow(s)) welfordAdd(s.estimator, q);
  if (s.counter === s.nextWindow && s.counter !== s.schedule.warmup) {
    computeNextWindow(s);
    const n = s.estimator.n, d = s.estimator.dim;
    const est = s.dense ? welfordCovariance(s.estimator) : welfordVariance(s.estimator);
    const shrink = n / (n + 5), ridge = 1e-3 * (5 / (n + 5));
    for (let i = 0; i < est.length; i++) est[i] *= shrink;
    if (s.dense) for (let i = 0; i < d; i++) est[i * d + i] += ridge;
    else for (let i = 0; i < d; i++) est[i] += ridge;
    s.estimator = welfordInit(d, s.dense);
    s.counter++;
    return est.every(Number.isFinite) ? est : null;
  }
  s.counter++;
  return null;
}
