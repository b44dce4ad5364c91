/**
 * A gradient kernel with fixed tuning (no warmup): the step size and inverse metric are given. One
 * unconstrained view serves every trace the kernel sees (rebased when the trace changes), so it can run in
 * any loop — a Geweke test, a `cycle` with other kernels, a user's own sampler.
 *
 * @example
 * ```ts
 * const k = fixedGradientKernel(nutsAlgorithm({ maxDepth: 8 }), { stepSize: 0.3 });
 * for (let i = 0; i < 1000; i++) trace = k(trace, rng).trace;
 * ```
 */
import { adaptiveGradientKernel, type GradientAdaptOptions, type GradientAdaptState } from "./hmc-adaptive.js";
import type { GradientAlgorithm } from "./hmc-binding.js";
import type { Kernel } from "./kernel.js";

export interface FixedGradientOptions extends Omit<GradientAdaptOptions, "adapt" | "warmup" | "targetAccept"> {
  stepSize: number;
}

export function fixedGradientKernel(algorithm: GradientAlgorithm, options: FixedGradientOptions): Kernel {
  const ak = adaptiveGradientKernel(algorithm, { ...options, adapt: false });
  let state: GradientAdaptState | null = null;
  let kernel: Kernel | null = null;
  return (trace, rng) => {
    if (state === null) { state = ak.init(trace, rng); kernel = ak.kernel(state); }
    return (kernel as Kernel)(trace, rng);
  };
}
