/**
 * Convergence warnings of an MCMC run, from the posterior's summary (rank-normalized split R̂ and bulk/tail ESS,
 * as R's `posterior` computes them), with the thresholds of Vehtari et al. (2021) that Stan applies: R̂ > 1.01,
 * or bulk or tail ESS below 100 per chain. A key whose draws are constant within every chain but differ
 * between chains (a discrete choice stuck in each chain) has no R̂; it is reported as not mixed; under
 * user-composed kernels (`mcmc`), a latent choice that never changed at all (no kernel targets it) is reported
 * as such. A key already
 * reported as not mixed is not listed again for its low ESS. Choices absent from some draws (a branch not taken)
 * are not judged: their diagnostics pool the draws that have them. The return value's keys are left out (they
 * repeat choices or derive from them).
 *
 * @example
 * ```ts
 * convergenceWarnings(post);
 * // ["R-hat > 1.01 at a (1.27), b (1.27): the chains have not mixed; ..."]
 * ```
 */
import type { Posterior } from "../../posterior/posterior.js";
import { addressOf, frozenChoices } from "./frozen.js";

const RHAT_MAX = 1.01, ESS_PER_CHAIN = 100, LISTED = 4;

export function convergenceWarnings(post: Posterior): string[] {
  const chains = post.chainLengths.filter((n) => n > 0).length;
  if (chains === 0 || post.weighted) return [];
  const highRhat: [string, number][] = [], lowEss: [string, number][] = [], stuck: string[] = [];
  // (With user-composed kernels only: nuts, hmc and mala move every continuous choice and mh every choice, so
  // there a choice that never changed has a point-mass posterior — a discrete choice the data fix.)
  const frozen = frozenChoices(post, post.method !== "mcmc" || post.size < 20 ? [] : [...post.summary().keys()].filter((k) => isChoiceKey(post, k) && post.chains(k).every(constant)));
  const frozenSet = new Set(frozen);
  for (const [key, row] of post.summary()) {
    if (key === "return" || key.startsWith("return.") || key.startsWith("return[")) continue;
    // A choice that exists in some draws only (a branch, a recursion's depth) has no per-chain R-hat or ESS:
    // its summary pools the draws that have it.
    if (post.values(key).some(Number.isNaN)) continue;
    if (frozenSet.has(key)) continue;
    if (row.rhat !== null && row.rhat > RHAT_MAX) { highRhat.push([key, row.rhat]); continue; }
    if (row.rhat === null && chains > 1 && stuckPerChain(post.chains(key))) { stuck.push(key); continue; }
    const ess = Math.min(row.ess_bulk ?? Infinity, row.ess_tail ?? Infinity);
    if (ess < ESS_PER_CHAIN * chains) lowEss.push([key, ess]);
  }
  const out: string[] = [];
  // An mcmc kernel moves only its addresses: a latent choice no kernel targets keeps its initial value, and
  // the rest of the posterior is conditional on it (rw("mu") alone reported mu 1.06 for 0.65, silently).
  if (frozen.length > 0)
    out.push(`${listed(frozen.map((k) => [k, NaN]), 0)} never changed within any chain: no kernel moved ${frozen.length === 1 ? "it" : "them"} (a kernel moves only its addresses, or every move was rejected), so ${frozen.length === 1 ? "it stayed at its initial value" : "they stayed at their initial values"} and the other choices' posterior is conditional on ${frozen.length === 1 ? "it" : "them"}; give every latent choice a kernel (cycle(rw("a"), gibbs("z"), ...)), or use nuts() or mh()`);
  const kernelHint = "run longer (more warmup and samples), or use a kernel that moves these choices better (nuts/hmc for continuous choices, gibbs for discrete ones)";
  if (highRhat.length > 0)
    out.push(`R-hat > ${RHAT_MAX} at ${listed(highRhat.sort((a, b) => b[1] - a[1]), 3)}: the chains have not mixed and the summary is not reliable; ${kernelHint}`);
  if (stuck.length > 0)
    out.push(`${listed(stuck.map((k) => [k, NaN]), 0)} never changed within a chain but differ between chains: the chains are stuck; ${kernelHint}`);
  if (lowEss.length > 0)
    out.push(`effective sample size below ${ESS_PER_CHAIN * chains} (${ESS_PER_CHAIN} per chain${chains > 1 ? ` × ${chains} chains` : ""}) at ${listed(lowEss.sort((a, b) => a[1] - b[1]), 0)}: means and quantiles are imprecise (see mcse_mean); draw more samples`);
  return out;
}

/** Keys with their numbers ("a (1.27), b (1.21) and 3 more"); `digits` 0 prints integers, NaN prints no number. */
function listed(items: [string, number][], digits: number): string {
  const shown = items.slice(0, LISTED).map(([k, v]) => (Number.isNaN(v) ? k : `${k} (${digits > 0 ? v.toFixed(digits) : Math.round(v)})`));
  return shown.join(", ") + (items.length > LISTED ? ` and ${items.length - LISTED} more` : "");
}

/** A latent choice's key, or an element of one (`w[0]`); not a tracked value (a constant there is no fault). */
function isChoiceKey(post: Posterior, key: string): boolean {
  return post.choiceKeys.has(key) || post.choiceKeys.has(addressOf(key));
}

/** True when every draw of the chain is the same number. */
function constant(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** True when every chain is constant (ignoring absent draws) and not all chains hold the same value. */
function stuckPerChain(chains: Float64Array[]): boolean {
  const held = new Set<number>();
  for (const c of chains) {
    let v = NaN;
    for (const x of c) {
      if (Number.isNaN(x)) continue;
      if (Number.isNaN(v)) v = x;
      else if (x !== v) return false;
    }
    if (!Number.isNaN(v)) held.add(v);
  }
  return held.size > 1;
}
