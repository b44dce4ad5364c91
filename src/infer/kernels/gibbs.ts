/**
 * Gibbs for one finite discrete address: enumerate the values v of its distribution (`d.enumerate()`), score
 * each with `update` (w_v = log p(t[z := v]) − log p(t)) and draw z from the full conditional ∝ e^{w_v}.
 * Accepts always (log α = 0). The address's value must not change which other choices exist — the error says
 * so and points to MH, which handles such moves.
 *
 * Its enumerable form is MH with the proposal "z ~ full conditional" (`gibbsProposal`), whose log α is 0 up
 * to rounding; the exact-invariance tests check it.
 *
 * @example
 * ```ts
 * const k = cycle(gibbsKernel("burglary"), gibbsKernel("earthquake"), gibbsKernel("alarm"));
 * ```
 */
import { BorelError, isBorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import { addressKey, type AddressLike } from "../../trace/address.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { gen } from "../../trace/dynamic.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";
import { sweepAddress } from "../kernel.js";
import { finiteDistribution } from "./finite.js";
import { updateWith, type DiscreteCapableKernel } from "./move.js";
import { proposalMove } from "./proposal-mh.js";

interface Conditional<T extends Trace> {
  values: unknown[];
  logWeights: Float64Array;
  traces: T[];
}

/** The full conditional of the discrete choice at `key` given the rest of the trace. */
export function fullConditional<T extends Trace>(trace: T, key: string): Conditional<T> {
  const c = trace.choice(key);
  const name = `gibbs(${key})`;
  if (c === undefined || c.observed)
    throw new BorelError("no-choice", `${name}: the trace has no latent choice at '${key}'`, { address: key, hint: "Gibbs updates a latent discrete choice; check the address" });
  if (!c.dist.discrete || typeof c.dist.enumerate !== "function")
    throw new BorelError("not-enumerable", `${name}: the choice at '${key}' (${c.dist}) has no finite set of values to enumerate`, {
      address: key, hint: "Gibbs needs a finite discrete distribution (bernoulli, categorical, uniform_int, binomial); use mh or rw for others",
    });
  let values: unknown[];
  try { values = c.dist.enumerate(); } catch (e) {
    throw new BorelError("not-enumerable", `${name}: cannot enumerate the values at '${key}' (${c.dist})`, { address: key, cause: e, hint: "use mh for this address" });
  }
  const logWeights = new Float64Array(values.length), traces: T[] = [];
  values.forEach((v, i) => {
    let r: { trace: T; weight: number; discard: ChoiceMap };
    try { r = updateWith(trace, new ChoiceMap().set(key, v), name); } catch (e) {
      if (isBorelError(e) && e.code === "move-samples") throw structureError(key, e);
      throw e;
    }
    for (const k of r.discard.keys()) if (k !== key) throw structureError(key);
    logWeights[i] = r.weight;
    traces.push(r.trace);
  });
  return { values, logWeights, traces };
}

function structureError(key: string, cause?: unknown): BorelError {
  return new BorelError("gibbs-structure", `gibbs(${key}): changing '${key}' changes which other choices exist`, {
    address: key, cause, hint: `Gibbs needs the other choices to stay the same; use mh("${key}") (regenerate), which samples new choices from the prior`,
  });
}

function hasLatent(trace: Trace, key: string): boolean {
  const c = trace.choice(key);
  return c !== undefined && !c.observed;
}

/** One Gibbs update at `key` (a latent choice of `trace`). */
function gibbsStep<T extends Trace>(trace: T, key: string, rng: Rng): T {
  const { values, logWeights, traces } = fullConditional(trace, key);
  const i = (finiteDistribution(values.map((_, j) => j), logWeights).sample(rng)) as number;
  return traces[i]!;
}

/**
 * Gibbs on one discrete address (see the module doc). Given a prefix with no choice of its own — `gibbs("z")`
 * for the states z/0, z/1, … of an HMM — one step is a systematic scan: a Gibbs update of each latent choice
 * under it, in trace order (`sweepAddress`). A no-op (not accepted) on traces with neither. (The enumerable
 * `move` form covers the single address.)
 */
export function gibbsKernel<T extends Trace = Trace>(address: AddressLike): DiscreteCapableKernel<T> {
  const key = addressKey(address);
  // An update that changes which choices exist is refused by fullConditional, so a scan's keys stay valid.
  const kernel = sweepAddress<T>(key, `gibbs(${key})`, (t, k, rng) => ({ trace: gibbsStep(t, k, rng), stats: { accepted: true, logAlpha: 0 } }));
  const move = proposalMove<T>(gibbsProposal(key) as never, [], { name: `gibbs(${key})` });
  return Object.assign(kernel, { move });
}

/** The Gibbs proposal at `key` as a generative function of [trace]: the value at `key` ~ full conditional. */
export function gibbsProposal(key: string): GenerativeFunction<[Trace]> {
  return gen((q, t: Trace) => {
    if (!hasLatent(t, key)) return;
    const { values, logWeights } = fullConditional(t, key);
    q.sample(key, finiteDistribution(values as (number | boolean)[], logWeights));
  }, `gibbs(${key})`);
}
