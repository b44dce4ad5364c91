/**
 * Single-site Metropolis–Hastings chains: the TypeScript form of the Borel method `mh` (each step regenerates
 * one latent choice, picked uniformly, from its prior — WebPPL's MH). For other kernels use `mcmc`.
 *
 * @example
 * ```ts
 * const post = mh(model, [flips], {}, { samples: 2000, warmup: 500, chains: 2, seed: 1 });
 * post.mean("p");
 * ```
 */
import type { GenerativeFunction } from "../trace/gfi.js";
import type { Posterior } from "../posterior/posterior.js";
import { singleSiteMH } from "./kernels/single-site.js";
import { mcmc } from "./mcmc.js";
import { asMethod } from "./mcmc/assemble.js";
import type { MCMCOptions } from "./mcmc/options.js";

/** Runs single-site MH chains on the posterior of `model` given `observations` (options as `mcmc`'s). */
export function mh(model: GenerativeFunction, args: unknown[], observations: unknown = {}, options: MCMCOptions = {}): Posterior {
  return asMethod(mcmc(model, args, observations, singleSiteMH(), options), "mh");
}
