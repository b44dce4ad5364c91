/**
 * Hamiltonian Monte Carlo with a fixed trajectory length (Neal 2011): fresh momentum p ~ N(0, M), `steps`
 * leapfrog steps of size ε, and a Metropolis correction that accepts the end point with probability
 * min(1, e^{H0 − H1}). Because the leapfrog map preserves volume and is reversed by negating p, this
 * leaves the target invariant; the momentum flip that makes the proposal an involution is implicit, as p is
 * redrawn and K(p) = K(−p).
 *
 * `jitter` draws the step size uniformly from ε·(1 ± jitter) per transition (Stan's `stepsize_jitter`; default
 * 0.2 here, where Stan's is 0: a fixed trajectory length fell near a period of a Gaussian posterior, and 4
 * chains of 1000 draws put its sd 15% off with R-hat 1.08 — with 0.2, within 1%);
 * `jitterSteps` draws the number of steps uniformly from 1..steps, which breaks the periodicities a fixed
 * trajectory length can fall into. A trajectory whose energy error exceeds 1000 is stopped and counted as
 * divergent.
 *
 * @example
 * ```ts
 * const step = hmcAlgorithm({ steps: 20 }).prepare(target);
 * const stats = step(current, unitMetric(target.dim), 0.1, rng, out);   // stats.accept_stat, stats.logAlpha
 * const post = hmc(model, args, obs, { steps: 20, samples: 1000, seed: 1 });   // adapted step size and metric
 * ```
 */
import { BorelError } from "../util/errors.js";
import { checkModelInput, type GenerativeFunction } from "../trace/gfi.js";
import type { Posterior } from "../posterior/posterior.js";
import { hamiltonian, leapfrog, PhasePoint } from "./leapfrog.js";
import type { GradientAlgorithm, StepStats } from "./hmc-binding.js";
import { adaptiveGradientKernel, type GradientAdaptOptions, type GradientKernel } from "./hmc-adaptive.js";
import { GRADIENT_KERNEL_OPTIONS, GRADIENT_METHOD_OPTIONS, kernelSelection, methodAdaptOptions, methodChainOptions } from "./hmc-options.js";
import { runGradientMethod, runGradientQuery, type ChainOptions } from "./hmc-sampler.js";
import { registerKernel, registerMethod } from "./registry.js";
import { checkNumberOption, checkOptionNames, optionNames } from "./option-names.js";
import { GRADIENT_OPTION_NAMES } from "./hmc-option-names.js";

export interface HmcSettings {
  /** Leapfrog steps per transition (default 10). */
  steps?: number;
  /** Draw the number of steps uniformly from 1..steps each transition. */
  jitterSteps?: boolean;
  /** Relative step-size jitter in [0, 1) (default 0.2). */
  jitter?: number;
  /** Energy error counted as a divergence (default 1000). */
  maxDeltaH?: number;
}

/** HMC's default step-size jitter (see the module comment). */
export const HMC_JITTER = 0.2;

export function hmcAlgorithm(settings: HmcSettings = {}): GradientAlgorithm {
  const steps = settings.steps ?? 10, jitter = settings.jitter ?? HMC_JITTER, maxDeltaH = settings.maxDeltaH ?? 1000;
  checkNumberOption("hmc", "steps", steps, { min: 1, integer: true });
  if (!(jitter >= 0 && jitter < 1)) throw new BorelError("bad-option", `hmc: 'jitter' must be in [0, 1), got ${jitter}`);
  return {
    name: "hmc",
    prepare(target) {
      const z = new PhasePoint(target.dim);
      return (current, metric, stepSize, rng, out): StepStats => {
        const eps = jitter > 0 ? stepSize * (1 + jitter * (2 * rng.double() - 1)) : stepSize;
        const n = settings.jitterSteps ? 1 + rng.int(steps) : steps;
        z.copyFrom(current);
        metric.sampleMomentum(rng, z.p);
        metric.velocity(z.p, z.v);
        const h0 = hamiltonian(metric, z);
        let divergent = false, taken = 0;
        for (let i = 0; i < n; i++) {
          leapfrog(target, metric, z, eps);
          taken++;
          if (hamiltonian(metric, z) - h0 > maxDeltaH) { divergent = true; break; }
        }
        const h1 = hamiltonian(metric, z);
        const logAlpha = divergent ? -Infinity : Math.min(0, h0 - h1);
        const accept = Math.exp(logAlpha);
        const accepted = rng.double() < accept;
        out.copyFrom(accepted ? z : current);
        return { accept_stat: accept, divergent, energy: accepted ? h1 : h0, n_leapfrog: taken, logAlpha, step_size: eps };
      };
    },
  };
}

export interface HmcOptions extends GradientAdaptOptions, HmcSettings, ChainOptions {}

/** The option names of HmcOptions (an unknown one is an error; the compiler checks the list against the interface). */
const HMC_OPTION_NAMES = optionNames<HmcOptions>()([...GRADIENT_OPTION_NAMES, "steps", "jitterSteps", "maxDeltaH"]);

/** HMC as an adaptive kernel (dual averaging of the step size, windowed metric adaptation). */
export function hmcKernel(options: HmcOptions = {}): GradientKernel {
  checkOptionNames("hmcKernel", options, HMC_OPTION_NAMES);
  return adaptiveGradientKernel(hmcAlgorithm(options), options);
}

/** Runs HMC chains on the posterior of `model` given `observations`. */
export function hmc(model: GenerativeFunction, args: unknown[], observations: unknown = {}, options: HmcOptions = {}): Posterior {
  checkModelInput("hmc", model, args);
  checkOptionNames("hmc", options, HMC_OPTION_NAMES);
  return runGradientMethod(model, args, observations, hmcKernel({ ...options, warmup: options.warmup ?? 1000 }), { ...options, warmup: options.warmup ?? 1000 }, "hmc");
}

const HMC_OPTIONS = {
  steps: { type: "int", default: 10, min: 1, doc: "leapfrog steps per transition" },
  jitter_steps: { type: "bool", default: false, doc: "draw the number of steps uniformly from 1..steps" },
  jitter: { type: "number", default: HMC_JITTER, min: 0, max: 0.99, doc: "relative step-size jitter per transition (0.2: breaks the periodicity of a fixed trajectory length)" },
} as const;

const hmcSettings = (o: Record<string, unknown>): HmcSettings => ({ steps: o.steps as number, jitterSteps: o.jitter_steps as boolean, jitter: o.jitter as number | undefined });

registerMethod({
  name: "hmc",
  positionalOptions: ["samples", "warmup", "chains"],
  doc: "Hamiltonian Monte Carlo with a fixed number of leapfrog steps; step size and metric adapted in warmup",
  options: { ...GRADIENT_METHOD_OPTIONS, ...HMC_OPTIONS },
  // Through the driver's mcmcAsync with a kernel spec (chains on worker threads) when the model is portable.
  run: (gf, args, obs, o, ctx) => {
    const chain = methodChainOptions(o, ctx);
    return runGradientQuery("hmc", gf, args, obs, o, chain, () => hmc(gf, args, obs, { ...chain, ...methodAdaptOptions(o), ...hmcSettings(o) }));
  },
});

registerKernel({
  name: "hmc",
  doc: "HMC on the selected continuous addresses (all latent continuous choices by default)",
  options: { ...GRADIENT_KERNEL_OPTIONS, ...HMC_OPTIONS },
  build: (_gf, spec) => hmcKernel({ ...methodAdaptOptions(spec.options), ...hmcSettings(spec.options), selection: kernelSelection(spec.args) }),
});
