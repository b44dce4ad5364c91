/**
 * Builtins on arrays, vectors, matrices and records: `len range zeros ones fill map fold filter concat
 * append reverse slice sort argmax argmin any all vector matrix transpose cholesky keys`. Higher-order builtins take
 * the function first or last (`map(f, xs)` and `map(xs, f)` both work) and call it through `callFn`, never
 * with a JavaScript `this`. Every builtin that builds a value checks its size against the memory budget first.
 *
 * @example
 * ```ts
 * const b = collectionBuiltins(budget);
 * callFn(b.range, [3], span, budget);            // [0, 1, 2]
 * callFn(b.zeros, [1e12], span, budget);         // BorelError memory-budget
 * ```
 */
import { m } from "../../ad/math.js";
import { Var, type Scalar } from "../../ad/var.js";
import type { Span } from "../../util/errors.js";
import { isGenerativeFunction } from "../../trace/gfi.js";
import { adRows, toReal } from "./arith.js";
import type { Budget } from "./budget.js";
import { BorelFn, callFn, isBorelFn } from "./callable.js";
import { located, typeError } from "./errors.js";
import { choleskyAD } from "../../ad/cholesky.js";
import { entriesOf, numericView, shapeOf } from "./numeric.js";
import { PVec } from "./pvec.js";
import { isMatrix, isRecord, isScalar, makeArray, makeMatrix, numberOf, aTypeName } from "./values.js";

type Table = Record<string, BorelFn>;

/** The elements of an array-like value, as a fresh JS array. */
export function elementsOf(xs: unknown, span: Span | undefined, who: string): unknown[] {
  if (Array.isArray(xs)) return xs.slice();
  if (xs instanceof Float64Array) return Array.from(xs);
  if (xs instanceof Var && xs.xs !== null) return Array.from(xs.xs, (_, i) => m.index(xs, i));
  if (xs instanceof PVec) return xs.toArray();
  if (isMatrix(xs)) return Array.from({ length: xs.rows }, (_, i) => xs.data.slice(i * xs.cols, (i + 1) * xs.cols));
  throw typeError(span, `${who} needs an array or a vector, got ${aTypeName(xs)}`);
}

/** A vector when the input was a vector and every result is a number; an array otherwise. */
function rebuild(input: unknown, out: unknown[]): unknown {
  const wasVector = input instanceof Float64Array || (input instanceof Var && input.xs !== null);
  if (wasVector && out.every(isScalar))
    return out.every((x) => typeof x === "number") ? Float64Array.from(out as number[]) : m.stack(out as Scalar[]);
  return makeArray(out);
}

/** A count argument: a non-negative integer within the memory budget. */
function countArg(who: string, n: unknown, span: Span | undefined, budget: Budget): number {
  if (!isScalar(n) || !Number.isInteger(numberOf(n)) || numberOf(n) < 0)
    throw typeError(span, `${who} needs a non-negative integer length, got ${isScalar(n) ? numberOf(n) : `${aTypeName(n)}`}`);
  budget.alloc(numberOf(n), span, `${who}(${numberOf(n)})`);
  return numberOf(n);
}

/** Splits (f, xs) or (xs, f) arguments of a higher-order builtin. */
function fnAndData(who: string, a: readonly unknown[], span: Span | undefined): [BorelFn, unknown] {
  if (isBorelFn(a[0])) return [a[0], a[a.length - 1]];
  if (isBorelFn(a[a.length - 1])) return [a[a.length - 1] as BorelFn, a[0]];
  const model = a.find((x) => isGenerativeFunction(x)) as { name?: string } | undefined;
  if (model !== undefined)
    throw typeError(span, `${who} needs a function, got the model '${model.name}'`, `a model is not a function: sample it with ~ in a loop of a model body, e.g. for i in 0..len(xs) { z[i] ~ ${model.name}(xs[i]) }`);
  throw typeError(span, `${who} needs a function argument, e.g. ${who}(fn(x) => x + 1, xs)`);
}

export function collectionBuiltins(budget: Budget): Table {
  const t: Table = {};
  const def = (name: string, params: string[], impl: (a: readonly unknown[], span: Span | undefined) => unknown, required = params.length) => {
    // len is constant work whatever its argument's size: it does not count the argument's elements.
    t[name] = new BorelFn(name, params, impl, required, false, undefined, name !== "len");
  };
  def("len", ["xs"], ([xs], span) => {
    if (typeof xs === "string" || Array.isArray(xs) || xs instanceof Float64Array || xs instanceof PVec) return xs.length;
    if (xs instanceof Var && xs.xs !== null) return xs.xs.length;
    if (isMatrix(xs)) return xs.rows;
    if (isRecord(xs)) return Object.keys(xs).length;
    throw typeError(span, `len needs an array, vector, matrix, string or record, got ${aTypeName(xs)}`);
  });
  def("range", ["a", "b"], (a, span) => {
    const [lo, hi] = a.length === 1 ? [0, a[0]] : [a[0], a[1]];
    if (!isScalar(lo) || !isScalar(hi) || !Number.isInteger(numberOf(lo)) || !Number.isInteger(numberOf(hi)))
      throw typeError(span, "range needs integer bounds: range(n) or range(a, b)");
    const n = Math.max(0, numberOf(hi) - numberOf(lo));
    budget.alloc(n, span, `range(${numberOf(lo)}, ${numberOf(hi)})`);
    return makeArray(Array.from({ length: n }, (_, i) => numberOf(lo) + i));
  }, 1);
  def("zeros", ["n"], ([n], span) => new Float64Array(countArg("zeros", n, span, budget)));
  def("ones", ["n"], ([n], span) => new Float64Array(countArg("ones", n, span, budget)).fill(1));
  def("fill", ["n", "value"], ([n, v], span) => makeArray(new Array(countArg("fill", n, span, budget)).fill(v)));
  def("map", ["f", "xs"], (a, span) => {
    const [f, xs] = fnAndData("map", a, span), els = elementsOf(xs, span, "map");
    budget.alloc(els.length, span, "the result of map");
    return rebuild(xs, els.map((x) => callFn(f, [x], span, budget)));
  });
  def("filter", ["f", "xs"], (a, span) => {
    const [f, xs] = fnAndData("filter", a, span);
    return rebuild(xs, elementsOf(xs, span, "filter").filter((x) => {
      const keep = callFn(f, [x], span, budget);
      if (typeof keep !== "boolean")
        throw typeError(span, `the function given to filter must return a boolean, got ${aTypeName(keep)}`,
          keep === 0 || keep === 1 ? "a vector holds numbers (iid(bernoulli(p), n) draws 0/1): compare, e.g. filter(fn(x) => x == 1, v)" : undefined);
      return keep;
    }));
  });
  def("fold", ["f", "init", "xs"], (a, span) => {
    const [f, xs] = fnAndData("fold", a, span);
    let acc = a[1];
    for (const x of elementsOf(xs, span, "fold")) acc = callFn(f, [acc, x], span, budget);
    return acc;
  });
  def("concat", ["a", "b"], ([x, y], span) => {
    if (typeof x === "string" && typeof y === "string") { budget.alloc(x.length + y.length, span, "the joined string"); return x + y; }
    // One string and something else: the other is the mistake (concat joins two strings, or two arrays).
    if (typeof x === "string" || typeof y === "string")
      throw typeError(span, `concat joins two strings or two arrays, got ${aTypeName(x)} and ${aTypeName(y)}`, "join a string and a number with +: \"n = \" + n");
    const xs = elementsOf(x, span, "concat"), ys = elementsOf(y, span, "concat");
    budget.alloc(xs.length + ys.length, span, "the result of concat");
    const vec = (v: unknown) => v instanceof Float64Array || (v instanceof Var && v.xs !== null);
    if (vec(x) && vec(y)) return m.concat([toReal(x, span, "concat"), toReal(y, span, "concat")]);
    return makeArray(xs.concat(ys));
  });
  def("append", ["xs", "x"], ([xs, x], span) => {
    const els = elementsOf(xs, span, "append");
    budget.alloc(els.length + 1, span, "the result of append");
    els.push(x);
    return rebuild(xs, els);
  });
  def("reverse", ["xs"], ([xs], span) => rebuild(xs, elementsOf(xs, span, "reverse").reverse()));
  def("slice", ["xs", "start", "end"], (a, span) => {
    const els = elementsOf(a[0], span, "slice");
    const s = a[1] === undefined ? 0 : numberOf(a[1] as Scalar), e = a[2] === undefined ? els.length : numberOf(a[2] as Scalar);
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > els.length || s > e)
      throw typeError(span, `slice(${s}, ${e}) is out of bounds for length ${els.length}`);
    return rebuild(a[0], els.slice(s, e));
  }, 2);
  def("sort", ["xs"], ([xs], span) => {
    const els = elementsOf(xs, span, "sort");
    if (els.every((x) => typeof x === "number")) return rebuild(xs, (els as number[]).sort((p, q) => p - q));
    if (els.every((x) => typeof x === "string")) return makeArray((els as string[]).sort());
    throw typeError(span, "sort needs plain numbers or strings");
  });
  for (const [name, better] of [["argmax", (p: number, q: number) => p > q], ["argmin", (p: number, q: number) => p < q]] as const)
    def(name, ["xs"], ([xs], span) => {
      const els = elementsOf(xs, span, name).map((x) => (isScalar(x) ? numberOf(x) : NaN));
      if (els.length === 0 || els.some((x) => x !== x)) throw typeError(span, `${name} needs a non-empty vector of numbers`);
      let best = 0;
      for (let i = 1; i < els.length; i++) if (better(els[i], els[best])) best = i;
      return best;
    });
  for (const name of ["any", "all"] as const)
    def(name, ["xs"], ([xs], span) => {
      const els = elementsOf(xs, span, name);
      if (!els.every((x) => typeof x === "boolean")) throw typeError(span, `${name} needs an array of booleans`);
      return name === "any" ? els.some((x) => x) : els.every((x) => x);
    });
  def("vector", ["xs"], ([xs], span) => toReal(xs instanceof PVec ? xs.toArray() : xs, span, "vector"));
  def("matrix", ["rows"], ([rows], span) => {
    // Entries that are AD values (random choices, in a gradient run) stay rows: `*` multiplies them by a
    // vector row by row (arith.ts adRows); a Matrix holds constants and would drop their gradient.
    const els = elementsOf(rows, span, "matrix"), ad = adRows(els);
    if (ad !== undefined) return makeArray(ad);
    const rs = els.map((r) => m.value(toReal(r, span, "matrix")));
    const cols = rs.length === 0 ? 0 : (rs[0] as Float64Array).length;
    if (rs.some((r) => typeof r === "number" || r.length !== cols)) throw typeError(span, "matrix needs rows of equal length (vectors or arrays of numbers)");
    budget.alloc(rs.length * cols, span, "the matrix");
    const data = new Float64Array(rs.length * cols);
    rs.forEach((r, i) => data.set(r as Float64Array, i * cols));
    return makeMatrix(rs.length, cols, data);
  });
  def("transpose", ["M"], ([arg], span) => {
    const view = numericView(arg);
    if (view?.kind === "rows") { const ad = view.value; return makeArray(Array.from({ length: m.length(ad[0]!) }, (_, j) => m.stack(ad.map((r) => m.index(r, j) as Scalar)))); }
    if (view?.kind !== "matrix") throw typeError(span, `transpose needs a matrix, got ${aTypeName(arg)}`, "a matrix is matrix(rows) or an array of equal-length rows of numbers");
    const M = view.value;
    const out = new Float64Array(M.data.length);
    for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out[j * M.rows + i] = M.data[i * M.cols + j];
    return makeMatrix(M.cols, M.rows, out);
  });
  def("cholesky", ["M"], ([arg], span) => {
    // The lower factor L (L Lᵀ = M) of a symmetric positive-definite matrix; of random entries (AD rows),
    // an AD factor whose rows `L * z` multiplies (a non-centred GP: f = cholesky(K) * z).
    const view = numericView(arg);
    if (view === undefined || view.kind === "vector") throw typeError(span, `cholesky needs a matrix, got ${aTypeName(arg)}`, "a matrix is matrix(rows) or an array of equal-length rows of numbers");
    const [n, cols] = shapeOf(view), flat = entriesOf(view);
    if (cols !== n) throw typeError(span, `cholesky needs a square matrix, got ${n} rows of ${cols}`);
    const a = m.value(flat) as Float64Array;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++)
        if (Math.abs(a[i * n + j] - a[j * n + i]) > 1e-8 * Math.max(1, Math.abs(a[i * n + j])))
          throw typeError(span, `cholesky needs a symmetric matrix, got ${a[j * n + i]} at (${j}, ${i}) and ${a[i * n + j]} at (${i}, ${j})`);
    budget.alloc(n * n, span, "the Cholesky factor");
    let L;
    try {
      L = choleskyAD(flat, n);
    } catch (e) {
      throw located(e, span);
    }
    return L instanceof Var ? makeArray(Array.from({ length: n }, (_, i) => m.slice(L, i * n, (i + 1) * n))) : makeMatrix(n, n, L as Float64Array);
  });
  def("keys", ["r"], ([r], span) => {
    if (!isRecord(r)) throw typeError(span, `keys needs a record, got ${aTypeName(r)}`);
    return makeArray(Object.keys(r));
  });
  return t;
}
