/**
 * Gradient estimators, chosen per random choice of a guide (Schulman et al. 2015, "Gradient estimation using
 * stochastic computation graphs"):
 *
 * - `reparam`: the value is a differentiable function of the parameters and parameter-free noise
 *   (`dist.rsample`), so the objective is differentiated through it (low variance);
 * - `score`: the value is sampled as a constant and the surrogate adds (L − b)·log q(z) with the learning
 *   signal L held constant and a baseline b (REINFORCE);
 * - `enumerate`: a discrete choice with few values is summed out exactly, each value's branch weighted by
 *   its guide probability.
 *
 * `auto` picks reparam where the distribution allows it, enumeration for discrete choices with at most
 * `maxEnumerate` values, and the score function otherwise (always for discrete choices under IWAE, whose bound
 * is over single draws). The three mix freely in one guide.
 *
 * @example
 * ```ts
 * estimatorFor(normal(mu, 1), "auto", 16);      // "reparam"
 * estimatorFor(bernoulli(p), "auto", 16);       // "enumerate"
 * estimatorFor(poisson(3), "auto", 16);         // "score"
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Distribution } from "../../dist/distribution.js";

export type EstimatorKind = "reparam" | "score" | "enumerate";
export type EstimatorChoice = EstimatorKind | "auto";

/** The estimator for one choice; a requested estimator the distribution cannot support is an error. */
export function estimatorFor(dist: Distribution, requested: EstimatorChoice, maxEnumerate: number, key = "?"): EstimatorKind {
  const canReparam = !dist.discrete && typeof dist.rsample === "function";
  const values = dist.discrete && typeof dist.enumerate === "function" ? dist.enumerate().length : Infinity;
  if (requested === "auto") return canReparam ? "reparam" : values <= maxEnumerate ? "enumerate" : "score";
  if (requested === "reparam" && !canReparam)
    throw new BorelError("bad-estimator", `the guide's choice at '${key}' (${dist.name}) has no reparameterized sampler`, { address: key, hint: "use the score-function estimator (\"score\") for it" });
  if (requested === "enumerate" && !Number.isFinite(values))
    throw new BorelError("bad-estimator", `the guide's choice at '${key}' (${dist.name}) cannot be enumerated`, { address: key, hint: "enumeration needs a finite discrete distribution" });
  return requested;
}
