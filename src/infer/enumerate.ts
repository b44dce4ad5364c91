/**
 * Exact enumeration for finite discrete models: a search over the model's choices. A node of the
 * search is a prefix of choice values; the model is run with `generate`, observations ∪ prefix as
 * constraints (the prefix marked `latent`), and the run draws the rest of its path from the prior — so every
 * run completes one assignment x, a leaf with weight log p(x, y) (its trace's score). Each choice the run drew
 * beyond its prefix is a branch point: the prefix up to it with each of its other values (`d.enumerate()`) is
 * pushed for later, with its prior mass; the subtree of largest mass runs next (or the last pushed, with
 * `order: "depth-first"`). Every run finds a new leaf: one model run per complete assignment. Then
 *
 *   p(x | y) = p(x, y) / Z,   log Z = log Σ_leaves p(x, y)    (exact, not an estimate).
 *
 * A choice that is not finite discrete is an error naming its address. The search stops after `maxExecutions`
 * model runs; the prior mass of the subtrees not explored is reported as `truncatedMass` (so log Z is then a
 * lower bound). An infinite (recursive) model also stops once that mass times the largest likelihood found is
 * below `tolerance`·Z: the rest cannot move the answer at that relative precision unless unexplored
 * assignments are far more likely than every one found.
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
import { logAddExp, logSumExp } from "../math/log.js";
import { ChoiceMap, NOT_FOUND } from "../trace/choicemap.js";
import { DynamicTrace } from "../trace/dynamic-trace.js";
import { checkModelInput, type ChoiceView, type GenerativeFunction, type GFIOptions, type Trace } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import { DrawRecorder } from "../posterior/recorder.js";
import { registerMethod } from "./registry.js";
import { Frontier, SEARCH_ORDERS, type SearchOrder } from "./enumerate-frontier.js";

export interface EnumerateOptions extends GFIOptions {
  /** Maximum number of model runs (default 100000). */
  maxExecutions?: number;
  /**
   * Which unexplored subtree to run next (./enumerate-frontier.ts): the one of largest prior mass (default), or
   * the last found. Only matters under the execution limit: a finite model gets every leaf either way.
   */
  order?: SearchOrder;
  /**
   * Stop once the prior mass left unexplored, times the largest likelihood p(y | x) of the assignments found
   * (at least 1), is below `tolerance`·Z (default 1e-12; 0 explores every assignment up to `maxExecutions`): a
   * recursive model (geometric, a grammar) then stops when the rest cannot change the answer at that relative
   * precision — unless unexplored assignments are far more likely than every one found.
   */
  tolerance?: number;
  keepTraces?: boolean;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

export interface Enumeration {
  /** One trace per complete assignment, in the search's order. */
  traces: Trace[];
  /** log p(x, y) per trace (−∞ for assignments incompatible with the observations). */
  logWeights: Float64Array;
  logZ: number;
  executions: number;
  /** Prior probability of the subtrees left unexplored (0 when the search completed). */
  truncatedMass: number;
  /** Why the search stopped before exploring everything: the execution limit, the tolerance, or an abort. */
  stoppedBy?: "max-executions" | "tolerance" | "aborted";
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

/** The choices of a trace in visit order (a dynamic trace without calls: its record list itself). */
function choicesOf(trace: Trace): readonly ChoiceView[] {
  if (trace instanceof DynamicTrace) {
    const list = trace.records.list;
    if (list.every((r) => r.kind === "choice")) return list as readonly ChoiceView[];
  }
  return [...trace.choices()];
}

// The stream that draws each run's path beyond its prefix: always the same ("enumerate"), so enumeration is
// deterministic. Its first values are kept once drawn and each call replays them (seeding xor4096 costs more
// than a small enumeration); a call that needs more continues on its own stream.
const PATH_SEED = "enumerate", KEPT = 1 << 16;
const pathDraws: number[] = [];
let pathStream: Rng | null = null;

/** An `Rng` equal to a fresh `new Rng("enumerate")` (every `Rng` method draws through `gen.double()`). */
function pathRng(): Rng {
  let i = 0, own: Rng | null = null;
  const double = (): number => {
    if (i < pathDraws.length) return pathDraws[i++]!;
    if (i < KEPT) { pathStream ??= new Rng(PATH_SEED); pathDraws.push(pathStream.double()); return pathDraws[i++]!; }
    if (own === null) { own = new Rng(PATH_SEED); for (let k = 0; k < i; k++) own.double(); }
    i++;
    return own.double();
  };
  return Object.assign(Object.create(Rng.prototype) as Rng, { seed: PATH_SEED, path: "", gen: { double } });
}

/** Enumerates every complete assignment of the model's choices (see the module comment). */
export function enumerateChoices(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: EnumerateOptions = {}): Enumeration {
  const traces: Trace[] = [];
  const e = exploreLeaves(gf, args, observations, opts, (t) => traces.push(t));
  return { traces, ...e };
}

/** The depth-first search, handing each leaf's trace to `leaf` in order (so a caller need not keep them). */
function exploreLeaves(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: EnumerateOptions, leaf: (trace: Trace) => void): Omit<Enumeration, "traces"> {
  const max = opts.maxExecutions ?? 100000;
  if (!Number.isInteger(max) || max < 1) throw new BorelError("bad-option", `enumerate: 'maxExecutions' must be a positive integer, got ${max}`);
  const obs = ChoiceMap.from(observations);
  const rng = pathRng(); // draws the rest of each run's path beyond its prefix
  const weights: number[] = [];
  const order = opts.order ?? "likely-first";
  if (!SEARCH_ORDERS.includes(order)) throw new BorelError("bad-option", `enumerate: 'order' must be ${SEARCH_ORDERS.map((o) => `"${o}"`).join(" or ")}, got ${String(order)}`);
  const tolerance = opts.tolerance ?? 1e-12;
  if (!(tolerance >= 0 && tolerance < 1)) throw new BorelError("bad-option", `enumerate: 'tolerance' must be in [0, 1), got ${tolerance}`);
  const frontier = new Frontier<Node | null>(order);
  frontier.push(null, 0);
  let executions = 0, reported = performance.now(), logZ = -Infinity, maxLogLik = 0, converged = false;
  let missedEverywhere = null as Set<string> | null;
  while (frontier.size > 0 && executions < max && !opts.signal?.aborted && !converged) {
    let { item: node, logPrior } = frontier.pop();
    const prefix = prefixMap(node);
    const constraints = new ChoiceMap(obs.entries());
    for (const [k, v] of prefix) constraints.set(k, v);
    // The GFI options generate reads (params) with the prefix marked latent.
    const r = gf.generate(args, constraints, rng, { params: opts.params, latent: prefix });
    executions++;
    // Observations missed by every run so far (once none is, no run can add one back).
    if (missedEverywhere === null) missedEverywhere = new Set(r.unvisited ?? []);
    else if (missedEverywhere.size > 0) { const missed = new Set(r.unvisited ?? []); missedEverywhere = new Set([...missedEverywhere].filter((k) => missed.has(k))); }
    // The run completed one path: its leaf. Each choice it drew beyond the prefix is a branch point whose other
    // values are subtrees still to explore.
    for (const c of choicesOf(r.trace)) {
      if (c.observed || prefix.own(c.key) !== NOT_FOUND) continue;
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
        frontier.push({ key: c.key, value: values[j], parent: node }, logPrior + lp);
      }
      node = { key: c.key, value: c.value, parent: node };
      logPrior += c.logp;
    }
    const w = r.weight === -Infinity ? -Infinity : r.trace.score;
    if (Number.isNaN(w)) throw new BorelError("nan", `enumerate: the run with ${describePrefix(prefix)} has weight NaN`);
    leaf(r.trace);
    weights.push(w);
    if (w > -Infinity) {
      logZ = logAddExp(logZ, w);
      if (w - logPrior > maxLogLik) maxLogLik = w - logPrior;
    }
    // Checked every 64 runs (the frontier's mass is a sum over it).
    if (tolerance > 0 && (executions & 63) === 0 && logZ > -Infinity && frontier.size > 0)
      converged = frontier.logMass() + maxLogLik < logZ + Math.log(tolerance);
    // Progress about every 0.25 s (runs get slow on deep recursive models, so not by a count alone).
    if (opts.onProgress && (executions & 63) === 0 && performance.now() - reported > 250) {
      reported = performance.now();
      opts.onProgress(executions / max, `enumerate: ${executions} assignments, prior mass left ${Math.exp(frontier.logMass()).toPrecision(2)}`);
    }
  }
  if (missedEverywhere && missedEverywhere.size > 0) {
    const k = [...missedEverywhere][0]!;
    throw new BorelError("unknown-address", `enumerate: no run of ${gf.name} visits the observation '${k}'`, { address: k, hint: "check the address for a typo" });
  }
  const truncatedMass = frontier.size === 0 ? 0 : Math.min(1, Math.exp(frontier.logMass()));
  const logWeights = Float64Array.from(weights);
  const stoppedBy = frontier.size === 0 ? undefined : converged ? "tolerance" : opts.signal?.aborted ? "aborted" : "max-executions";
  return { logWeights, logZ: logSumExp(logWeights), executions, truncatedMass, ...(stoppedBy ? { stoppedBy } : {}) };
}

function describePrefix(prefix: ChoiceMap): string {
  return [...prefix].map(([k, v]) => `${k} = ${String(v)}`).join(", ") || "no choices";
}

/**
 * The exact posterior as a weighted `Posterior` (weights p(x, y)) with the exact log marginal likelihood;
 * `diagnostics` holds `executions`, `truncatedMass` and `complete`.
 */
export function enumerate(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: EnumerateOptions = {}): Posterior {
  checkModelInput("enumerate", gf, args);
  // Without kept traces the leaves are recorded as they are found (each trace dies young).
  const recorder = opts.keepTraces === false ? new DrawRecorder() : null;
  const traces: Trace[] = [];
  const e = exploreLeaves(gf, args, observations, opts, recorder ? (t) => recorder.add(t) : (t) => traces.push(t));
  if (e.logWeights.length === 0)
    throw new BorelError("enumeration-empty", `enumerate: no complete assignment within ${e.executions} runs`, { hint: "raise maxExecutions" });
  if (e.logZ === -Infinity)
    throw new BorelError("zero-weights", `enumerate: every assignment of ${gf.name} has zero probability given the observations`, {
      hint: "the observations are impossible under the model: check the data against the supports and the conditions",
    });
  const complete = e.truncatedMass === 0;
  const diagnostics: Record<string, unknown> = { executions: e.executions, truncatedMass: e.truncatedMass, complete };
  if (e.stoppedBy !== undefined) diagnostics.stoppedBy = e.stoppedBy;
  // Stopping at the tolerance is how a recursive model's enumeration ends: a note, not a warning.
  if (e.stoppedBy === "tolerance")
    diagnostics.note = `enumeration stopped after ${e.executions} runs: the prior mass left unexplored (${e.truncatedMass.toPrecision(3)}) cannot change Z by more than a fraction ${opts.tolerance ?? 1e-12} unless unexplored assignments are far more likely than those found (tolerance: 0 explores them)`;
  else if (!complete) diagnostics.warning = `enumeration stopped after ${e.executions} runs with prior mass ${e.truncatedMass.toPrecision(3)} unexplored: log Z is a lower bound`;
  const draws = recorder ? { draws: [recorder.finish()] } : { chains: [traces] };
  return new Posterior({ method: "enumerate", ...draws, logWeights: e.logWeights, logZ: e.logZ, keepTraces: opts.keepTraces, diagnostics, exact: true });
}

registerMethod({
  name: "enumerate",
  doc: "exact enumeration of a finite discrete model: exact posterior and log Z",
  options: {
    max_executions: { type: "int", default: 100000, min: 1, doc: "maximum number of model runs" },
    order: { type: "enum", values: SEARCH_ORDERS, default: "likely-first", doc: "which unexplored subtree runs next: largest prior mass first, or depth-first" },
    tolerance: { type: "number", default: 1e-12, min: 0, max: 0.999, doc: "stop when the unexplored prior mass times the largest likelihood found is below tolerance·Z (0: explore everything)" },
  },
  run: (gf, args, observations, o, ctx) =>
    enumerate(gf, args, observations, { maxExecutions: o.max_executions as number, order: o.order as SearchOrder, tolerance: o.tolerance as number, onProgress: ctx.onProgress, signal: ctx.signal }),
});
