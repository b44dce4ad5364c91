/**
 * Option names of the gradient methods and kernels from TypeScript (`nuts(model, args, obs, {...})`,
 * `nutsKernel({...})`, and the same for hmc and mala): a name the method does not take is an error with "did you
 * mean" (./option-names.ts), as for the other entry points — `{sample: 10}` or Borel's `target_accept` would
 * otherwise be ignored and the default used. The compiler checks each list against its options interface.
 *
 * @example
 * ```ts
 * checkOptionNames("nuts", opts, NUTS_OPTION_NAMES);   // throws on {max_depth: 5}: did you mean 'maxDepth'?
 * ```
 */
import { optionNames, COMMON_OPTIONS, RUN_OPTIONS } from "./option-names.js";
import type { NutsOptions } from "./nuts.js";
import type { HmcOptions } from "./hmc.js";
import type { MalaOptions } from "./mala.js";

/** The chain options (the MCMC driver's, and Stan's initial values) and the adaptation options. */
const CHAIN_AND_ADAPT = [
  ...COMMON_OPTIONS, ...RUN_OPTIONS, "chains", "keepTraces", "init", "initRadius", "warmup", "samples", "thin", "initAttempts",
  "pointwiseLogLik", "workers", "selection", "targetAccept", "metric", "stepSize", "inverseMetric", "adapt", "view", "jitter",
] as const;

export const NUTS_OPTION_NAMES = optionNames<NutsOptions>()([...CHAIN_AND_ADAPT, "maxDepth", "maxDeltaH"]);
export const HMC_OPTION_NAMES = optionNames<HmcOptions>()([...CHAIN_AND_ADAPT, "steps", "jitterSteps", "maxDeltaH"]);
export const MALA_OPTION_NAMES = optionNames<MalaOptions>()([...CHAIN_AND_ADAPT]);
