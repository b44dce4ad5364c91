/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018, "Validating Bayesian
 * inference algorithms with simulation-based calibration"). For r = 1..R: draw θ and y from the model
 * (`simulate`), run the algorithm on y, and record the rank of θ among L posterior draws. When the algorithm
 * returns the exact posterior, each rank is uniform on {0, …, L}; the ranks are binned and tested with a χ²
 * goodness-of-fit test (df = bins − 1).
 *
 * Posterior draws: a weighted posterior (importance sampling, SMC, enumeration) gives L iid multinomial draws
 * from its weights; an unweighted one (MCMC) is thinned to L evenly spaced draws over all chains (thin long
 * chains so the draws are nearly independent, as the paper recommends). Ties (discrete parameters) are broken
 * uniformly at random. The data must be random choices of the model (`t.sample`), named by `observed`.
 *
 * @example
 * ```ts
 * const model = gen((t) => {
 *   const mu = t.sample("mu", normal(0, 1));
 *   for (let i = 0; i < 3; i++) t.sample(["y", i], normal(mu, 1));
 * });
 * const r = sbc({
 *   model, args: [], observed: (k) => k.startsWith("y/"), params: ["mu"], logLikelihood: true, replications: 200, seed: 1,
 *   algorithm: (m, args, obs, rng) => importance(m, args, obs, { particles: 2000, rng }),
 * });
 * r.params.mu.pValue;       // > 0.001 for a calibrated algorithm
 * r.params.loglik.pValue;   // the log-likelihood's rank test; the negative control (tempered(m, 0.5)) fails it
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Rng, toRng } from "../rand/rng.js";
import { gammaQ } from "../math/incgamma.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction, Trace } from "../trace/gfi.js";
import { columnsFromTraces, scalarColumns } from "../posterior/draws.js";
import type { Posterior } from "../posterior/posterior.js";
import { drawChoices } from "../posterior/predictive.js";
import { resample } from "./resample.js";

/** Runs inference on one simulated data set. */
export type SBCAlgorithm = (model: GenerativeFunction, args: unknown[], observations: ChoiceMap, rng: Rng) => Posterior;

export interface SBCOptions {
  model: GenerativeFunction;
  args: unknown[];
  /** The observation addresses of a simulated trace: a list of keys or a predicate on keys. */
  observed: readonly string[] | ((key: string) => boolean);
  /** Scalar keys to rank ("mu", "w[0]"); default every latent scalar key of the first simulated trace. */
  params?: readonly string[];
  /**
   * Also rank the log-likelihood log p(y | θ) — the summed log densities at the observed addresses — under the key
   * `"loglik"` (needs the posterior's traces). A test quantity of θ and y is as valid as θ itself (given y, the
   * true θ and the posterior draws are exchangeable), and it pools every dimension of θ: a posterior that is too
   * wide or too narrow anywhere moves it, so it is the most sensitive check for many-parameter models.
   */
  logLikelihood?: boolean;
  algorithm: SBCAlgorithm;
  /** R, at most a few hundred in unit tests (default 100). */
  replications?: number;
  /** L posterior draws per replication (default 99, so the L + 1 ranks fill 10 bins evenly). */
  draws?: number;
  bins?: number;
  seed?: number | string;
  onProgress?: (fraction: number, status: string) => void;
}

export interface SBCParamResult {
  /** Rank of θ among the L draws, per replication, in {0, …, L}. */
  ranks: Int32Array;
  counts: number[];
  /** Pearson χ² statistic over the bins. */
  statistic: number;
  /** P(χ²_{bins−1} ≥ statistic). */
  pValue: number;
}

export interface SBCResult {
  params: Record<string, SBCParamResult>;
  replications: number;
  draws: number;
  bins: number;
  /** The smallest p-value over the parameters (compare with a Bonferroni-corrected level when there are many). */
  minPValue: number;
}

/** Runs SBC (see the module comment). */
export function sbc(o: SBCOptions): SBCResult {
  const R = o.replications ?? 100, L = o.draws ?? 99, bins = o.bins ?? 10;
  for (const [name, v, min] of [["replications", R, 1], ["draws", L, 1], ["bins", bins, 2]] as const)
    if (!Number.isInteger(v) || v < min) throw new BorelError("bad-option", `sbc: '${name}' must be an integer ≥ ${min}, got ${v}`);
  if (bins > L + 1) throw new BorelError("bad-option", `sbc: ${bins} bins need at least ${bins - 1} draws, got ${L}`);
  const isObserved = typeof o.observed === "function" ? o.observed : ((keys: Set<string>) => (k: string) => keys.has(k))(new Set(o.observed));
  const root = toRng(o.seed);
  let names: readonly string[] | undefined = o.params;
  const ranks = new Map<string, Int32Array>();
  for (let r = 0; r < R; r++) {
    const rep = root.split(r);
    const truth = o.model.simulate(o.args, rep.split("simulate"));
    const { observations, theta } = splitTrace(truth, isObserved);
    if (names === undefined) {
      names = [...theta.keys()];
      if (names.length === 0) throw new BorelError("sbc-no-params", "sbc: the simulated trace has no latent scalar choice to rank", { hint: "check 'observed', or name the parameters in 'params'" });
    }
    const post = o.algorithm(o.model, o.args, observations, rep.split("infer"));
    const pick = drawIndices(post, L, rep.split("draws"));
    const tie = rep.split("ties");
    const record = (name: string, t: number, value: (i: number) => number) => {
      let below = 0, equal = 0;
      for (const i of pick) { const v = value(i); if (v < t) below++; else if (v === t) equal++; }
      let col = ranks.get(name);
      if (!col) ranks.set(name, (col = new Int32Array(R)));
      col[r] = below + Math.floor(tie.double() * (equal + 1));
    };
    for (const name of names) {
      const t = theta.get(name);
      if (t === undefined) throw new BorelError("unknown-address", `sbc: the simulated trace has no scalar '${name}'`, { address: name });
      const values = post.values(name);
      record(name, t, (i) => values[i]!);
    }
    if (o.logLikelihood) {
      // Without kept traces, a draw's trace is rebuilt from its latent choices and the observations.
      const traces = post.traces, regen = rep.split("loglik");
      const traceAt = traces ? (i: number) => traces[i]! : (i: number) => {
        const latent = drawChoices(post, i), constraints = new ChoiceMap();
        constraints.mergeUnder("", observations);
        constraints.mergeUnder("", latent);
        return o.model.generate(o.args, constraints, regen, { latent }).trace;
      };
      record("loglik", logLik(truth, isObserved), (i) => logLik(traceAt(i), isObserved));
    }
    o.onProgress?.((r + 1) / R, `sbc: replication ${r + 1}/${R}`);
  }
  const params: Record<string, SBCParamResult> = {};
  let minPValue = 1;
  for (const [name, rk] of ranks) {
    params[name] = rankTest(rk, L, bins);
    minPValue = Math.min(minPValue, params[name]!.pValue);
  }
  return { params, replications: R, draws: L, bins, minPValue };
}

/** Σ log p of the choices at observed addresses. */
function logLik(tr: Trace, isObserved: (key: string) => boolean): number {
  let s = 0;
  for (const c of tr.choices()) if (isObserved(c.key)) s += c.logp;
  return s;
}

/** Observed choices as a choice map, latent scalar values by summary key. */
function splitTrace(tr: Trace, isObserved: (key: string) => boolean): { observations: ChoiceMap; theta: Map<string, number> } {
  const observations = new ChoiceMap();
  for (const c of tr.choices()) if (isObserved(c.key)) observations.set(c.key, c.value);
  const theta = new Map<string, number>();
  for (const [k, col] of scalarColumns(columnsFromTraces([tr], false)))
    if (!isObserved(k.replace(/\[\d+\]$/, ""))) theta.set(k, col[0]!);
  return { observations, theta };
}

/** L draw indices: iid from the weights of a weighted posterior, evenly spaced for an unweighted one. */
function drawIndices(post: Posterior, L: number, rng: Rng): Int32Array {
  if (post.weighted) return resample("multinomial", post.weights(), L, rng);
  const S = post.size;
  if (S < L) throw new BorelError("sbc-too-few-draws", `sbc: the algorithm returned ${S} draws, fewer than the ${L} ranks need`, { hint: "draw more samples or lower 'draws'" });
  return Int32Array.from({ length: L }, (_, j) => Math.floor(((j + 0.5) * S) / L));
}

/** χ² test of uniformity of ranks in {0..L} over `bins` bins (rank k falls in bin ⌊k·bins/(L+1)⌋). */
export function rankTest(ranks: ArrayLike<number>, L: number, bins: number): SBCParamResult {
  const counts = new Array<number>(bins).fill(0), width = new Array<number>(bins).fill(0);
  for (let k = 0; k <= L; k++) width[Math.floor((k * bins) / (L + 1))]++;
  for (let r = 0; r < ranks.length; r++) counts[Math.floor((ranks[r]! * bins) / (L + 1))]++;
  let statistic = 0;
  for (let b = 0; b < bins; b++) {
    const expected = (ranks.length * width[b]!) / (L + 1);
    statistic += (counts[b]! - expected) ** 2 / expected;
  }
  // Survival function of χ²_k at x: Q(k/2, x/2).
  const pValue = gammaQ((bins - 1) / 2, statistic / 2);
  return { ranks: Int32Array.from(ranks), counts, statistic, pValue };
}
