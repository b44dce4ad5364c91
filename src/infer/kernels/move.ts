/**
 * Discrete-capable MCMC moves in one shape: a *proposal generative function* q(u; t, ...args) over the current
 * trace t, and a deterministic *acceptance* that maps (t, u) to the proposed trace t′ and log α. Because the
 * proposal is a generative function, its choices can be enumerated when they are discrete, and the exact
 * transition kernel K(t → ·) = Σ_u q(u | t)·min(1, e^{log α(t, u)}) can be built and checked (πK = π).
 *
 * `moveKernel(move)` turns a move into a `Kernel`: propose, accept with probability min(1, e^{log α}).
 *
 * @example
 * ```ts
 * const move = proposalMove(gen((q, t: Trace) => { q.sample("z", bernoulli(0.5)); }));
 * const k = moveKernel(move);
 * let tr = model.generate([], obs, rng).trace;
 * tr = k(tr, rng).trace;
 * ```
 */
import { BorelError, isBorelError } from "../../util/errors.js";
import { Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import type { Argdiff, GenerativeFunction, GFIOptions, Trace } from "../../trace/gfi.js";
import type { Kernel, KernelResult } from "../kernel.js";

/** The proposed trace and the log acceptance ratio of one move. */
export interface MoveResult<T extends Trace = Trace> {
  trace: T;
  logAlpha: number;
}

export interface ProposalMove<T extends Trace = Trace> {
  readonly name: string;
  /** q(u; t, ...args): a generative function whose first argument is the current trace. */
  readonly proposal: GenerativeFunction<[T, ...unknown[]]>;
  /** Extra arguments of the proposal after the trace. */
  readonly args: readonly unknown[];
  /** The proposed trace and log α for the proposal's complete choices `u` with log q(u | t) = `logQ`. */
  accept(trace: T, u: ChoiceMap, logQ: number, retval: unknown): MoveResult<T>;
}

/** A kernel that also exposes its move in the enumerable form (for exact transition matrices). */
export type DiscreteCapableKernel<T extends Trace = Trace> = Kernel<T> & { readonly move: ProposalMove<T> };

/** Accepts with probability min(1, e^{logAlpha}); NaN is an error naming the kernel. */
export function acceptMH(logAlpha: number, rng: Rng, kernel: string): boolean {
  if (Number.isNaN(logAlpha)) throw new BorelError("nan", `${kernel}: the log acceptance ratio is NaN`, { hint: "a log density in the model or the proposal evaluated to NaN" });
  return logAlpha >= 0 || Math.log(rng.open01()) < logAlpha;
}

/** The kernel of a move: propose u ~ q(· | t), compute (t′, log α), accept or stay. */
export function moveKernel<T extends Trace>(move: ProposalMove<T>): DiscreteCapableKernel<T> {
  const k = (trace: T, rng: Rng): KernelResult<T> => {
    const p = move.proposal.propose([trace, ...move.args], rng);
    const r = move.accept(trace, p.choices, p.weight, p.retval);
    const accepted = acceptMH(r.logAlpha, rng, move.name);
    return { trace: accepted ? r.trace : trace, stats: { accepted, logAlpha: r.logAlpha } };
  };
  return Object.assign(k, { move });
}

const SAME: Argdiff[][] = [];
/** Argdiffs saying every argument is unchanged (cached per arity). */
export function sameArgs(n: number): Argdiff[] {
  return (SAME[n] ??= Array.from({ length: n }, () => "same" as const));
}

/** An Rng that refuses to be used: a move that should be deterministic given its proposal's choices. */
class DeterministicOnly extends Rng {
  constructor(private readonly what: string) { super("deterministic"); }
  private refuse(): never {
    throw new BorelError("move-samples", `${this.what}: the move would sample a new choice from the prior`, {
      hint: "a move must set every choice the proposed trace needs: propose the new choices (as Gen's metropolis_hastings and involutive MCMC require), or use mh(selection), which samples them from the prior",
    });
  }
  override double(): number { return this.refuse(); }
  override open01(): number { return this.refuse(); }
  override int(): number { return this.refuse(); }
  override normal(): number { return this.refuse(); }
  override split(): Rng { return this.refuse(); }
}

/**
 * GFI options with `latent` set. Object.assign, not a spread: on Node 20 `{...opts, latent}` of a non-empty
 * object costs ~0.4 µs (measured), as much as a small model's whole MH step.
 */
export function withLatent(opts: GFIOptions | undefined, latent: ChoiceMap): GFIOptions {
  return opts === undefined ? { latent } : Object.assign({}, opts, { latent });
}

const forbidden = new Map<string, Rng>();
/** A shared `Rng` that throws when a run tries to sample (see `DeterministicOnly`). */
export function noSampling(what: string): Rng {
  let r = forbidden.get(what);
  if (r === undefined) { r = new DeterministicOnly(what); forbidden.set(what, r); }
  return r;
}

/**
 * `update` with the move's values as latent constraints (they stay resampleable), refusing to sample fresh
 * choices: weight = log p(t′) − log p(t), discard = the replaced and deleted *latent* choices (observations
 * that a branch change deletes are data, not something a reverse proposal produces). A constrained value
 * outside its support gives weight −∞ (the move is rejected) rather than an error.
 */
export function updateWith<T extends Trace>(trace: T, constraints: ChoiceMap, what: string, opts?: GFIOptions, args?: readonly unknown[]): { trace: T; weight: number; discard: ChoiceMap } {
  const gf = trace.gf as unknown as GenerativeFunction<unknown[], unknown, T>;
  const a = (args ?? trace.args) as unknown[];
  const diffs = args === undefined ? sameArgs(a.length) : a.map((x, i) => (Object.is(x, trace.args[i]) ? "same" : "changed") as Argdiff);
  let r: { trace: T; weight: number; discard: ChoiceMap };
  try {
    r = gf.update(trace, a, diffs, constraints, noSampling(what), withLatent(opts, constraints));
  } catch (e) {
    // A proposed value outside its choice's support (a drift below 0 for a gamma) is a rejected move.
    if (isBorelError(e) && e.code === "bad-value" && e.address !== undefined && constraints.has(e.address)) return { trace, weight: -Infinity, discard: new ChoiceMap() };
    throw e;
  }
  let observed = false;
  for (const k of r.discard.keys()) if (trace.choice(k)?.observed) { observed = true; break; }
  if (!observed) return r;
  const discard = new ChoiceMap();
  for (const [k, v] of r.discard) if (!trace.choice(k)?.observed) discard.set(k, v);
  return { trace: r.trace, weight: r.weight, discard };
}

/**
 * `update` with the move's values as latent constraints that may sample new choices from their priors (a
 * branch the move opens), with the weight made an MH ratio the way `regenerate` makes it: new latent choices
 * cancel against their prior (update leaves them out), and latent choices the move replaces or deletes other
 * than the constrained ones are added back (the reverse move samples them from their prior):
 *
 *   weight = log p(t′) − log p(t) − log p(new | t′) + log p(dropped | t).
 */
export function updateWithPrior<T extends Trace>(trace: T, constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): { trace: T; weight: number } {
  const gf = trace.gf as unknown as GenerativeFunction<unknown[], unknown, T>;
  let r: { trace: T; weight: number; discard: ChoiceMap };
  try {
    r = gf.update(trace, trace.args as unknown[], sameArgs(trace.args.length), constraints, rng, withLatent(opts, constraints));
  } catch (e) {
    if (isBorelError(e) && e.code === "bad-value" && e.address !== undefined && constraints.has(e.address)) return { trace, weight: -Infinity };
    throw e;
  }
  let weight = r.weight;
  if (weight > -Infinity)
    for (const k of r.discard.keys()) {
      if (constraints.has(k)) continue;
      const old = trace.choice(k);
      if (old !== undefined && !old.observed) weight += old.logp;
    }
  return { trace: r.trace, weight };
}
