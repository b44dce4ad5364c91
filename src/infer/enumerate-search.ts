/**
 * The bookkeeping of enumeration's searches (./enumerate.ts): the options that bound them, the leaves' weights
 * and log Z, the tolerance check, progress, observations no run visits, the frontier of subtrees still to
 * explore — and the result, with the prior mass left unexplored when a search stopped early.
 *
 * @example
 * ```ts
 * const search = new Search<Item>(model, { maxExecutions: 1000 });
 * while (search.more()) { const { item } = search.frontier.pop(); ... search.leaf(w, logPrior, [], describe); search.ran(); }
 * search.finish("paused");   // {logWeights, logZ, executions, truncatedMass, ...}
 * ```
 */
import { BorelError } from "../util/errors.js";
import { logAddExp, logSumExp } from "../math/log.js";
import type { GenerativeFunction, Trace } from "../trace/gfi.js";
import { Frontier, SEARCH_ORDERS, type SearchOrder } from "./enumerate-frontier.js";
import { checkNumberOption } from "./option-names.js";

/** The options that bound a search (`EnumerateOptions` extends them). */
export interface SearchLimits {
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
  /**
   * Most subtrees waiting to be explored (default 10^6): past it the search stops as at `maxExecutions` — a
   * model whose runs never finish (a recursion without a reachable base case) grows the frontier, not the leaves.
   */
  maxFrontier?: number;
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
  /** Runs stopped at weight 0 before they finished (an impossible observation or factor): no leaf. */
  pruned: number;
  /** Prior probability of the subtrees left unexplored (0 when the search completed). */
  truncatedMass: number;
  /** Why the search stopped before exploring everything: the execution limit, the tolerance, or an abort. */
  stoppedBy?: "max-executions" | "max-frontier" | "tolerance" | "aborted";
  /** How the tree was searched (`EnumerateOptions.branching`): depth first in place, paused runs, or replay. */
  search: "depth-first" | "paused" | "replay";
}

/** The bookkeeping both searches share: options, leaves' weights, log Z, stopping, progress, missed observations. */
export class Search<T> {
  readonly max: number;
  readonly maxFrontier: number;
  readonly order: SearchOrder;
  readonly tolerance: number;
  readonly weights: number[] = [];
  executions = 0;
  /** Runs stopped early at weight 0 (an impossible observation): subtrees without a leaf of positive weight. */
  pruned = 0;
  logZ = -Infinity;
  private maxLogLik = 0;
  private converged = false;
  /** Prior mass of the subtrees a depth-first search passed over as negligible (`negligible`). */
  private dropped = -Infinity;
  private reported = performance.now();
  private missedEverywhere: Set<string> | null = null;
  /** The run count at which the tolerance is next checked. */
  private nextCheck = 0;
  /** log of the prior mass of the runs so far, in a search without a frontier (`ran(logPrior)`). */
  private explored = -Infinity;
  /** The subtrees still to explore. */
  readonly frontier: Frontier<T>;

  constructor(private readonly gf: GenerativeFunction, private readonly opts: SearchLimits) {
    this.max = opts.maxExecutions ?? 100000;
    checkNumberOption("enumerate", "maxExecutions", this.max, { min: 1, integer: true });
    this.maxFrontier = opts.maxFrontier ?? 1_000_000;
    checkNumberOption("enumerate", "maxFrontier", this.maxFrontier, { min: 1, integer: true });
    this.order = opts.order ?? "likely-first";
    if (!SEARCH_ORDERS.includes(this.order)) throw new BorelError("bad-option", `enumerate: 'order' must be ${SEARCH_ORDERS.map((o) => `"${o}"`).join(" or ")}, got ${String(this.order)}`);
    this.tolerance = opts.tolerance ?? 1e-12;
    if (!(this.tolerance >= 0 && this.tolerance < 1)) throw new BorelError("bad-option", `enumerate: 'tolerance' must be in [0, 1), got ${this.tolerance}`);
    this.frontier = new Frontier<T>(this.order);
  }

  /** True while the search should pop another subtree. */
  more(): boolean {
    return this.frontier.size > 0 && this.frontier.size < this.maxFrontier && this.executions < this.max && !this.opts.signal?.aborted && !this.converged;
  }

  /**
   * True (and the mass counted as unexplored) for a popped subtree of prior mass `logPrior` too light to matter,
   * in depth-first order: the tolerance rule applied to it alone. The global check cannot end a depth-first
   * search whose last-found subtree is a countable support's endless tail (n ~ poisson(…)): it ran that tail to the
   * execution limit and never came back to the other branches.
   */
  negligible(logPrior: number): boolean {
    if (this.order !== "depth-first" || !(this.tolerance > 0) || this.logZ === -Infinity) return false;
    if (logPrior + this.maxLogLik >= this.logZ + Math.log(this.tolerance)) return false;
    this.dropped = logAddExp(this.dropped, logPrior);
    return true;
  }

  /** A complete run: weight log p(x, y), prior mass log p(x), constraint keys it never visited. */
  leaf(w: number, logPrior: number, unvisited: readonly string[] | undefined, describe: () => string): void {
    // Observations missed by every run so far (once none is, no run can add one back).
    if (this.missedEverywhere === null) this.missedEverywhere = new Set(unvisited ?? []);
    else if (this.missedEverywhere.size > 0) { const missed = new Set(unvisited ?? []); this.missedEverywhere = new Set([...this.missedEverywhere].filter((k) => missed.has(k))); }
    if (Number.isNaN(w)) throw new BorelError("nan", `enumerate: the run with ${describe()} has weight NaN`);
    this.weights.push(w);
    if (w > -Infinity) {
      this.logZ = logAddExp(this.logZ, w);
      if (w - logPrior > this.maxLogLik) this.maxLogLik = w - logPrior;
    }
  }

  /**
   * After each run: the tolerance check and progress, every 64 runs. A search without a frontier (depth first)
   * passes each run's prior mass (a leaf's, or a pruned run's so far): what it has not explored is the rest.
   */
  ran(logPrior?: number): void {
    if (logPrior !== undefined) this.explored = logAddExp(this.explored, logPrior);
    const n = ++this.executions, frontier = this.frontier;
    if ((n & 63) !== 0) return;
    // The frontier's mass is a sum over it: checked after a number of runs that grows with the frontier (an
    // eighth of it), so the check costs O(1) per run, not O(frontier).
    if (this.tolerance > 0 && this.logZ > -Infinity && frontier.size > 0 && n >= this.nextCheck) {
      this.nextCheck = n + (frontier.size >> 3);
      this.converged = frontier.logMass() + this.maxLogLik < this.logZ + Math.log(this.tolerance);
    }
    // Progress about every 0.25 s (runs get slow on deep recursive models, so not by a count alone).
    if (this.opts.onProgress && performance.now() - this.reported > 250) {
      this.reported = performance.now();
      this.opts.onProgress(n / this.max, `enumerate: ${n} runs, prior mass left ${this.massLeft().toPrecision(2)}`);
    }
  }

  /** The prior mass not explored: the frontier's, or what the runs of a search without one left. */
  private massLeft(): number {
    const left = this.frontier.size > 0 ? Math.min(1, Math.exp(this.frontier.logMass())) : Math.max(0, -Math.expm1(this.explored));
    return Math.min(1, left + Math.exp(this.dropped));
  }

  /** The search's result; `aborted`: a search without a frontier stopped by the abort signal. */
  finish(search: Enumeration["search"], aborted = false): Omit<Enumeration, "traces"> {
    if (this.missedEverywhere && this.missedEverywhere.size > 0) {
      const k = [...this.missedEverywhere][0]!;
      throw new BorelError("unknown-address", `enumerate: no run of ${this.gf.name} visits the observation '${k}'`, { address: k, hint: "check the address for a typo" });
    }
    const frontier = this.frontier;
    const truncatedMass = frontier.size === 0 && !aborted && this.dropped === -Infinity ? 0 : this.massLeft();
    const logWeights = Float64Array.from(this.weights);
    const stoppedBy = aborted ? "aborted" : frontier.size === 0 ? (this.dropped > -Infinity ? "tolerance" : undefined) : this.converged ? "tolerance" : this.opts.signal?.aborted ? "aborted" : frontier.size >= this.maxFrontier ? "max-frontier" : "max-executions";
    return { logWeights, logZ: logSumExp(logWeights), executions: this.executions, pruned: this.pruned, truncatedMass, ...(stoppedBy ? { stoppedBy } : {}), search };
  }
}

