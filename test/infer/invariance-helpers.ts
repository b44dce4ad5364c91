// Exact oracles for the kernel-invariance tests: enumeration of a discrete generative function (the posterior
// π of a model given its observations, or the choices of a proposal given the current trace), and the exact
// transition kernel K(t → ·) = Σ_u q(u | t) · min(1, e^{log α(t, u)}) of a discrete-capable move.
import { BorelError } from "../../src/util/errors.js";
import { Rng } from "../../src/rand/rng.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import type { GenerativeFunction, Trace } from "../../src/trace/gfi.js";
import type { ProposalMove } from "../../src/infer/kernels/move.js";
import { logSumExp } from "../../src/math/log.js";

export interface Outcome {
  trace: Trace;
  /** log p (score) of the complete run with the given constraints. */
  logp: number;
}

const ENUM_RNG = new Rng("enumerate");

/**
 * Every complete run of `gf` with the constraints fixed: depth-first over the first free latent choice of a run
 * (visit order), branching on its `dist.enumerate()` values. Runs of score −∞ are kept out.
 */
export function enumerateRuns(gf: GenerativeFunction, args: unknown[], constraints: ChoiceMap = new ChoiceMap(), limit = 100000): Outcome[] {
  const out: Outcome[] = [];
  const visit = (partial: ChoiceMap) => {
    if (out.length > limit) throw new Error("enumerateRuns: too many runs");
    const all = new ChoiceMap().mergeUnder("", constraints).mergeUnder("", partial);
    const { trace, unvisited } = gf.generate(args, all, ENUM_RNG, { latent: partial });
    if ((unvisited?.length ?? 0) > 0) return; // a constraint of another branch
    let free: { key: string; values: unknown[] } | undefined;
    for (const c of trace.choices()) {
      if (c.observed || partial.has(c.key)) continue;
      if (!c.dist.enumerate) throw new BorelError("not-enumerable", `enumerateRuns: '${c.key}' (${c.dist}) is not enumerable`);
      free = { key: c.key, values: c.dist.enumerate() };
      break;
    }
    if (free === undefined) { if (trace.score > -Infinity) out.push({ trace, logp: trace.score }); return; }
    for (const v of free.values) visit(new ChoiceMap().mergeUnder("", partial).set(free.key, v));
  };
  visit(new ChoiceMap());
  return out;
}

/** A canonical string for the latent state of a trace. */
export function stateKey(trace: Trace): string {
  const parts: string[] = [];
  for (const c of trace.choices()) if (!c.observed) parts.push(`${c.key}=${String(c.value)}`);
  return parts.sort().join(";");
}

export interface Posterior {
  states: string[];
  traces: Trace[];
  probs: Float64Array;
  index: Map<string, number>;
}

/** The exact posterior of a discrete model given its observations. */
export function exactPosterior(model: GenerativeFunction, args: unknown[], observations: ChoiceMap): Posterior {
  const runs = enumerateRuns(model, args, observations);
  if (runs.length === 0) throw new Error("exactPosterior: the observations have probability zero");
  const z = logSumExp(runs.map((r) => r.logp));
  const states = runs.map((r) => stateKey(r.trace));
  return { states, traces: runs.map((r) => r.trace), probs: Float64Array.from(runs, (r) => Math.exp(r.logp - z)), index: new Map(states.map((s, i) => [s, i])) };
}

/** Row K(t → ·) of a move, as a map from state index to probability. */
export function transitionRow(move: ProposalMove, trace: Trace, post: Posterior): Map<number, number> {
  const row = new Map<number, number>();
  const add = (i: number, p: number) => row.set(i, (row.get(i) ?? 0) + p);
  const self = post.index.get(stateKey(trace))!;
  const proposals = enumerateRuns(move.proposal as GenerativeFunction, [trace, ...move.args]);
  for (const { trace: q, logp } of proposals) {
    const u = new ChoiceMap();
    for (const c of q.choices()) u.set(c.key, c.value);
    const r = move.accept(trace, u, logp, q.retval);
    const a = Math.exp(logp) * Math.min(1, Math.exp(r.logAlpha));
    if (a > 0) {
      const j = post.index.get(stateKey(r.trace));
      if (j === undefined) throw new Error(`${move.name}: moved to a state outside the posterior's support: ${stateKey(r.trace)}`);
      add(j, a);
    }
    add(self, Math.exp(logp) - a);
  }
  return row;
}

export interface InvarianceResult {
  /** max_s' |(πK)(s') − π(s')|. */
  maxError: number;
  /** max_s |Σ_s' K(s, s') − 1| (the proposal's mass is complete). */
  maxRowError: number;
  /** Fraction of off-diagonal mass (0 means the kernel never moves: an uninformative test). */
  moveMass: number;
}

/** Checks πK = π for a move over the exact posterior. */
export function invariance(move: ProposalMove, post: Posterior): InvarianceResult {
  const piK = new Float64Array(post.states.length);
  let maxRowError = 0, moveMass = 0;
  post.traces.forEach((t, i) => {
    let rowSum = 0;
    for (const [j, p] of transitionRow(move, t, post)) {
      piK[j] += post.probs[i] * p;
      rowSum += p;
      if (j !== i) moveMass += post.probs[i] * p;
    }
    maxRowError = Math.max(maxRowError, Math.abs(rowSum - 1));
  });
  let maxError = 0;
  piK.forEach((v, j) => { maxError = Math.max(maxError, Math.abs(v - post.probs[j])); });
  return { maxError, maxRowError, moveMass };
}

/** The move with its Hastings term dropped: log α = log p(t′) − log p(t) (the proposal ratio forgotten). */
export function withoutHastings(move: ProposalMove): ProposalMove {
  return {
    ...move, name: `${move.name} without Hastings term`,
    accept(t, u, logQ, ret) {
      const r = move.accept(t, u, logQ, ret);
      return { trace: r.trace, logAlpha: r.trace.score - t.score };
    },
  };
}
