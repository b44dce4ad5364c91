/**
 * The arithmetic of Borel: `+ - * / %`, unary `-` and `!`, comparisons and equality, with a fast path for
 * plain numbers and everything else through `src/ad` (`m.add`, ...) so one program serves plain runs and
 * gradient runs (AD values). Scalars broadcast over vectors; arrays of numbers act as vectors; a matrix times
 * a vector is the matrix–vector product; `+` joins strings. Every error names the operator and the operand
 * types and carries the span of the expression; a NaN result is an error where it arises.
 *
 * @example
 * ```ts
 * const ops = operators(new Budget());
 * ops.add(1, 2, span);                            // 3
 * ops.mul(2, new Float64Array([1, 2]), span);     // Float64Array [2, 4]
 * ops.add("a", {}, span);                         // BorelError: `+` needs numbers, vectors or strings ...
 * ```
 */
import { m } from "../../ad/math.js";
import { Var, type Real, type Scalar } from "../../ad/var.js";
import { BorelError, type Span } from "../../util/errors.js";
import type { Budget } from "./budget.js";
import { located, nanError, typeError } from "./errors.js";
import { matrixArith, type ArithOp } from "./matrix-ops.js";

export type { ArithOp };
import { isMatrix, isRecord, isScalar, numberOf, rowsAsMatrix, aTypeName, typeName } from "./values.js";

/** Booleans (bernoulli values) are not numbers: how to make one. */
const BOOLEAN_HINT = "a boolean (a bernoulli value) is not a number: write if b { 1 } else { 0 }, or count the true ones with len(filter(fn(b) => b, bs))";

/** A matrix where numbers or vectors belong. */
const MATRIX_HINT = "this takes numbers or vectors, not a matrix: to_vector(M) lists a matrix's entries column by column, M[i] is its row i";

/** A number, vector or AD value from a Borel value (arrays of numbers become vectors), or a type error. */
export function toReal(x: unknown, span: Span | undefined, what: string): Real {
  if (typeof x === "number" || x instanceof Float64Array || x instanceof Var) return x;
  if (Array.isArray(x)) {
    let plain = true;
    for (const e of x) {
      if (typeof e === "number") continue;
      if (e instanceof Var && e.xs === null) { plain = false; continue; }
      const M = rowsAsMatrix(x);
      if (M !== undefined) throw typeError(span, `${what} needs numbers or vectors, got ${aTypeName(M)} (an array of rows)`, MATRIX_HINT);
      // A hole: a choice family with gaps (x[0] and x[2] sampled, not x[1]) or an unset array element.
      if (e === undefined) {
        const at = x.findIndex((v) => v === undefined);
        throw typeError(span, `${what} needs numbers or vectors, got an array with no value at index ${at}`,
          "a family of choices x[i] ~ ... has a gap where no x[i] was sampled: sample every index from 0, or sum the values you made");
      }
      throw typeError(span, `${what} needs numbers or vectors, got an array containing ${aTypeName(e)}`,
        Array.isArray(e) || e instanceof Float64Array ? "rows of equal length make a matrix (matrix(rows)); ragged or non-numeric rows do not"
        : typeof e === "boolean" ? BOOLEAN_HINT : undefined);
    }
    return plain ? Float64Array.from(x as number[]) : m.stack(x as (number | Var)[]);
  }
  throw typeError(span, `${what} needs numbers or vectors, got ${aTypeName(x)}`, typeof x === "boolean" ? BOOLEAN_HINT : isMatrix(x) ? MATRIX_HINT : undefined);
}

/**
 * The rows of an array of equal-length rows (arrays or vectors) of numbers and AD scalars with at least one AD
 * value — what `matrix(rows)` and `[[a, b], [c, d]]` give when entries depend on random choices in a gradient
 * run (plain rows are a `Matrix`, values.ts `rowsAsMatrix`) — or undefined.
 */
export function adRows(x: unknown): Real[] | undefined {
  if (!Array.isArray(x) || x.length === 0) return undefined;
  let cols = -1, ad = false;
  for (const r of x as unknown[]) {
    let n: number;
    if (r instanceof Var && r.xs !== null) { n = r.xs.length; ad = true; }
    else if (r instanceof Float64Array) n = r.length;
    else if (Array.isArray(r)) {
      n = r.length;
      for (const e of r) {
        if (e instanceof Var && e.xs === null) ad = true;
        else if (typeof e !== "number") return undefined;
      }
    } else return undefined;
    if (cols !== -1 && n !== cols) return undefined;
    cols = n;
  }
  return ad ? (x as unknown[]).map((r) => (Array.isArray(r) ? toReal(r, undefined, "matrix") : (r as Real))) : undefined;
}

/** M · v for AD rows: one dot product per row, stacked. */
function rowsTimesVector(rows: Real[], b: unknown, span: Span | undefined): Real {
  const v = toReal(b, span, "'*'"), cols = m.length(rows[0]);
  if (m.length(v) !== cols) throw typeError(span, `'*' of a ${rows.length}×${cols} matrix and ${aTypeName(b)}: sizes differ`, "M * v needs a vector with one element per column of M");
  try {
    return m.stack(rows.map((r) => m.dot(r, v) as Scalar));
  } catch (e) {
    throw located(e, span);
  }
}

/** A number, a plain vector or an AD value (what src/ad's arithmetic takes as it is). */
function isReal(x: unknown): x is Real {
  return typeof x === "number" || x instanceof Var || x instanceof Float64Array;
}

/** Throws a located NaN error when `r` (a number, vector or AD value) holds a NaN. */
export function checkNaN<T>(r: T, span: Span | undefined, what: string): T {
  if (typeof r === "number") { if (r !== r) throw nanError(span, what); return r; }
  let xs: Float64Array | null = null;
  if (r instanceof Var) {
    if (r.xs === null) { if (r.x !== r.x) throw nanError(span, what); return r; }
    xs = r.xs;
  } else if (r instanceof Float64Array) xs = r;
  if (xs !== null) {
    // One pass with a sum (NaN propagates; ∞ − ∞ also gives NaN, so look closer before reporting).
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i] * 0;
    if (s !== s) for (let i = 0; i < xs.length; i++) if (xs[i] !== xs[i]) throw nanError(span, `${what} (element ${i})`);
  }
  return r;
}

const AD_OP = { "+": m.add, "-": m.sub, "*": m.mul, "/": m.div } as const;

/** A located error for two vectors of different lengths combined elementwise by `op` (before src/ad names its internals). */
function checkLengths(op: string, x: Real, y: Real, span: Span | undefined): void {
  const lx = vectorLength(x), ly = vectorLength(y);
  if (lx !== -1 && ly !== -1 && lx !== ly)
    throw typeError(span, `'${op}' of a vector of length ${lx} and a vector of length ${ly}: the lengths differ`,
      "vectors combine elementwise only when their lengths are equal; a number combines with any vector");
}

/** The length of a plain or AD vector, −1 for a scalar. */
export function vectorLength(x: Real): number {
  return x instanceof Float64Array ? x.length : x instanceof Var && x.xs !== null ? x.xs.length : -1;
}

/** The NaN error of `%`, whose usual cause is a zero divisor. */
function modNaN(span: Span | undefined, message = "'%' produced NaN"): BorelError {
  return new BorelError("nan", message, { span, hint: "x % 0 has no value (nor has ±Infinity % y): check the divisor" });
}

/** `f` elementwise over plain numbers and vectors of one length, a number broadcasting. */
function plainElementwise(x: number | Float64Array, y: number | Float64Array, f: (a: number, b: number) => number): number | Float64Array {
  if (typeof x === "number" && typeof y === "number") return f(x, y);
  const n = typeof x === "number" ? (y as Float64Array).length : x.length, out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(typeof x === "number" ? x : x[i]!, typeof y === "number" ? y : y[i]!);
  return out;
}

const remainder = (a: number, b: number): number => a % b;

/**
 * `x % y` (JavaScript's remainder, with the sign of x) of numbers, vectors and AD values. An AD value's
 * remainder is x − q·y with the integer quotient q = trunc(x / y) held constant (it is piecewise constant),
 * so the derivatives are 1 in x and −q in y, exact wherever the remainder is differentiable.
 */
function modReal(x: Real, y: Real): Real {
  const vx = m.value(x) as number | Float64Array, vy = m.value(y) as number | Float64Array;
  const r = plainElementwise(vx, vy, remainder);
  if (!(x instanceof Var) && !(y instanceof Var)) return r;
  // A constant y: x minus the constant that % removes, vx − r (0 for y = ±∞, where x − q·y would be NaN).
  if (!(y instanceof Var)) return m.sub(x, plainElementwise(vx, r, (a, b) => a - b));
  return m.sub(x, m.mul(y, plainElementwise(vx, vy, (a, b) => Math.trunc(a / b))));
}

export interface Operators {
  add(a: unknown, b: unknown, span?: Span): unknown;
  sub(a: unknown, b: unknown, span?: Span): unknown;
  mul(a: unknown, b: unknown, span?: Span): unknown;
  div(a: unknown, b: unknown, span?: Span): unknown;
  mod(a: unknown, b: unknown, span?: Span): unknown;
  neg(a: unknown, span?: Span): unknown;
  not(a: unknown, span?: Span): boolean;
  lt(a: unknown, b: unknown, span?: Span): boolean;
  le(a: unknown, b: unknown, span?: Span): boolean;
  gt(a: unknown, b: unknown, span?: Span): boolean;
  ge(a: unknown, b: unknown, span?: Span): boolean;
  eq(a: unknown, b: unknown): boolean;
  ne(a: unknown, b: unknown): boolean;
  /** A condition (`if`, `&&`, `||`): must be a boolean. */
  bool(a: unknown, span: Span | undefined, what: string): boolean;
}

/** The operators of one program, checking string lengths against its budget. */
export function operators(budget: Budget): Operators {
  function slow(op: ArithOp, a: unknown, b: unknown, span: Span | undefined): unknown {
    // Numbers, vectors and AD values (gradient runs) go straight to src/ad.
    if (isReal(a) && isReal(b)) {
      checkLengths(op, a, b, span);
      let r: Real;
      try {
        r = AD_OP[op](a, b);
      } catch (e) {
        throw located(e, span);
      }
      budget.work(r, span);
      return checkNaN(r, span, `'${op}'`);
    }
    if (op === "+" && (typeof a === "string" || typeof b === "string")) return joinStrings(a, b, span);
    // An array of equal-length numeric rows (a literal [[1, 2], [3, 4]] or JSON data) is the matrix it spells,
    // also next to a `matrix(...)` value (M * [[1, 0], [0, 1]]).
    const ma = isMatrix(a) ? a : rowsAsMatrix(a), mb = isMatrix(b) ? b : rowsAsMatrix(b);
    if (ma !== undefined || mb !== undefined) return matrixArith(op, ma ?? a, mb ?? b, span, budget);
    // Rows with AD entries (a matrix built from random choices, in a gradient run): M * v, row by row.
    const rows = op === "*" ? adRows(a) : undefined;
    if (rows !== undefined) return checkNaN(rowsTimesVector(rows, b, span), span, "'*'");
    const x = toReal(a, span, `'${op}'`), y = toReal(b, span, `'${op}'`);
    checkLengths(op, x, y, span);
    let r: Real;
    try {
      r = AD_OP[op](x, y);
    } catch (e) {
      throw located(e, span);
    }
    budget.work(r, span);
    return checkNaN(r, span, `'${op}'`);
  }

  function joinStrings(a: unknown, b: unknown, span: Span | undefined): string {
    const ok = (x: unknown) => typeof x === "string" || typeof x === "number" || typeof x === "boolean";
    if (!ok(a) || !ok(b)) throw typeError(span, `'+' joins strings with strings, numbers or booleans, got ${aTypeName(a)} and ${aTypeName(b)}`);
    const sa = String(a), sb = String(b);
    budget.alloc(sa.length + sb.length, span, "the joined string");
    return sa + sb;
  }

  function compare(op: string, a: unknown, b: unknown, span: Span | undefined): [number, number] | [string, string] {
    if (isScalar(a) && isScalar(b)) return [numberOf(a), numberOf(b)];
    if (typeof a === "string" && typeof b === "string") return [a, b];
    throw typeError(span, `'${op}' compares two numbers or two strings, got ${aTypeName(a)} and ${aTypeName(b)}`,
      a instanceof Float64Array || b instanceof Float64Array ? "compare elements: v[i] < w[i]" : undefined);
  }

  return {
    add: (a, b, span) => {
      if (typeof a === "number" && typeof b === "number") { const r = a + b; if (r !== r) throw nanError(span, "'+'"); return r; }
      return slow("+", a, b, span);
    },
    sub: (a, b, span) => {
      if (typeof a === "number" && typeof b === "number") { const r = a - b; if (r !== r) throw nanError(span, "'-'"); return r; }
      return slow("-", a, b, span);
    },
    mul: (a, b, span) => {
      if (typeof a === "number" && typeof b === "number") { const r = a * b; if (r !== r) throw nanError(span, "'*'"); return r; }
      return slow("*", a, b, span);
    },
    div: (a, b, span) => {
      if (typeof a === "number" && typeof b === "number") { const r = a / b; if (r !== r) throw nanError(span, "'/'"); return r; }
      return slow("/", a, b, span);
    },
    mod: (a, b, span) => {
      if (typeof a === "number" && typeof b === "number") { const r = a % b; if (r !== r) throw modNaN(span); return r; }
      // Elementwise with broadcasting, as + - * /; arrays of numbers are vectors. (Not defined for matrices.)
      const x = toReal(a, span, "'%'"), y = toReal(b, span, "'%'");
      checkLengths("%", x, y, span);
      const r = modReal(x, y);
      budget.work(r, span);
      try {
        return checkNaN(r, span, "'%'");
      } catch (e) {
        throw modNaN(span, (e as BorelError).message);
      }
    },
    neg: (a, span) => {
      if (typeof a === "number") return -a;
      const ma = isMatrix(a) ? a : rowsAsMatrix(a);
      if (ma !== undefined) return matrixArith("*", ma, -1, span, budget);
      return m.neg(toReal(a, span, "unary '-'"));
    },
    not: (a, span) => {
      if (typeof a !== "boolean") throw typeError(span, `'!' needs a boolean, got ${aTypeName(a)}`);
      return !a;
    },
    lt: (a, b, span) => { if (typeof a === "number" && typeof b === "number") return a < b; const [x, y] = compare("<", a, b, span); return x < y; },
    le: (a, b, span) => { if (typeof a === "number" && typeof b === "number") return a <= b; const [x, y] = compare("<=", a, b, span); return x <= y; },
    gt: (a, b, span) => { if (typeof a === "number" && typeof b === "number") return a > b; const [x, y] = compare(">", a, b, span); return x > y; },
    ge: (a, b, span) => { if (typeof a === "number" && typeof b === "number") return a >= b; const [x, y] = compare(">=", a, b, span); return x >= y; },
    eq: (a, b) => equal(a, b),
    ne: (a, b) => !equal(a, b),
    bool: (a, span, what) => {
      if (typeof a !== "boolean") throw typeError(span, `${what} must be a boolean, got ${aTypeName(a)}`, typeof a === "number" ? "compare explicitly, e.g. x != 0" : undefined);
      return a;
    },
  };
}

/**
 * Structural equality: numbers by value (AD values by their value), a boolean as 1 or 0, arrays, vectors,
 * records, matrices elementwise.
 */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isScalar(a) && isScalar(b)) return numberOf(a) === numberOf(b);
  // A boolean equals 1 or 0 (bernoulli values are booleans, and 0/1 are accepted for them: z[i] == 1).
  if (typeof a === "boolean" && isScalar(b)) return (a ? 1 : 0) === numberOf(b);
  if (typeof b === "boolean" && isScalar(a)) return (b ? 1 : 0) === numberOf(a);
  const va = a instanceof Var ? a.xs : a, vb = b instanceof Var ? b.xs : b;
  if ((va instanceof Float64Array || Array.isArray(va)) && (vb instanceof Float64Array || Array.isArray(vb))) {
    if (va.length !== vb.length) return false;
    for (let i = 0; i < va.length; i++) if (!equal(va[i], vb[i])) return false;
    return true;
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  // A matrix equals the array of rows that spells it (matrix(M) == M).
  const ma = isMatrix(a) ? a : isMatrix(b) ? rowsAsMatrix(a) : undefined;
  const mb = isMatrix(b) ? b : isMatrix(a) ? rowsAsMatrix(b) : undefined;
  if (ma !== undefined && mb !== undefined) return ma.rows === mb.rows && ma.cols === mb.cols && equal(ma.data, mb.data);
  return false;
}
