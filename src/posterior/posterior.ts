/**
 * `Posterior`: what every inference method returns — draws by address (weighted for importance sampling and
 * SMC, in chains for MCMC), per-draw sampler stats, the log marginal likelihood where the method defines it,
 * summaries with the diagnostics of R's `posterior` package (rank-normalized split R̂, bulk/tail ESS, MCSE of
 * the mean), histograms and marginals, expectations, posterior predictive draws, PSIS-LOO and WAIC, and export
 * (CSV, JSON; `savePosterior`/`loadPosterior` in file.ts).
 *
 * Draws come either as traces per chain (`chains`) or as recorded columns per chain (`draws`, from a
 * `DrawRecorder`, which MCMC uses so that long runs need not keep their traces).
 *
 * @example
 * ```ts
 * const post = mcmc(coin, [flips], {}, mhKernel("p"), { samples: 2000, chains: 4, seed: 1 });
 * post.mean("p"); post.sd("p"); post.quantile("p", 0.95);
 * console.log(post.summaryTable());
 * post.stat("accepted");            // per-draw acceptance, chain-major
 * post.loo().elpd_loo;
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Trace } from "../trace/gfi.js";
import { essImportance, normalizeLogWeights, weightedQuantile } from "../diagnostics/index.js";
import { exactQuantile } from "./summary.js";
import { scalarColumns } from "./draws.js";
import { unknownKeyError } from "./unknown-key.js";
import { histogram, marginal, type Histogram, type HistogramOptions, type MarginalEntry } from "./histogram.js";
import { looOf, pointwiseLogLik, waicOf, type LogLikContext, type PointwiseLogLik } from "./loglik.js";
import { posteriorPredictive, type PredictiveDraws, type PredictiveOptions } from "./predictive.js";
import { DrawRecorder } from "./recorder.js";
import { summaryMean, summaryRow } from "./summary.js";
import { formatSummaryTable } from "./table.js";
import { csvLines, toCSV, type CSVOptions } from "./export.js";
import { mergeChains } from "./merge.js";
import type { ChainDraws, ChainState, Draw, DrawTable, PosteriorSource, SummaryRow } from "./types.js";

export type { SummaryRow } from "./types.js";

export interface PosteriorInit {
  method: string;
  /** Traces per chain (importance sampling and SMC: one "chain" of particles). */
  chains?: readonly (readonly Trace[])[];
  /** Or: recorded draws per chain. */
  draws?: readonly ChainDraws[];
  /** Unnormalized log weights of the draws (weighted methods), chain-major. */
  logWeights?: ArrayLike<number>;
  /** log of the marginal likelihood estimate, where the method defines one. */
  logZ?: number | null;
  /** Method-specific diagnostics (ESS history, divergences, acceptance, warnings, ...). */
  diagnostics?: Record<string, unknown>;
  /** Keep the traces given in `chains` (for posterior predictive checks). Default true. */
  keepTraces?: boolean;
  /** Per-chain state for resuming MCMC. */
  chainStates?: readonly ChainState[];
  /** The weights are exact probabilities (enumeration): population sd and inverse-cdf quantiles. */
  exact?: boolean;
  /** The model, arguments and data (in memory only). */
  source?: PosteriorSource;
}

export class Posterior implements DrawTable {
  readonly method: string;
  readonly chainLengths: number[];
  readonly logWeights: Float64Array | null;
  readonly logZ: number | null;
  /** True when the weights are exact probabilities (enumeration). */
  readonly exact: boolean;
  readonly diagnostics: Record<string, unknown>;
  /** Raw draws by key, chain-major. */
  readonly columns: Map<string, unknown[]>;
  /** Keys of random choices (the other columns are tracked values and the return value). */
  readonly choiceKeys: Set<string>;
  readonly traces: Trace[] | null;
  /** Return values that summaries cannot use whole (strings, records with a string field, ...), by draw, when the draws have any. */
  readonly returns: unknown[] | null;
  /** Per-draw sampler stats by name, chain-major. */
  readonly sampleStats: Map<string, Float64Array>;
  readonly chainStates: ChainState[] | null;
  readonly source: PosteriorSource | null;
  /** Recorded pointwise log-likelihoods (draws × keys), when the sampler recorded them. */
  readonly recordedLogLik: { keys: string[]; values: Float64Array } | null;
  private scalars: Map<string, Float64Array> | null = null;
  private summaryCache: Map<string, SummaryRow> | null = null;

  constructor(init: PosteriorInit) {
    this.method = init.method;
    const draws = init.draws ?? (init.chains ?? []).map((c) => recordTraces(c, init.keepTraces !== false));
    const merged = mergeChains(draws);
    this.chainLengths = draws.map((d) => d.length);
    this.columns = merged.columns;
    this.choiceKeys = merged.choiceKeys;
    this.sampleStats = merged.stats;
    this.traces = merged.traces && init.keepTraces !== false ? merged.traces : null;
    this.recordedLogLik = merged.logLik;
    this.returns = merged.returns;
    this.logWeights = init.logWeights ? Float64Array.from(init.logWeights) : null;
    if (this.logWeights && this.logWeights.length !== this.size)
      throw new BorelError("internal", `Posterior: ${this.logWeights.length} weights for ${this.size} draws`);
    this.logZ = init.logZ ?? null;
    this.exact = init.exact === true && this.logWeights !== null;
    this.diagnostics = { ...(init.diagnostics ?? {}) };
    // The Kish ESS of weighted draws; an exact posterior (enumeration: the weights are the probabilities) has none.
    if (this.logWeights && !this.exact) this.diagnostics.ess = essImportance(this.logWeights);
    this.chainStates = init.chainStates ? [...init.chainStates] : null;
    this.source = init.source ?? null;
  }

  /** Total number of draws. */
  get size(): number {
    return this.chainLengths.reduce((a, b) => a + b, 0);
  }

  get weighted(): boolean {
    return this.logWeights !== null;
  }

  /** Keys with draws (addresses, tracked names, "return"). */
  keys(): string[] {
    return [...this.columns.keys()];
  }

  /** Scalar summary keys (vector elements as `w[j]`). */
  scalarKeys(): string[] {
    return [...this.scalarMap().keys()];
  }

  /** Raw draws at `key` (chain-major). */
  draws(key: string): unknown[] {
    const c = this.columns.get(key);
    if (c === undefined) throw this.unknownKey(key);
    return c;
  }

  /** Normalized weights (sum 1); equal weights for unweighted draws. */
  weights(): Float64Array {
    return this.logWeights ? normalizeLogWeights(this.logWeights) : new Float64Array(this.size).fill(1 / this.size);
  }

  private scalarMap(): Map<string, Float64Array> {
    this.scalars ??= scalarColumns(this.columns);
    return this.scalars;
  }

  /** Numeric draws of a scalar key ("p", "w[2]"; booleans as 0/1; NaN where a draw has no value). */
  values(key: string): Float64Array {
    const v = this.scalarMap().get(key);
    if (v === undefined) throw this.unknownKey(key);
    return v;
  }

  /** Draws per chain of a scalar key. */
  chains(key: string): Float64Array[] {
    return splitByChain(this.values(key), this.chainLengths);
  }

  mean(key: string): number {
    const cached = this.summaryCache?.get(key);
    return cached ? cached.mean : summaryMean(this.values(key), this.chainLengths, this.logWeights, key, this.exact);
  }

  sd(key: string): number {
    return this.row(key).sd;
  }

  /** The p-quantile of `key` (weighted draws by their weights); with an array of probabilities, one per element. */
  quantile(key: string, p: number): number;
  quantile(key: string, p: readonly number[]): number[];
  quantile(key: string, p: number | readonly number[]): number | number[] {
    if (Array.isArray(p)) return p.map((q) => this.quantile(key, q as number));
    if (typeof p !== "number" || !(p >= 0 && p <= 1))
      throw new BorelError("bad-argument", `quantile('${key}', p): p must be a probability in [0, 1] (or an array of them), got ${typeof p === "number" ? String(p) : JSON.stringify(p) ?? String(p)}`, { hint: `e.g. post.quantile("${key}", 0.95) or post.quantile("${key}", [0.05, 0.95])` });
    const all = this.values(key);
    const lw = this.logWeights ?? new Float64Array(all.length);
    const idx = [...all.keys()].filter((i) => !Number.isNaN(all[i]) && lw[i] > -Infinity);
    if (idx.length === 0) throw new BorelError("no-draws", `no draw${this.logWeights ? " of positive weight" : ""} has a value at '${key}'`, { address: key });
    const vs = Float64Array.from(idx, (i) => all[i]), ws = Float64Array.from(idx, (i) => lw[i]);
    return this.exact ? exactQuantile(vs, normalizeLogWeights(ws), p) : weightedQuantile(vs, ws, p);
  }

  /** E[f(trace)] over the posterior for a function of a whole trace (requires kept traces; see `expect`). */
  expectation(f: (t: Trace) => number): number {
    if (!this.traces) throw new BorelError("no-traces", "this posterior did not keep its traces", { hint: "run inference with keepTraces: true, or use expect(draw => ...)" });
    const w = this.weights();
    let s = 0;
    this.traces.forEach((t, i) => { if (w[i] > 0) s += w[i] * f(t); });
    return s;
  }

  /** E[f(draw)] over the posterior, reading each draw by key (no traces needed). */
  expect(f: (draw: Draw) => number): number {
    if (typeof f !== "function") throw new BorelError("bad-argument", `expect needs a function of a draw, got ${typeof f}`, { hint: 'e.g. post.expect((d) => (d.get("p") as number) ** 2)' });
    if (this.size === 0) throw new BorelError("no-draws", `the posterior has no draws: an expectation over it is undefined`, { hint: "the run kept no draws (samples: 0, or interrupted during warmup)" });
    const w = this.weights();
    // A key is a column (an address, tracked name, "return") or a scalar of the summaries (`w[0]`); any other
    // is an error, as in `mean` — read as undefined, a misspelled key made every expectation NaN or 0.
    const found = new Map<string, ArrayLike<unknown>>();
    const column = (key: string): ArrayLike<unknown> => {
      let c = found.get(key);
      if (c === undefined) {
        c = this.columns.get(key) ?? this.scalarMap().get(key);
        if (c === undefined) throw this.unknownKey(key);
        found.set(key, c);
      }
      return c;
    };
    let s = 0, i = 0;
    this.chainLengths.forEach((n, chain) => {
      for (let index = 0; index < n; index++, i++) {
        if (w[i] === 0) continue;
        const at = i;
        s += w[i] * f({ chain, index, get: (key: string) => column(key)[at] });
      }
    });
    return s;
  }

  /** Posterior probability of an event: E[1{pred(draw)}]. */
  probability(pred: (draw: Draw) => boolean): number {
    return this.expect((d) => (pred(d) ? 1 : 0));
  }

  histogram(key: string, opts?: HistogramOptions): Histogram {
    return histogram(this, key, opts);
  }

  /** Probabilities of the distinct values at `key` (discrete choices). */
  marginal(key: string): MarginalEntry[] {
    return marginal(this, key);
  }

  /** Per-draw sampler stat ("accepted", "logAlpha"; NUTS and HMC "step_size", "tree_depth", "divergent", ...), chain-major. */
  stat(name: string): Float64Array {
    const s = this.sampleStats.get(name);
    if (!s) throw new BorelError("unknown-stat", `the posterior has no sampler stat '${name}'`, { hint: `stats: ${[...this.sampleStats.keys()].join(", ") || "none"}` });
    return s;
  }

  /** Posterior predictive draws (new observations for each draw). */
  predictive(opts?: PredictiveOptions): PredictiveDraws {
    return posteriorPredictive(this, opts);
  }

  /** Pointwise observed log-likelihoods, one array of draws per observation. */
  pointwiseLogLik(ctx: LogLikContext = {}): PointwiseLogLik {
    return pointwiseLogLik(this, { recorded: this.recordedLogLik, ...ctx });
  }

  /** PSIS-LOO (Pareto-k warnings in `warnings`). */
  loo(ctx: LogLikContext = {}) {
    return looOf(this, { recorded: this.recordedLogLik, ...ctx });
  }

  /**
   * Adds warnings that are computed when `diagnostics.warnings` is first read (printed, serialized, inspected),
   * for checks that cost more than the run itself on large posteriors (R-hat and ESS of every column, a
   * collapsed-particles scan). Assigning `diagnostics.warnings` replaces the list.
   *
   * @example
   * ```ts
   * post.addWarningsLazily(() => convergenceWarnings(post));
   * ```
   */
  addWarningsLazily(more: () => string[]): void {
    const d = this.diagnostics;
    // The list so far: a value, or (lazy warnings added before) the getter that computes it.
    const had = Object.getOwnPropertyDescriptor(d, "warnings"), value = had?.value as string[] | undefined;
    const read = had?.get ?? (() => value);
    let list: string[] | undefined, done = false;
    Object.defineProperty(d, "warnings", {
      enumerable: true, configurable: true,
      get: () => {
        if (!done) { done = true; list = [...(read() ?? []), ...more()]; }
        return list;
      },
      set: (v: string[]) => { done = true; list = v; },
    });
  }

  /** WAIC. */
  waic(ctx: LogLikContext = {}) {
    return waicOf(this, { recorded: this.recordedLogLik, ...ctx });
  }

  /** Summary rows by scalar key. */
  summary(): Map<string, SummaryRow> {
    if (this.summaryCache) return this.summaryCache;
    const out = new Map<string, SummaryRow>();
    // A key with no value in any draw of positive weight (a tracked NaN, a branch never taken or always
    // rejected) has no row: summaryTable names it.
    for (const [key, v] of this.scalarMap()) if (this.hasValue(v)) out.set(key, this.row(key));
    this.summaryCache = out;
    return out;
  }

  /** Scalar keys without a value in any draw (NaN or absent everywhere), which `summary` leaves out. */
  valuelessKeys(): string[] {
    return [...this.scalarMap()].filter(([, v]) => !this.hasValue(v)).map(([k]) => k);
  }

  /** True when some draw of positive weight has a number in column v. */
  private hasValue(v: Float64Array): boolean {
    const lw = this.logWeights;
    for (let i = 0; i < v.length; i++) if (v[i] === v[i] && (lw === null || lw[i] > -Infinity)) return true;
    return false;
  }

  /**
   * The summary as an aligned text table, followed by the method's warnings (`diagnostics.warnings`: divergences,
   * R-hat, a truncated enumeration, ...) one per line, unless `warnings: false`.
   */
  summaryTable(opts: { warnings?: boolean } = {}): string {
    const table = formatSummaryTable(this.summary(), { logZ: this.logZ, method: this.method, draws: this.size, ess: this.diagnostics.ess as number | undefined });
    const warnings = opts.warnings === false ? [] : this.diagnostics.warnings;
    const empty = this.valuelessKeys();
    const lines = [table, ...(empty.length > 0 ? [`note: no draw${this.logWeights ? " of positive weight" : ""} has a number at ${empty.map((k) => `'${k}'`).join(", ")} (NaN or absent in every draw${this.logWeights ? ", or only in draws of zero weight" : ""}): left out of the table`] : [])];
    if (Array.isArray(warnings)) lines.push(...warnings.map((w) => `warning: ${String(w)}`));
    return lines.join("\n");
  }

  /** The draws as CSV (see export.ts). */
  toCSV(opts: CSVOptions = {}): string {
    return toCSV(this, { ...opts, sampleStats: this.sampleStats });
  }

  /** `toCSV` line by line, for writing a CSV too large for one string (see `csvLines`). */
  csvLines(opts: CSVOptions = {}): Generator<string> {
    return csvLines(this, { ...opts, sampleStats: this.sampleStats });
  }

  private row(key: string): SummaryRow {
    const cached = this.summaryCache?.get(key);
    if (cached) return cached;
    return summaryRow(this.values(key), this.chainLengths, this.logWeights, key, this.exact);
  }

  private unknownKey(key: string): BorelError {
    if (typeof key !== "string")
      return new BorelError("bad-argument", `a posterior is read by address: the key must be a string, got ${key === null ? "null" : typeof key}`, { hint: `e.g. post.mean("${this.scalarMap().keys().next().value ?? "p"}"); post.keys() lists them` });
    return unknownKeyError(key, this.columns, this.scalarMap());
  }
}

/** Splits chain-major values into chains. */
export function splitByChain(v: Float64Array, lengths: readonly number[]): Float64Array[] {
  const out: Float64Array[] = [];
  let off = 0;
  for (const n of lengths) { out.push(v.subarray(off, off + n)); off += n; }
  return out;
}

function recordTraces(traces: readonly Trace[], keep: boolean): ChainDraws {
  const rec = new DrawRecorder({ keepTraces: keep });
  for (const t of traces) rec.add(t);
  return rec.finish();
}
