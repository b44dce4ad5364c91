/**
 * The signatures of Borel's builtin functions, for the static checker: how many arguments each takes
 * (`max` is Infinity for variadic ones), its parameter names (named arguments use them) and a one-line doc
 * (the language reference's builtins table is written from the same words). The run-time implementations
 * live in src/lang/runtime/; a back-end test cross-checks the two tables. Distributions are not here: their
 * signatures come from the distribution registry (src/dist/registry.ts).
 *
 * @example
 * ```ts
 * BUILTINS.get("pow");   // {min: 2, max: 2, params: ["x", "y"], doc: "x to the power y"}
 * ```
 */

export interface BuiltinSignature {
  min: number;
  max: number;
  /** Parameter names in order; a named argument must be one of them. */
  params: readonly string[];
  doc: string;
}

/** Builtins that are statements or need a model's run (checked specially: only inside models). */
export const MODEL_ONLY_BUILTINS: ReadonlySet<string> = new Set(["observe", "factor", "param"]);

const table: [string, number, number, string[], string][] = [
  // elementwise math (numbers, vectors, arrays of numbers)
  ["exp", 1, 1, ["x"], "e to the x"],
  ["log", 1, 1, ["x"], "natural logarithm"],
  ["log1p", 1, 1, ["x"], "log(1 + x), accurate near 0"],
  ["expm1", 1, 1, ["x"], "exp(x) − 1, accurate near 0"],
  ["sqrt", 1, 1, ["x"], "square root"],
  ["abs", 1, 1, ["x"], "absolute value"],
  ["square", 1, 1, ["x"], "x * x, elementwise"],
  ["sin", 1, 1, ["x"], "sine"],
  ["cos", 1, 1, ["x"], "cosine"],
  ["tanh", 1, 1, ["x"], "hyperbolic tangent"],
  ["logistic", 1, 1, ["x"], "1 / (1 + exp(−x))"],
  ["logit", 1, 1, ["x"], "log(x / (1 − x))"],
  ["softplus", 1, 1, ["x"], "log(1 + exp(x))"],
  ["lgamma", 1, 1, ["x"], "log Γ(x)"],
  ["digamma", 1, 1, ["x"], "ψ(x) = d/dx log Γ(x)"],
  ["erf", 1, 1, ["x"], "error function"],
  ["normal_cdf", 1, 1, ["x"], "standard normal CDF Φ(x)"],
  ["floor", 1, 1, ["x"], "round down to an integer"],
  ["ceil", 1, 1, ["x"], "round up to an integer"],
  ["round", 1, 1, ["x"], "round to the nearest integer, halves away from zero (`round(-2.5)` is −3)"],
  ["pow", 2, 2, ["x", "y"], "x to the power y"],
  // reductions and vector functions
  ["softmax", 1, 1, ["x"], "exp(x) / sum(exp(x)) of a vector"],
  ["log_softmax", 1, 1, ["x"], "x − log_sum_exp(x) of a vector"],
  ["cumsum", 1, 1, ["x"], "running sums of a vector"],
  ["sum", 1, 1, ["xs"], "sum of the elements"],
  ["mean", 1, 1, ["xs"], "mean of the elements"],
  ["variance", 1, 1, ["xs"], "sample variance (n − 1 denominator)"],
  ["sd", 1, 1, ["xs"], "sample standard deviation"],
  ["log_sum_exp", 1, Infinity, ["xs"], "log(sum(exp(xs))) of a vector, or of several numbers (of several vectors: elementwise)"],
  ["min", 1, Infinity, ["a", "b"], "smallest element of a vector, or of several values"],
  ["max", 1, Infinity, ["a", "b"], "largest element of a vector, or of several values"],
  ["dot", 2, 2, ["a", "b"], "dot product of two vectors"],
  ["argmin", 1, 1, ["xs"], "index of the smallest element"],
  ["argmax", 1, 1, ["xs"], "index of the largest element"],
  // arrays, vectors, matrices, records
  ["len", 1, 1, ["xs"], "length of an array, vector or string; rows of a matrix; fields of a record"],
  ["range", 1, 2, ["a", "b"], "[0, 1, ..., n−1] for range(n); [a, ..., b−1] for range(a, b)"],
  ["zeros", 1, 1, ["n"], "a vector of n zeros"],
  ["ones", 1, 1, ["n"], "a vector of n ones"],
  ["fill", 2, 2, ["n", "value"], "an array of n copies of value"],
  ["map", 2, 2, ["f", "xs"], "[f(x) for each x in xs]"],
  ["filter", 2, 2, ["f", "xs"], "the elements x of xs with f(x) true"],
  ["fold", 3, 3, ["f", "init", "xs"], "f(...f(f(init, xs[0]), xs[1])..., xs[n−1])"],
  ["concat", 2, 2, ["a", "b"], "a followed by b (arrays, vectors or strings)"],
  ["append", 2, 2, ["xs", "x"], "xs with x added at the end"],
  ["reverse", 1, 1, ["xs"], "the elements in reverse order"],
  ["slice", 2, 3, ["xs", "start", "end"], "elements start, ..., end−1 (end defaults to len(xs))"],
  ["sort", 1, 1, ["xs"], "numbers or strings in increasing order"],
  ["any", 1, 1, ["xs"], "true if some element is true"],
  ["all", 1, 1, ["xs"], "true if every element is true"],
  ["vector", 1, 1, ["xs"], "an array of numbers as a vector"],
  ["matrix", 1, 1, ["rows"], "a matrix from an array of equal-length rows"],
  ["transpose", 1, 1, ["M"], "the transpose of a matrix"],
  ["cholesky", 1, 1, ["M"], "the lower Cholesky factor L (L Lᵀ = M) of a symmetric positive-definite matrix"],
  ["keys", 1, 1, ["r"], "the field names of a record"],
  // Stan's names (the same functions, for models ported from Stan)
  ["inv_logit", 1, 1, ["x"], "1 / (1 + exp(−x)), as `logistic(x)`"],
  ["log1m", 1, 1, ["x"], "log(1 − x), accurate near 0"],
  ["log1m_exp", 1, 1, ["x"], "log(1 − exp(x)) for x < 0, accurate near 0"],
  ["log_inv_logit", 1, 1, ["x"], "log(inv_logit(x)), stable far from 0"],
  ["log1m_inv_logit", 1, 1, ["x"], "log(1 − inv_logit(x)), stable far from 0"],
  ["log1p_exp", 1, 1, ["x"], "log(1 + exp(x)), as `softplus(x)`"],
  ["log_mix", 3, 3, ["theta", "lp1", "lp2"], "log(theta·exp(lp1) + (1 − theta)·exp(lp2)): a two-component mixture of log densities (elementwise on vectors lp1, lp2)"],
  ["cumulative_sum", 1, 1, ["x"], "running sums of a vector, as `cumsum(x)`"],
  ["dot_product", 2, 2, ["a", "b"], "dot product of two vectors, as `dot(a, b)`"],
  ["dot_self", 1, 1, ["x"], "dot(x, x)"],
  ["to_vector", 1, 1, ["xs"], "an array of numbers as a vector (a matrix: its entries column by column)"],
  ["rep_vector", 2, 2, ["x", "n"], "a vector of n copies of the number x"],
  ["rows", 1, 1, ["M"], "number of rows of a matrix (of a vector: its length)"],
  ["cols", 1, 1, ["M"], "number of columns of a matrix (of a vector: 1)"],
  ["gp_exp_quad_cov", 3, 3, ["x", "alpha", "rho"], "the squared-exponential covariance matrix alpha² exp(−‖x_i − x_j‖² / (2 rho²)) of points x (numbers or vectors)"],
  ["cov_exp_quad", 3, 3, ["x", "alpha", "rho"], "as `gp_exp_quad_cov` (Stan's older name)"],
  ["add_diag", 2, 2, ["K", "d"], "the square matrix K plus d on its diagonal (d a number or a vector)"],
  // probability and data
  ["logpdf", 2, 2, ["d", "x"], "log density (or mass) of distribution d at x"],
  ["load", 1, 1, ["path"], "the value of a data file in the program's folder tree: JSON, or CSV/TSV (`.csv`, `.tsv`) as a record of columns"],
  ["observe", 2, 2, ["d", "v"], "statement: observe value v from distribution d at an automatic address"],
  ["factor", 1, 1, ["e"], "statement: add e to the log weight of the run"],
  ["param", 2, 2, ["name", "init"], "the learnable parameter `name` (initially init), inside a model"],
];

/**
 * Named constants: numbers every program can read (and shadow, like a builtin). The compiler writes their
 * values into the generated code. `Infinity` is there for programs written by JavaScript users.
 */
export const BUILTIN_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ["pi", Math.PI],
  ["inf", Infinity],
  ["Infinity", Infinity],
]);

export const BUILTINS: ReadonlyMap<string, BuiltinSignature> = new Map(
  table.map(([name, min, max, params, doc]) => [name, { min, max, params, doc }]),
);
