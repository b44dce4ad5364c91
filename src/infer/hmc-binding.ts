/**
 * The bridge between gradient transitions on R^n and kernels on traces. A `GradientAlgorithm` (NUTS, HMC,
 * MALA) moves a `PhasePoint` under a metric and step size; a `GradientBinding` holds the unconstrained view
 * of one model and turns such a move into a kernel step `(trace, rng) => {trace, stats}`:
 *
 * - the point of the trace the binding produced last is kept (two phase points swap roles, nothing is
 *   allocated per transition), so a chain of NUTS steps evaluates each gradient once; any other trace
 *   (one another kernel produced, e.g. Gibbs on a discrete address in `cycle`, or another chain's) rebases
 *   the view — its unselected choices are then held fixed — and costs one extra gradient;
 * - the new trace comes from `view.traceAt` (an `update` that sets the selected choices), so its score and
 *   the Posterior's draws are exact.
 *
 * Stats: `accepted` (the state moved), `accept_stat`, `step_size`, `n_leapfrog`, `n_grad` (all gradient
 * evaluations), `divergent`, `energy`, and the algorithm's own (`tree_depth` for NUTS, `logAlpha` for HMC).
 *
 * @example
 * ```ts
 * const b = new GradientBinding(nutsAlgorithm({ maxDepth: 10 }), trace);
 * const { trace: next, stats } = b.move(trace, unitMetric(b.view.dim), 0.4, rng);
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { Trace } from "../trace/gfi.js";
import type { Selection } from "../trace/selection.js";
import type { KernelResult, KernelStats } from "./kernel.js";
import { initPoint, PhasePoint, type GradientTarget } from "./leapfrog.js";
import type { Metric } from "./metric.js";
import { UnconstrainedView, type ViewOptions } from "./unconstrained.js";

/** What one transition reports (Stan's sampler parameters). */
export interface StepStats {
  accept_stat: number;
  divergent: boolean;
  energy: number;
  n_leapfrog: number;
  [key: string]: unknown;
}

/** Moves `current` (position, log density, gradient valid) to `out`. */
export type PointStep = (current: PhasePoint, metric: Metric, stepSize: number, rng: Rng, out: PhasePoint) => StepStats;

export interface GradientAlgorithm {
  readonly name: string;
  /** A step function with its workspace for one target. */
  prepare(target: GradientTarget): PointStep;
}

export class GradientBinding {
  readonly view: UnconstrainedView;
  private readonly step: PointStep;
  /** The point of `lastTrace`, and the buffer the next transition writes into. */
  private current: PhasePoint;
  private out: PhasePoint;
  private lastTrace: Trace | null = null;
  /** Leapfrog steps of all transitions so far (Stan's n_leapfrog, summed; gradients also count searches). */
  leapfrogCount = 0;

  constructor(readonly algorithm: GradientAlgorithm, trace: Trace, readonly selection?: Selection, options?: ViewOptions) {
    this.view = new UnconstrainedView(trace.gf, trace, selection, options);
    this.step = algorithm.prepare(this.view);
    this.current = new PhasePoint(this.view.dim);
    this.out = new PhasePoint(this.view.dim);
  }

  /** The phase point (position, log density, gradient) of a trace; valid until the next `move`. */
  pointOf(trace: Trace): PhasePoint {
    if (trace.gf !== this.view.gf)
      throw new BorelError("wrong-model", `a gradient kernel built for ${this.view.gf.name} was given a trace of ${trace.gf.name}`, { hint: "build one kernel per model" });
    this.view.rebase(trace);
    if (trace === this.lastTrace) return this.current;
    const z = this.current;
    z.q.set(this.view.thetaOf(trace));
    z.logp = this.view.logDensityGradient(z.q, z.grad);
    this.lastTrace = trace;
    return z;
  }

  /** One transition from `trace`. */
  move(trace: Trace, metric: Metric, stepSize: number, rng: Rng): KernelResult {
    const grads0 = this.view.gradientCount, invalid0 = this.view.domainErrors;
    const current = this.pointOf(trace);
    const out = this.out;
    const s = this.step(current, metric, stepSize, rng, out);
    this.leapfrogCount += s.n_leapfrog;
    let moved = false;
    for (let i = 0; i < out.q.length; i++) if (out.q[i] !== current.q[i]) { moved = true; break; }
    let next = trace;
    if (moved) {
      next = this.view.traceAt(out.q, rng);
      this.out = current;
      this.current = out;
      this.lastTrace = next;
    }
    const stats: KernelStats = { accepted: moved, ...s, step_size: stepSize, n_grad: this.view.gradientCount - grads0, invalid_param: this.view.domainErrors - invalid0 };
    return { trace: next, stats };
  }
}

/** Makes `z` a valid phase point at position `q` of `target` (log density and gradient). */
export function pointAt(target: GradientTarget, metric: Metric, q: Float64Array): PhasePoint {
  const z = new PhasePoint(q.length);
  z.q.set(q);
  initPoint(target, metric, z);
  return z;
}
