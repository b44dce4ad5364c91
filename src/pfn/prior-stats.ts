/**
 * What training needs to know about a prior before the first step, from simulations: the input normalization
 * (per-feature mean and sd of x, mean and sd of y), the output's bucket borders at equal-mass quantiles of at
 * least `samples` prior outputs (≥ 10^5 by default, as in the PFN papers), the class labels of a discrete
 * output, and for the latent kind one set of borders per latent address (from `samples` prior draws of the
 * latents, simulated with one row each since rows do not change the latents' prior).
 *
 * @example
 * ```ts
 * const st = priorStats(gp, { inputs: "x", outputs: "y" }, { rows: 100, buckets: 100, samples: 100000, rng });
 * st.borders[0].length;   // 101
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { equalMassBorders } from "./borders.js";
import { simulateDataset, type PriorSpec } from "./prior.js";

export interface PriorStats {
  xDim: number;
  xMean: number[];
  xSd: number[];
  yMean: number;
  ySd: number;
  discrete: boolean;
  /** Regression: [output borders]; latent kind: borders per latent; classification: []. */
  borders: number[][];
  classes?: number[];
}

export interface PriorStatsOptions { rows: number; buckets: number; samples: number; rng: Rng; maxClasses?: number }

const sd = (s: number, s2: number, n: number, m: number): number => Math.sqrt(Math.max(s2 / n - m * m, 0)) || 1;

export function priorStats(model: GenerativeFunction, spec: PriorSpec, o: PriorStatsOptions): PriorStats {
  const ys: number[] = [];
  let xDim = -1, discrete = false, xs: Float64Array = new Float64Array(0), xs2 = xs, nx = 0;
  const rows = Math.max(1, o.rows), datasets = Math.ceil(o.samples / rows);
  for (let k = 0; k < datasets; k++) {
    const ds = simulateDataset(model, rows, o.rng, { ...spec, latents: undefined });
    if (xDim === -1) { xDim = ds.xDim; xs = new Float64Array(xDim); xs2 = new Float64Array(xDim); }
    for (let i = 0; i < rows; i++) for (let j = 0; j < xDim; j++) { const v = ds.x[i * xDim + j]; xs[j] += v; xs2[j] += v * v; }
    nx += rows;
    for (const y of ds.y) ys.push(y);
    discrete ||= ds.discrete;
  }
  const xMean = [...xs].map((s) => s / nx), xSd = [...xs].map((s, j) => sd(s, xs2[j], nx, xMean[j]));
  let sy = 0, sy2 = 0;
  for (const y of ys) { sy += y; sy2 += y * y; }
  const yMean = sy / ys.length, ySd = sd(sy, sy2, ys.length, yMean);
  const st: PriorStats = { xDim, xMean, xSd, yMean, ySd, discrete, borders: [] };
  if (spec.latents) {
    const draws = spec.latents.map(() => new Float64Array(o.samples));
    for (let k = 0; k < o.samples; k++) {
      const ds = simulateDataset(model, 1, o.rng, spec);
      ds.latents!.forEach((v, a) => (draws[a][k] = v));
    }
    st.borders = draws.map((d) => [...equalMassBorders(d, o.buckets)]);
  } else if (discrete) {
    const classes = [...new Set(ys)].sort((a, b) => a - b), max = o.maxClasses ?? 32;
    const fraction = classes.find((c) => !Number.isInteger(c));
    if (fraction !== undefined)
      throw new BorelError("bad-prior", `PFN prior: the discrete output '${spec.outputs}' takes the value ${fraction}, not an integer: classification needs integer classes`, { hint: "a discrete output's values must be integers (or booleans)" });
    if (classes.length > max)
      throw new BorelError("bad-prior", `PFN prior: the discrete output '${spec.outputs}' takes ${classes.length} values; classification supports up to ${max} integer classes`);
    st.classes = classes.length >= 2 ? classes : [classes[0], classes[0] + 1];
  } else st.borders = [[...equalMassBorders(ys, o.buckets)]];
  return st;
}
