/**
 * NUTS as a `GradientAlgorithm` (one `NutsTransition` workspace per target), for kernels and bindings.
 *
 * @example
 * ```ts
 * const b = new GradientBinding(nutsAlgorithm({ maxDepth: 10 }), trace);
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { GradientAlgorithm, StepStats } from "../hmc-binding.js";
import { NutsTransition } from "./transition.js";

export interface NutsAlgorithmSettings {
  /** Maximum tree depth (default 10). */
  maxDepth?: number;
  /** Relative step-size jitter in [0, 1) (default 0). */
  jitter?: number;
  /** Energy error counted as a divergence (default 1000). */
  maxDeltaH?: number;
}

export function nutsAlgorithm(settings: NutsAlgorithmSettings = {}): GradientAlgorithm {
  const maxDepth = settings.maxDepth ?? 10, jitter = settings.jitter ?? 0;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new BorelError("bad-option", `nuts: 'max_depth' (maxDepth) must be a positive integer, got ${typeof maxDepth === "string" ? JSON.stringify(maxDepth) : String(maxDepth)}`);
  if (!(jitter >= 0 && jitter < 1)) throw new BorelError("bad-option", `nuts: 'jitter' must be in [0, 1), got ${jitter}`);
  return {
    name: "nuts",
    prepare(target) {
      const t = new NutsTransition(target);
      return (current, metric, stepSize, rng, out): StepStats => {
        const eps = jitter > 0 ? stepSize * (1 + jitter * (2 * rng.double() - 1)) : stepSize;
        const s = t.run(current, metric, { stepSize: eps, maxDepth, maxDeltaH: settings.maxDeltaH }, rng, out);
        return { ...s, tree_depth_hit: s.tree_depth >= maxDepth };
      };
    },
  };
}
