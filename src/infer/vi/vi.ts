/**
 * Variational inference: maximize an objective (ELBO by default, IWAE(K), or a user-written one) over the
 * parameters of a guide by stochastic gradient ascent, then return a `Posterior` of draws from the guide with
 * the objective's trace (`diagnostics.elbo`), the trained `ParamStore` (`diagnostics.params`) and the Pareto
 * k̂ of the importance ratios p/q over the draws (`diagnostics.paretoK`; k̂ > 0.7 means the guide misses mass).
 *
 * The guide is a generative function with `t.param`s over the model's latent addresses (gradient estimators
 * per choice, guide-run.ts) or, by default, an automatic Gaussian guide in the unconstrained space
 * (`family: "mean_field" | "full_rank"`, auto-guide.ts). Steps use Adam (default) or SGD with a learning-rate
 * schedule; `minibatch` subsamples the data with N/B scaling; the run stops early when the mean objective over
 * the last `checkEvery` steps no longer changes (by `tolerance` relative, or beyond its noise) twice in a row.
 *
 * @example
 * ```ts
 * const post = vi(model, args, obs, { family: "full_rank", steps: 5000, lr: 0.02, seed: 1 });
 * post.mean("mu"); post.diagnostics.elbo;
 * const withGuide = vi(model, args, obs, { guide, objective: iwae(10), steps: 3000 });
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { toRng, type Rng } from "../../rand/rng.js";
import type { GenerativeFunction } from "../../trace/gfi.js";
import type { ParamStore } from "../../trace/params.js";
import { Posterior } from "../../posterior/posterior.js";
import { psis } from "../../diagnostics/index.js";
import { ObjectiveEstimator, type EstimatorOptions } from "./estimate.js";
import { adam, sgd, type Optimizer, type Schedule } from "./optim.js";

export interface VIOptions extends EstimatorOptions {
  steps?: number;
  optimizer?: "adam" | "sgd" | Optimizer;
  lr?: Schedule;
  /**
   * Convergence: every `checkEvery` steps (default 100) the mean objective of the last window is compared with
   * the window before; a change below `tolerance` (relative, default 1e-3) or below twice its Monte Carlo
   * standard error, twice in a row, stops the run. 0: run all steps.
   */
  tolerance?: number;
  checkEvery?: number;
  /**
   * Polyak–Ruppert averaging: the returned parameters are the mean of the iterates over the last half of
   * the steps (less SGD noise in the fitted guide). Default false.
   */
  average?: boolean;
  /** Draws from the trained guide in the returned Posterior (default 1000). */
  samples?: number;
  seed?: number | string;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

export function vi(model: GenerativeFunction, args: unknown[], observations: unknown = {}, o: VIOptions = {}): Posterior {
  const rng = o.rng ?? toRng(o.seed);
  const est = new ObjectiveEstimator(model, args, observations, { ...o, rng });
  const store = est.params;
  const steps = o.steps ?? 2000, checkEvery = o.checkEvery ?? 100, tol = o.tolerance ?? 1e-3;
  if (!Number.isInteger(steps) || steps < 1) throw new BorelError("bad-option", `vi: 'steps' must be a positive integer, got ${steps}`);
  const optimizer = typeof o.optimizer === "object" ? o.optimizer : o.optimizer === "sgd" ? sgd({ lr: o.lr ?? 1e-3 }) : adam({ lr: o.lr ?? 0.01 });
  const trace: number[] = [];
  const averager = o.average ? new ParamAverager() : null;
  let converged = false, calm = 0;
  for (let t = 0; t < steps && !o.signal?.aborted; t++) {
    const { value, gradients } = est.estimate();
    trace.push(value);
    if (gradients !== null) optimizer.step(store, gradients, t);
    if (averager && t >= steps / 2) averager.add(store);
    if ((t + 1) % checkEvery === 0 && t + 1 >= 2 * checkEvery) {
      const now = windowStats(trace, t + 1 - checkEvery, t + 1), before = windowStats(trace, t + 1 - 2 * checkEvery, t + 1 - checkEvery);
      const change = Math.abs(now.mean - before.mean), noise = 2 * Math.sqrt(now.se2 + before.se2);
      calm = tol > 0 && (change < tol * Math.max(1, Math.abs(now.mean)) || change < noise) ? calm + 1 : 0;
      o.onProgress?.((t + 1) / steps, `vi: step ${t + 1}/${steps}, objective ${now.mean.toPrecision(6)}`);
      if (calm >= 2) { converged = true; break; }
    }
  }
  averager?.assign(store);
  const { traces, logRatios } = est.sampleTraces(o.samples ?? 1000);
  const finite = logRatios.filter((r) => r > -Infinity && r < Infinity);
  const paretoK = finite.length >= 10 ? psis(finite).k : NaN;
  return new Posterior({
    method: "vi", chains: [traces],
    diagnostics: { elbo: Float64Array.from(trace), converged, steps: trace.length, params: store, paretoK, guide: est.guide },
  });
}

/** Running means of every parameter's iterates. */
class ParamAverager {
  private readonly sums = new Map<string, Float64Array>();
  private n = 0;
  add(store: ParamStore): void {
    this.n++;
    for (const [k, v] of store.values) {
      let s = this.sums.get(k);
      if (s === undefined) { s = new Float64Array(typeof v === "number" ? 1 : v.length); this.sums.set(k, s); }
      if (typeof v === "number") s[0] += v; else for (let i = 0; i < v.length; i++) s[i] += v[i];
    }
  }
  assign(store: ParamStore): void {
    if (this.n === 0) return;
    for (const [k, s] of this.sums) {
      const v = store.get(k);
      store.set(k, typeof v === "number" ? s[0] / this.n : s.map((x) => x / this.n));
    }
  }
}

/** Mean of a window of the objective trace and the squared standard error of that mean. */
function windowStats(xs: number[], from: number, to: number): { mean: number; se2: number } {
  let s = 0, s2 = 0, n = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(xs[i])) { s += xs[i]; s2 += xs[i] * xs[i]; n++; }
  if (n < 2) return { mean: NaN, se2: Infinity };
  const mean = s / n;
  return { mean, se2: Math.max(0, s2 / n - mean * mean) / (n - 1) };
}
