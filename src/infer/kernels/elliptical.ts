/**
 * Elliptical slice sampling (Murray, Adams & MacKay 2010) for a choice f with a Gaussian prior
 * N(μ, Σ) (`normal`, scalar or vector-valued, `iid` of normals, or `mvnormal`): with L(f) = p(t) / p(f | parents) the rest of
 * the joint density,
 *
 *   ν ~ N(μ, Σ),  log y = log L(f) + log u,  θ ~ U(0, 2π), [θmin, θmax] = [θ − 2π, θ];
 *   repeat: f′ = μ + (f − μ) cos θ + (ν − μ) sin θ; if log L(f′) > log y accept, else shrink the bracket
 *   towards 0 and draw θ in it.
 *
 * It needs only the prior's mean and a prior draw, so any Gaussian family works. No tuning, always accepts;
 * the stats report the number of shrink steps. The address must not change which other choices exist.
 *
 * @example
 * ```ts
 * const k = cycle(ellipticalSlice("f"), randomWalkStep("lengthscale", 0.3, "unconstrained"));
 * ```
 */
import { BorelError, isBorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import { isDistribution, type Distribution } from "../../dist/distribution.js";
import { addressKey, type AddressLike } from "../../trace/address.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import type { Trace } from "../../trace/gfi.js";
import { sweepAddress, type Kernel, type KernelResult } from "../kernel.js";
import { updateWith } from "./move.js";

/** Distribution names treated as Gaussian priors. */
export const GAUSSIAN_FAMILIES: ReadonlySet<string> = new Set(["normal", "mvnormal", "mvnormal_chol", "multi_normal", "multivariate_normal"]);

/** A Gaussian prior: a Gaussian family, or iid copies of one. */
export function isGaussian(d: Distribution): boolean {
  return GAUSSIAN_FAMILIES.has(d.name) || (d.name === "iid" && isDistribution(d.params[0]) && GAUSSIAN_FAMILIES.has(d.params[0].name));
}

/** Safety cap on shrink steps (the bracket shrinks geometrically; hitting it means a degenerate likelihood). */
const MAX_SHRINKS = 200;

/** log of the joint density without the prior term of `key`. */
function logLikelihood(trace: Trace, key: string): number {
  const c = trace.choice(key) as { logp: number };
  return trace.score - c.logp;
}

/**
 * Elliptical slice sampling at `address` (see the module doc); at a prefix with no choice of its own
 * (`elliptical("x")` for x/0, x/1, … of a loop) one step updates each latent choice under it in turn.
 */
export function ellipticalSlice<T extends Trace = Trace>(address: AddressLike): Kernel<T> {
  const name = `elliptical(${addressKey(address)})`;
  return sweepAddress<T>(addressKey(address), name, (trace, key, rng) => ellipticalStep(trace, key, rng, name));
}

/** One elliptical slice update of the latent choice at `key`. */
function ellipticalStep<T extends Trace>(trace: T, key: string, rng: Rng, name: string): KernelResult<T> {
  const c = trace.choice(key)!;
  if (!isGaussian(c.dist))
    throw new BorelError("not-gaussian", `${name}: the prior at '${key}' is ${c.dist}, not Gaussian`, {
      address: key, hint: "elliptical slice sampling needs a normal or mvnormal prior; use rw or a gradient method for others",
    });
  const mu = c.dist.mean() as number | Float64Array;
  const nu = c.dist.sample(rng) as number | Float64Array;
  const f = c.value as number | Float64Array;
  const logY = logLikelihood(trace, key) + Math.log(rng.open01());
  let theta = rng.double() * 2 * Math.PI;
  let lo = theta - 2 * Math.PI, hi = theta;
  for (let shrinks = 0; shrinks < MAX_SHRINKS; shrinks++) {
    const cos = Math.cos(theta), sin = Math.sin(theta);
    const f2 = typeof f === "number"
      ? (mu as number) + (f - (mu as number)) * cos + ((nu as number) - (mu as number)) * sin
      : f.map((v, i) => at(mu, i) + (v - at(mu, i)) * cos + (at(nu, i) - at(mu, i)) * sin);
    let r: { trace: T; weight: number };
    try { r = updateWith(trace, new ChoiceMap().set(key, f2), name); } catch (e) {
      if (isBorelError(e) && e.code === "move-samples")
        throw new BorelError("elliptical-structure", `${name}: changing '${key}' changes which other choices exist`, {
          address: key, cause: e, hint: `elliptical slice sampling needs the other choices to stay the same; use mh("${key}") or rw("${key}")`,
        });
      throw e;
    }
    if (r.weight > -Infinity && logLikelihood(r.trace, key) > logY) return { trace: r.trace, stats: { accepted: true, shrinks } };
    if (theta < 0) lo = theta; else hi = theta;
    theta = lo + rng.double() * (hi - lo);
  }
  return { trace, stats: { accepted: false, shrinks: MAX_SHRINKS } };
}

const at = (v: number | Float64Array, i: number): number => (typeof v === "number" ? v : v[i]);
