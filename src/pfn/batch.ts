/**
 * One training batch: B datasets simulated from the prior on the batch's own random stream, T rows each, the
 * first `context` of them fed with their outputs, and the targets the head must predict:
 *
 * - regression: the buckets of the query rows' y (and each target's bucket-shape log density, so that the
 *   reported loss is the full NLL of the bar distribution);
 * - classification: the class indices of the query rows;
 * - latent: `context` observed rows plus one query slot per latent address, targets the latents' buckets.
 *
 * @example
 * ```ts
 * const bt = simulateBatch(model, config, spec, { batch: 16, rows: 100, context: 20 }, rng.split("batch/7"));
 * ```
 */
import type { Rng } from "../rand/rng.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { BarDistribution } from "./bar-distribution.js";
import { bucketOf } from "./borders.js";
import type { PFNConfig } from "./config.js";
import type { GraphBatch } from "./graph.js";
import { simulateDataset, type PriorSpec } from "./prior.js";

export interface TrainBatch {
  graph: GraphBatch;
  targets: Int32Array;
  /** log density of each target under its bucket's shape (0 for classes). */
  shapeLogDensity: Float64Array;
}

const shapes = new WeakMap<number[], BarDistribution>();
/** log density of y inside its bucket's shape (uniform, or the half-normal tail), i.e. log p(y) − log p_j. */
export function bucketShapeLogDensity(borders: number[], y: number): number {
  let d = shapes.get(borders);
  if (!d) { const K = borders.length - 1; d = new BarDistribution(borders, new Float64Array(K).fill(-Math.log(K))); shapes.set(borders, d); }
  return d.logpdf(y) - d.logProbs[bucketOf(borders, y)];
}

export interface BatchShape { batch: number; rows: number; context: number }

export function simulateBatch(model: GenerativeFunction, c: PFNConfig, spec: PriorSpec, s: BatchShape, rng: Rng): TrainBatch {
  const { batch: B, context: nc } = s, latent = c.kind === "latent", A = c.latents?.length ?? 0;
  const T = latent ? nc + A : s.rows, nq = T - nc, D = c.xDim;
  const x = new Float32Array(B * T * D), yc = new Float32Array(B * nc), targets = new Int32Array(B * nq), shape = new Float64Array(B * nq);
  for (let b = 0; b < B; b++) {
    const ds = simulateDataset(model, latent ? nc : T, rng, spec);
    const rowsWithX = latent ? nc : T;
    for (let i = 0; i < rowsWithX; i++) for (let j = 0; j < D; j++) x[(b * T + i) * D + j] = (ds.x[i * D + j] - c.xMean[j]) / c.xSd[j];
    for (let i = 0; i < nc; i++) yc[b * nc + i] = c.kind === "classification" ? c.classes!.indexOf(ds.y[i]) : (ds.y[i] - c.yMean) / c.ySd;
    for (let q = 0; q < nq; q++) {
      const t = b * nq + q;
      if (latent) { const br = c.borders[q], v = ds.latents![q]; targets[t] = bucketOf(br, v); shape[t] = bucketShapeLogDensity(br, v); }
      else if (c.kind === "classification") targets[t] = Math.max(0, c.classes!.indexOf(ds.y[nc + q]));
      else { const v = ds.y[nc + q]; targets[t] = bucketOf(c.borders[0], v); shape[t] = bucketShapeLogDensity(c.borders[0], v); }
    }
  }
  return { graph: { x, yContext: yc, batch: B, rows: T, context: nc }, targets, shapeLogDensity: shape };
}
