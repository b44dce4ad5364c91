/**
 * Involutive MCMC (Cusumano-Towner, Lew & Mansinghka 2020; Gen.jl's `metropolis_hastings(trace, proposal,
 * args, involution)`), the general form of the kernels here. An auxiliary proposal q(u; t) extends the state
 * to (t, u); a user involution h maps (t, u) to (t′, u′) with h(h(t, u)) = (t, u); then
 *
 *   log α = log p(t′) − log p(t) + log q(u′; t′) − log q(u; t) + log |det ∂h/∂(t, u)|.
 *
 * The involution reads t and u and returns the model choices to set (`constraints`, applied with `update`;
 * choices it does not revisit are deleted), the backward proposal choices u′ and the log |Jacobian| of its
 * continuous part (0 for discrete moves). Moves that change the number of choices — reversible jump: split /
 * merge, birth / death — are involutions whose dimension-matching variables live in u and u′.
 *
 * @example
 * ```ts
 * // Birth/death of an extra component `x` (present when `k` is true), proposed from N(0, 1):
 * const q = gen((q, t: Trace) => { if (!t.get("k")) q.sample("x", normal(0, 1)); });
 * const h: Involution = (t, u) => t.get("k")
 *   ? { constraints: ChoiceMap.from({ k: false }), backward: ChoiceMap.from({ x: t.get("x") }) }
 *   : { constraints: ChoiceMap.from({ k: true, x: u.get("x") }), backward: new ChoiceMap() };
 * const k = involutiveKernel(q, h);
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";
import { moveKernel, updateWith, type DiscreteCapableKernel, type MoveResult, type ProposalMove } from "./move.js";
import { assessReverse, type ProposalOptions } from "./proposal-mh.js";

/** The image of (t, u) under an involution. */
export interface InvolutionResult {
  /** Model choices of t′ to set with `update` (latent). */
  constraints: ChoiceMap;
  /** The backward proposal choices u′. */
  backward: ChoiceMap;
  /** log |det| of the Jacobian of the continuous part of the map (default 0). */
  logJacobian?: number;
  /** New model arguments, when the move changes them. */
  args?: readonly unknown[];
}

export type Involution<T extends Trace = Trace> = (trace: T, forward: ChoiceMap, retval?: unknown) => InvolutionResult;

export interface InvolutiveOptions extends ProposalOptions {
  /**
   * Check that the map is an involution on every step: apply it to (t′, u′) and compare with (t, u) (slow;
   * for testing a new involution).
   */
  check?: boolean;
}

/** The move of involutive MCMC (see the module doc). */
export function involutiveMove<T extends Trace>(proposal: GenerativeFunction<[T, ...unknown[]]>, involution: Involution<T>, args: readonly unknown[] = [], opts: InvolutiveOptions = {}): ProposalMove<T> {
  const name = opts.name ?? `involutive(${proposal.name})`;
  return {
    name, proposal, args,
    accept(trace: T, u: ChoiceMap, logQ: number, retval: unknown): MoveResult<T> {
      const h = involution(trace, u, retval);
      const r = updateWith(trace, h.constraints, name, opts, h.args);
      if (opts.check) checkInvolution(involution, r.trace, h.backward, trace, u, proposal, args, name);
      if (r.weight === -Infinity) return { trace: r.trace, logAlpha: -Infinity };
      const bwd = assessReverse(proposal as GenerativeFunction<[Trace, ...unknown[]]>, args, r.trace, h.backward, name, opts);
      return { trace: r.trace, logAlpha: r.weight + (h.logJacobian ?? 0) - logQ + bwd };
    },
  };
}

/** Involutive MCMC as a kernel (also exposing its `move`). */
export function involutiveKernel<T extends Trace>(proposal: GenerativeFunction<[T, ...unknown[]]>, involution: Involution<T>, args: readonly unknown[] = [], opts: InvolutiveOptions = {}): DiscreteCapableKernel<T> {
  return moveKernel(involutiveMove(proposal, involution, args, opts));
}

function checkInvolution<T extends Trace>(h: Involution<T>, t2: T, u2: ChoiceMap, t: T, u: ChoiceMap, proposal: GenerativeFunction<[T, ...unknown[]]>, args: readonly unknown[], name: string): void {
  const ret = proposal.assess([t2, ...args], u2).retval;
  const back = h(t2, u2, ret);
  const t3 = updateWith(t2, back.constraints, name, undefined, back.args).trace;
  if (!sameChoices(t3.choiceMap(), t.choiceMap()) || !sameChoices(back.backward, u))
    throw new BorelError("not-an-involution", `${name}: applying the involution twice does not give back the trace and the proposal's choices`, {
      hint: "h(h(t, u)) must equal (t, u): check that the backward choices let the involution rebuild the old values exactly",
    });
}

/** Equal keys and values (numbers within 1e-9 relative, vectors elementwise). */
export function sameChoices(a: ChoiceMap, b: ChoiceMap): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    if (!b.has(k)) return false;
    if (!sameValue(v, b.get(k))) return false;
  }
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  if (a instanceof Float64Array && b instanceof Float64Array) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}
