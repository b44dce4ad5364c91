/**
 * Single-site MH, the default of `mh(samples, warmup, chains)` (WebPPL's and Church's lightweight MH): pick
 * one latent choice of the current trace uniformly at random and regenerate it from its prior conditional.
 * The number of latent choices may change with the move (a branch taken or left), so the probability of
 * picking the site enters the ratio:
 *
 *   log α = regenerate weight + log n(t) − log n(t′),   n = number of latent choices.
 *
 * Its enumerable form is an involutive move: the proposal picks `site` ~ uniform_int(0, n − 1) and samples
 * `values` with the regenerate proposal of that site; the involution sets the values and returns the site's
 * index in t′ with the discarded values as the backward choices.
 *
 * @example
 * ```ts
 * const k = singleSiteMH();
 * for (let i = 0; i < 10000; i++) tr = k(tr, rng).trace;
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { gen } from "../../trace/dynamic.js";
import type { Trace } from "../../trace/gfi.js";
import { select } from "../../trace/selection.js";
import { uniformInt } from "../../dist/uniform_int.js";
import { noopStats, type KernelResult } from "../kernel.js";
import { involutiveMove, type Involution } from "./involutive.js";
import { acceptMH, sameArgs, updateWith, type DiscreteCapableKernel } from "./move.js";
import { regenerateProposal } from "./replay.js";

const NAME = "single-site mh";

const keysOf = new WeakMap<Trace, string[]>();

/** Keys of the latent (non-observed) choices of a trace, in visit order (cached per trace: traces are immutable). */
export function latentKeys(trace: Trace): readonly string[] {
  let out = keysOf.get(trace);
  if (out === undefined) {
    out = [];
    for (const c of trace.choices()) if (!c.observed) out.push(c.key);
    keysOf.set(trace, out);
  }
  return out;
}

const siteProposal = gen((q, t: Trace) => {
  const keys = latentKeys(t);
  if (keys.length === 0) return;
  const i = q.sample("site", uniformInt(0, keys.length - 1)) as number;
  q.trace("values", regenerateProposal(select(keys[i])), [t]);
}, "site proposal");

const siteInvolution: Involution = (t, u) => {
  if (!u.has("site")) return { constraints: new ChoiceMap(), backward: new ChoiceMap() };
  const key = latentKeys(t)[u.get("site") as number];
  const r = updateWith(t, u.under("values"), NAME);
  const backward = new ChoiceMap().set("site", latentKeys(r.trace).indexOf(key)).mergeUnder("values", r.discard);
  return { constraints: u.under("values"), backward };
};

/**
 * The proposal of one single-site step at `key` (one of the n latent choices of `trace`): the regenerated
 * trace and log α = regenerate weight + log n − log n′.
 */
export function singleSiteProposal<T extends Trace>(trace: T, key: string, n: number, rng: Rng): { trace: T; logAlpha: number } {
  const r = trace.gf.regenerate(trace, trace.args as unknown[], sameArgs(trace.args.length), select(key), rng);
  const n2 = r.trace === trace ? n : latentKeys(r.trace).length;
  return { trace: r.trace as T, logAlpha: r.weight + Math.log(n) - Math.log(n2) };
}

/** Single-site MH over all latent choices (see the module doc). */
export function singleSiteMH<T extends Trace = Trace>(): DiscreteCapableKernel<T> {
  const kernel = (trace: T, rng: Rng): KernelResult<T> => {
    const keys = latentKeys(trace);
    if (keys.length === 0) return { trace, stats: noopStats(NAME) };
    const r = singleSiteProposal(trace, keys[rng.int(keys.length)], keys.length, rng);
    const accepted = acceptMH(r.logAlpha, rng, NAME);
    return { trace: accepted ? r.trace : trace, stats: { accepted, logAlpha: r.logAlpha } };
  };
  const move = involutiveMove<T>(siteProposal as never, siteInvolution as never, [], { name: NAME });
  return Object.assign(kernel, { move });
}
