/**
 * Numeric builtins: elementwise functions (`exp log sqrt abs logistic logit ...`) on numbers, vectors, arrays
 * of numbers and AD values, through `m` of src/ad so gradients flow; reductions (`sum mean min max dot
 * log_sum_exp ...`). A NaN result is a located error naming the function ("log produced NaN").
 *
 * @example
 * ```ts
 * const b = mathBuiltins();
 * callFn(b.exp, [0], span, budget);                          // 1
 * callFn(b.sum, [new Float64Array([1, 2, 3])], span, budget); // 6
 * ```
 */
import { m } from "../../ad/math.js";
import { Var, type Real, type Scalar } from "../../ad/var.js";
import type { Span } from "../../util/errors.js";
import { checkNaN, toReal, vectorLength } from "./arith.js";
import { BorelFn } from "./callable.js";
import { typeError } from "./errors.js";
import { entriesOf, numericView } from "./numeric.js";
import { PVec } from "./pvec.js";
import { logAddExp } from "./builtins-stan.js";
import { isMatrix, isScalar, isVectorLike, makeMatrix, rowsAsMatrix, aTypeName, typeName, type BorelMatrix } from "./values.js";

type Table = Record<string, BorelFn>;

/** A matrix (or an array of equal-length numeric rows) with `f` applied to its entries, or undefined. */
function overMatrix(x: unknown, f: (data: Float64Array) => Float64Array): BorelMatrix | undefined {
  const M = isMatrix(x) ? x : rowsAsMatrix(x);
  return M === undefined ? undefined : makeMatrix(M.rows, M.cols, f(M.data));
}

/** A one-argument elementwise function (entry by entry on matrices too). */
function unary(name: string, f: (x: Real) => Real): BorelFn {
  const one = (x: unknown, span: Span | undefined) => {
    const M = overMatrix(x, (d) => checkNaN(f(d), span, name) as Float64Array);
    return M ?? checkNaN(f(toReal(x, span, name)), span, name);
  };
  return new BorelFn(name, ["x"], (a, span) => one(a[0], span), 1, false, { one });
}

/** Elementwise on plain values only (floor, ceil, round): AD values are read by their value. */
function plainUnary(name: string, f: (x: number) => number): BorelFn {
  return new BorelFn(name, ["x"], (a, span) => {
    const M = overMatrix(a[0], (d) => d.map(f));
    if (M !== undefined) return M;
    const v = m.value(toReal(a[0], span, name));
    return typeof v === "number" ? f(v) : v.map(f);
  });
}

/** A vector (plain or AD) from a value that should hold several numbers. */
function vectorArg(name: string, x: unknown, span: Span | undefined): Real {
  // A matrix's entries, row by row (sum(M), mean(M), max(M)).
  const view = numericView(x);
  if (view !== undefined) return entriesOf(view);
  // Not numbers: toReal says what is wrong with them.
  const r = toReal(x, span, name);
  if (typeof r === "number" || (r instanceof Var && r.xs === null)) throw typeError(span, `${name} needs a vector or an array of numbers, got a number`);
  return r;
}

/** min/max: of two values elementwise, of several scalars, or of one vector's elements. */
function extremum(name: "min" | "max"): BorelFn {
  const pick2 = name === "min" ? m.min : m.max;
  return new BorelFn(name, ["a", "b"], (a, span) => {
    if (a.length === 1) {
      const v = vectorArg(name, a[0], span), xs = m.value(v) as Float64Array;
      if (xs.length === 0) throw typeError(span, `${name} of an empty vector`);
      let best = 0;
      for (let i = 1; i < xs.length; i++) if (name === "min" ? xs[i] < xs[best] : xs[i] > xs[best]) best = i;
      return v instanceof Var ? m.index(v, best) : xs[best];
    }
    let acc = toReal(a[0], span, name);
    for (let i = 1; i < a.length; i++) acc = pick2(acc, toReal(a[i], span, name));
    return checkNaN(acc, span, name);
  }, 1, true);
}

export function mathBuiltins(): Table {
  const t: Table = {};
  const add = (f: BorelFn) => { t[f.name] = f; };
  add(unary("exp", m.exp));
  add(unary("log", m.log));
  add(unary("log1p", m.log1p));
  add(unary("expm1", m.expm1));
  add(unary("sqrt", m.sqrt));
  add(unary("abs", m.abs));
  add(unary("square", m.square));
  add(unary("sin", m.sin));
  add(unary("cos", m.cos));
  add(unary("tanh", m.tanh));
  add(unary("logistic", m.logistic));
  add(unary("logit", m.logit));
  add(unary("softplus", m.softplus));
  add(unary("lgamma", m.lgamma));
  add(unary("digamma", m.digamma));
  add(unary("erf", m.erf));
  add(unary("normal_cdf", m.normalCdf));
  add(unary("softmax", (x) => m.softmax(x)));
  add(unary("log_softmax", (x) => m.logSoftmax(x)));
  add(unary("cumsum", (x) => m.cumsum(x)));
  add(plainUnary("floor", Math.floor));
  add(plainUnary("ceil", Math.ceil));
  // Halves away from zero, as C's and Stan's round: round(−2.5) = −3, as round(2.5) = 3 (Math.round gives −2).
  add(plainUnary("round", (x) => (x < 0 ? -Math.round(-x) || 0 : Math.round(x))));
  add(new BorelFn("pow", ["x", "y"], (a, span) => checkNaN(m.pow(toReal(a[0], span, "pow"), toReal(a[1], span, "pow")), span, "pow")));
  add(extremum("min"));
  add(extremum("max"));
  add(new BorelFn("sum", ["xs"], (a, span) => {
    if (isScalar(a[0])) return a[0];
    return checkNaN(m.sum(vectorArg("sum", a[0], span)), span, "sum");
  }));
  add(new BorelFn("mean", ["xs"], (a, span) => {
    const v = vectorArg("mean", a[0], span);
    if (vectorLength(v) === 0) throw typeError(span, "mean of an empty vector");
    return checkNaN(m.mean(v), span, "mean");
  }));
  add(new BorelFn("dot", ["a", "b"], (a, span) => checkNaN(m.dot(vectorArg("dot", a[0], span), vectorArg("dot", a[1], span)), span, "dot")));
  add(new BorelFn("log_sum_exp", ["xs"], (a, span) => {
    if (a.length === 1) return checkNaN(m.logSumExp(vectorArg("log_sum_exp", a[0], span)), span, "log_sum_exp");
    if (a.every(isScalar)) return checkNaN(m.logSumExp(m.stack(a as Scalar[])), span, "log_sum_exp");
    // Of several vectors (or vectors and numbers): elementwise, as numpy's logaddexp.
    const parts = a.map((x) => (isScalar(x) || isVectorLike(x) ? x : toReal(x instanceof PVec ? x.toArray() : x, span, "log_sum_exp")));
    return checkNaN(parts.slice(1).reduce(logAddExp, parts[0]), span, "log_sum_exp");
  }, 1, true));
  add(new BorelFn("variance", ["xs"], (a, span) => variance(vectorArg("variance", a[0], span), span)));
  add(new BorelFn("sd", ["xs"], (a, span) => checkNaN(m.sqrt(variance(vectorArg("sd", a[0], span), span)), span, "sd")));
  return t;
}

/** Sample variance (n − 1 denominator). */
function variance(v: Real, span: Span | undefined): Real {
  const n = vectorLength(v);
  if (n < 2) throw typeError(span, "variance needs at least 2 values");
  const d = m.sub(v, m.mean(v));
  return checkNaN(m.div(m.sum(m.mul(d, d)), n - 1), span, "variance");
}
