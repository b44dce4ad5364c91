/**
 * MH by `regenerate` on a selection: resample the selected latent choices (and any choice a new branch needs)
 * from their prior conditionals; regenerate's weight is the MH log acceptance ratio
 * log α = log p(t′) − log p(t) + log q(t | t′) − log q(t′ | t).
 *
 * The kernel calls `regenerate` (one run of the model per step). Its enumerable form, `kernel.move`, is MH
 * with the replayed regenerate proposal (`regenerateProposal`), which gives the same log α for the same new
 * values — the exact-invariance tests check both. A selection that matches no latent choice of the current
 * trace is a no-op, reported as not accepted.
 *
 * @example
 * ```ts
 * const k = mhKernel("p");                       // or mhKernel(select("mu", "tau"))
 * let tr = coin.generate([flips], {}, rng).trace;
 * for (let i = 0; i < 1000; i++) tr = k(tr, rng).trace;
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import { isUnder, type AddressLike } from "../../trace/address.js";
import type { Trace } from "../../trace/gfi.js";
import { select, type Selection } from "../../trace/selection.js";
import { noopStats, type KernelResult } from "../kernel.js";
import { acceptMH, sameArgs, type DiscreteCapableKernel } from "./move.js";
import { proposalMove } from "./proposal-mh.js";
import { regenerateProposal } from "./replay.js";

/** A selection from one address (a name, a "a/b" path or an array of parts) or a selection. */
export function toSelection(target: AddressLike | Selection): Selection {
  if (typeof target === "object" && !Array.isArray(target) && typeof (target as Selection).has === "function") return target as Selection;
  return select(target as AddressLike);
}

/** True when the selection contains at least one latent choice of the trace. */
export function selectsLatent(trace: Trace, selection: Selection, keys?: readonly string[]): boolean {
  if (keys) {
    for (const k of keys) {
      const c = trace.choice(k);
      if (c !== undefined) { if (!c.observed) return true; continue; }
      for (const v of trace.choices()) if (!v.observed && isUnder(v.key, k)) return true;
    }
    return false;
  }
  for (const v of trace.choices()) if (!v.observed && selection.has(v.key)) return true;
  return false;
}

/** MH by regenerate on `target` (see the module doc). */
export function mhKernel<T extends Trace = Trace>(target: AddressLike | Selection): DiscreteCapableKernel<T> {
  const selection = toSelection(target);
  const keys = (selection as { keys?: readonly string[] }).keys;
  const name = `mh(${selection})`;
  const kernel = (trace: T, rng: Rng): KernelResult<T> => {
    if (!selectsLatent(trace, selection, keys)) return { trace, stats: noopStats(name, trace, keys) };
    const r = trace.gf.regenerate(trace, trace.args as unknown[], sameArgs(trace.args.length), selection, rng);
    const accepted = acceptMH(r.weight, rng, name);
    return { trace: accepted ? (r.trace as T) : trace, stats: { accepted, logAlpha: r.weight } };
  };
  const move = proposalMove<T>(regenerateProposal(selection) as never, [], { name });
  return Object.assign(kernel, { move });
}
