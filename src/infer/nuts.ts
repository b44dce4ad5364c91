/**
 * The No-U-Turn Sampler with Stan's warmup, as a method (`nuts(model, args, obs, opts)` → `Posterior`) and
 * as an adaptive kernel (`nutsKernel(opts)`) that composes with kernels on other addresses. Registered for
 * Borel queries as `using nuts(samples: 1000, warmup: 1000, chains: 4, target_accept: 0.8, max_depth: 10,
 * metric: "diag")` and as the kernel `nuts()` inside `mcmc(...)`.
 *
 * @example
 * ```ts
 * const post = nuts(eightSchools, [], {}, { samples: 1000, warmup: 1000, chains: 4, seed: 1 });
 * post.mean("tau");
 * post.diagnostics.sampler;   // divergences, treedepth_hits, step_size, accept_stat, ebfmi
 * ```
 */
import { checkModelInput, type GenerativeFunction } from "../trace/gfi.js";
import type { Posterior } from "../posterior/posterior.js";
import { adaptiveGradientKernel, type GradientAdaptOptions, type GradientKernel } from "./hmc-adaptive.js";
import { runGradientMethod, runGradientQuery, type ChainOptions } from "./hmc-sampler.js";
import { nutsAlgorithm, type NutsAlgorithmSettings } from "./nuts/algorithm.js";
import { GRADIENT_METHOD_OPTIONS, GRADIENT_KERNEL_OPTIONS, kernelSelection, methodChainOptions, methodAdaptOptions } from "./hmc-options.js";
import { registerKernel, registerMethod } from "./registry.js";
import { checkOptionNames, optionNames } from "./option-names.js";
import { GRADIENT_OPTION_NAMES } from "./hmc-option-names.js";

export interface NutsOptions extends GradientAdaptOptions, NutsAlgorithmSettings, ChainOptions {}

/** The option names of NutsOptions (an unknown one is an error; the compiler checks the list against the interface). */
const NUTS_OPTION_NAMES = optionNames<NutsOptions>()([...GRADIENT_OPTION_NAMES, "maxDepth", "maxDeltaH"]);

/** NUTS as an adaptive kernel (step size and metric adapt over `warmup` iterations). */
export function nutsKernel(options: NutsOptions = {}): GradientKernel {
  checkOptionNames("nutsKernel", options, NUTS_OPTION_NAMES);
  return adaptiveGradientKernel(nutsAlgorithm(options), options);
}

/** Runs NUTS chains on the posterior of `model` given `observations`. */
export function nuts(model: GenerativeFunction, args: unknown[], observations: unknown = {}, options: NutsOptions = {}): Posterior {
  checkModelInput("nuts", model, args);
  checkOptionNames("nuts", options, NUTS_OPTION_NAMES);
  return runGradientMethod(model, args, observations, nutsKernel({ ...options, warmup: options.warmup ?? 1000 }), { ...options, warmup: options.warmup ?? 1000 }, "nuts");
}

const NUTS_OPTIONS = { max_depth: { type: "int", default: 10, min: 1, max: 30, doc: "maximum tree depth" } } as const;

registerMethod({
  name: "nuts",
  positionalOptions: ["samples", "warmup", "chains", "target_accept", "max_depth"],
  doc: "the No-U-Turn Sampler with Stan's adaptation (dual averaging, windowed diagonal or dense metric)",
  options: { ...GRADIENT_METHOD_OPTIONS, ...NUTS_OPTIONS },
  // Through the driver's mcmcAsync with a kernel spec (chains on worker threads) when the model is portable.
  run: (gf, args, obs, o, ctx) => {
    const chain = methodChainOptions(o, ctx);
    return runGradientQuery("nuts", gf, args, obs, o, chain, () => nuts(gf, args, obs, { ...chain, ...methodAdaptOptions(o), maxDepth: o.max_depth as number }));
  },
});

registerKernel({
  name: "nuts",
  doc: "NUTS on the selected continuous addresses (all latent continuous choices by default)",
  options: { ...GRADIENT_KERNEL_OPTIONS, ...NUTS_OPTIONS },
  build: (_gf, spec) => nutsKernel({ ...methodAdaptOptions(spec.options), selection: kernelSelection(spec.args), maxDepth: spec.options.max_depth as number }),
});

