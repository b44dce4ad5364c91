/**
 * Pointwise log-likelihood input for LOO and WAIC, and the sum-with-standard-error used for every elpd-type
 * estimate.
 *
 * A log-likelihood matrix holds log p(y_i | θ_s) for S posterior draws θ_s and N observations y_i, given either
 * as one array of S values per observation, or as a flat draws × observations array in row-major order
 * (`values[s · N + i]`, the layout of an S × N matrix written row by row).
 *
 * For pointwise contributions e₁…e_N the estimate is Σ eᵢ and its standard error sqrt(N · var(e)) (var with
 * divisor N − 1), as in the loo package.
 *
 * @example
 * ```ts
 * const cols = logLikColumns({ values: flat, draws: 4000, observations: 20 }, "loo"); // 20 arrays of 4000
 * ```
 */
import { BorelError } from "../util/errors.js";
import { variance } from "./moments.js";

/** Flat S × N log-likelihood matrix, row-major: `values[s * observations + i]`. */
export interface LogLikMatrix {
  values: ArrayLike<number>;
  draws: number;
  observations: number;
}

/** Log-likelihood input: one array of draws per observation, or a flat matrix. */
export type LogLikInput = readonly ArrayLike<number>[] | LogLikMatrix;

/**
 * Returns one Float64Array of S draws per observation, checking the shape and that no value is NaN (a
 * log-likelihood of −∞ is allowed by this check; callers decide).
 *
 * @example
 * ```ts
 * logLikColumns([[-1.2, -0.9], [-2.0, -2.2]], "waic"); // 2 observations, 2 draws each
 * ```
 */
export function logLikColumns(input: LogLikInput, fn: string): Float64Array[] {
  let cols: Float64Array[];
  if (Array.isArray(input)) {
    const list = input as readonly ArrayLike<number>[];
    if (list.length === 0) throw new BorelError("bad-argument", `${fn}: argument 'logLik' has no observations`);
    const s = list[0]!.length;
    cols = list.map((col, i) => {
      if (col.length !== s)
        throw new BorelError("ragged-chains", `${fn}: argument 'logLik' is ragged: observation 0 has ${s} draws but observation ${i} has ${col.length}`);
      return Float64Array.from(col);
    });
  } else {
    const { values, draws, observations } = input as LogLikMatrix;
    if (!(Number.isInteger(draws) && Number.isInteger(observations) && draws > 0 && observations > 0))
      throw new BorelError("bad-argument", `${fn}: argument 'logLik' needs positive integer 'draws' and 'observations'`);
    if (values.length !== draws * observations)
      throw new BorelError("bad-argument", `${fn}: argument 'logLik.values' has ${values.length} entries, expected draws × observations = ${draws * observations}`);
    cols = Array.from({ length: observations }, (_, i) =>
      Float64Array.from({ length: draws }, (_, s) => values[s * observations + i]!),
    );
  }
  const s = cols[0]!.length;
  if (s < 2) throw new BorelError("too-few-draws", `${fn}: argument 'logLik' needs at least 2 draws, got ${s}`);
  cols.forEach((col, i) => {
    for (let d = 0; d < s; d++)
      if (Number.isNaN(col[d]!) || col[d] === Infinity)
        throw new BorelError("nan", `${fn}: argument 'logLik' has ${col[d]} at draw ${d}, observation ${i}`, {
          hint: "the pointwise log-likelihood must be a number or -Infinity",
        });
  });
  return cols;
}

/** An estimate summed over observations with its standard error. */
export interface PointwiseEstimate {
  estimate: number;
  se: number;
}

/**
 * Σ eᵢ and sqrt(N · var(e)) for pointwise contributions e (SE is NaN for N = 1).
 *
 * @example
 * ```ts
 * sumWithSe([1, 2, 3]); // { estimate: 6, se: sqrt(3) }
 * ```
 */
export function sumWithSe(pointwise: ArrayLike<number>): PointwiseEstimate {
  let sum = 0;
  for (let i = 0; i < pointwise.length; i++) sum += pointwise[i]!;
  return { estimate: sum, se: Math.sqrt(pointwise.length * variance(pointwise)) };
}
