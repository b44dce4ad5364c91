/**
 * Gradient kernels (NUTS, HMC, MALA) as `AdaptiveKernel`s with Stan's warmup: a first step size from
 * `initStepSize`, dual averaging of the step size towards `targetAccept` on every warmup iteration, and the
 * windowed metric adaptation (`metric-adaptation.ts`). At the end of each slow window the metric is replaced,
 * the step size re-initialized and dual averaging restarted around 10× it; after warmup the step size is
 * e^{x̄}. The state belongs to one chain (it holds the chain's view and caches) and is updated in place.
 *
 * @example
 * ```ts
 * const ak = adaptiveGradientKernel(nutsAlgorithm(), { warmup: 1000 });
 * let s = ak.init(trace, rng);
 * for (let i = 0; i < 1000; i++) { const r = ak.kernel(s)(trace, rng); trace = r.trace; s = ak.update(s, r.stats, trace); }
 * s = ak.done(s);
 * const k = ak.kernel(s);   // tuned kernel for sampling
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { Trace } from "../trace/gfi.js";
import type { Selection } from "../trace/selection.js";
import { dualAveragingFinal, dualAveragingInit, dualAveragingUpdate, type DualAveragingState } from "./dual-averaging.js";
import { GradientBinding, type GradientAlgorithm } from "./hmc-binding.js";
import { initStepSize } from "./hmc-step-size.js";
import type { AdaptiveKernel, Kernel, KernelStats } from "./kernel.js";
import { denseMetric, diagMetric, unitMetric, type Metric } from "./metric.js";
import { metricAdaptationInit, metricAdaptationUpdate, windowSchedule, type MetricAdaptationState } from "./metric-adaptation.js";
import type { ViewOptions } from "./unconstrained.js";

export type MetricKind = "diag" | "dense" | "unit";

export interface GradientAdaptOptions {
  /** The continuous choices to move (default: every latent continuous choice). */
  selection?: Selection;
  /** Warmup iterations the windowed schedule plans for (default 1000). */
  warmup?: number;
  /** Target acceptance statistic of dual averaging (default 0.8). */
  targetAccept?: number;
  /** Metric to adapt: "diag" (default), "dense", or "unit" (no metric adaptation). */
  metric?: MetricKind;
  /** Initial step size (default 1, then Stan's heuristic). With `adapt: false` it is used as is. */
  stepSize?: number;
  /** Initial inverse metric (diagonal, or row-major matrix for "dense"). */
  inverseMetric?: Float64Array;
  /** Adapt step size and metric during warmup (default true). */
  adapt?: boolean;
  /** Options of the unconstrained view (Jacobian, scoreAD options). */
  view?: ViewOptions;
}

export interface GradientAdaptState {
  readonly binding: GradientBinding;
  stepSize: number;
  metric: Metric;
  dual: DualAveragingState;
  readonly metricAdaptation: MetricAdaptationState | null;
  /** Randomness of the step-size searches (split from the chain's stream at init). */
  readonly rng: Rng;
  readonly options: GradientAdaptOptions;
  warmupDone: boolean;
}

function makeMetric(kind: MetricKind, dim: number, inverse?: Float64Array): Metric {
  if (kind === "dense") return denseMetric(inverse ?? identity(dim), dim);
  if (kind === "diag") return diagMetric(inverse ?? new Float64Array(dim).fill(1));
  return unitMetric(dim);
}

function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

/** The kernel with a state's current tuning. */
export function tunedKernel(s: GradientAdaptState): Kernel {
  return (trace, rng) => s.binding.move(trace, s.metric, s.stepSize, rng);
}

export function adaptiveGradientKernel(algorithm: GradientAlgorithm, options: GradientAdaptOptions = {}): AdaptiveKernel<GradientAdaptState> {
  const kind = options.metric ?? "diag";
  if (kind !== "diag" && kind !== "dense" && kind !== "unit")
    throw new BorelError("bad-option", `${algorithm.name}: 'metric' must be "diag", "dense" or "unit", got ${JSON.stringify(kind)}`);
  const adapt = options.adapt !== false;
  return {
    init(trace: Trace, rng: Rng): GradientAdaptState {
      const binding = new GradientBinding(algorithm, trace, options.selection, options.view);
      const dim = binding.view.dim;
      const metric = makeMetric(kind, dim, options.inverseMetric);
      const stepRng = rng.split("step-size");
      let stepSize = options.stepSize ?? 1;
      if (adapt) stepSize = initStepSize(binding.view, metric, binding.pointOf(trace), stepSize, stepRng);
      const schedule = windowSchedule(options.warmup ?? 1000);
      return {
        binding, stepSize, metric, rng: stepRng, options, warmupDone: !adapt,
        dual: dualAveragingInit(stepSize, { targetAccept: options.targetAccept }),
        metricAdaptation: adapt && kind !== "unit" ? metricAdaptationInit(schedule, dim, kind === "dense") : null,
      };
    },
    kernel: tunedKernel,
    update(s: GradientAdaptState, stats: KernelStats, trace: Trace): GradientAdaptState {
      if (s.warmupDone) return s;
      s.dual = dualAveragingUpdate(s.dual, typeof stats.accept_stat === "number" ? stats.accept_stat : 0);
      s.stepSize = Math.exp(s.dual.x);
      if (s.metricAdaptation === null) return s;
      const point = s.binding.pointOf(trace);
      const inv = metricAdaptationUpdate(s.metricAdaptation, point.q);
      if (inv !== null) {
        s.metric = makeMetric(kind, s.binding.view.dim, inv);
        s.stepSize = initStepSize(s.binding.view, s.metric, point, s.stepSize, s.rng);
        s.dual = dualAveragingInit(s.stepSize, { targetAccept: options.targetAccept });
      }
      return s;
    },
    done(s: GradientAdaptState): GradientAdaptState {
      if (!s.warmupDone) { s.stepSize = dualAveragingFinal(s.dual); s.warmupDone = true; }
      return s;
    },
  };
}
