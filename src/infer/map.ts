/**
 * Maximum a posteriori estimation: the mode of the posterior of the latent continuous choices, found by L-BFGS
 * on the unconstrained space (map-lbfgs.ts) from Stan-style initial values. By default the objective is
 * log p(x, z) in the *constrained* parameterization, without the bijectors' Jacobian, as Stan's `optimize`
 * does — so the mode does not depend on the transforms; `jacobian: true` maximizes the unconstrained density
 * log p + log|J| instead (the centre of a Laplace approximation). Several restarts keep the best mode.
 *
 * Returns a `Posterior` holding the mode as its one draw, with `diagnostics.map`: the unconstrained mode,
 * the log density there, iterations, gradient norm and whether L-BFGS converged.
 *
 * @example
 * ```ts
 * const post = mapEstimate(linreg, [xs, ys], {}, { seed: 1 });
 * post.mean("slope");              // the mode
 * post.diagnostics.map;            // { theta, logDensity, iterations, converged, ... }
 * ```
 */
import { checkNumberOption, checkOptionNames, optionNames, COMMON_OPTIONS } from "./option-names.js";
import { BorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { ChoiceMap } from "../trace/choicemap.js";
import { checkModelInput, visitedTrace, type GenerativeFunction, type GFIOptions, type Trace } from "../trace/gfi.js";
import type { Selection } from "../trace/selection.js";
import { Posterior } from "../posterior/posterior.js";
import { checkLbfgsOptions, lbfgs, type LbfgsOptions } from "./map-lbfgs.js";
import { registerMethod } from "./registry.js";
import { UnconstrainedView } from "./unconstrained.js";
import { requireContinuousLatents } from "./unconstrained-layout.js";
import { zeroDensityAt } from "./mcmc/init.js";

export interface MapOptions extends LbfgsOptions, GFIOptions {
  /** Include log|J| (maximize in the unconstrained parameterization). Default false. */
  jacobian?: boolean;
  /** Independent starts, uniform in (−2, 2) on the unconstrained scale (default 1). */
  restarts?: number;
  selection?: Selection;
  seed?: number | string;
  rng?: Rng;
}

export interface MapResult {
  /** The mode on the unconstrained scale. */
  theta: Float64Array;
  /** The objective there: log p (+ log|J| with `jacobian`). */
  logDensity: number;
  trace: Trace;
  view: UnconstrainedView;
  iterations: number;
  gradientNorm: number;
  converged: boolean;
}

/** The mode as a `MapResult` (see `mapEstimate`). */
export function findMode(model: GenerativeFunction, args: unknown[], observations: unknown = {}, o: MapOptions = {}): MapResult {
  const method = o.jacobian === true ? "laplace" : "map";
  checkNumberOption(method, "restarts", o.restarts, { min: 1, integer: true });
  checkLbfgsOptions(method, o);
  const rng = o.rng ?? toRng(o.seed), obs = ChoiceMap.from(observations);
  const start = visitedTrace(method, model, model.generate(args, obs, rng, { params: o.params, initImproper: true }));
  if (o.selection === undefined) requireContinuousLatents(model, start, o.jacobian === true ? "laplace" : "map");
  const view = new UnconstrainedView(model, start, o.selection, { jacobian: o.jacobian === true, score: { params: o.params } });
  const f = (x: Float64Array, g: Float64Array): number => {
    const lp = view.logDensityGradient(x, g);
    for (let i = 0; i < g.length; i++) g[i] = -g[i];
    return lp > -Infinity ? -lp : Infinity;
  };
  let best: ReturnType<typeof lbfgs> | null = null;
  for (let r = 0; r < (o.restarts ?? 1); r++) {
    let x0: Float64Array | null = null;
    for (let a = 0; a < 100 && x0 === null; a++) {
      const x = Float64Array.from({ length: view.dim }, () => 4 * rng.double() - 2);
      if (Number.isFinite(view.logDensity(x))) x0 = x;
    }
    if (x0 === null) {
      const zero = zeroDensityAt(start);
      throw new BorelError("bad-init", `${model.name}: no starting point with a finite log density in 100 tries${zero ? ` (in a run from the prior, ${zero.what} at '${zero.key}' has zero density)` : ""}`, {
        hint: "check the observations against the model's supports",
      });
    }
    const res = lbfgs(f, x0, o);
    if (best === null || res.f < best.f) best = res;
  }
  const b = best as ReturnType<typeof lbfgs>;
  if (!Number.isFinite(b.f))
    throw new BorelError("no-mode", `${model.name}: the optimizer found no point with a finite log density`);
  return {
    theta: b.x, logDensity: -b.f, trace: view.traceAt(b.x, rng), view, iterations: b.iterations,
    gradientNorm: Math.sqrt(b.gradient.reduce((s, v) => s + v * v, 0)), converged: b.converged,
  };
}

/**
 * The addresses along which the objective does not curve downward at θ (the diagonal of its Hessian, by central
 * differences of the gradient, is not negative): a flat direction (a choice nothing informs) or one where it
 * still rises (an unbounded density, a mode at the edge of the support). There the "mode" is where L-BFGS
 * happened to stop: `x ~ flat()` alone gave its random start, `factor(x)` gave 5.8e17.
 */
function flatAddresses(view: UnconstrainedView, theta: Float64Array): string[] {
  const n = theta.length, gp = new Float64Array(n), gm = new Float64Array(n), x = theta.slice(), flat = new Set<string>();
  for (let j = 0; j < n; j++) {
    const h = 1e-4 * Math.max(1, Math.abs(theta[j]!));
    x[j] = theta[j]! + h; const up = view.logDensityGradient(x, gp);
    x[j] = theta[j]! - h; const down = view.logDensityGradient(x, gm);
    x[j] = theta[j]!;
    const curvature = (gp[j]! - gm[j]!) / (2 * h);
    if (Number.isFinite(up) && Number.isFinite(down) && !(curvature < 0)) {
      flat.add(coordinateName(view, j));
    }
  }
  return [...flat];
}

/** The address of unconstrained coordinate j (`w[2]` for an element of a vector choice). */
export function coordinateName(view: UnconstrainedView, j: number): string {
  const slot = view.layout.slots.find((sl) => j >= sl.offset && j < sl.offset + sl.length);
  return slot === undefined ? `coordinate ${j}` : slot.size < 0 ? slot.key : `${slot.key}[${j - slot.offset}]`;
}

/** The addresses listed in a warning: the first five and how many more. */
export function listAddresses(keys: readonly string[]): string {
  return `${keys.slice(0, 5).map((k) => `'${k}'`).join(", ")}${keys.length > 5 ? ` and ${keys.length - 5} more` : ""}`;
}

/** The warning of a mode search stopped by its iteration limit. */
export function notConvergedWarning(method: string, r: MapResult): string {
  // An infinite gradient where the optimizer stopped: the density rises without bound there (s → 0 under
  // half_flat() with one observation) — no mode exists, and more iterations cannot find one.
  if (!Number.isFinite(r.gradientNorm))
    return `${method}: the log density's gradient is infinite where L-BFGS stopped (log density ${r.logDensity.toPrecision(4)}): the density grows without bound towards the edge of a choice's support, so there is no mode — an improper or unbounded posterior; give the choices proper priors, or check the model`;
  return `${method}: L-BFGS stopped after ${r.iterations} iteration${r.iterations === 1 ? "" : "s"} without converging (gradient norm ${r.gradientNorm.toPrecision(3)}): the estimate is not the mode; raise max_iterations (maxIterations)`;
}

/** MAP estimation returning a one-draw `Posterior` (the mode) with `diagnostics.map`. */
export function mapEstimate(model: GenerativeFunction, args: unknown[], observations: unknown = {}, o: MapOptions = {}): Posterior {
  checkModelInput("mapEstimate", model, args);
  checkOptionNames("mapEstimate", o, MAP_OPTIONS);
  const r = findMode(model, args, observations, o);
  const flat = flatAddresses(r.view, r.theta);
  const warnings = r.converged ? [] : [notConvergedWarning("map", r)];
  if (flat.length > 0)
    warnings.push(`map: the log density is not curved downward at the estimate along ${listAddresses(flat)} — flat (nothing informs it), or still rising (an improper or unbounded posterior, or a mode at the edge of the support): there the estimate is wherever the optimizer stopped; give it a proper prior, or check the model`);
  return new Posterior({
    method: "map", chains: [[r.trace]], source: { model, args, observations: ChoiceMap.from(observations) },
    diagnostics: {
      map: { theta: r.theta, logDensity: r.logDensity, iterations: r.iterations, gradientNorm: r.gradientNorm, converged: r.converged, jacobian: o.jacobian === true },
      // Stopped by the iteration limit: the point is not the mode (with maxIterations 0, it is the start).
      warnings,
    },
  });
}

registerMethod({
  name: "map",
  doc: "maximum a posteriori estimate by L-BFGS (constrained parameterization, as Stan's optimize)",
  options: {
    jacobian: { type: "bool", default: false, doc: "maximize log p + log|J| on the unconstrained scale" },
    restarts: { type: "int", default: 1, min: 1, doc: "independent starts" },
    max_iterations: { type: "int", default: 1000, min: 1, doc: "L-BFGS iterations" },
  },
  run: (gf, args, obs, o, ctx) => mapEstimate(gf, args, obs, { jacobian: o.jacobian as boolean, restarts: o.restarts as number, maxIterations: o.max_iterations as number, seed: ctx.seed }),
});

/** The option names map takes (./option-names.ts; the compiler checks the list against the interface). */
export const MAP_OPTIONS = optionNames<MapOptions>()([...COMMON_OPTIONS, "selection", "jacobian", "restarts", "maxIterations", "memory", "gradTol", "relTol"]);
