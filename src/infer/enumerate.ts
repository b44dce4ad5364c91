/**
 * Exact enumeration for finite discrete models: a search over the tree of the model's choices, where every
 * complete run is a leaf — one assignment x with weight log p(x, y). Three ways to walk the tree:
 *
 * - Depth first in place (a model that enumerates its own runs: Borel programs, `enumerateRuns`): the compiled
 *   run calls each latent choice's continuation once per value, so runs share their common prefix, a node of the
 *   tree costs one handler call, and a run whose weight falls to 0 (an impossible observation) stops there.
 *   Nothing waits: at a countable support, an embedded sub-model, deep nesting or `maxExecutions` the search
 *   starts over as below, whose order makes a truncated search leave out the least prior mass.
 * - Paused runs (a model whose runs can pause: `start` with `branch`): a run pauses before each latent choice
 *   and goes on with one of its values (`d.enumerate()`, drawn from the prior); the others wait in the
 *   frontier, to continue forks of the paused run — one run step per node of the tree as well.
 * - By replay (any generative function): a node is a prefix of choice values; the model is run with
 *   `generate`, observations ∪ prefix as constraints (the prefix marked `latent`), drawing the rest of its path
 *   from the prior, and each choice it drew beyond the prefix is a branch point whose other values wait in the
 *   frontier. One model run per leaf.
 *
 * In the last two, a choice's other values wait as one subtree (with their total prior mass; popping it takes
 * the next value), so a wide choice adds one entry to the frontier, not one per value. The subtree of largest
 * prior mass runs next (or the last pushed, `order: "depth-first"`). Then
 *
 *   p(x | y) = p(x, y) / Z,   log Z = log Σ_leaves p(x, y)    (exact, not an estimate).
 *
 * A choice that is not finite discrete is an error naming its address. The search stops after `maxExecutions`
 * model runs or at `maxFrontier` waiting subtrees; the prior mass of the subtrees not explored is reported as
 * `truncatedMass` (so log Z is then a lower bound). An infinite (recursive) model also stops once that mass times the largest likelihood found is
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
import { checkOptionNames, optionNames, RUN_OPTIONS } from "./option-names.js";
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import { ChoiceMap, NOT_FOUND } from "../trace/choicemap.js";
import { DynamicTrace } from "../trace/dynamic-trace.js";
import { checkModelInput, type ChoiceView, type CompletedRun, type GenerativeFunction, type GFIOptions, type ResumableRun, type Trace } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import { DrawRecorder } from "../posterior/recorder.js";
import { runToEnd, runYielding, type Steps } from "./cooperative.js";
import { registerMethod } from "./registry.js";
import { SEARCH_ORDERS, type SearchOrder } from "./enumerate-frontier.js";
import { Search, type Enumeration, type SearchLimits } from "./enumerate-search.js";
import { checkDiscrete, nextSibling, pushSiblings, valueOrder, type SiblingsFrom } from "./enumerate-siblings.js";

export type { Enumeration } from "./enumerate-search.js";

export interface EnumerateOptions extends GFIOptions, SearchLimits {
  /** Keep every leaf's trace in the posterior (default false, as importance: a trace per leaf cost ~3 kB). */
  keepTraces?: boolean;
  /**
   * Search a Borel program by branching its runs at each choice (default true): depth first, each choice's
   * continuation called once per value (`enumerateRuns`), falling back to runs paused before each choice on a
   * frontier (`start` with `branch`) at a countable support, an embedded sub-model or a limit. `"paused"`: the
   * paused runs from the start; false: the generic search by replay, as for any generative function.
   */
  branching?: boolean | "paused";
}

/** Runs of the frontier searches between pauses (./cooperative.ts). */
const RUNS_PER_PAUSE = 64;

/** A search node: the prefix as a linked list, shared by siblings. */
interface Node {
  key: string;
  value: unknown;
  parent: Node | null;
}

/** The prefix's choices as a choice map, and their keys in visit order. */
function prefixOf(node: Node | null): { prefix: ChoiceMap; keys: string[] } {
  const prefix = new ChoiceMap(), keys: string[] = [];
  for (let n = node; n !== null; n = n.parent) { prefix.set(n.key, n.value); keys.push(n.key); }
  return { prefix, keys: keys.reverse() };
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
  const e = runToEnd(exploreLeaves(gf, args, observations, opts, false, (t) => traces.push(leafTrace(t))));
  return { traces, ...e };
}

/** A leaf of the search: the trace of a generic run, or a finished run (lean when no trace is wanted). */
type Leaf = Trace | ResumableRun | CompletedRun;

/** A finished run rather than a trace (a Trace has no `trace` method). */
const isRun = (l: Leaf): l is ResumableRun | CompletedRun => typeof (l as ResumableRun).trace === "function";
const leafTrace = (l: Leaf): Trace => (isRun(l) ? l.trace() : l);

/** The search over a model's choices, handing each leaf to `leaf` in order (so a caller need not keep traces). */
function* exploreLeaves(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: EnumerateOptions, lean: boolean, leaf: (l: Leaf) => void): Steps<Omit<Enumeration, "traces">> {
  const obs = ChoiceMap.from(observations);
  const branching = opts.branching ?? true;
  if (branching !== true && branching !== false && branching !== "paused")
    throw new BorelError("bad-option", `enumerate: 'branching' must be true, false or "paused", got ${JSON.stringify(branching)}`);
  if (branching === true && typeof gf.enumerateRuns === "function") {
    const e = yield* exploreDepthFirst(gf, gf.enumerateRuns.bind(gf), args, obs, opts, lean, leaf);
    if (e !== null) return e;
  }
  if (typeof gf.start !== "function" || branching === false) return yield* exploreByReplay(gf, args, obs, opts, leaf);
  // Branching runs hold their leaves until the search is over: a model that calls a generative function whose
  // runs cannot pause (an embedded model) is searched again the generic way, from the start.
  const leaves: ResumableRun[] = [];
  let e;
  try {
    e = yield* exploreRuns(gf, gf.start.bind(gf), args, obs, opts, lean, (r) => leaves.push(r));
  } catch (err) {
    if (!(err instanceof BorelError && err.code === "branch-unsupported")) throw err;
    return yield* exploreByReplay(gf, args, obs, opts, leaf);
  }
  for (const r of leaves) leaf(r);
  return e;
}

/**
 * The search of a model that enumerates its own runs depth first (`enumerateRuns`: Borel programs) — no
 * frontier, each node of the tree one handler call. Null when the model gave up (a countable support, an
 * embedded sub-model, deep nesting) or the search reached `maxExecutions`: the likely-first search then starts
 * over, since only its order makes a truncated search leave out the least prior mass. An abort keeps the runs
 * found, the prior mass not yet explored reported as truncated.
 */
function* exploreDepthFirst(gf: GenerativeFunction, enumerateRuns: NonNullable<GenerativeFunction["enumerateRuns"]>, args: unknown[], obs: ChoiceMap, opts: EnumerateOptions, lean: boolean, leaf: (run: CompletedRun) => void): Steps<Omit<Enumeration, "traces"> | null> {
  const search = new Search<never>(gf, opts), runs: CompletedRun[] = [];
  let aborted = false;
  const ran = (logPrior: number) => {
    search.ran(logPrior);
    if (search.executions > search.max) throw new BorelError("branch-unsupported", "enumerate: the execution limit of the depth-first search");
    if (opts.signal?.aborted) throw new BorelError("aborted", "enumerate: aborted");
  };
  try {
    yield* enumerateRuns(args, obs, pathRng(), {
      params: opts.params, latent: opts.latent, lean,
      complete: (run) => { search.leaf(run.weight, run.logPrior, run.unvisited(), () => "its choices"); runs.push(run); ran(run.logPrior); },
      pruned: (logPrior) => { search.pruned++; ran(logPrior); },
    });
  } catch (err) {
    if (!(err instanceof BorelError && (err.code === "branch-unsupported" || err.code === "aborted"))) throw err;
    if (err.code === "branch-unsupported") return null;
    aborted = true;
  }
  for (const r of runs) leaf(r);
  return search.finish("depth-first", aborted);
}

/** A subtree of the branching search: a run (the start, or one stopped at the frontier's limit), or the siblings of a choice from `pos` on. */
type Branch = { run: ResumableRun; weight: number; siblings?: undefined } | SiblingsFrom<ResumableRun>;

/**
 * The search over runs that pause before each latent choice (`StartOptions.branch`): at a choice the run goes
 * on with one value, drawn from the prior as the search by replay draws it, and the choice's other values wait
 * in the frontier as one entry (`Siblings`) — so a popped subtree runs on to a leaf (a recursive model's run
 * ends with probability 1), and runs share their common prefix: a tree of assignments costs a run step per
 * node, not per leaf and depth. A run whose weight falls to 0 (an impossible observation) stops there.
 */
function* exploreRuns(gf: GenerativeFunction, start: NonNullable<GenerativeFunction["start"]>, args: unknown[], obs: ChoiceMap, opts: EnumerateOptions, lean: boolean, leaf: (run: ResumableRun) => void): Steps<Omit<Enumeration, "traces">> {
  const search = new Search<Branch>(gf, opts), frontier = search.frontier;
  const rng = pathRng(); // picks the value a run goes on with
  const root = start(args, obs, rng, { params: opts.params, lean, branch: true });
  // A run that cannot `choose` (a hand-written ResumableRun) would draw its choices itself: not a search.
  if (typeof root.choose !== "function") throw new BorelError("branch-unsupported", `${gf.name}'s runs cannot branch before a choice`);
  frontier.push({ run: root, weight: 0 }, 0);
  while (search.more()) {
    const top = frontier.pop(), item = top.item;
    if (search.negligible(top.logPrior)) continue;
    let run: ResumableRun, w: number, logPrior: number;
    if (item.siblings === undefined) ({ run, weight: w } = item), logPrior = top.logPrior;
    else {
      // The next value of a choice; the ones after it wait again.
      const next = nextSibling(frontier, item);
      run = (item.siblings.at.choose as NonNullable<ResumableRun["choose"]>)(next.value);
      w = item.siblings.weight;
      logPrior = next.logPrior;
    }
    for (;;) {
      const r = run.advance(rng);
      w += r.weight;
      if (r.done || w === -Infinity) break;
      if (r.choice === undefined) continue;
      // Go on with a value drawn from the prior; the others wait in the frontier as one entry.
      const d = r.choice.dist;
      checkDiscrete(r.choice.key, d);
      const first = d.sample(rng), values = valueOrder(r.choice.key, d, first);
      pushSiblings(frontier, { at: run, weight: w, base: logPrior, values });
      run = (run.choose as NonNullable<ResumableRun["choose"]>)(first);
      logPrior += values.logp(0);
      // The frontier at its limit (runs that never finish, as an unbounded recursion's): the run waits there too.
      if (frontier.size >= search.maxFrontier || opts.signal?.aborted) { frontier.push({ run, weight: w }, logPrior); break; }
    }
    if (!run.done && w > -Infinity) break; // stopped at the frontier's limit
    if (run.done) {
      search.leaf(logPrior + w, logPrior, run.unvisited?.(), () => "its choices");
      leaf(run);
    } else search.pruned++;
    search.ran();
    if (search.executions % RUNS_PER_PAUSE === 0) yield;
  }
  return search.finish("paused");
}

/**
 * The generic search (any generative function): a node is a prefix of choice values; the model is run with
 * `generate`, observations ∪ prefix as constraints (the prefix marked `latent`), drawing the rest of its path
 * from the prior — so every run completes one assignment, and each choice it drew beyond its prefix is a
 * branch point whose other values are pushed for later.
 */
function* exploreByReplay(gf: GenerativeFunction, args: unknown[], obs: ChoiceMap, opts: EnumerateOptions, leaf: (trace: Trace) => void): Steps<Omit<Enumeration, "traces">> {
  type At = { parent: Node | null; key: string };
  const search = new Search<{ node: Node | null } | SiblingsFrom<At>>(gf, opts), frontier = search.frontier;
  const rng = pathRng(); // draws the rest of each run's path beyond its prefix
  frontier.push({ node: null }, 0);
  while (search.more()) {
    const top = frontier.pop(), item = top.item;
    if (search.negligible(top.logPrior)) continue;
    let node: Node | null, logPrior: number;
    if ("node" in item) ({ node } = item), logPrior = top.logPrior;
    else {
      // The next value of a choice; the ones after it wait again.
      const next = nextSibling(frontier, item);
      node = { key: item.siblings.at.key, value: next.value, parent: item.siblings.at.parent };
      logPrior = next.logPrior;
    }
    const { prefix, keys } = prefixOf(node);
    let constraints = prefix;
    if (!obs.isEmpty()) {
      constraints = new ChoiceMap(obs.entries());
      for (const [k, v] of prefix) constraints.set(k, v);
    }
    // The GFI options generate reads (params) with the prefix marked latent.
    const r = gf.generate(args, constraints, rng, { params: opts.params, latent: prefix });
    // The run completed one path: its leaf. Each choice it drew beyond the prefix is a branch point whose other
    // values wait in the frontier as one entry. (The run meets the prefix's choices first, in their order.)
    let replayed = 0;
    for (const c of choicesOf(r.trace)) {
      if (c.observed) continue;
      if (replayed < keys.length && c.key === keys[replayed]) { replayed++; continue; }
      if (prefix.own(c.key) !== NOT_FOUND) continue;
      pushSiblings(frontier, { at: { parent: node, key: c.key }, weight: 0, base: logPrior, values: valueOrder(c.key, c.dist, c.value) });
      node = { key: c.key, value: c.value, parent: node };
      logPrior += c.logp;
    }
    search.leaf(r.weight === -Infinity ? -Infinity : r.trace.score, logPrior, r.unvisited, () => describePrefix(prefix));
    leaf(r.trace);
    search.ran();
    if (search.executions % RUNS_PER_PAUSE === 0) yield;
  }
  return search.finish("replay");
}

function describePrefix(prefix: ChoiceMap): string {
  return [...prefix].map(([k, v]) => `${k} = ${String(v)}`).join(", ") || "no choices";
}

/**
 * The exact posterior as a weighted `Posterior` (weights p(x, y)) with the exact log marginal likelihood;
 * `diagnostics` holds `executions`, `truncatedMass`, `complete` and `search` (how the tree was searched).
 */
export function enumerate(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: EnumerateOptions = {}): Posterior {
  return runToEnd(enumerateSteps(gf, args, observations, opts));
}

/** `enumerate`, giving the event loop turns as it searches (so that `opts.signal` can stop it: a Ctrl-C). */
export function enumerateAsync(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: EnumerateOptions = {}): Promise<Posterior> {
  return runYielding(enumerateSteps(gf, args, observations, opts));
}

function* enumerateSteps(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: EnumerateOptions): Steps<Posterior> {
  checkModelInput("enumerate", gf, args);
  checkOptionNames("enumerate", opts, ENUMERATE_OPTIONS);
  // Without kept traces the leaves are recorded as they are found (each trace dies young).
  const recorder = opts.keepTraces === true ? null : new DrawRecorder();
  const traces: Trace[] = [];
  const record = (l: Leaf) => {
    if (recorder === null) traces.push(leafTrace(l));
    else if (isRun(l) && typeof l.values === "function") recorder.addVisited((choice, tracked) => (l.values as NonNullable<CompletedRun["values"]>)(choice, tracked));
    else recorder.add(leafTrace(l));
  };
  const e = yield* exploreLeaves(gf, args, observations, opts, recorder !== null, record);
  if (e.stoppedBy === "aborted" && e.logWeights.length === 0) throw new BorelError("aborted", "enumerate: interrupted before the first complete run");
  if (e.logWeights.length === 0 && e.pruned === 0)
    throw new BorelError("enumeration-empty", e.stoppedBy === "max-frontier"
      ? `enumerate: no run of ${gf.name} finished before ${opts.maxFrontier ?? 1_000_000} subtrees were waiting to be explored`
      : `enumerate: no complete assignment within ${e.executions} runs`, {
      hint: e.stoppedBy === "max-frontier" ? "does every run reach an end? A recursion needs a base case it reaches with positive probability" : "raise maxExecutions",
    });
  if (e.logZ === -Infinity)
    throw new BorelError("zero-weights", `enumerate: every assignment of ${gf.name} has zero probability given the observations`, {
      hint: "the observations are impossible under the model: check the data against the supports and the conditions",
    });
  // A search stopped by a limit is not complete even when the mass it left rounds to 0 (a prior tail below
  // 1e-308 where the weights still grow: factor(n) under a geometric prior does not normalize at all).
  const complete = e.truncatedMass === 0 && e.stoppedBy === undefined;
  const diagnostics: Record<string, unknown> = { executions: e.executions, truncatedMass: e.truncatedMass, complete, search: e.search };
  if (e.stoppedBy !== undefined) diagnostics.stoppedBy = e.stoppedBy;
  if (e.stoppedBy === "aborted") diagnostics.aborted = true;
  if (e.pruned > 0) diagnostics.pruned = e.pruned;
  // Stopping at the tolerance is how a recursive model's enumeration ends: a note, not a warning.
  if (e.stoppedBy === "tolerance")
    diagnostics.note = `enumeration stopped after ${e.executions} runs: the prior mass left unexplored (${e.truncatedMass.toPrecision(3)}) cannot change Z by more than a fraction ${opts.tolerance ?? 1e-12} unless unexplored assignments are far more likely than those found (tolerance: 0 explores them)`;
  else if (!complete) diagnostics.warnings = [`enumeration stopped after ${e.executions} runs${e.stoppedBy === "max-frontier" ? `, ${opts.maxFrontier ?? 1_000_000} subtrees waiting (maxFrontier),` : ""} with prior mass ${e.truncatedMass.toPrecision(3)} unexplored: log Z is a lower bound${e.truncatedMass > 1e-3 ? `, and the summaries leave out the assignments in that mass, so they can be far off (raise max_executions${opts.order === "depth-first" ? ', use order: "likely-first"' : ""} or use a sampler)` : ""}${e.truncatedMass === 0 ? " (the mass left underflows, but the weights of the last runs may still be large: check that the posterior is proper)" : ""}`];
  const draws = recorder ? { draws: [recorder.finish()] } : { chains: [traces] };
  return new Posterior({ method: "enumerate", ...draws, logWeights: e.logWeights, logZ: e.logZ, keepTraces: opts.keepTraces, diagnostics, exact: true, source: { model: gf, args, observations: ChoiceMap.from(observations) } });
}

registerMethod({
  name: "enumerate",
  doc: "exact enumeration of a finite discrete model: exact posterior and log Z",
  options: {
    max_executions: { type: "int", default: 100000, min: 1, doc: "maximum number of model runs" },
    max_frontier: { type: "int", default: 1000000, min: 1, doc: "most subtrees waiting to be explored (runs that never finish grow it)" },
    order: { type: "enum", values: SEARCH_ORDERS, default: "likely-first", doc: "which unexplored subtree runs next: largest prior mass first, or depth-first" },
    tolerance: { type: "number", default: 1e-12, min: 0, max: 0.999, doc: "stop when the unexplored prior mass times the largest likelihood found is below tolerance·Z (0: explore everything)" },
  },
  run: (gf, args, observations, o, ctx) =>
    enumerateAsync(gf, args, observations, { maxExecutions: o.max_executions as number, maxFrontier: o.max_frontier as number, order: o.order as SearchOrder, tolerance: o.tolerance as number, onProgress: ctx.onProgress, signal: ctx.signal }),
});

/** The option names enumerate takes (./option-names.ts; the compiler checks the list against the interface). */
export const ENUMERATE_OPTIONS = optionNames<EnumerateOptions>()(["params", "latent", ...RUN_OPTIONS, "maxExecutions", "order", "tolerance", "keepTraces", "maxFrontier", "branching"]);
