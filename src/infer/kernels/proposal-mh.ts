/**
 * Metropolis–Hastings with a custom proposal generative function (Gen.jl's `metropolis_hastings(trace,
 * proposal, args)`):
 *
 *   u ~ q(·; t, args)                         forward choices, log q_fwd = propose weight
 *   (t′, w, discard) = update(t, u as latent)   w = log p(t′) − log p(t)
 *   log q_bwd = assess(q, (t′, args), discard)  the reverse proposal must produce exactly the discard
 *   log α = w − log q_fwd + log q_bwd
 *
 * The proposal must propose every choice the move creates (update never samples here) and be able to propose
 * back the discarded values; otherwise the error says which.
 *
 * @example
 * ```ts
 * const flip = gen((q, t: Trace) => { q.sample("z", bernoulli(t.get("z") ? 0.2 : 0.8)); });
 * const k = mhProposal(flip);
 * tr = k(tr, rng).trace;
 * ```
 */
import { BorelError, isBorelError } from "../../util/errors.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { GenerativeFunction, GFIOptions, Trace } from "../../trace/gfi.js";
import { moveKernel, updateWith, type DiscreteCapableKernel, type MoveResult, type ProposalMove } from "./move.js";

/** Options shared by proposal-based kernels. */
export interface ProposalOptions extends GFIOptions {
  /** Name for messages and stats. */
  name?: string;
}

/** The reverse proposal density log q(choices; t′, args), with a clear error when it cannot produce them. */
export function assessReverse(proposal: GenerativeFunction<[Trace, ...unknown[]]>, args: readonly unknown[], trace: Trace, choices: ChoiceMap, name: string, opts?: GFIOptions): number {
  try {
    return proposal.assess([trace, ...args], choices, opts).weight;
  } catch (e) {
    if (isBorelError(e) && (e.code === "unknown-address" || e.code === "incomplete-choices"))
      throw new BorelError("irreversible-move", `${name}: the proposal cannot propose the reverse move (${e.message})`, {
        address: e.address, cause: e,
        hint: "from the proposed trace, the proposal must be able to propose exactly the discarded choices: replaced values and deleted choices",
      });
    throw e;
  }
}

/** The move of MH with a custom proposal (see the module doc). */
export function proposalMove<T extends Trace>(proposal: GenerativeFunction<[T, ...unknown[]]>, args: readonly unknown[] = [], opts: ProposalOptions = {}): ProposalMove<T> {
  const name = opts.name ?? `mh(${proposal.name})`;
  return {
    name, proposal, args,
    accept(trace: T, u: ChoiceMap, logQ: number): MoveResult<T> {
      const r = updateWith(trace, u, name, opts);
      if (r.weight === -Infinity) return { trace: r.trace, logAlpha: -Infinity };
      const bwd = assessReverse(proposal as GenerativeFunction<[Trace, ...unknown[]]>, args, r.trace, r.discard, name, opts);
      return { trace: r.trace, logAlpha: r.weight - logQ + bwd };
    },
  };
}

/** MH with a custom proposal: a kernel (also exposing its `move`). */
export function mhProposal<T extends Trace>(proposal: GenerativeFunction<[T, ...unknown[]]>, args: readonly unknown[] = [], opts: ProposalOptions = {}): DiscreteCapableKernel<T> {
  return moveKernel(proposalMove(proposal, args, opts));
}
