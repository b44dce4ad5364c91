/**
 * Variational inference: maximize an objective (ELBO by default, IWAE(K), or a user-written one) over the
 * parameters of a guide by stochastic gradient ascent, then return a `Posterior` of draws from the guide with
 * the objective's trace (`diagnostics.elbo`), the trained `ParamStore` (`diagnostics.params`) and the Pareto
 * k̂ of the importance ratios p/q over the draws (`diagnostics.paretoK`; k̂ > 0.7 means the guide misses mass).
 *
 * The guide is a generative function with `t.param`s over the model's latent addresses (gradient estimators
 * per choice, guide-run.ts) or, by default, an automatic Gaussian guide in the unconstrained space
 * (`family: "mean_field" | "full_rank"`, auto-guide.ts). Steps use Adam (default) or SGD with a learning-rate
 * schedule; `minibatch` subsamples the data with N/B scaling; the run stops early when the objective's trend
 * is known to be flat (convergence.ts).
 *
 * IWAE and the returned draws: an IWAE(K)-trained guide is not itself the posterior approximation. IWAE
 * maximizes the evidence bound of the K-sample self-normalized importance sampler with the guide as proposal;
 * its optimal guide is *broader* than the posterior (mass-covering: it must put mass wherever the posterior
 * does, so that some of the K draws land there), and draws from it overstate the posterior's spread (eight
 * schools with a mean-field guide: mu 4.2 ± 4.0 and tau 7.8 ± 19 from the IWAE(8) guide, against the exact
 * 4.4 ± 3.3 and 3.6 ± 3.2). What IWAE targets is the importance-weighted distribution, so for an IWAE objective
 * (`objective: "iwae"` or `iwae(K)`) the returned draws carry Pareto-smoothed importance weights p(x, z)/q(z)
 * (PSIS, as `psis`) and `logZ` is the importance-sampling estimate of log p(x). `reweight` chooses explicitly
 * (it needs the full data: not with `minibatch`).
 *
 * @example
 * ```ts
 * const post = vi(model, args, obs, { family: "full_rank", steps: 5000, lr: 0.02, seed: 1 });
 * post.mean("mu"); post.diagnostics.elbo;
 * const withGuide = vi(model, args, obs, { guide, objective: iwae(10), steps: 3000 });   // weighted draws
 * withGuide.logZ; withGuide.diagnostics.paretoK;
 * ```
 */
import { checkNumberOption, checkOptionChoice, checkOptionNames, optionNames, RUN_OPTIONS, showOptionValue } from "../option-names.js";
import { BorelError } from "../../util/errors.js";
import { toRng, type Rng } from "../../rand/rng.js";
import { checkModelInput, isGenerativeFunction, unvisitedConstraint, type GenerativeFunction } from "../../trace/gfi.js";
import type { ParamStore } from "../../trace/params.js";
import { Posterior } from "../../posterior/posterior.js";
import { DrawRecorder } from "../../posterior/recorder.js";
import { psis } from "../../diagnostics/index.js";
import { logSumExp } from "../../math/log.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { zeroDensityAt } from "../mcmc/init.js";
import { ConvergenceCheck, scale } from "./convergence.js";
import { ObjectiveEstimator, type EstimatorOptions } from "./estimate.js";
import { adam, sgd, type Optimizer, type Schedule } from "./optim.js";
import { runToEnd, runYielding, type Steps } from "../cooperative.js";

export interface VIOptions extends EstimatorOptions {
  steps?: number;
  optimizer?: "adam" | "sgd" | Optimizer;
  lr?: Schedule;
  /**
   * Convergence (convergence.ts): every `checkEvery` steps (default 100) the objective's trend over the last
   * half of the run; when its change per `checkEvery` steps, plus two standard errors, is below `tolerance`
   * (relative to max(1, |objective|), default 1e-3) twice in a row, the run stops. 0: run all steps.
   */
  tolerance?: number;
  checkEvery?: number;
  /**
   * Polyak–Ruppert averaging: the returned parameters are the mean of the iterates over the last half of the
   * steps run — the span whose trend the convergence check judged — in whole `checkEvery` blocks. A constant
   * learning rate leaves the last iterate jittering around the optimum (a 1-D Gaussian posterior's sd came out
   * 0.41–0.49 for 0.447 over six seeds; averaged, 0.43–0.46). Default true; false returns the last iterate.
   */
  average?: boolean;
  /** Draws from the trained guide in the returned Posterior (default 1000). */
  samples?: number;
  /** Keep each draw's model trace in the posterior (`post.traces`, `expectTrace`); default false: draws are recorded as columns. */
  keepTraces?: boolean;
  /**
   * Weight the draws by p(x, z)/q(z) (Pareto-smoothed) and estimate log p(x): default true for an IWAE
   * objective, whose guide is a proposal for importance sampling rather than the posterior (see above).
   */
  reweight?: boolean;
  seed?: number | string;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

/**
 * Adam's second-moment decay for VI (0.99, not the usual 0.999). The gradient in a guide's log-scale shrinks by
 * orders of magnitude as the scale approaches the posterior's (it is ≈ 1 − σ²·curvature), and with 0.999 the
 * moment estimate remembers the early, large gradients for thousands of steps, so the steps stall: on a
 * linear regression with 1000 points the slope's guide sd was still 2.8× the posterior's after 2000 steps
 * (log-scale −3.5 of −4.3); with 0.99 it reached it in about 1300 steps (sd ratios 1.07–1.11 after the
 * default run, 3 seeds), and eight schools, a logistic regression and a Beta–Bernoulli coin were as good or better.
 */
const VI_ADAM_BETA2 = 0.99;

export function vi(model: GenerativeFunction, args: unknown[], observations: unknown = {}, o: VIOptions = {}): Posterior {
  return runToEnd(viSteps(model, args, observations, o));
}

/** `vi`, giving the event loop a turn every ~20 ms: a `signal` aborted meanwhile (a Ctrl-C) stops the optimization there. */
export function viAsync(model: GenerativeFunction, args: unknown[], observations: unknown = {}, o: VIOptions = {}): Promise<Posterior> {
  return runYielding(viSteps(model, args, observations, o));
}

function* viSteps(model: GenerativeFunction, args: unknown[], observations: unknown, o: VIOptions): Steps<Posterior> {
  checkModelInput("vi", model, args);
  checkOptionNames("vi", o, VI_OPTIONS);
  checkVIOptionValues(o);
  const rng = o.rng ?? toRng(o.seed);
  const est = new ObjectiveEstimator(model, args, observations, { ...o, rng });
  const store = est.params;
  const steps = o.steps ?? 2000, checkEvery = o.checkEvery ?? 100, tol = o.tolerance ?? 1e-3;
  if (typeof o.lr === "number" && !(o.lr > 0 && o.lr < Infinity)) throw new BorelError("bad-option", `vi: 'lr' must be a positive number, got ${o.lr}`, { hint: "e.g. lr: 0.01 (Adam's default here)" });
  const optimizer = typeof o.optimizer === "object" ? o.optimizer : o.optimizer === "sgd" ? sgd({ lr: o.lr ?? 1e-3 }) : adam({ lr: o.lr ?? 0.01, beta2: VI_ADAM_BETA2 });
  const trace: number[] = [];
  const averager = o.average ?? true ? new ParamAverager(checkEvery) : null;
  const stop = new ConvergenceCheck(tol, checkEvery);
  const report = (mean: number) => o.onProgress?.(trace.length / steps, `vi: step ${trace.length}/${steps}, objective ${mean.toPrecision(6)}`);
  let converged = false, lastChange = NaN, lastMean = NaN;
  const onCheck = (mean: number, _bound: number, known: number) => { lastMean = mean; lastChange = known; report(mean); };
  let skipped = 0;
  for (let t = 0; t < steps && !o.signal?.aborted; t++) {
    if (t > 0) yield;
    const { value, gradients } = est.estimate();
    trace.push(value);
    if (gradients !== null) optimizer.step(store, gradients, t);
    else skipped++;
    averager?.add(store);
    if (stop.check(trace, onCheck)) { converged = true; break; }
    // No step taken yet means the guide never changed: 100 impossible draws from it in a row are enough.
    if (skipped === trace.length && skipped >= 100) break;
  }
  if (trace.length > 0 && skipped === trace.length) throw noFiniteObjective(model, args, observations, trace, rng);
  averager?.assign(store);
  const recorder = new DrawRecorder({ keepTraces: o.keepTraces });
  const { logRatios } = est.sampleTraces(o.samples ?? 1000, (t) => recorder.add(t));
  const finite = logRatios.filter((r) => r > -Infinity && r < Infinity);
  const paretoK = finite.length >= 10 ? psis(finite).k : NaN;
  const warnings: string[] = [];
  // Still climbing at the end — known to, beyond the noise of its trend: the guide is not at the objective's
  // optimum (and the summaries show where it stopped, not the posterior). A run the check could not call
  // converged only because its objective is noisy is not warned about (a conjugate normal model, at its
  // optimum, warned on every seed). A tolerance of 0 asks for a fixed number of steps: no warning.
  if (!converged && tol > 0 && !o.signal?.aborted && Number.isFinite(lastChange) && lastChange >= tol * scale(lastMean))
    warnings.push(`vi: not converged after ${trace.length} steps: the objective still changed by at least ${lastChange.toPrecision(2)} per ${checkEvery} steps at the end; raise 'steps' or 'lr'`);
  if (o.samples === 0) warnings.push("vi: samples: 0 — no draws from the fitted guide, so the summaries are empty; the fit is in diagnostics.params");
  if (store.names().length === 0)
    warnings.push("vi: the guide has no learnable parameters (t.param), so nothing was learned: the draws are the guide as written");
  if (skipped > 0)
    warnings.push(`vi: the objective was not finite at ${skipped} of ${trace.length} steps, which took no gradient step (draws where the model has zero density, or a NaN): check the model's supports against the guide's`);
  let logWeights: Float64Array | undefined, logZ: number | null = null;
  if (o.reweight ?? est.importanceWeighted) {
    if (logRatios.some((r) => Number.isNaN(r) || r === Infinity) || finite.length < 10)
      warnings.push("vi: the draws are not importance-weighted: their ratios p/q are not available (minibatches) or not finite");
    else {
      logWeights = psis(logRatios).logWeights;
      logZ = logSumExp(logRatios) - Math.log(logRatios.length);
      if (paretoK > 0.7) warnings.push(`vi: Pareto k̂ ${paretoK.toFixed(2)} > 0.7: the importance weights are unreliable (the guide misses posterior mass)`);
    }
  } else if (paretoK > 0.7)
    warnings.push(`vi: Pareto k̂ ${paretoK.toFixed(2)} > 0.7: the guide misses posterior mass, so its summaries (means, and sds above all) may be far off; run longer or with a richer guide (full-rank), or check against nuts()`);
  return new Posterior({
    method: "vi", draws: [recorder.finish()], logWeights, logZ, source: { model, args, observations: ChoiceMap.from(observations) },
    diagnostics: { elbo: Float64Array.from(trace), converged, steps: trace.length, params: store, paretoK, guide: est.guide, reweighted: logWeights !== undefined, warnings },
  });
}

/** Options that name a choice (a misspelled family would silently train the default guide), and counts. */
function checkVIOptionValues(o: VIOptions): void {
  if (o.guide !== undefined && !isGenerativeFunction(o.guide))
    throw new BorelError("bad-option", `vi: 'guide' must be a generative function (a model with params over the latent addresses), got ${showOptionValue(o.guide)}`, { hint: "make it with gen((t) => ...) or declare it as a Borel model; leave it out for the automatic guide" });
  checkOptionChoice("vi", "family", o.family, ["mean_field", "full_rank"]);
  if (typeof o.objective !== "function") checkOptionChoice("vi", "objective", o.objective, ["elbo", "iwae"]);
  if (typeof o.optimizer !== "object" || o.optimizer === null) checkOptionChoice("vi", "optimizer", o.optimizer, ["adam", "sgd"]);
  checkNumberOption("vi", "particles", o.particles, { min: 1, integer: true });
  checkNumberOption("vi", "samples", o.samples, { min: 0, integer: true });
  checkNumberOption("vi", "steps", o.steps, { min: 1, integer: true });
  checkNumberOption("vi", "checkEvery", o.checkEvery, { min: 1, integer: true });
  checkNumberOption("vi", "tolerance", o.tolerance, { min: 0 });
}

/** The error of a run whose objective was never finite: names an impossible observation when a prior run finds one. */
function noFiniteObjective(model: GenerativeFunction, args: unknown[], observations: unknown, trace: number[], rng: Rng): BorelError {
  const nan = trace.some(Number.isNaN);
  let zero: ReturnType<typeof zeroDensityAt>;
  const probe = (() => { try { return model.generate(args, ChoiceMap.from(observations), rng.split("probe")); } catch { return undefined; } })();
  // An observation at an address the model never visits (with a user guide, every step's weight was −∞).
  if (probe?.unvisited?.length) return unvisitedConstraint("vi", model, probe.unvisited[0]);
  try {
    zero = probe && zeroDensityAt(probe.trace);
  } catch {
    zero = undefined;
  }
  const where = zero ? ` (in a run from the prior, ${zero.what} at '${zero.key}' has zero density)` : "";
  return new BorelError(nan ? "nan" : "zero-density", `vi: the objective was ${nan ? "NaN" : "−∞"} at every one of the ${trace.length} steps, so nothing was learned${where}`, {
    hint: nan ? "look for a NaN in the data or in a parameter of the model" : "check that the observations are possible under the model (their values against the distributions' supports) and that the guide's draws lie in the model's supports",
  });
}

/**
 * Means of every parameter's iterates over the last half of the steps run: sums kept per block of `block`
 * steps (the run's length is known only when it stops), the trailing half of the blocks averaged at the end.
 */
class ParamAverager {
  private readonly blocks: Map<string, Float64Array>[] = [];
  private inBlock = 0;
  constructor(private readonly block: number) {}

  add(store: ParamStore): void {
    if (this.inBlock === 0) this.blocks.push(new Map());
    const sums = this.blocks[this.blocks.length - 1]!;
    for (const [k, v] of store.values) {
      let s = sums.get(k);
      if (s === undefined) { s = new Float64Array(typeof v === "number" ? 1 : v.length); sums.set(k, s); }
      if (typeof v === "number") s[0] += v; else for (let i = 0; i < v.length; i++) s[i] += v[i];
    }
    this.inBlock = (this.inBlock + 1) % this.block;
  }

  /** Sets each parameter to its mean over the last half of the blocks (the last, possibly partial, included). */
  assign(store: ParamStore): void {
    const nb = this.blocks.length;
    if (nb === 0) return;
    const used = this.blocks.slice(nb - Math.max(1, Math.floor(nb / 2)));
    const last = this.inBlock === 0 ? this.block : this.inBlock;
    const count = (used.length - 1) * this.block + last;
    for (const [k, v] of store.values) {
      if (!used.every((b) => b.has(k))) continue; // created within the window: its last value stands
      const mean = new Float64Array(typeof v === "number" ? 1 : v.length);
      for (const b of used) { const s = b.get(k); if (s !== undefined) for (let i = 0; i < mean.length; i++) mean[i] += s[i]; }
      store.set(k, typeof v === "number" ? mean[0] / count : mean.map((x) => x / count));
    }
  }
}

/** The option names vi takes (./option-names.ts; the compiler checks the list against the interface). */
export const VI_OPTIONS = optionNames<VIOptions>()(["params", "seed", "rng", ...RUN_OPTIONS, "samples", "keepTraces", "tolerance", "particles", "steps", "optimizer", "lr",
  "checkEvery", "average", "reweight", "guide", "guideArgs", "family", "objective", "estimators", "maxEnumerate", "minibatch", "initScale"]);
