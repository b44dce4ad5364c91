/**
 * Gradient methods as `Posterior`-returning calls: the MCMC driver (`mcmc`: chains on streams `chain/<i>`,
 * warmup threading the adaptation, thinning, progress, abort, resumable states) with an adaptive gradient
 * kernel, Stan's initial values, and the sampler diagnostics attached (`diagnostics.sampler`, see
 * `hmc-diagnostics.ts`; `diagnostics.divergences` and warnings for divergences, tree-depth hits and low
 * E-BFMI).
 *
 * `nuts()`, `hmc()`, `mala()` run their chains in this thread (`runGradientMethod`, synchronous). A Borel
 * query goes through `runGradientQuery`: for a model that can cross threads (`portable()`, as compiled Borel
 * programs) the driver's `mcmcAsync` gets the kernel as a spec (`{kernel: "nuts", args: [], options}`, built
 * from the registry in each worker) and runs the chains on worker threads when the probed work pays for their
 * start-up. A chain's draws depend only on the seed and its index, so they are the same either way.
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
import { MCMC_OPTIONS } from "./mcmc/options.js";
import { BorelError, isBorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction, GFIOptions } from "../trace/gfi.js";
import type { Posterior } from "../posterior/posterior.js";
import type { GradientKernel } from "./hmc-adaptive.js";
import { attachSamplerDiagnostics } from "./hmc-diagnostics.js";
import { mcmc, mcmcAsync, type MCMCOptions } from "./mcmc.js";
import { getKernel } from "./registry.js";
import { DOMAIN_ERRORS, UnconstrainedView } from "./unconstrained.js";
import { requireContinuousLatents } from "./unconstrained-layout.js";
import { zeroDensityAt } from "./mcmc/init.js";

export interface ChainOptions extends Omit<MCMCOptions, "init"> {
  /** "uniform" (default): unconstrained values in (−initRadius, initRadius); "prior"; or initial values (per chain). */
  init?: "uniform" | "prior" | unknown | ((chain: number) => unknown);
  initRadius?: number;
}

/** Initial latent values: the continuous latents of a `generate` trace moved to U(−r, r) on the unconstrained scale. */
export function uniformInit(gf: GenerativeFunction, args: unknown[], obs: ChoiceMap, rng: Rng, radius = 2, gfi?: GFIOptions): ChoiceMap {
  let zero: ReturnType<typeof zeroDensityAt>;
  let priorWorked = false;
  let gradientFailure: { lp: number; lpg: number; grad: Float64Array; error: BorelError | undefined } | undefined;
  for (let attempt = 0; attempt < 100; attempt++) {
    let g;
    try {
      g = gf.generate(args, obs, rng, { ...gfi, initImproper: true });
    } catch (e) {
      // A prior draw where the density is undefined (a covariance that is not positive definite): draw again.
      if (!(isBorelError(e) && DOMAIN_ERRORS.has(e.code)) || attempt === 99) throw e;
      continue;
    }
    if (g.weight === -Infinity && g.unvisited?.length)
      throw new BorelError("unknown-address", `the observation at '${g.unvisited[0]}' was not visited by ${gf.name}`, { address: g.unvisited[0] });
    if (!Number.isFinite(g.trace.score)) { zero = zeroDensityAt(g.trace) ?? zero; continue; }
    priorWorked = true;
    const view = new UnconstrainedView(gf, g.trace, undefined, { score: gfi });
    const theta = Float64Array.from({ length: view.dim }, () => radius * (2 * rng.double() - 1));
    const lp = view.logDensity(theta);
    if (!Number.isFinite(lp)) continue;
    // The sampler runs the gradient path: a point where only the plain path is finite would stall it.
    const grad = new Float64Array(view.dim), lpg = view.logDensityGradient(theta, grad);
    if (Number.isFinite(lpg) && grad.every(Number.isFinite)) return view.valuesAt(theta);
    gradientFailure ??= { lp, lpg, grad, error: view.lastDomainError };
  }
  if (gradientFailure !== undefined) {
    const { lp, lpg, grad, error } = gradientFailure, bad = grad.findIndex((g) => !Number.isFinite(g));
    throw new BorelError("bad-gradient", `${gf.name}: the log density is finite (${lp.toPrecision(6)}) at the starting points but its gradient run gives ${Number.isFinite(lpg) ? `a non-finite gradient (coordinate ${bad}: ${grad[bad]})` : lpg}${error ? ` (${error.message})` : ""}`, {
      hint: "a value of the model that is not differentiable where it is used (check the expression named above), or a Borel bug: please report it with the program",
    });
  }
  // Draws from the prior never had a finite density: say where; otherwise only the uniform starts failed.
  if (!priorWorked)
    throw new BorelError("bad-init", `${gf.name}: no initial point with a finite log density in 100 draws from the prior${zero ? ` (${zero.what} at '${zero.key}' had zero density)` : ""}`, {
      address: zero?.key, hint: "check that the observations are possible under the model (their values against the distributions' supports)",
    });
  throw new BorelError("bad-init", `${gf.name}: no finite log density at 100 uniform starting points in (−${radius}, ${radius}) on the unconstrained scale`, {
    hint: "start from the prior (init: \"prior\") or give initial values (init: {...})",
  });
}

/** The driver's `init`: per chain, Stan's uniform start as a `Map` (which crosses to worker threads), or as given. */
function chainInit(method: string, gf: GenerativeFunction, args: unknown[], obs: ChoiceMap, root: Rng, o: ChainOptions): MCMCOptions["init"] {
  if (o.init === "prior") return undefined;
  if (typeof o.init === "string" && o.init !== "uniform")
    throw new BorelError("bad-option", `${method}: 'init' must be "uniform", "prior", initial values ({address: value, ...}) or a function of the chain number, got ${JSON.stringify(o.init)}`, {
      hint: "\"uniform\" (the default) starts each chain uniformly in (−2, 2) on the unconstrained scale, as Stan does",
    });
  if (o.init !== undefined && o.init !== "uniform") return o.init;
  return (c: number) => new Map(uniformInit(gf, args, obs, root.split(`init-uniform/${c}`), o.initRadius ?? 2, o.params ? { params: o.params } : undefined));
}

/** A gradient method on a model with a discrete latent choice is an error naming it (a prior draw is checked). */
function checkContinuous(gf: GenerativeFunction, args: unknown[], obs: ChoiceMap, root: Rng, o: ChainOptions, method: string): void {
  requireContinuousLatents(gf, gf.generate(args, obs, root.split("discrete-check"), { params: o.params, initImproper: true }).trace, method);
}

/** Runs the driver with `kernel` in this thread and attaches the sampler diagnostics. */
export function runGradientMethod(gf: GenerativeFunction, args: unknown[], observations: unknown, kernel: GradientKernel, o: ChainOptions, method: string): Posterior {
  const root = o.rng ?? toRng(o.seed);
  const obs = ChoiceMap.from(observations);
  checkContinuous(gf, args, obs, root, o, method);
  // The driver's options only (the kernel's — step size, metric, ... — are the kernel's business).
  const driver = Object.fromEntries(Object.entries(o).filter(([k]) => MCMC_OPTIONS.has(k))) as MCMCOptions;
  const post = mcmc(gf, args, obs, kernel, { ...driver, rng: root, init: chainInit(method, gf, args, obs, root, o) });
  return attachSamplerDiagnostics(post, method);
}

/**
 * The run of a registered gradient method (`query ... using nuts(...)`; `o` are its resolved options, `chain`
 * their chain options with the run's seed): `mcmcAsync` with the registered kernel `method` as a spec (its
 * options are those of `o` the kernel knows), so that chains of a portable model may run on worker threads
 * (`workers`: as the driver's option; by default it decides from a probe) and any run yields to Ctrl-C;
 * `inThread()` when no kernel is registered under `method`.
 *
 * @example
 * ```ts
 * const o = { chains: 4, samples: 1000, warmup: 1000, max_depth: 10 }, chain = { chains: 4, samples: 1000, warmup: 1000, seed: 1 };
 * const post = await runGradientQuery("nuts", borelModel, args, obs, o, chain, () => nuts(borelModel, args, obs, chain));
 * ```
 */
export async function runGradientQuery(method: string, gf: GenerativeFunction, args: unknown[], observations: unknown, o: Record<string, unknown>, chain: ChainOptions, inThread: () => Posterior, workers?: number): Promise<Posterior> {
  // A model that cannot cross to a worker (a REPL definition, a closure) runs its chains here, through the same
  // cooperative driver: in one synchronous call (inThread) a Ctrl-C could not stop it.
  const factory = getKernel(method);
  if (factory === undefined) return inThread();
  const options = Object.fromEntries(Object.entries(o).filter(([k]) => k in factory.options));
  const root = chain.rng ?? toRng(chain.seed), obs = ChoiceMap.from(observations);
  checkContinuous(gf, args, obs, root, chain, method);
  const post = await mcmcAsync(gf, args, obs, { kernel: method, args: [], options }, { ...chain, rng: root, init: chainInit(method, gf, args, obs, root, chain), workers });
  return attachSamplerDiagnostics(post, method);
}
