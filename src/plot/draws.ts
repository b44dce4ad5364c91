/**
 * Reading draws for plots: which keys to show, thinning long chains, turning weighted draws into an
 * unweighted set of points, weighted kernel density estimates, and equal-width bins. Plots read a posterior
 * through the `PlotSource` view (the `Posterior` class satisfies it), never its internals.
 *
 * @example
 * ```ts
 * plotKeys(post, { max: 4 });                     // ["mu", "tau", "theta_tilde[0]", "theta_tilde[1]"]
 * resampleIndices(post.weights(), 500);           // 500 draw indices, each drawn ∝ its weight
 * kde(post.values("mu"), post.weights(), 128);    // { x, y } on a grid over the draws
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { DrawTable } from "../posterior/types.js";
import { checkNumberOption } from "../infer/option-names.js";

/** What plots read from a posterior (`Posterior` satisfies it). */
export interface PlotSource extends DrawTable {
  readonly diagnostics: Record<string, unknown>;
  readonly sampleStats: ReadonlyMap<string, Float64Array>;
  chains(key: string): Float64Array[];
}

export interface KeysOption {
  /** Scalar keys to plot ("mu", "w[2]"); default the first `maxKeys` latent ones. */
  keys?: readonly string[];
  /** How many keys to pick by default (6). */
  maxKeys?: number;
  title?: string;
}

/** The keys to plot: the given ones (checked), else latent scalar keys first, then tracked values. */
export function plotKeys(post: PlotSource, opts: KeysOption = {}): string[] {
  const all = post.scalarKeys();
  if (opts.keys) {
    if (opts.keys.length === 0) throw new BorelError("bad-option", "plot: 'keys' is empty: name at least one key", { hint: `keys: ${all.slice(0, 8).join(", ")}` });
    for (const k of opts.keys) if (!all.includes(k)) post.values(k); // throws the located unknown-key error
    return [...opts.keys];
  }
  const base = (k: string) => k.replace(/\[\d+\]$/, "");
  const latent = all.filter((k) => post.choiceKeys.has(base(k)));
  const tracked = all.filter((k) => !post.choiceKeys.has(base(k)) && k !== "return");
  const keys = [...latent, ...tracked].slice(0, countOption("plot", "maxKeys", opts.maxKeys, 6));
  if (keys.length === 0) throw new BorelError("no-draws", "plot: the posterior has no numeric draws to plot", { hint: "pass { keys: [...] }" });
  return keys;
}

/**
 * A plot's count option (`bins`, `maxPoints`, `maxKeys`, ...): `fallback` when absent, else an integer ≥ `min`
 * (a clear error otherwise: a negative or fractional count would fail deep inside as an invalid array length).
 */
export function countOption(plot: string, name: string, value: number | undefined, fallback: number, min = 1): number {
  checkNumberOption(plot, name, value, { min, integer: true });
  return value ?? fallback;
}

/** At most `max` indices in [0, n), evenly spaced, first and last included (max ≥ 2, or the first only). */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max < 2) return max < 1 ? [] : [0];
  return Array.from({ length: max }, (_, j) => Math.round((j * (n - 1)) / (max - 1)));
}

/**
 * `count` indices drawn with probability ∝ `weights` by systematic resampling at the fixed offset ½
 * (deterministic: the same plot for the same posterior). Equal weights give an even thinning.
 */
export function resampleIndices(weights: ArrayLike<number>, count: number): number[] {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  if (!(total > 0)) return [];
  const out: number[] = [];
  let cum = 0, i = 0;
  for (let j = 0; j < count; j++) {
    const u = ((j + 0.5) / count) * total;
    while (i < weights.length - 1 && cum + weights[i] < u) cum += weights[i++];
    out.push(i);
  }
  return out;
}

/** Finite values with their weights. */
export function finite(values: ArrayLike<number>, weights?: ArrayLike<number>): { v: number[]; w: number[] } {
  const v: number[] = [], w: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]) || (weights && !(weights[i] > 0))) continue;
    v.push(values[i]);
    w.push(weights ? weights[i] : 1);
  }
  return { v, w };
}

/** [min, max] of finite values ([NaN, NaN] when there are none); a loop, not `Math.min(...v)` (stack size). */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) { const x = values[i]; if (Number.isFinite(x)) { if (x < lo) lo = x; if (x > hi) hi = x; } }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** Weighted Gaussian kernel density on `points` grid points, bandwidth by Silverman's rule (weighted sd, Kish n). */
export function kde(values: ArrayLike<number>, weights: ArrayLike<number> | undefined, points = 128): { x: number[]; y: number[] } {
  const { v, w } = finite(values, weights);
  if (v.length === 0) return { x: [], y: [] };
  let sw = 0, sw2 = 0, mean = 0;
  for (let i = 0; i < v.length; i++) { sw += w[i]; sw2 += w[i] * w[i]; mean += w[i] * v[i]; }
  mean /= sw;
  let varSum = 0;
  for (let i = 0; i < v.length; i++) varSum += w[i] * (v[i] - mean) ** 2;
  const sd = Math.sqrt(varSum / sw), nEff = (sw * sw) / sw2;
  const [lo, hi] = extent(v);
  const h = Math.max(1.06 * (sd || (hi - lo) || 1) * nEff ** -0.2, 1e-12);
  const x = Array.from({ length: points }, (_, j) => lo - 2 * h + ((hi - lo + 4 * h) * j) / (points - 1));
  const norm = 1 / (sw * h * Math.sqrt(2 * Math.PI));
  const y = x.map((xj) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) { const z = (xj - v[i]) / h; if (z > -8 && z < 8) s += w[i] * Math.exp(-0.5 * z * z); }
    return s * norm;
  });
  return { x, y };
}

/** Weighted equal-width bins over [lo, hi]: `edges` (bins + 1) and normalized `density`. */
export function bin(values: ArrayLike<number>, weights: ArrayLike<number> | undefined, bins: number, range?: [number, number]): { edges: number[]; density: number[] } {
  const { v, w } = finite(values, weights);
  let [lo, hi] = range ?? extent(v);
  if (v.length === 0) [lo, hi] = [0, 1];
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins, mass = new Array<number>(bins).fill(0);
  let total = 0;
  v.forEach((x, i) => { if (x >= lo && x <= hi) { mass[Math.min(bins - 1, Math.floor((x - lo) / width))] += w[i]; total += w[i]; } });
  return { edges: Array.from({ length: bins + 1 }, (_, b) => lo + b * width), density: mass.map((m) => (total > 0 ? m / total / width : 0)) };
}
