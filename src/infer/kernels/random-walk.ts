/**
 * Random-walk Metropolis on one continuous address, with its scale adapted during warmup. The walk is
 * Gaussian in the unconstrained space of the choice's support (src/dist/bijectors.ts): θ = b⁻¹(x),
 * θ′ = θ + s·ε, x′ = b(θ′), and the Jacobian enters the ratio,
 *
 *   log α = log p(t′) − log p(t) + log|det J_b(θ′)| − log|det J_b(θ)|,
 *
 * or, with `space: "raw"`, on the value itself (x′ = x + s·ε; values outside the support are rejected).
 * Choices that a new branch needs are drawn from their priors and enter the ratio as in `regenerate`
 * (`updateWithPrior`), so the walk stays exact on models whose structure depends on the address.
 * A vector value moves all its elements at once (isotropic); so does a prefix with no choice of its own
 * (`rw("x")` for x/0, x/1, … of a loop: one block, one scale). Warmup adapts log s by Robbins–Monro steps
 * (α − target)/(n + 1)^0.6 towards the acceptance target (0.44 in one dimension, 0.234 from five).
 *
 * @example
 * ```ts
 * const k = randomWalk("sigma", { scale: 0.5 });      // an AdaptiveKernel
 * const post = mcmc(model, args, obs, k, { samples: 2000, warmup: 1000 });
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import { bijectorFor, identityBijector, type Bijector } from "../../dist/bijectors.js";
import { valueOf, type Real } from "../../ad/var.js";
import { addressKey, type AddressLike } from "../../trace/address.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import type { Trace } from "../../trace/gfi.js";
import { latentKeysUnder, noopStats, type AdaptiveKernel, type Kernel, type KernelStats } from "../kernel.js";
import { checkOptionNames, optionNames } from "../option-names.js";
import { acceptMH, updateWithPrior } from "./move.js";

export interface RandomWalkOptions {
  /** Initial proposal scale (sd of the Gaussian step), default 1 (unconstrained) or 0.1·(|x| + 1) (raw). */
  scale?: number;
  /** Walk in the unconstrained space (default) or on the raw value (real supports). */
  space?: "unconstrained" | "raw";
  /** Acceptance rate targeted in warmup (default 0.44 in 1-D, 0.234 from 5 dimensions). */
  target?: number;
  /** Adapt the scale during warmup (default true). */
  adapt?: boolean;
}

/** Adaptation state: log scale and number of warmup steps seen. */
export interface RandomWalkState {
  logScale: number;
  n: number;
  target: number;
}

/** One random-walk step at `key` with scale `scale` (see the module doc). */
export function randomWalkStep<T extends Trace>(key: string, scale: number, space: "unconstrained" | "raw"): Kernel<T> {
  const name = `rw(${key})`;
  return (trace: T, rng: Rng) => {
    const keys = walkedKeys(trace, key);
    if (keys.length === 0) return { trace, stats: noopStats(name, trace, [key]) };
    const proposal = new ChoiceMap();
    let logJac = 0;
    for (const k of keys) {
      const c = trace.choice(k)!;
      if (c.dist.discrete)
        throw new BorelError("discrete-choice", `${name}: the choice at '${k}' is discrete (${c.dist})`, { address: k, hint: `use mh("${k}") or gibbs("${k}") for discrete choices` });
      const b: Bijector = space === "raw" ? identityBijector : bijectorFor(c.dist.support, c.dist.size, k);
      const theta = b.inverse(c.value as number | Float64Array);
      const theta2 = typeof theta === "number" ? theta + scale * rng.normal() : theta.map((v) => v + scale * rng.normal());
      proposal.set(k, valueOf(b.forward(theta2)) as number | Float64Array);
      logJac += jac(b, theta2) - jac(b, theta);
    }
    const r = updateWithPrior(trace, proposal, rng);
    const logAlpha = r.weight === -Infinity ? -Infinity : r.weight + logJac;
    const accepted = acceptMH(logAlpha, rng, name);
    return { trace: accepted ? r.trace : trace, stats: { accepted, logAlpha, scale } };
  };
}

/** The choice at `key`, or else the latent choices under the prefix `key` (one block: x/0, x/1, …). */
function walkedKeys(trace: Trace, key: string): string[] {
  const c = trace.choice(key);
  if (c !== undefined) return c.observed ? [] : [key];
  return latentKeysUnder(trace, key);
}

/** Number of scalar dimensions the walk moves at `key` in `trace`. */
function walkedDimension(trace: Trace, key: string): number {
  return walkedKeys(trace, key).reduce((d, k) => { const x = trace.choice(k)!.value; return d + (x instanceof Float64Array ? x.length : 1); }, 0);
}

function jac(b: Bijector, theta: number | Float64Array): number {
  return b === identityBijector ? 0 : (valueOf(b.logDetJ(theta as Real)) as number);
}

/** Random-walk MH at `address` with Robbins–Monro scale adaptation in warmup (see the module doc). */
export function randomWalk<T extends Trace = Trace>(address: AddressLike, opts: RandomWalkOptions = {}): AdaptiveKernel<RandomWalkState, T> {
  const key = addressKey(address);
  checkOptionNames(`rw(${key})`, opts, RANDOM_WALK_OPTIONS);
  const space = opts.space ?? "unconstrained";
  if (space !== "unconstrained" && space !== "raw") throw new BorelError("bad-option", `rw(${key}): option 'space' must be "unconstrained" or "raw", got ${JSON.stringify(space)}`);
  if (opts.scale !== undefined && !(opts.scale > 0)) throw new BorelError("bad-option", `rw(${key}): option 'scale' must be > 0, got ${opts.scale}`);
  return {
    init(trace) {
      const x = trace.choice(key)?.value;
      const dim = Math.max(1, walkedDimension(trace, key));
      const raw = typeof x === "number" ? 0.1 * (Math.abs(x) + 1) : 1;
      const scale = opts.scale ?? (space === "raw" ? raw : 1);
      return { logScale: Math.log(scale), n: 0, target: opts.target ?? (dim === 1 ? 0.44 : dim >= 5 ? 0.234 : 0.44 - (0.206 * (dim - 1)) / 4) };
    },
    kernel: (s) => randomWalkStep<T>(key, Math.exp(s.logScale), space),
    update(s, stats: KernelStats) {
      if (opts.adapt === false || typeof stats.logAlpha !== "number") return s;
      const a = Math.min(1, Math.exp(stats.logAlpha));
      const n = s.n + 1;
      const logScale = Math.min(20, Math.max(-20, s.logScale + (a - s.target) / Math.pow(n, 0.6)));
      return { logScale, n, target: s.target };
    },
    done: (s) => s,
  };
}

/** The option names `randomWalk` takes (../option-names.ts: the compiler checks the list against the interface). */
export const RANDOM_WALK_OPTIONS = optionNames<RandomWalkOptions>()(["scale", "space", "target", "adapt"]);
