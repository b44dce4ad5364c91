/**
 * The Metropolis-adjusted Langevin algorithm (Roberts & Tweedie 1996), preconditioned by the metric:
 *
 *     x' = x + (ε²/2) M⁻¹ ∇log π(x) + ε M^{−½} ξ,   ξ ~ N(0, I),
 *
 * accepted with probability min(1, π(x') q(x | x') / (π(x) q(x' | x))). This is exactly one leapfrog step of
 * HMC with momentum p ~ N(0, M): the Langevin proposal is the leapfrog position update, and the Hastings
 * ratio equals e^{H0 − H1} (the Gaussian proposal densities are the kinetic energies of the initial and the
 * reversed final momentum). So MALA is implemented as that step, and shares HMC's step-size and metric
 * adaptation.
 *
 * @example
 * ```ts
 * const step = malaAlgorithm().prepare(target);
 * step(current, unitMetric(target.dim), 0.3, rng, out);
 * const post = mala(model, args, obs, { samples: 2000, seed: 1 });   // target_accept 0.574 by default
 * ```
 */
import { checkModelInput, type GenerativeFunction } from "../trace/gfi.js";
import type { Posterior } from "../posterior/posterior.js";
import type { GradientAlgorithm } from "./hmc-binding.js";
import { hmcAlgorithm } from "./hmc.js";
import { adaptiveGradientKernel, type GradientAdaptOptions, type GradientKernel } from "./hmc-adaptive.js";
import { GRADIENT_KERNEL_OPTIONS, GRADIENT_METHOD_OPTIONS, kernelSelection, methodAdaptOptions, methodChainOptions } from "./hmc-options.js";
import { runGradientMethod, runGradientQuery, type ChainOptions } from "./hmc-sampler.js";
import { registerKernel, registerMethod } from "./registry.js";
import { checkOptionNames, optionNames } from "./option-names.js";
import { GRADIENT_OPTION_NAMES } from "./hmc-option-names.js";

export interface MalaSettings {
  /** Relative step-size jitter in [0, 1) (default 0). */
  jitter?: number;
}

export function malaAlgorithm(settings: MalaSettings = {}): GradientAlgorithm {
  const one = hmcAlgorithm({ steps: 1, jitter: settings.jitter });
  return { name: "mala", prepare: (target) => one.prepare(target) };
}

export interface MalaOptions extends GradientAdaptOptions, MalaSettings, ChainOptions {}

/** The option names of MalaOptions (an unknown one is an error; the compiler checks the list against the interface). */
const MALA_OPTION_NAMES = optionNames<MalaOptions>()([...GRADIENT_OPTION_NAMES]);

/** The optimal acceptance rate of MALA in high dimensions (Roberts & Rosenthal 1998). */
export const MALA_TARGET_ACCEPT = 0.574;

/** MALA as an adaptive kernel (target acceptance 0.574 unless given). */
export function malaKernel(options: MalaOptions = {}): GradientKernel {
  checkOptionNames("malaKernel", options, MALA_OPTION_NAMES);
  return adaptiveGradientKernel(malaAlgorithm(options), { ...options, targetAccept: options.targetAccept ?? MALA_TARGET_ACCEPT });
}

/** Runs MALA chains on the posterior of `model` given `observations`. */
export function mala(model: GenerativeFunction, args: unknown[], observations: unknown = {}, options: MalaOptions = {}): Posterior {
  checkModelInput("mala", model, args);
  checkOptionNames("mala", options, MALA_OPTION_NAMES);
  return runGradientMethod(model, args, observations, malaKernel({ ...options, warmup: options.warmup ?? 1000 }), { ...options, warmup: options.warmup ?? 1000 }, "mala");
}

const MALA_OPTIONS = { target_accept: { ...GRADIENT_KERNEL_OPTIONS.target_accept, default: MALA_TARGET_ACCEPT } };

registerMethod({
  name: "mala",
  positionalOptions: ["samples", "warmup", "chains"],
  doc: "the Metropolis-adjusted Langevin algorithm, preconditioned by an adapted metric",
  options: { ...GRADIENT_METHOD_OPTIONS, ...MALA_OPTIONS },
  // Through the driver's mcmcAsync with a kernel spec (chains on worker threads) when the model is portable.
  run: (gf, args, obs, o, ctx) => {
    const chain = methodChainOptions(o, ctx);
    return runGradientQuery("mala", gf, args, obs, o, chain, () => mala(gf, args, obs, { ...chain, ...methodAdaptOptions(o) }));
  },
});

registerKernel({
  name: "mala",
  doc: "MALA on the selected continuous addresses (all latent continuous choices by default)",
  options: { ...GRADIENT_KERNEL_OPTIONS, ...MALA_OPTIONS },
  build: (_gf, spec) => malaKernel({ ...methodAdaptOptions(spec.options), selection: kernelSelection(spec.args) }),
});
