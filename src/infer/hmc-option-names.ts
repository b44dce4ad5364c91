/**
 * Option names of the gradient methods and kernels from TypeScript (`nuts(model, args, obs, {...})`,
 * `nutsKernel({...})`, and the same for hmc and mala): a name the method does not take is an error with "did you
 * mean" (./option-names.ts), as for the other entry points — `{sample: 10}` or Borel's `target_accept` would
 * otherwise be ignored and the default used. Each method's module lists its names from these, checked by the
 * compiler against its options interface.
 *
 * @example
 * ```ts
 * const NUTS_OPTION_NAMES = optionNames<NutsOptions>()([...GRADIENT_OPTION_NAMES, "maxDepth", "maxDeltaH"]);
 * checkOptionNames("nuts", opts, NUTS_OPTION_NAMES);   // throws on {max_depth: 5}: did you mean 'maxDepth'?
 * ```
 */
import { COMMON_OPTIONS, RUN_OPTIONS } from "./option-names.js";

/** The chain options (the MCMC driver's, and Stan's initial values), the adaptation options and the step-size jitter. */
export const GRADIENT_OPTION_NAMES = [
  ...COMMON_OPTIONS, ...RUN_OPTIONS, "chains", "keepTraces", "init", "initRadius", "warmup", "samples", "thin", "initAttempts",
  "pointwiseLogLik", "workers", "selection", "targetAccept", "metric", "stepSize", "inverseMetric", "adapt", "view", "jitter",
] as const;
