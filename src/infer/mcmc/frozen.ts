/**
 * Latent choices an MCMC run under user-composed kernels never moved because no kernel targets them. A
 * candidate is a choice whose value is the same in every draw of each chain. A continuous one is frozen (its
 * posterior is not a point). A discrete one may just be pinned by the data (a mixture's assignment of a point
 * deep inside one cluster), so it is judged by its full conditional at each chain's last state: a kernel that
 * targets it would have left its value about q·n times in a chain of n draws, q the conditional probability of
 * the other values; 20 expected moves and none seen is a choice no kernel moved.
 *
 * @example
 * ```ts
 * frozenChoices(post, ["s", "z"]);   // ["s", "z"]: s is continuous; z's conditional P(other value) was 0.48
 * ```
 */
import { Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import type { Trace } from "../../trace/gfi.js";
import type { Posterior } from "../../posterior/posterior.js";

const EXPECTED_MOVES = 20;

export function frozenChoices(post: Posterior, candidates: readonly string[]): string[] {
  const src = post.source, states = post.chainStates;
  if (candidates.length === 0) return [];
  // Without the model (a posterior built from draws): only a value no discrete choice takes tells.
  if (!src || !states || states.length !== post.chainLengths.length) return candidates.filter((k) => !Number.isInteger(post.values(k)[0]));
  const rng = new Rng("frozen-check");
  let traces: (Trace | undefined)[] | undefined;
  const lastTraces = (): (Trace | undefined)[] => (traces ??= states.map((s) => {
    try {
      const latent = new ChoiceMap(s.choices), constraints = new ChoiceMap();
      constraints.mergeUnder("", src.observations);
      constraints.mergeUnder("", latent);
      return src.model.generate(src.args, constraints, rng, { latent }).trace;
    } catch {
      return undefined;
    }
  }));
  return candidates.filter((key) => {
    const address = addressOf(key);
    let expected = 0;
    for (const [i, t] of lastTraces().entries()) {
      const c = t?.choice(address);
      if (c === undefined) return false;
      if (!c.dist.discrete) return true;
      if (c.dist.size >= 0) return false;
      expected += leaveProbability(t as Trace, address, c.value, c.dist.enumerate?.() ?? [Number(c.value) - 1, Number(c.value) + 1], rng) * post.chainLengths[i];
    }
    return expected >= EXPECTED_MOVES;
  });
}

/** The choice address of a summary key: `w` for the element `w[2]` of a vector choice, else the key itself. */
export function addressOf(key: string): string {
  return /^(.*)\[\d+\]$/.exec(key)?.[1] ?? key;
}

/** P(another value | the rest) at `address` of the trace, over the values given (out-of-support ones weigh 0). */
function leaveProbability(t: Trace, address: string, value: unknown, values: readonly unknown[], rng: Rng): number {
  let other = 0;
  for (const v of values) {
    if (v === value || Number(v) === Number(value)) continue;
    try {
      const w = t.gf.update(t, [...t.args], t.args.map(() => "same"), new ChoiceMap([[address, v]]), rng).weight;
      if (w > -Infinity) other += Math.exp(Math.min(w, 700));
    } catch {
      // A value the model rejects (outside its support): no move there.
    }
  }
  return other / (1 + other);
}
