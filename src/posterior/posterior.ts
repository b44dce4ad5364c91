/**
 * `Posterior`: what every inference method returns — draws by address (weighted for importance sampling and
 * SMC, in chains for MCMC), the log marginal likelihood where the method defines it, summaries with the
 * diagnostics of R's `posterior` package, and export.
 *
 * @example
 * ```ts
 * const post = importance(coin, [flips], {}, { particles: 10000, seed: 1 });
 * post.mean("p"); post.sd("p"); post.quantile("p", 0.95);
 * console.log(post.summaryTable());
 * post.logZ;
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Trace } from "../trace/gfi.js";
import {
  essImportance, mcseMean, normalizeLogWeights, summarizeDraws, weightedMean, weightedQuantile, weightedSd,
} from "../diagnostics/index.js";
import { columnsFromTraces, scalarColumns } from "./draws.js";
import { formatSummaryTable } from "./table.js";

/** One row of `summary()`; `null` where the method does not define a field. */
export interface SummaryRow {
  mean: number;
  sd: number;
  q05: number;
  q50: number;
  q95: number;
  rhat: number | null;
  ess_bulk: number | null;
  ess_tail: number | null;
  mcse_mean: number | null;
}

export interface PosteriorInit {
  method: string;
  /** Traces per chain (importance sampling and SMC: one "chain" of particles). */
  chains: readonly (readonly Trace[])[];
  /** Unnormalized log weights of the draws (weighted methods), chain-major. */
  logWeights?: ArrayLike<number>;
  /** log of the marginal likelihood estimate, where the method defines one. */
  logZ?: number | null;
  /** Method-specific diagnostics (ESS history, divergences, acceptance, ...). */
  diagnostics?: Record<string, unknown>;
  /** Keep the traces (for posterior predictive checks). Default true. */
  keepTraces?: boolean;
}

export class Posterior {
  readonly method: string;
  readonly chainLengths: number[];
  readonly logWeights: Float64Array | null;
  readonly logZ: number | null;
  readonly diagnostics: Record<string, unknown>;
  /** Raw draws by key, chain-major. */
  readonly columns: Map<string, unknown[]>;
  readonly traces: Trace[] | null;
  private scalars: Map<string, Float64Array> | null = null;
  private summaryCache: Map<string, SummaryRow> | null = null;

  constructor(init: PosteriorInit) {
    this.method = init.method;
    this.chainLengths = init.chains.map((c) => c.length);
    const all = init.chains.flat();
    this.columns = columnsFromTraces(all);
    this.traces = init.keepTraces === false ? null : all;
    this.logWeights = init.logWeights ? Float64Array.from(init.logWeights) : null;
    if (this.logWeights && this.logWeights.length !== all.length)
      throw new BorelError("internal", `Posterior: ${this.logWeights.length} weights for ${all.length} draws`);
    this.logZ = init.logZ ?? null;
    this.diagnostics = { ...(init.diagnostics ?? {}) };
    if (this.logWeights) this.diagnostics.ess = essImportance(this.logWeights);
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

  /** Numeric draws of a scalar key ("p", "w[2]"; booleans as 0/1). */
  values(key: string): Float64Array {
    const v = this.scalarMap().get(key);
    if (v === undefined) throw this.unknownKey(key);
    return v;
  }

  /** Draws per chain of a scalar key. */
  chains(key: string): Float64Array[] {
    const v = this.values(key), out: Float64Array[] = [];
    let off = 0;
    for (const n of this.chainLengths) { out.push(v.subarray(off, off + n)); off += n; }
    return out;
  }

  mean(key: string): number {
    return this.row(key).mean;
  }

  sd(key: string): number {
    return this.row(key).sd;
  }

  quantile(key: string, p: number): number {
    const v = this.defined(key);
    return weightedQuantile(v.values, v.logW, p);
  }

  /** E[f(draw)] over the posterior for a function of a whole trace (requires kept traces). */
  expectation(f: (t: Trace) => number): number {
    if (!this.traces) throw new BorelError("no-traces", "this posterior did not keep its traces", { hint: "run inference with keepTraces: true" });
    const w = this.weights();
    let s = 0;
    this.traces.forEach((t, i) => { if (w[i] > 0) s += w[i] * f(t); });
    return s;
  }

  /** Summary rows by scalar key. */
  summary(): Map<string, SummaryRow> {
    if (this.summaryCache) return this.summaryCache;
    const out = new Map<string, SummaryRow>();
    for (const key of this.scalarMap().keys()) out.set(key, this.row(key));
    this.summaryCache = out;
    return out;
  }

  /** The summary as an aligned text table. */
  summaryTable(): string {
    return formatSummaryTable(this.summary(), { logZ: this.logZ, method: this.method, draws: this.size, ess: this.diagnostics.ess as number | undefined });
  }

  private defined(key: string): { values: Float64Array; logW: Float64Array } {
    const all = this.values(key);
    const lw = this.logWeights ?? new Float64Array(all.length);
    if (!all.some(Number.isNaN)) return { values: all, logW: lw };
    // Keys visited only on some branches: summarize the draws where they exist.
    const idx = [...all.keys()].filter((i) => !Number.isNaN(all[i]));
    if (idx.length === 0) throw new BorelError("no-draws", `no draw has a value at '${key}'`);
    return { values: Float64Array.from(idx, (i) => all[i]), logW: Float64Array.from(idx, (i) => lw[i]) };
  }

  private row(key: string): SummaryRow {
    const cached = this.summaryCache?.get(key);
    if (cached) return cached;
    const { values, logW } = this.defined(key);
    if (this.logWeights) {
      return {
        mean: weightedMean(values, logW), sd: weightedSd(values, logW),
        q05: weightedQuantile(values, logW, 0.05), q50: weightedQuantile(values, logW, 0.5), q95: weightedQuantile(values, logW, 0.95),
        rhat: null, ess_bulk: null, ess_tail: null, mcse_mean: null,
      };
    }
    const complete = values.length === this.size;
    const chains = complete ? this.chains(key) : [values];
    if (chains.some((c) => c.length < 4)) {
      const s = summarizeBasic(values);
      return { ...s, rhat: null, ess_bulk: null, ess_tail: null, mcse_mean: null };
    }
    const s = summarizeDraws(chains);
    const fin = (x: number) => (Number.isFinite(x) ? x : null);
    return { mean: s.mean, sd: s.sd, q05: s.q05, q50: s.q50, q95: s.q95, rhat: fin(s.rhat), ess_bulk: fin(s.ess_bulk), ess_tail: fin(s.ess_tail), mcse_mean: fin(mcseMean(chains)) };
  }

  private unknownKey(key: string): BorelError {
    const keys = [...this.scalarMap().keys(), ...this.columns.keys()];
    return new BorelError("unknown-address", `the posterior has no draws at '${key}'`, {
      address: key,
      hint: `known keys: ${[...new Set(keys)].slice(0, 12).join(", ")}${keys.length > 12 ? ", ..." : ""}`,
    });
  }
}

function summarizeBasic(v: Float64Array): Pick<SummaryRow, "mean" | "sd" | "q05" | "q50" | "q95"> {
  const lw = new Float64Array(v.length);
  return {
    mean: weightedMean(v, lw), sd: v.length > 1 ? weightedSd(v, lw) : NaN,
    q05: weightedQuantile(v, lw, 0.05), q50: weightedQuantile(v, lw, 0.5), q95: weightedQuantile(v, lw, 0.95),
  };
}
