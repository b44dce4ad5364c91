/**
 * Exact enumeration for finite discrete models: a depth-first search over the model's choices. A node of the
 * search is a prefix of choice values; the model is run with `generate`, observations ∪ prefix as
 * constraints (the prefix marked `latent`), and the run draws the rest of its path from the prior — so every
 * run completes one assignment x, a leaf with weight log p(x, y) (its trace's score). Each choice the run drew
 * beyond its prefix is a branch point: the prefix up to it with each of its other values (`d.enumerate()`) is
 * pushed for later. Every run finds a new leaf: one model run per complete assignment. Then
 *
 *   p(x | y) = p(x, y) / Z,   log Z = log Σ_leaves p(x, y)    (exact, not an estimate).
 *
 * A choice that is not finite discrete is an error naming its address. The search stops after `maxExecutions`
 * model runs; the prior mass of the subtrees not explored is reported as `truncatedMass` (so log Z is then a
 * lower bound).
 *
 * @example
 * ```ts
 * const post = enumerate(alarmNetwork, [], { johnCalls: true, maryCalls: true });
 * post.mean("burglary");   // 0.2842
 * Math.exp(post.logZ!);    // 0.002084
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import { logSumExp } from "../math/log.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { ChoiceView, GenerativeFunction, GFIOptions, Trace } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import { registerMethod } from "./registry.js";

export interface EnumerateOptions extends GFIOptions {
  /** Maximum number of model runs (default 100000). */
  maxExecutions?: number;
  keepTraces?: boolean;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

export interface Enumeration {
  /** One trace per complete assignment, in depth-first order. */
  traces: Trace[];
  /** log p(x, y) per trace (−∞ for assignments incompatible with the observations). */
  logWeights: Float64Array;
  logZ: number;
  executions: number;
  /** Prior probability of the subtrees left unexplored (0 when the search completed). */
  truncatedMass: number;
}

/** A search node: the prefix as a linked list, shared by siblings. */
interface Node {
  key: string;
  value: unknown;
  parent: Node | null;
}

function prefixMap(node: Node | null): ChoiceMap {
  const c = new ChoiceMap();
  for (let n = node; n !== null; n = n.parent) c.set(n.key, n.value);
  return c;
}

/** True when two choice values are the same (booleans and 0/1 compare equal). */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a !== "object" && typeof b !== "object" && Number(a) === Number(b));
}

/** Enumerates every complete assignment of the model's choices (see the module comment). */
export function enumerateChoices(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: EnumerateOptions = {}): Enumeration {
  const max = opts.maxExecutions ?? 100000;
  if (!Number.isInteger(max) || max < 1) throw new BorelError("bad-option", `enumerate: 'maxExecutions' must be a positive integer, got ${max}`);
  const obs = ChoiceMap.from(observations);
  const rng = new Rng("enumerate"); // draws the rest of each run's path beyond its prefix
  const traces: Trace[] = [], weights: number[] = [];
  const stack: (Node | null)[] = [null];
  const priors: number[] = [0];
  let executions = 0;
  let missedEverywhere = null as Set<string> | null;
  while (stack.length > 0 && executions < max && !opts.signal?.aborted) {
    let node = stack.pop()!, logPrior = priors.pop()!;
    const prefix = prefixMap(node), inPrefix = new Set(prefix.keys());
    const constraints = new ChoiceMap(obs.entries());
    for (const [k, v] of prefix) constraints.set(k, v);
    const r = gf.generate(args, constraints, rng, { ...opts, latent: prefix });
    executions++;
    const missed = new Set<string>(r.unvisited ?? []);
    missedEverywhere = missedEverywhere === null ? missed : new Set([...missedEverywhere].filter((k) => missed.has(k)));
    // The run completed one path: its leaf. Each choice it drew beyond the prefix is a branch point whose other
    // values are subtrees still to explore.
    for (const c of r.trace.choices()) {
      if (c.observed || inPrefix.has(c.key)) continue;
      const d = c.dist;
      if (typeof d.enumerate !== "function" || !d.discrete)
        throw new BorelError("not-enumerable", `enumerate: the choice at '${c.key}' (${d}) is not finite discrete`, {
          address: c.key,
          hint: "enumeration needs every latent choice to have a finite support (bernoulli, categorical, binomial, uniform_int, ...); use importance sampling, SMC or MCMC",
        });
      const values = d.enumerate();
      for (let j = values.length - 1; j >= 0; j--) {
        if (sameValue(values[j], c.value)) continue;
        const lp = d.logpdf(values[j]);
        if (lp === -Infinity) continue;
        stack.push({ key: c.key, value: values[j], parent: node });
        priors.push(logPrior + lp);
      }
      node = { key: c.key, value: c.value, parent: node };
      logPrior += c.logp;
    }
    const w = r.weight === -Infinity ? -Infinity : r.trace.score;
    if (Number.isNaN(w)) throw new BorelError("nan", `enumerate: the run with ${describePrefix(prefix)} has weight NaN`);
    traces.push(r.trace);
    weights.push(w);
    if (opts.onProgress && executions % 4096 === 0) opts.onProgress(executions / max, `enumerate: ${executions} assignments`);
  }
  if (missedEverywhere && missedEverywhere.size > 0) {
    const k = [...missedEverywhere][0]!;
    throw new BorelError("unknown-address", `enumerate: no run of ${gf.name} visits the observation '${k}'`, { address: k, hint: "check the address for a typo" });
  }
  const truncatedMass = stack.length === 0 ? 0 : Math.min(1, Math.exp(logSumExp(priors)));
  const logWeights = Float64Array.from(weights);
  return { traces, logWeights, logZ: logSumExp(logWeights), executions, truncatedMass };
}

function describePrefix(prefix: ChoiceMap): string {
  return [...prefix].map(([k, v]) => `${k} = ${String(v)}`).join(", ") || "no choices";
}

/**
 * The exact posterior as a weighted `Posterior` (weights p(x, y)) with the exact log marginal likelihood;
 * `diagnostics` holds `executions`, `truncatedMass` and `complete`.
 */
export function enumerate(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: EnumerateOptions = {}): Posterior {
  const e = enumerateChoices(gf, args, observations, opts);
  if (e.traces.length === 0)
    throw new BorelError("enumeration-empty", `enumerate: no complete assignment within ${e.executions} runs`, { hint: "raise maxExecutions" });
  if (e.logZ === -Infinity)
    throw new BorelError("zero-weights", `enumerate: every assignment of ${gf.name} has zero probability given the observations`, {
      hint: "the observations are impossible under the model: check the data against the supports and the conditions",
    });
  const complete = e.truncatedMass === 0;
  const diagnostics: Record<string, unknown> = { executions: e.executions, truncatedMass: e.truncatedMass, complete };
  if (!complete) diagnostics.warning = `enumeration stopped after ${e.executions} runs with prior mass ${e.truncatedMass.toPrecision(3)} unexplored: log Z is a lower bound`;
  return new Posterior({ method: "enumerate", chains: [e.traces], logWeights: e.logWeights, logZ: e.logZ, keepTraces: opts.keepTraces, diagnostics, exact: true });
}

registerMethod({
  name: "enumerate",
  doc: "exact enumeration of a finite discrete model: exact posterior and log Z",
  options: { max_executions: { type: "int", default: 100000, min: 1, doc: "maximum number of model runs" } },
  run: (gf, args, observations, o, ctx) =>
    enumerate(gf, args, observations, { maxExecutions: o.max_executions as number, onProgress: ctx.onProgress, signal: ctx.signal }),
});
