/**
 * The values of one choice as enumeration's search tries them (./enumerate.ts): the value its run took first,
 * then the others — a finite support's in its order, a countable one (poisson, geometric: integers from a lower
 * bound) by increasing value — and the frontier entry that holds all the untried ones of a choice with their
 * exact mass left, so a choice adds one entry to the frontier, not one per value.
 *
 * @example
 * ```ts
 * const v = valueOrder("n", poisson(3), 2);   // 2, then 0, 1, 3, 4, …
 * v.at(3);                                    // 3
 * pushSiblings(frontier, { at: run, weight: 0, base: 0, values: v });
 * ```
 */
import { BorelError } from "../util/errors.js";
import { log1mExp, logAddExp, logSubExp, logSumExp } from "../math/log.js";
import type { Distribution } from "../dist/distribution.js";
import { MAX_ENUMERATED } from "../dist/support-util.js";
import type { Frontier } from "./enumerate-frontier.js";

/** True when two choice values are the same (booleans and 0/1 compare equal). */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a !== "object" && typeof b !== "object" && Number(a) === Number(b));
}

/**
 * A choice's values in the order the search tries them: `first` (the value its run took), then the others of
 * positive mass — a finite support's in its order, a countable one (poisson, geometric, neg_binomial: integers
 * from a lower bound) by increasing value, without end (the search's tolerance or limits stop it). An error
 * naming the address for a choice that is not discrete.
 */
export interface ValueOrder {
  /** The value at position `pos` (undefined past the last of a finite support; a countable one has no last). */
  at(pos: number): unknown;
  logp(pos: number): number;
  /** log of the mass of the values after `first`, i.e. 1 − p(first) for a normalized distribution. */
  readonly restMass: number;
  /** log of the mass of the values from position `pos` on, summed directly (no subtraction from a total). */
  tailMass(pos: number): number;
}

export function valueOrder(key: string, d: Distribution, first: unknown): ValueOrder {
  checkDiscrete(key, d);
  const s = d.support;
  if (isCountable(d) && s.kind === "integer") return new CountableOrder(d, first, s.low);
  return new FiniteOrder(d, first);
}

/** True for a support of the integers from a bound on, without end (poisson, geometric, neg_binomial). */
export function isCountable(d: Distribution): boolean {
  const s = d.support;
  return s.kind === "integer" && Number.isFinite(s.low) && s.high === Infinity;
}

// Classes rather than object literals of closures: enumeration makes one per explored choice, and a closure per
// method costs an allocation each (and, under tsx, a naming call each).

/** A countable support from `low`: first, then low, low + 1, … skipping first. */
class CountableOrder implements ValueOrder {
  readonly restMass: number;
  private readonly f: number;

  constructor(private readonly d: Distribution, private readonly first: unknown, private readonly low: number) {
    this.f = Number(first);
    this.restMass = log1mExp(d.logpdf(first));
  }

  at(pos: number): unknown {
    if (pos === 0) return this.first;
    const v = this.low + pos - 1;
    return v >= this.f ? v + 1 : v;
  }

  logp(pos: number): number {
    return this.d.logpdf(this.at(pos));
  }

  /**
   * The terms from `pos` on, summed until they fall below 1e-20 of the sum while decreasing (a pmf's tail past
   * its mode), or after `MAX_TAIL_TERMS` terms.
   */
  tailMass(pos: number): number {
    let sum = -Infinity, prev = Infinity;
    for (let q = pos; q < pos + MAX_TAIL_TERMS; q++) {
      const lp = this.logp(q);
      if (lp > -Infinity) sum = logAddExp(sum, lp);
      if (lp < prev && lp < sum - TAIL_CUTOFF) break;
      prev = lp;
    }
    return sum;
  }
}

/** Most terms a countable tail's direct sum adds up; and where it stops: terms below e^−46 ≈ 1e-20 of the sum. */
const MAX_TAIL_TERMS = 1_000_000, TAIL_CUTOFF = 46;

/** A finite support: first, then the others of positive mass in the support's order. */
class FiniteOrder implements ValueOrder {
  private readonly order: unknown[];
  private readonly logps: number[];

  constructor(d: Distribution, first: unknown) {
    this.order = [first];
    this.logps = [d.logpdf(first)];
    for (const v of (d.enumerate as () => unknown[])()) {
      if (sameValue(v, first)) continue;
      const lp = d.logpdf(v);
      if (lp > -Infinity) { this.order.push(v); this.logps.push(lp); }
    }
  }

  at(pos: number): unknown {
    return this.order[pos];
  }

  logp(pos: number): number {
    return this.logps[pos]!;
  }

  get restMass(): number {
    const l = this.logps;
    return l.length === 2 ? l[1]! : logSumExp(l.slice(1));
  }

  tailMass(pos: number): number {
    return logSumExp(this.logps.slice(pos));
  }
}

/** The error for a choice enumeration cannot branch on, naming its address. */
function notEnumerable(key: string, d: Distribution): BorelError {
  if (d.discrete && d.size >= 0)
    return new BorelError("not-enumerable", `enumerate: the choice at '${key}' (${d}) is a vector of ${d.size} discrete values, which enumeration does not branch on`, {
      address: key,
      hint: "enumeration branches on scalar discrete choices: sample the elements one by one in a loop (z[i] ~ bernoulli(p)), or use importance sampling, SMC or MCMC",
    });
  return new BorelError("not-enumerable", `enumerate: the choice at '${key}' (${d}) is not discrete`, {
    address: key,
    hint: "enumeration needs every latent choice to be discrete (bernoulli, categorical, binomial, poisson, ...); use importance sampling, SMC or MCMC",
  });
}

/** Throws `notEnumerable` unless the choice's values can be listed (a finite list, or integers from a bound). */
export function checkDiscrete(key: string, d: Distribution): void {
  const s = d.support;
  if (!d.discrete || !(typeof d.enumerate === "function" || isCountable(d))) throw notEnumerable(key, d);
  if (s.kind === "integer" && Number.isFinite(s.low) && Number.isFinite(s.high) && s.high - s.low + 1 > MAX_ENUMERATED)
    throw new BorelError("not-enumerable", `enumerate: the choice at '${key}' (${d}) has ${s.high - s.low + 1} values, too many to enumerate`, {
      address: key,
      hint: "enumeration branches on every value of a discrete choice: use importance sampling, SMC or MCMC for a choice with this many values",
    });
  // A vector of discrete values lists its values only when it has one (delta); else the error names the address.
  if (d.size >= 0) {
    try { d.enumerate!(); } catch { throw notEnumerable(key, d); }
  }
}

/**
 * The values of one choice still to explore, as one subtree of the frontier: where the choice is, the order its
 * values are tried in, and the log prior mass of the prefix before it — so a choice adds one entry to the
 * frontier, not one per value, and the entry's priority is the exact mass of the values it has left.
 */
export interface Siblings<At> {
  /** Where the choice is: a run paused before it (branching), or the prefix before it and its key (replay). */
  readonly at: At;
  readonly weight: number;
  /** log p of the prefix before the choice. */
  readonly base: number;
  readonly values: ValueOrder;
}

/**
 * A frontier entry of siblings: the next position to try and the log mass of the values from there on; `exact`
 * is the last such mass summed directly, from which `rest` has been lowered by subtraction since.
 */
export interface SiblingsFrom<At> {
  siblings: Siblings<At>;
  pos: number;
  rest: number;
  exact: number;
}

/**
 * How far subtraction may lower the mass left below its last direct sum (a factor e^18.4 ≈ 10^8) before it is
 * summed again: each subtraction keeps the absolute error of that sum (~1e-16 of it), so far below it the rest
 * would be mostly rounding — a countable prior's tail, where the likelihood may still be large, lost as 0.
 */
const RESUM_BELOW = 18.4;

/** The first waiting entry of a choice's siblings (none when the run's value was the only one). */
export function pushSiblings<At, T>(frontier: Frontier<T | SiblingsFrom<At>>, siblings: Siblings<At>): void {
  const rest = siblings.values.restMass;
  if (rest > -Infinity && siblings.values.at(1) !== undefined) frontier.push({ siblings, pos: 1, rest, exact: rest }, siblings.base + rest);
}

/**
 * A popped entry of siblings: its value at `pos` and that value's log prior (prefix included); the entry for the
 * values after it waits again (a value of mass 0 in a countable support is passed over).
 */
export function nextSibling<At, T>(frontier: Frontier<T | SiblingsFrom<At>>, e: SiblingsFrom<At>): { value: unknown; logPrior: number } {
  const { siblings: s } = e;
  let pos = e.pos, lp = s.values.logp(pos);
  // (Bounded: a countable support whose mass ends somewhere would otherwise be walked for ever.)
  for (let skipped = 0; lp === -Infinity && s.values.at(pos + 1) !== undefined && skipped < 1e6; skipped++) lp = s.values.logp(++pos);
  // What is left after this value: by subtraction, or summed again once that is mostly rounding.
  let rest = lp < e.rest ? logSubExp(e.rest, lp) : -Infinity, exact = e.exact;
  if (s.values.at(pos + 1) === undefined) return { value: s.values.at(pos), logPrior: s.base + lp };
  if (!(rest > exact - RESUM_BELOW)) exact = rest = s.values.tailMass(pos + 1);
  if (rest > -Infinity) frontier.push({ siblings: s, pos: pos + 1, rest, exact }, s.base + rest);
  return { value: s.values.at(pos), logPrior: s.base + lp };
}
