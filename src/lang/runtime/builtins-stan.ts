/**
 * Builtins under the names Stan users write: log-space helpers (`log1m log1m_exp log_inv_logit
 * log1m_inv_logit log1p_exp log_mix`), aliases of Borel's own functions (`inv_logit` is `logistic`,
 * `dot_product` is `dot`, `cumulative_sum` is `cumsum`, `to_vector` is `vector`) and the shape helpers
 * `rows cols rep_vector dot_self`, and Gaussian-process covariances `gp_exp_quad_cov(x, alpha, rho)` with
 * `add_diag(K, d)`, built as one AD vector (a GP model's covariance then costs a few AD nodes, not n² scalar ones). The elementwise ones take numbers, vectors and AD values alike (gradients
 * flow through `m` of src/ad) and are computed in the numerically stable form (log1m(x) is log1p(−x), not
 * log(1 − x)). `log_sum_exp(a, b)` of vectors, elementwise, lives with `log_sum_exp` in ./builtins-math.ts.
 *
 * @example
 * ```ts
 * const b = stanBuiltins(new Budget());
 * callFn(b.log1m, [0.25], span, budget);                    // log(0.75)
 * callFn(b.log_mix, [0.3, -1, -2], span, budget);           // log(0.3·e^−1 + 0.7·e^−2)
 * ```
 */
import { m } from "../../ad/math.js";
import { type Real, type Scalar } from "../../ad/var.js";
import { BorelError, type Span } from "../../util/errors.js";
import { checkNaN, toReal } from "./arith.js";
import type { Budget } from "./budget.js";
import { BorelFn } from "./callable.js";
import { typeError } from "./errors.js";
import { columnMajor, entriesOf, numericView, shapeOf } from "./numeric.js";
import { PVec } from "./pvec.js";
import { isScalar, makeArray, makeMatrix, numberOf, aTypeName } from "./values.js";

type Table = Record<string, BorelFn>;

/** log(exp(a) + exp(b)) elementwise (broadcasting a scalar against a vector), stable for any magnitudes. */
export function logAddExp(a: Real, b: Real): Real {
  const hi = m.max(a, b);
  // −|a − b| ≤ 0, so the exp never overflows. Two infinities of one sign at the same element make a − b NaN:
  // the callers' NaN check reports it (numbers take m.logSumExp instead, which handles them).
  return m.add(hi, m.log1p(m.exp(m.neg(m.abs(m.sub(a, b))))));
}

/** log(1 − exp(x)) for x ≤ 0: log(−expm1(x)), accurate near 0 and for very negative x. */
const log1mExp = (x: Real): Real => m.log(m.neg(m.expm1(x)));

/** A one-argument elementwise function (entry by entry on a matrix, as the builtins of builtins-math.ts). */
function unary(name: string, f: (x: Real) => Real): BorelFn {
  const one = (x: unknown, span: Span | undefined) => {
    const view = numericView(x);
    if (view?.kind === "matrix") return makeMatrix(view.value.rows, view.value.cols, checkNaN(f(view.value.data), span, name) as Float64Array);
    return checkNaN(f(toReal(x instanceof PVec ? x.toArray() : x, span, name)), span, name);
  };
  return new BorelFn(name, ["x"], (a, span) => one(a[0], span), 1, false, { one });
}

/** Rows and columns of a matrix (of any representation, numericView) or of a vector (n × 1). */
function shape(who: string, x: unknown, span: Span | undefined): [number, number] {
  const view = numericView(x);
  if (view === undefined) throw typeError(span, `${who} needs a matrix or a vector, got ${aTypeName(x)}`, "a matrix is matrix(rows) or an array of equal-length rows of numbers; a vector, an array of numbers");
  return shapeOf(view);
}

/** The squared distances between the points of x (numbers, or vectors of one length), as a flat n×n array. */
function squaredDistances(x: unknown, span: Span | undefined): { n: number; d2: Float64Array } {
  // A matrix (loaded or literal rows) holds one point per row.
  const view = numericView(x);
  const els = view?.kind === "matrix" ? Array.from({ length: view.value.rows }, (_, i) => Array.from(view.value.data.subarray(i * view.value.cols, (i + 1) * view.value.cols)))
    : view?.kind === "vector" && view.value instanceof Float64Array ? Array.from(view.value)
    : x instanceof PVec ? x.toArray() : Array.isArray(x) ? x : undefined;
  if (els === undefined) throw typeError(span, `gp_exp_quad_cov needs the points x as an array of numbers or of vectors, got ${aTypeName(x)}`);
  const pts = els.map((e) => {
    if (typeof e === "number") return [e];
    if (e instanceof Float64Array) return Array.from(e);
    if (Array.isArray(e) && e.every((v) => typeof v === "number")) return e as number[];
    throw typeError(span, `gp_exp_quad_cov: the points x must be data (numbers or vectors of numbers), got ${aTypeName(e)}`);
  });
  const n = pts.length, d2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    if (pts[i].length !== pts[0].length) throw typeError(span, "gp_exp_quad_cov: the points x must all have the same dimension");
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = 0; k < pts[i].length; k++) s += (pts[i][k] - pts[j][k]) ** 2;
      d2[i * n + j] = d2[j * n + i] = s;
    }
  }
  return { n, d2 };
}

/** A square matrix's n rows from its n² entries: a Matrix of numbers, or AD rows (what cholesky and `*` take). */
function squareFrom(flat: Real, n: number): unknown {
  if (flat instanceof Float64Array) return makeMatrix(n, n, flat);
  return makeArray(Array.from({ length: n }, (_, i) => m.slice(flat, i * n, (i + 1) * n)));
}

export function stanBuiltins(budget: Budget): Table {
  const t: Table = {};
  const add = (f: BorelFn) => { t[f.name] = f; };
  add(unary("inv_logit", m.logistic));
  add(unary("log1m", (x) => m.log1p(m.neg(x))));
  add(unary("log1m_exp", log1mExp));
  add(unary("log_inv_logit", m.logLogistic));
  add(unary("log1m_inv_logit", (x) => m.logLogistic(m.neg(x))));
  add(unary("log1p_exp", m.softplus));
  add(unary("cumulative_sum", (x) => m.cumsum(x)));
  add(new BorelFn("log_mix", ["theta", "lp1", "lp2"], (a, span) => {
    const theta = toReal(a[0], span, "log_mix"), lp1 = toReal(a[1], span, "log_mix"), lp2 = toReal(a[2], span, "log_mix");
    if (!isScalar(theta)) throw typeError(span, `log_mix needs a mixing proportion theta (a number in [0, 1]), got ${aTypeName(theta)}`);
    const th = numberOf(theta);
    if (!(th >= 0 && th <= 1)) throw new BorelError("bad-parameter", `log_mix: the mixing proportion theta must be in [0, 1], got ${th}`, { span });
    return checkNaN(logAddExp(m.add(m.log(theta), lp1), m.add(m.log1p(m.neg(theta)), lp2)), span, "log_mix");
  }));
  add(new BorelFn("dot_product", ["a", "b"], (a, span) => checkNaN(m.dot(toReal(a[0], span, "dot_product"), toReal(a[1], span, "dot_product")), span, "dot_product")));
  add(new BorelFn("dot_self", ["x"], (a, span) => { const v = toReal(a[0], span, "dot_self"); return checkNaN(m.dot(v, v), span, "dot_self"); }));
  add(new BorelFn("to_vector", ["xs"], ([xs], span) => {
    // A matrix's entries column by column, as Stan's to_vector; anything else as vector(xs).
    const view = numericView(xs);
    return view !== undefined ? columnMajor(view) : toReal(xs instanceof PVec ? xs.toArray() : xs, span, "to_vector");
  }));
  add(new BorelFn("rep_vector", ["x", "n"], ([x, n], span) => {
    if (!isScalar(x)) throw typeError(span, `rep_vector needs a number to repeat, got ${aTypeName(x)}`);
    if (!isScalar(n) || !Number.isInteger(numberOf(n)) || numberOf(n) < 0) throw typeError(span, `rep_vector needs a non-negative integer length, got ${isScalar(n) ? numberOf(n) : aTypeName(n)}`);
    const k = numberOf(n);
    budget.alloc(k, span, `rep_vector(x, ${k})`);
    return typeof x === "number" ? new Float64Array(k).fill(x) : m.stack(new Array<Scalar>(k).fill(x));
  }));
  add(new BorelFn("gp_exp_quad_cov", ["x", "alpha", "rho"], ([x, alpha, rho], span) => {
    // K[i][j] = alpha² exp(−|x_i − x_j|² / (2 rho²)), Stan's gp_exp_quad_cov (cov_exp_quad).
    if (!isScalar(alpha) || !isScalar(rho)) throw typeError(span, "gp_exp_quad_cov needs numbers alpha (the marginal sd) and rho (the length scale)");
    // A domain error (bad-parameter), as a distribution's: far out in a divergent NUTS trajectory rho can
    // underflow to 0, and the sampler then rejects that point instead of stopping the run.
    if (!(numberOf(alpha) > 0 && numberOf(rho) > 0))
      throw new BorelError("bad-parameter", `gp_exp_quad_cov needs alpha > 0 and rho > 0, got ${numberOf(alpha)} and ${numberOf(rho)}`, { span });
    const { n, d2 } = squaredDistances(x, span);
    budget.alloc(n * n, span, "the covariance matrix");
    const K = m.mul(m.square(alpha), m.exp(m.mul(d2, m.div(-0.5, m.square(rho)))));
    return squareFrom(checkNaN(K, span, "gp_exp_quad_cov"), n);
  }));
  t.cov_exp_quad = new BorelFn("cov_exp_quad", t.gp_exp_quad_cov.params, t.gp_exp_quad_cov.impl);   // Stan's older name
  add(new BorelFn("add_diag", ["K", "d"], ([K, d], span) => {
    // K + diag(d): d one number for every diagonal entry, or a vector of them.
    const view = numericView(K);
    if (view === undefined || view.kind === "vector") throw typeError(span, `add_diag needs a square matrix, got ${aTypeName(K)}`);
    const [n, cols] = shapeOf(view);
    if (cols !== n) throw typeError(span, `add_diag needs a square matrix, got ${n}×${cols}`);
    const dv = toReal(d instanceof PVec ? d.toArray() : d, span, "add_diag");
    if (!isScalar(dv) && m.length(dv) !== n) throw typeError(span, `add_diag: d has ${m.length(dv)} elements for a ${n}×${n} matrix`);
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    const diag = isScalar(dv) ? m.mul(eye, dv) : m.mul(eye, m.concat(Array.from({ length: n }, () => dv)));
    return squareFrom(m.add(entriesOf(view), diag), n);
  }));
  add(new BorelFn("rows", ["M"], ([x], span) => shape("rows", x, span)[0]));
  add(new BorelFn("cols", ["M"], ([x], span) => shape("cols", x, span)[1]));
  return t;
}
