/**
 * Minibatches for stochastic variational inference: each step draws B of the N data points without
 * replacement and scores the model on them with every observed term scaled by N/B (`observedScale`), an
 * unbiased estimate of the full-data log likelihood and hence of the ELBO and its gradient.
 *
 * By default the batch's model arguments are the arguments of length N (arrays, vectors) restricted to the
 * batch, and its observations are the observed vectors of length N restricted likewise and — for a `map`
 * plate at address `plate` — the observations `plate/i/...` of the batch, renumbered `plate/0/...`,
 * `plate/1/...` as the plate runs on the batch's arguments. Both can be given as functions instead.
 *
 * @example
 * ```ts
 * vi(model, [xs, ys], {}, { minibatch: { size: 100 } });                       // ys observed inside the model
 * vi(model, [xs], { points: [...] }, { minibatch: { size: 100, plate: "points" } });
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";

export interface MinibatchOptions {
  /** Batch size B. */
  size: number;
  /** Number of data points N (default: the length of the first array argument). */
  total?: number;
  /** Address of a `map` plate whose observations are indexed by data point. */
  plate?: string;
  /** The model's arguments for a batch (default: arguments of length N restricted to it). */
  args?: (batch: Int32Array) => unknown[];
  /** The observations of a batch (default: see the module comment). */
  observations?: (batch: Int32Array) => ChoiceMap;
}

export interface Batch { args: unknown[]; observations: ChoiceMap; scale: number }

const isSeq = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || v instanceof Float64Array || v instanceof Int32Array;

function pick(v: ArrayLike<unknown>, idx: Int32Array): unknown {
  if (v instanceof Float64Array) return Float64Array.from(idx, (i) => v[i]);
  if (v instanceof Int32Array) return Int32Array.from(idx, (i) => v[i]);
  return Array.from(idx, (i) => v[i]);
}

export class Minibatcher {
  readonly total: number;
  private readonly perm: Int32Array;

  constructor(readonly o: MinibatchOptions, readonly args: unknown[], readonly observations: ChoiceMap) {
    const first = args.find(isSeq);
    this.total = o.total ?? (first ? first.length : NaN);
    if (!Number.isInteger(this.total) || this.total < 1) throw new BorelError("bad-option", "minibatch: give 'total' (the number of data points): no array argument to infer it from");
    if (!Number.isInteger(o.size) || o.size < 1 || o.size > this.total) throw new BorelError("bad-option", `minibatch: 'size' must be an integer in 1..${this.total}, got ${o.size}`);
    this.perm = Int32Array.from({ length: this.total }, (_, i) => i);
  }

  /** A batch of `size` distinct indices (partial Fisher–Yates), sorted. */
  next(rng: Rng): Batch {
    const B = this.o.size, p = this.perm;
    for (let i = 0; i < B; i++) { const j = i + rng.int(this.total - i); const t = p[i]; p[i] = p[j]; p[j] = t; }
    const idx = p.slice(0, B).sort();
    const args = this.o.args ? this.o.args(idx) : this.args.map((a) => (isSeq(a) && a.length === this.total ? pick(a, idx) : a));
    return { args, observations: this.o.observations ? this.o.observations(idx) : this.batchObservations(idx), scale: this.total / B };
  }

  private batchObservations(idx: Int32Array): ChoiceMap {
    const out = new ChoiceMap(), plate = this.o.plate, rank = new Map<number, number>();
    idx.forEach((i, r) => rank.set(i, r));
    for (const key of this.observations.keys()) {
      const v = this.observations.get(key);
      if (plate !== undefined && key.startsWith(plate + "/")) {
        const rest = key.slice(plate.length + 1), cut = rest.indexOf("/");
        const r = rank.get(Number(cut < 0 ? rest : rest.slice(0, cut)));
        if (r !== undefined) out.set(`${plate}/${r}${cut < 0 ? "" : rest.slice(cut)}`, v);
        continue;
      }
      out.set(key, isSeq(v) && v.length === this.total ? pick(v, idx) : v);
    }
    return out;
  }
}
