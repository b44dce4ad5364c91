/**
 * Gradient kernels (NUTS, HMC, MALA) as `AdaptiveKernel`s with Stan's warmup: a first step size from
 * `initStepSize`, dual averaging of the step size towards `targetAccept` on every warmup iteration (centred, as
 * in Stan's services, on log(10 ε₀) of the given initial step size ε₀ — 1 by default — until the first metric
 * update), and the windowed metric adaptation (`metric-adaptation.ts`). At the end of each slow window the
 * metric is replaced, the step size re-initialized and dual averaging restarted around 10× it; after warmup
 * the step size is e^{x̄}.
 *
 * The state is plain data (JSON-friendly after `done`, so the MCMC driver can save and resume a chain); the
 * chain's unconstrained view and phase points live beside it, keyed by the state, and are rebuilt from the
 * first trace when a saved state is resumed. The state belongs to one chain and is updated in place. The
 * windowed schedule plans for `warmup` iterations: give the driver's warmup (a different length still
 * works — the last window's metric is kept — but adapts less well).
 *
 * @example
 * ```ts
 * const ak = adaptiveGradientKernel(nutsAlgorithm(), { warmup: 1000 });
 * const post = mcmc(model, args, obs, ak, { warmup: 1000, samples: 1000 });
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { Trace } from "../trace/gfi.js";
import type { Selection } from "../trace/selection.js";
import { dualAveragingFinal, dualAveragingInit, dualAveragingUpdate, type DualAveragingState } from "./dual-averaging.js";
import { GradientBinding, type GradientAlgorithm } from "./hmc-binding.js";
import { initStepSize } from "./hmc-step-size.js";
import type { AdaptInfo, AdaptiveKernel, Kernel, KernelStats } from "./kernel.js";
import { denseMetric, diagMetric, type Metric } from "./metric.js";
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
  stepSize: number;
  metric: MetricKind;
  /** M⁻¹: the diagonal, or the row-major matrix for "dense" (empty until the first trace for the default). */
  inverseMetric: number[];
  warmupDone: boolean;
  dual: DualAveragingState | null;
  metricAdaptation: MetricAdaptationState | null;
  /**
   * Gradient evaluations of the chain so far (warmup, step-size searches and sampling), and its leapfrog steps
   * (Stan's count). Kept in the state so that they travel with a chain run on a worker thread or resumed.
   */
  nGrad: number;
  nLeapfrog: number;
}

/**
 * What a chain's state needs at run time and cannot be saved: the view, the metric object, a stream, and the
 * state's counts when the runtime was built (the binding counts from zero).
 */
interface Runtime { binding: GradientBinding; metric: Metric; metricOf: number[]; rng: Rng; gradBase: number; leapBase: number }

/** Copies the binding's counts into the state. */
function syncCounts(s: GradientAdaptState, rt: Runtime): void {
  s.nGrad = rt.gradBase + rt.binding.view.gradientCount;
  s.nLeapfrog = rt.leapBase + rt.binding.leapfrogCount;
}

function makeMetric(kind: MetricKind, dim: number, inverse: number[]): Metric {
  if (kind === "dense") return denseMetric(inverse.length ? Float64Array.from(inverse) : identity(dim), dim);
  return diagMetric(inverse.length && kind === "diag" ? Float64Array.from(inverse) : new Float64Array(dim).fill(1));
}

function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

/** An adaptive gradient kernel that can also report a chain's gradient evaluations (warmup included). */
export interface GradientKernel extends AdaptiveKernel<GradientAdaptState> {
  readonly algorithm: string;
  /** Gradient evaluations so far of the chain whose state is `s` (`s.nGrad`; NaN for another kind of state). */
  gradients(s: unknown): number;
  /** Leapfrog steps of the chain's transitions so far, warmup included (Stan's count; NaN if unknown). */
  leapfrogs(s: unknown): number;
}

/** A count kept in a gradient kernel's state (NaN for any other value). */
function countOf(s: unknown, key: "nGrad" | "nLeapfrog"): number {
  const v = typeof s === "object" && s !== null ? (s as Partial<GradientAdaptState>)[key] : undefined;
  return typeof v === "number" ? v : NaN;
}

export function adaptiveGradientKernel(algorithm: GradientAlgorithm, options: GradientAdaptOptions = {}): GradientKernel {
  const kind = options.metric ?? "diag";
  if (kind !== "diag" && kind !== "dense" && kind !== "unit")
    throw new BorelError("bad-option", `${algorithm.name}: 'metric' must be "diag", "dense" or "unit", got ${JSON.stringify(kind)}`);
  const adapt = options.adapt !== false;
  const ta = options.targetAccept, eps = options.stepSize;
  if (ta !== undefined && !(ta > 0 && ta < 1)) throw new BorelError("bad-option", `${algorithm.name}: 'targetAccept' must be in (0, 1), got ${ta}`, { hint: "0.8 (the default) or higher, e.g. 0.95 for a difficult posterior" });
  if (eps !== undefined && !(eps > 0 && eps < Infinity)) throw new BorelError("bad-option", `${algorithm.name}: 'stepSize' must be a positive number, got ${eps}`);
  const runtimes = new WeakMap<GradientAdaptState, Runtime>();

  /** The state's runtime, built from `trace` when the state is new to this kernel (init, or a resumed chain). */
  function runtime(s: GradientAdaptState, trace: Trace, rng: Rng): Runtime {
    let rt = runtimes.get(s);
    if (rt === undefined) {
      const binding = new GradientBinding(algorithm, trace, options.selection, options.view);
      rt = { binding, metric: makeMetric(s.metric, binding.view.dim, s.inverseMetric), metricOf: s.inverseMetric, rng: rng.split("step-size"), gradBase: s.nGrad ?? 0, leapBase: s.nLeapfrog ?? 0 };
      runtimes.set(s, rt);
    } else if (rt.metricOf !== s.inverseMetric) {
      rt.metric = makeMetric(s.metric, rt.binding.view.dim, s.inverseMetric);
      rt.metricOf = s.inverseMetric;
    }
    return rt;
  }

  return {
    algorithm: algorithm.name,
    gradients: (s) => countOf(s, "nGrad"),
    leapfrogs: (s) => countOf(s, "nLeapfrog"),
    init(trace: Trace, rng: Rng, info?: AdaptInfo): GradientAdaptState {
      const s: GradientAdaptState = {
        stepSize: options.stepSize ?? 1, metric: kind, inverseMetric: options.inverseMetric ? Array.from(options.inverseMetric) : [],
        warmupDone: !adapt, dual: null, metricAdaptation: null, nGrad: 0, nLeapfrog: 0,
      };
      const rt = runtime(s, trace, rng);
      if (adapt) {
        s.stepSize = initStepSize(rt.binding.view, rt.metric, rt.binding.pointOf(trace), s.stepSize, rt.rng);
        // As Stan's services: the first window's dual averaging centres on log(10 ε) of the *given* step size
        // (default 1), not of the heuristic's result; later windows restart around 10× the heuristic's.
        s.dual = dualAveragingInit(s.stepSize, { targetAccept: options.targetAccept, mu: Math.log(10 * (options.stepSize ?? 1)) });
        if (kind !== "unit") s.metricAdaptation = metricAdaptationInit(windowSchedule(info?.warmup ?? options.warmup ?? 1000), rt.binding.view.dim, kind === "dense");
      }
      syncCounts(s, rt);
      return s;
    },
    kernel(s: GradientAdaptState): Kernel {
      return (trace, rng) => {
        const rt = runtime(s, trace, rng);
        const r = rt.binding.move(trace, rt.metric, s.stepSize, rng);
        syncCounts(s, rt);
        return r;
      };
    },
    update(s: GradientAdaptState, stats: KernelStats, trace: Trace): GradientAdaptState {
      if (s.warmupDone || s.dual === null) return s;
      s.dual = dualAveragingUpdate(s.dual, typeof stats.accept_stat === "number" ? stats.accept_stat : 0);
      s.stepSize = Math.exp(s.dual.x);
      const rt = runtimes.get(s);
      if (s.metricAdaptation === null || rt === undefined) return s;
      const point = rt.binding.pointOf(trace);
      const inv = metricAdaptationUpdate(s.metricAdaptation, point.q);
      if (inv !== null) {
        s.inverseMetric = Array.from(inv);
        const metric = runtime(s, trace, rt.rng).metric;
        s.stepSize = initStepSize(rt.binding.view, metric, point, s.stepSize, rt.rng);
        s.dual = dualAveragingInit(s.stepSize, { targetAccept: options.targetAccept });
      }
      syncCounts(s, rt);
      return s;
    },
    done(s: GradientAdaptState): GradientAdaptState {
      if (!s.warmupDone) {
        if (s.dual !== null) s.stepSize = dualAveragingFinal(s.dual);
        s.warmupDone = true;
        s.dual = null;
        s.metricAdaptation = null;
      }
      return s;
    },
  };
}

