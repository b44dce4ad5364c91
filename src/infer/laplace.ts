/**
 * The Laplace approximation: a Gaussian N(θ̂, (−∇²log p_Θ(θ̂))⁻¹) on the unconstrained space, centred on the
 * mode of the unconstrained density (log p + log|J|, as Stan's `laplace`), with the Hessian from central
 * differences of the AD gradient (symmetrized; error O(h²) with h = 1e-4·max(1, |θ̂_j|)). Draws are mapped
 * back through the bijectors; `diagnostics.laplace` holds the mode, the covariance and the Pareto k̂ of the
 * importance ratios p/q over the draws (k̂ > 0.7: the Gaussian misses the posterior's shape).
 *
 * @example
 * ```ts
 * const post = laplace(model, args, obs, { samples: 2000, seed: 1 });
 * post.sd("slope");
 * (post.diagnostics.laplace as LaplaceInfo).covariance;
 * ```
 */
import { checkNumberOption, checkOptionNames, optionNames, COMMON_OPTIONS } from "./option-names.js";
import { ChoiceMap } from "../trace/choicemap.js";
import { BorelError } from "../util/errors.js";
import { toRng } from "../rand/rng.js";
import { checkModelInput, type GenerativeFunction } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import { psis } from "../diagnostics/index.js";
import { coordinateName, findMode, listAddresses, notConvergedWarning, type MapOptions } from "./map.js";
import { DrawRecorder } from "../posterior/recorder.js";
import { cholesky } from "./metric.js";
import { registerMethod } from "./registry.js";
import type { UnconstrainedView } from "./unconstrained.js";
import { MAX_DRAWS, MAX_DRAWS_HINT } from "./draw-count.js";

export interface LaplaceOptions extends Omit<MapOptions, "jacobian"> {
  /** Draws from the approximation (default 1000). */
  samples?: number;
  /** Keep each draw's trace in the posterior (`post.traces`); default false: draws are recorded as columns. */
  keepTraces?: boolean;
}

export interface LaplaceInfo {
  mode: Float64Array;
  /** Covariance on the unconstrained scale, row-major. */
  covariance: Float64Array;
  logDensity: number;
  paretoK: number;
}

/**
 * −∇²log p_Θ at θ by central differences of the gradient, symmetrized (row-major); `step` scales the
 * differences' steps (default 1: h = 1e-4·max(1, |θ_j|)).
 */
export function negativeHessian(view: UnconstrainedView, theta: Float64Array, step = 1): Float64Array {
  const n = theta.length, H = new Float64Array(n * n), gp = new Float64Array(n), gm = new Float64Array(n), x = theta.slice();
  for (let j = 0; j < n; j++) {
    const h = step * 1e-4 * Math.max(1, Math.abs(theta[j]));
    x[j] = theta[j] + h; view.logDensityGradient(x, gp);
    x[j] = theta[j] - h; view.logDensityGradient(x, gm);
    x[j] = theta[j];
    for (let i = 0; i < n; i++) H[i * n + j] = -(gp[i] - gm[i]) / (2 * h);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { const s = 0.5 * (H[i * n + j] + H[j * n + i]); H[i * n + j] = H[j * n + i] = s; }
  return H;
}

/**
 * Coordinates along which the log density is not smooth at θ: the curvature from steps 4h apart differs from
 * that from steps h apart by more than half. For a smooth density the two agree to O(h²) (exactly for a
 * Gaussian); at a kink — a laplace likelihood's |y − μ|, abs(), a max — the gradient jumps by J and each
 * difference gives J/(2h), so they differ fourfold, and the curvature, hence the sd, is an artifact of h.
 */
export function kinkedCoordinates(view: UnconstrainedView, theta: Float64Array, H: Float64Array): string[] {
  const n = theta.length, wide = negativeHessian(view, theta, 4), out: string[] = [];
  for (let j = 0; j < n; j++) {
    const a = H[j * n + j], b = wide[j * n + j];
    if (Math.abs(a - b) > 0.5 * Math.max(Math.abs(a), Math.abs(b))) out.push(coordinateName(view, j));
  }
  return out;
}

export function laplace(model: GenerativeFunction, args: unknown[], observations: unknown = {}, o: LaplaceOptions = {}): Posterior {
  checkModelInput("laplace", model, args);
  checkOptionNames("laplace", o, LAPLACE_OPTIONS);
  checkNumberOption("laplace", "samples", o.samples, { min: 1, integer: true });
  const rng = o.rng ?? toRng(o.seed);
  const mode = findMode(model, args, observations, { ...o, jacobian: true, rng });
  const view = mode.view, n = view.dim, P = negativeHessian(view, mode.theta);
  const L = cholesky(P, n);
  if (L === null)
    throw new BorelError("not-positive-definite", `laplace: the Hessian at the mode of ${model.name} is not negative definite`, {
      hint: "the mode may be a saddle or on a ridge (a non-identified model); try more restarts or MCMC",
    });
  // With P = L Lᵀ, θ = θ̂ + L⁻ᵀ z has covariance P⁻¹; log q = log N(z) + Σ log L_ii.
  let logDetL = 0;
  for (let i = 0; i < n; i++) logDetL += Math.log(L[i * n + i]);
  const recorder = new DrawRecorder({ keepTraces: o.keepTraces }), logRatios: number[] = [];
  for (let s = 0; s < (o.samples ?? 1000); s++) {
    const z = Float64Array.from({ length: n }, () => rng.normal()), u = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) { let v = z[i]; for (let k = i + 1; k < n; k++) v -= L[k * n + i] * u[k]; u[i] = v / L[i * n + i]; }
    const theta = mode.theta.map((t, i) => t + u[i]);
    const logq = -0.5 * z.reduce((a, b) => a + b * b, 0) - 0.5 * n * Math.log(2 * Math.PI) + logDetL;
    logRatios.push(view.logDensity(theta) - logq);
    recorder.add(view.traceAt(theta, rng));
  }
  const covariance = new Float64Array(n * n);
  // P⁻¹ column by column from the Cholesky factor.
  for (let c = 0; c < n; c++) {
    const e = new Float64Array(n), y = new Float64Array(n), x = new Float64Array(n);
    e[c] = 1;
    for (let i = 0; i < n; i++) { let v = e[i]; for (let k = 0; k < i; k++) v -= L[i * n + k] * y[k]; y[i] = v / L[i * n + i]; }
    for (let i = n - 1; i >= 0; i--) { let v = y[i]; for (let k = i + 1; k < n; k++) v -= L[k * n + i] * x[k]; x[i] = v / L[i * n + i]; }
    for (let r = 0; r < n; r++) covariance[r * n + c] = x[r];
  }
  const finite = logRatios.filter(Number.isFinite);
  const info: LaplaceInfo = { mode: mode.theta, covariance, logDensity: mode.logDensity, paretoK: finite.length >= 10 ? psis(finite).k : NaN };
  const warnings = mode.converged ? [] : [notConvergedWarning("laplace", mode)];
  const kinks = kinkedCoordinates(view, mode.theta, P);
  if (kinks.length > 0)
    warnings.push(`laplace: the log density is not smooth at the mode along ${listAddresses(kinks)} (a kink: a laplace likelihood, abs(), max()), so its curvature there — and the approximation's sd — is an artifact of the difference step; use nuts() or mh()`);
  if (info.paretoK > 0.7)
    warnings.push(`laplace: Pareto k̂ ${info.paretoK.toFixed(2)} > 0.7: the Gaussian at the mode misses the posterior's shape (skew, heavy tails, or too narrow), so its summaries may be far off; check against nuts()`);
  return new Posterior({ method: "laplace", draws: [recorder.finish()], diagnostics: { laplace: info, warnings }, source: { model, args, observations: ChoiceMap.from(observations) } });
}

registerMethod({
  name: "laplace",
  doc: "Laplace approximation: a Gaussian at the mode of the unconstrained posterior, Hessian by differences of the gradient",
  options: {
    samples: { type: "int", default: 1000, min: 1, max: MAX_DRAWS, maxHint: MAX_DRAWS_HINT, doc: "draws from the approximation" },
    restarts: { type: "int", default: 1, min: 1, doc: "independent starts of the mode search" },
  },
  run: (gf, args, obs, o, ctx) => laplace(gf, args, obs, { samples: o.samples as number, restarts: o.restarts as number, seed: ctx.seed }),
});

/** The option names laplace takes (./option-names.ts; the compiler checks the list against the interface). */
export const LAPLACE_OPTIONS = optionNames<LaplaceOptions>()([...COMMON_OPTIONS, "selection", "samples", "keepTraces", "restarts", "maxIterations", "memory", "gradTol", "relTol"]);
