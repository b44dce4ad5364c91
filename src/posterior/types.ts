/**
 * Shared shapes of the posterior layer: summary rows, the draws of one chain as a recorder collects them,
 * the state needed to resume a chain, and the model a posterior came from (for predictive checks and
 * pointwise log-likelihoods).
 */
import type { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction, Trace } from "../trace/gfi.js";

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

/** The draws of one chain by key, with per-draw sampler stats (see `DrawRecorder`). */
export interface ChainDraws {
  length: number;
  /** Draws by key; a key absent in a draw (a branch not taken) holds `undefined` there. */
  columns: Map<string, unknown[]>;
  /** Which keys are random choices (the others are tracked values and the return value). */
  choiceKeys: Set<string>;
  /** Numeric sampler stats per draw ("accepted" as 0/1, "logAlpha", "stepSize", ...). */
  stats?: Map<string, ArrayLike<number>>;
  /** The traces, when kept. */
  traces?: Trace[];
  /** Return values that summaries cannot use (records, strings, ...), by draw, when there are any. */
  returns?: unknown[];
  /** Pointwise observed log-likelihoods, when recorded: `values[d · keys.length + j]`. */
  logLik?: { keys: string[]; values: Float64Array };
}

/** What a chain needs to continue where it stopped: its last state, its adaptation and its random stream. */
export interface ChainState {
  /** The latent choices of the last trace. */
  choices: [string, unknown][];
  /** The kernel's adaptation state after warmup (JSON-friendly). */
  adaptation: unknown;
  seed: number | string;
  /** Path of the chain's stream (`chain/<i>`); segment k > 0 continued on `<path>/resume/<k>`. */
  rngPath: string;
  /** Number of segments run so far (1 after the first run). */
  segment: number;
  /** Steps after warmup so far (draws × thin). */
  steps: number;
}

/** The model a posterior was computed for (kept in memory only, not saved). */
export interface PosteriorSource {
  model: GenerativeFunction;
  args: unknown[];
  observations: ChoiceMap;
}

/** The read-only view of a posterior that its helpers (histograms, predictive, log-likelihood, export) use. */
export interface DrawTable {
  readonly method: string;
  readonly size: number;
  readonly chainLengths: readonly number[];
  /** Raw draws by key, chain-major. */
  readonly columns: ReadonlyMap<string, readonly unknown[]>;
  readonly choiceKeys: ReadonlySet<string>;
  readonly logWeights: Float64Array | null;
  readonly traces: readonly Trace[] | null;
  readonly source: PosteriorSource | null;
  weights(): Float64Array;
  /** Numeric draws of a scalar key ("p", "w[2]"). */
  values(key: string): Float64Array;
  scalarKeys(): string[];
}

/** One draw, read by key (no trace needed). */
export interface Draw {
  readonly chain: number;
  /** Index within its chain. */
  readonly index: number;
  /**
   * The value at a key (address, tracked name, "return", or a summary's scalar name such as `w[0]`); undefined
   * when the draw has none. A key no draw has is an error naming the near ones.
   */
  get(key: string): unknown;
}
