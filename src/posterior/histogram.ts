/**
 * Histograms and marginals of posterior draws, weighted by the draws' normalized weights (equal for MCMC).
 * `histogram` bins a scalar key on equal-width bins; `marginal` tabulates the distinct values of a key
 * (discrete choices: booleans, integers, categories) with their posterior probabilities.
 *
 * @example
 * ```ts
 * const h = histogram(post, "p", { bins: 20 });   // h.edges (21), h.mass (20, sums to 1), h.density
 * marginal(post, "burglary");                      // [{ value: false, probability: 0.716 }, { value: true, ... }]
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { DrawTable } from "./types.js";

export interface Histogram {
  edges: Float64Array;
  /**
   * Posterior mass per bin, of all draws with a value: it sums to 1 over the default range, and to the
   * posterior probability of a given `range` (so a zoomed density overlays the whole one).
   */
  mass: Float64Array;
  /** mass / bin width. */
  density: Float64Array;
}

export interface HistogramOptions {
  bins?: number;
  /** Range [low, high]; default the range of the draws. */
  range?: [number, number];
}

/** Equal-width histogram of a scalar key. */
export function histogram(post: DrawTable, key: string, opts: HistogramOptions = {}): Histogram {
  const bins = opts.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1) throw new BorelError("bad-option", `histogram: 'bins' must be a positive integer, got ${bins}`);
  const v = post.values(key), w = post.weights();
  let lo = Infinity, hi = -Infinity;
  if (opts.range) {
    const r = opts.range;
    if (!(Array.isArray(r) && r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1]))
      throw new BorelError("bad-option", `histogram: 'range' must be [low, high] with finite low < high, got ${JSON.stringify(r)}`, { hint: "e.g. { range: [0, 1] }; leave it out for the range of the draws" });
    [lo, hi] = r;
  } else for (const x of v) if (Number.isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  if (!(hi >= lo)) throw new BorelError("no-draws", `histogram: no finite draws at '${key}'`);
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins;
  const mass = new Float64Array(bins);
  let total = 0;
  v.forEach((x, i) => {
    if (Number.isNaN(x)) return;
    total += w[i];
    if (x >= lo && x <= hi) mass[Math.min(bins - 1, Math.floor((x - lo) / width))] += w[i];
  });
  if (total > 0) for (let b = 0; b < bins; b++) mass[b] /= total;
  const edges = Float64Array.from({ length: bins + 1 }, (_, b) => lo + b * width);
  return { edges, mass, density: mass.map((m) => m / width) };
}

export interface MarginalEntry {
  value: unknown;
  probability: number;
}

/** Posterior probabilities of the distinct values at `key` (draws without a value left out), most probable first. */
export function marginal(post: DrawTable, key: string): MarginalEntry[] {
  const col = post.columns.get(key);
  if (col === undefined) throw new BorelError("unknown-address", `marginal: the posterior has no draws at '${key}'`, { address: key });
  const w = post.weights();
  const acc = new Map<string, MarginalEntry>();
  let total = 0;
  for (let i = 0; i < post.size; i++) {
    const x = col[i];
    if (x === undefined) continue;
    const id = x instanceof Float64Array ? `[${[...x].join(",")}]` : `${typeof x}:${String(x)}`;
    const e = acc.get(id);
    if (e) e.probability += w[i]; else acc.set(id, { value: x, probability: w[i] });
    total += w[i];
  }
  const out = [...acc.values()];
  if (total > 0) for (const e of out) e.probability /= total;
  return out.sort((a, b) => b.probability - a.probability);
}
