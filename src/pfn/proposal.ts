/**
 * A PFN as a proposal for importance sampling and SMC. A latent-kind PFN (trained with
 * `trainPFN(model, {latents: ["slope", "intercept"], ...})`) maps the observed rows to a bar distribution for
 * each latent address; `pfnProposal` turns them into a generative function that samples every latent
 * independently from its bar distribution,
 *
 *   q(z | data) = Π_a Bar_a(z_a | data),
 *
 * for `importance(model, args, obs, {proposal})`: the weights p(z, data)/q(z | data) correct whatever the network
 * got wrong, so Ẑ stays an unbiased estimate of p(data) (q is positive on all of ℝ thanks to the half-normal
 * tails). `temperature` τ > 1 flattens the bar distributions (logits / τ), a safety margin when the network is
 * overconfident; `pfnStepProposal` proposes the latents at SMC step 0 (steps mode) from all observed rows.
 *
 * @example
 * ```ts
 * const q = pfnProposal(proposalPfn, { x: xs, y: ys });
 * const post = importance(linreg, [xs.length], { x: xs, y: ys }, { proposal: q, particles: 1000 });
 * post.logZ;
 * ```
 */
import { BorelError } from "../util/errors.js";
import { gen } from "../trace/dynamic.js";
import type { GenerativeFunction, Trace } from "../trace/gfi.js";
import { BarDistribution } from "./bar-distribution.js";
import type { Context } from "./inputs.js";
import type { PFN } from "./pfn.js";

export interface ProposalOptions {
  /** Divides the logits (default 1) on top of the network's own temperature (`PFN.withTemperature`): > 1 widens the proposal. */
  temperature?: number;
}

/** The bar distribution of each latent given the data (a latent-kind PFN). */
export function latentPosteriors(pfn: PFN, data: Context, opts: ProposalOptions = {}): Map<string, BarDistribution> {
  if (pfn.kind !== "latent")
    throw new BorelError("bad-option", `pfnProposal: the network is a ${pfn.kind} PFN; a proposal needs one trained with 'latents'`, { hint: "trainPFN(model, {inputs, outputs, latents: [...]})" });
  const tau = opts.temperature ?? 1;
  if (!(tau > 0)) throw new BorelError("bad-option", `pfnProposal: 'temperature' must be > 0, got ${tau}`);
  const m = pfn.condition(data).predictLatents();
  if (tau === 1) return m;
  return new Map([...m].map(([a, d]) => [a, new BarDistribution(d.borders, tempered(d.logProbs, tau))]));
}

function tempered(logp: Float64Array, tau: number): Float64Array {
  const z = logp.map((l) => l / tau);
  let mx = -Infinity, s = 0;
  for (const v of z) mx = Math.max(mx, v);
  for (const v of z) s += Math.exp(v - mx);
  const lse = mx + Math.log(s);
  return z.map((v) => v - lse);
}

/** A generative function (no arguments) sampling each latent address from the PFN's bar distribution. */
export function pfnProposal(pfn: PFN, data: Context, opts: ProposalOptions = {}): GenerativeFunction<[], Record<string, number>> {
  const dists = latentPosteriors(pfn, data, opts);
  return gen((t) => {
    const out: Record<string, number> = {};
    for (const [a, d] of dists) out[a] = t.sample(a, d) as number;
    return out;
  }, `pfn-proposal(${[...dists.keys()].join(", ")})`);
}

/** An SMC step proposal (steps mode) drawing the latents at step 0 from the PFN given all the data. */
export function pfnStepProposal(pfn: PFN, data: Context, opts: ProposalOptions = {}): (step: number, trace: Trace | null) => { gf: GenerativeFunction; args: unknown[] } | null {
  const q = pfnProposal(pfn, data, opts);
  return (step) => (step === 0 ? { gf: q, args: [] } : null);
}
