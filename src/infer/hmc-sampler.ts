/**
 * Gradient methods as `Posterior`-returning calls: the MCMC driver (`mcmc`: chains on streams `chain/<i>`,
 * warmup threading the adaptation, thinning, progress, abort, resumable states) with an adaptive gradient
 * kernel, Stan's initial values, and the sampler diagnostics attached (`diagnostics.sampler`, see
 * `hmc-diagnostics.ts`; `diagnostics.divergences` and warnings for divergences, tree-depth hits and low
 * E-BFMI).
 *
 * Initial values (`init: "uniform"`, the default, as Stan): each chain's continuous latent choices uniform in
 * (−2, 2) on the unconstrained scale, redrawn until the log density is finite; `init: "prior"` draws them from
 * the prior; a choice map (or one per chain) gives them.
 *
 * @example
 * ```ts
 * const post = runGradientMethod(model, args, obs, nutsKernel({ warmup: 1000 }), { samples: 1000, warmup: 1000, seed: 1 }, "nuts");
 * ```
 */
import { BorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction, GFIOptions } from "../trace/gfi.js";
import type { Posterior } from "../posterior/posterior.js";
import type { GradientKernel } from "./hmc-adaptive.js";
import { attachSamplerDiagnostics } from "./hmc-diagnostics.js";
import { mcmc, type MCMCOptions } from "./mcmc.js";
import { UnconstrainedView } from "./unconstrained.js";

export interface ChainOptions extends Omit<MCMCOptions, "init"> {
  /** "uniform" (default): unconstrained values in (−initRadius, initRadius); "prior"; or initial values (per chain). */
  init?: "uniform" | "prior" | unknown | ((chain: number) => unknown);
  initRadius?: number;
}

/** Initial latent values: the continuous latents of a `generate` trace moved to U(−r, r) on the unconstrained scale. */
export function uniformInit(gf: GenerativeFunction, args: unknown[], obs: ChoiceMap, rng: Rng, radius = 2, gfi?: GFIOptions): ChoiceMap {
  for (let attempt = 0; attempt < 100; attempt++) {
    const g = gf.generate(args, obs, rng, gfi);
    if (g.weight === -Infinity && g.unvisited?.length)
      throw new BorelError("unknown-address", `the observation at '${g.unvisited[0]}' was not visited by ${gf.name}`, { address: g.unvisited[0] });
    if (!Number.isFinite(g.trace.score)) continue;
    const view = new UnconstrainedView(gf, g.trace, undefined, { score: gfi });
    const theta = Float64Array.from({ length: view.dim }, () => radius * (2 * rng.double() - 1));
    if (Number.isFinite(view.logDensity(theta))) return view.valuesAt(theta);
  }
  throw new BorelError("bad-init", `${gf.name}: no initial point with a finite log density in 100 attempts`, {
    hint: "check that the observations are possible under the model, or use init: \"prior\"",
  });
}

/** Runs the driver with `kernel` and attaches the sampler diagnostics. */
export function runGradientMethod(gf: GenerativeFunction, args: unknown[], observations: unknown, kernel: GradientKernel, o: ChainOptions, method: string): Posterior {
  const root = o.rng ?? toRng(o.seed);
  const obs = ChoiceMap.from(observations);
  let init: MCMCOptions["init"] = o.init === "prior" ? undefined : o.init;
  if (o.init === undefined || o.init === "uniform")
    init = (c: number) => uniformInit(gf, args, obs, root.split(`init-uniform/${c}`), o.initRadius ?? 2, o.params ? { params: o.params } : undefined);
  const post = mcmc(gf, args, obs, kernel, { ...o, rng: root, init });
  return attachSamplerDiagnostics(post, kernel, method);
}
