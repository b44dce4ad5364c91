/**
 * Temperature scaling of a regression PFN's predictive (Guo et al. 2017, applied to the bar distribution): one
 * scalar τ divides the head's logits, chosen to minimize the NLL of held-out rows of datasets simulated from
 * the prior — the training objective itself, on fresh data, so τ corrects the over- or under-confidence a short
 * training run leaves without moving the buckets. τ is stored in the config (`temperature`) and saved with
 * the weights; every later `predict` applies it.
 *
 * The logits are computed once; the NLL as a function of log τ is then minimized by golden-section search on
 * [1/4, 4] (NLL(τ) of softmax logits is smooth and, in practice, unimodal in log τ).
 *
 * @example
 * ```ts
 * const { pfn: calibrated, temperature, nllBefore, nllAfter } = calibrateTemperature(pfn, gpPrior(), { datasets: 256 });
 * calibrated.save("gp.pfn");
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { BarDistribution } from "./bar-distribution.js";
import { normalizeInputs, type Context } from "./inputs.js";
import type { PFN } from "./pfn.js";
import { checkTemperatureTable, temperatureAt, type TemperatureTable } from "./config.js";
import { simulateDataset } from "./prior.js";

export interface TemperatureOptions {
  /** Simulated datasets (default 256). */
  datasets?: number;
  /** Rows per dataset (default: the training run's, else 100). */
  rows?: number;
  /** Held-out rows per dataset scored (default 10). */
  queries?: number;
  /** Context sizes drawn uniformly from [minContext, maxContext] (defaults 1 and rows − queries). */
  minContext?: number;
  maxContext?: number;
  /**
   * Fit one temperature per context size instead of one for all (increasing sizes, e.g. [1, 2, 5, 10, 20, 50]):
   * `datasets` datasets at each size; predictions interpolate between sizes (`PFNConfig.temperatureByContext`).
   * minContext/maxContext are then unused.
   */
  contextSizes?: number[];
  /** Extra model arguments after the row count. */
  args?: unknown[];
  seed?: number;
}

export interface TemperatureResult {
  pfn: PFN;
  /** The fitted τ (with `contextSizes`: the best single τ over all sizes' rows, for comparison). */
  temperature: number;
  /** With `contextSizes`: the fitted τ per size, which the returned network uses. */
  byContext?: TemperatureTable;
  /** Mean NLL per held-out row at the network's previous temperature(s), and at the fitted ones (averaged over sizes). */
  nllBefore: number;
  nllAfter: number;
}

/** Fits the predictive temperature on prior datasets (see the module comment); returns the calibrated network. */
export function calibrateTemperature(pfn: PFN, prior: GenerativeFunction, o: TemperatureOptions = {}): TemperatureResult {
  const c = pfn.config;
  if (c.kind !== "regression") throw new BorelError("bad-method", `calibrateTemperature: only regression PFNs have a bar-distribution predictive (this one is ${c.kind})`);
  const rows = o.rows ?? ((c.training?.rows as number | undefined) ?? 100), Q = o.queries ?? 10, D = o.datasets ?? 256;
  const lo = o.minContext ?? 1, hi = o.maxContext ?? rows - Q;
  if (!(Number.isInteger(D) && D >= 1 && Number.isInteger(Q) && Q >= 1 && Number.isInteger(lo) && lo >= 0 && Number.isInteger(hi) && hi >= lo && hi + Q <= rows))
    throw new BorelError("bad-option", `calibrateTemperature: need datasets ≥ 1, queries ≥ 1 and 0 ≤ minContext ≤ maxContext ≤ rows − queries (got ${D}, ${Q}, ${lo}, ${hi}, rows ${rows})`);
  const sizes = o.contextSizes;
  if (sizes !== undefined) {
    checkTemperatureTable({ context: sizes, tau: sizes.map(() => 1) }, "calibrateTemperature: contextSizes");
    if (sizes[sizes.length - 1]! + Q > rows)
      throw new BorelError("bad-option", `calibrateTemperature: context size ${sizes[sizes.length - 1]} leaves fewer than ${Q} query rows of ${rows}`);
  }
  const rng = new Rng(o.seed ?? 0, "pfn-temperature"), borders = c.borders[0]!;
  const before = (n: number) => temperatureAt(c, n);
  if (sizes === undefined) {
    const data = scoredRows(pfn, prior, rng, D, rows, Q, () => lo, hi - lo, o.args);
    const fit = fitTemperature(data, borders, before);
    return { pfn: pfn.withTemperature(fit.tau), temperature: fit.tau, nllBefore: fit.nllBefore, nllAfter: fit.nllAfter };
  }
  // One τ per context size, each on its own datasets (D per size), interpolated between sizes at prediction.
  const data = sizes.map((n, j) => scoredRows(pfn, prior, rng.split(`n${n}`), D, rows, Q, () => n, 0, o.args, j));
  const fits = data.map((d) => fitTemperature(d, borders, before));
  const pooled = fitTemperature({ logits: data.flatMap((d) => d.logits), targets: data.flatMap((d) => d.targets), context: data.flatMap((d) => d.context) }, borders, before);
  const table: TemperatureTable = { context: [...sizes], tau: fits.map((f) => f.tau) };
  const mean = (k: "nllBefore" | "nllAfter") => fits.reduce((s, f) => s + f[k], 0) / fits.length;
  return { pfn: pfn.withTemperature(table), temperature: pooled.tau, byContext: table, nllBefore: mean("nllBefore"), nllAfter: mean("nllAfter") };
}

/** Held-out rows of simulated datasets with the network's logits at them and the context size they had. */
interface ScoredRows { logits: Float32Array[]; targets: number[]; context: number[] }

/** D datasets of `rows` rows; context size `base() + uniform{0..spread}`; the Q rows after the context scored. */
function scoredRows(pfn: PFN, prior: GenerativeFunction, rng: Rng, D: number, rows: number, Q: number, base: () => number, spread: number, args: unknown[] | undefined, stream = 0): ScoredRows {
  const c = pfn.config, K = c.outputsWidth, out: ScoredRows = { logits: [], targets: [], context: [] };
  for (let d = 0; d < D; d++) {
    const r = stream === 0 ? rng.split(d) : rng.split(`${stream}/${d}`);
    const ds = simulateDataset(prior, rows, r, { inputs: c.inputs, outputs: c.outputs, args });
    const n = base() + Math.floor(r.double() * (spread + 1)), xd = ds.xDim;
    const row = (i: number) => (xd === 1 ? ds.x[i]! : Array.from(ds.x.subarray(i * xd, (i + 1) * xd)));
    const ctx: Context = { x: Array.from({ length: n }, (_, i) => row(i)), y: Array.from(ds.y.subarray(0, n)) };
    const xq = Array.from({ length: Q }, (_, j) => row(n + j));
    const z = pfn.condition(ctx).logits(normalizeInputs(c, xq, "queries"), Q);
    for (let j = 0; j < Q; j++) { out.logits.push(z.slice(j * K, (j + 1) * K)); out.targets.push(ds.y[n + j]!); out.context.push(n); }
  }
  return out;
}

/**
 * The τ minimizing the mean NLL of the rows (golden-section search on log τ in [1/4, 4]); never worse than the
 * temperatures `before(n)` the network had (a flat or odd NLL curve keeps them: then `tau` is NaN-free but
 * reported as the mean previous τ).
 */
function fitTemperature(data: ScoredRows, borders: number[], before: (n: number) => number): { tau: number; nllBefore: number; nllAfter: number } {
  const K = borders.length - 1;
  // Each row's bucket and within-bucket term do not depend on τ: −log p(y) = −(z_j/τ − logsumexp(z/τ)) − shape.
  const terms = data.targets.map((y) => BarDistribution.bucketTerm(borders, y));
  const nll = (tauOf: (i: number) => number): number => {
    let s = 0;
    for (let i = 0; i < data.logits.length; i++) {
      const z = data.logits[i]!, tau = tauOf(i), { bucket, logShape } = terms[i]!;
      let top = -Infinity;
      for (let k = 0; k < K; k++) if (z[k]! > top) top = z[k]!;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp((z[k]! - top) / tau);
      s -= (z[bucket]! - top) / tau - Math.log(sum) + logShape;
    }
    return s / data.logits.length;
  };
  const at = (tau: number) => nll(() => tau);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(0.25), b = Math.log(4), x1 = b - g * (b - a), x2 = a + g * (b - a), f1 = at(Math.exp(x1)), f2 = at(Math.exp(x2));
  for (let it = 0; it < 40; it++) {
    if (f1 < f2) { b = x2; x2 = x1; f2 = f1; x1 = b - g * (b - a); f1 = at(Math.exp(x1)); }
    else { a = x1; x1 = x2; f1 = f2; x2 = a + g * (b - a); f2 = at(Math.exp(x2)); }
  }
  const nllBefore = nll((i) => before(data.context[i]!));
  const tau = Math.exp((a + b) / 2), nllAfter = at(tau);
  if (nllAfter < nllBefore) return { tau, nllBefore, nllAfter };
  const previous = data.context.reduce((s, n) => s + before(n), 0) / data.context.length;
  return { tau: previous, nllBefore, nllAfter: nllBefore };
}
