/**
 * Elementwise operations with broadcasting, for scalars and vectors, constants and AD values.
 *
 * A unary operation is `{f, df}` with `df(x, y)` the derivative given input x and output y; a binary one is
 * `{f, da, db}`. Shapes broadcast NumPy-style in one dimension: scalar ⊕ vector → vector; two vectors must
 * have the same length (a `BorelError` names the operation and both lengths otherwise). With only constant
 * inputs no node is recorded and a plain number or Float64Array comes back.
 */
import { BorelError } from "../util/errors.js";
import { Var, vectorFor, type Real, type Tape } from "./var.js";

export interface UnaryOp {
  name: string;
  f: (x: number) => number;
  /** d f / d x at x, given y = f(x). */
  df: (x: number, y: number) => number;
}

export interface BinaryOp {
  name: string;
  f: (a: number, b: number) => number;
  da: (a: number, b: number, y: number) => number;
  db: (a: number, b: number, y: number) => number;
}

// ---- unary ---------------------------------------------------------------------------------------------

function backUnaryScalar(n: Var): void {
  const a = n.a as Var;
  a.g += n.g * (n.aux as UnaryOp).df(a.x, n.x);
}

function backUnaryVector(n: Var): void {
  const a = n.a as Var, op = n.aux as UnaryOp;
  const xs = a.xs as Float64Array, ys = n.xs as Float64Array, g = n.gs as Float64Array, ga = a.gradVector();
  for (let i = 0; i < xs.length; i++) ga[i] += g[i] * op.df(xs[i], ys[i]);
}

/** Applies a unary elementwise operation. */
export function applyUnary(op: UnaryOp, a: Real): Real {
  if (typeof a === "number") return op.f(a);
  if (a instanceof Float64Array) return a.map(op.f);
  if (!(a instanceof Var)) throw badOperand(op.name, a);
  if (a.xs === null) return new Var(a.tape, op.f(a.x), null, backUnaryScalar, a, null, op);
  const xs = a.xs, ys = a.tape.alloc(xs.length);
  for (let i = 0; i < xs.length; i++) ys[i] = op.f(xs[i]);
  return new Var(a.tape, 0, ys, backUnaryVector, a, null, op);
}

// ---- binary --------------------------------------------------------------------------------------------

/** Length of the broadcast result, or -1 for a scalar result. */
export function broadcastLength(opName: string, a: Real, b: Real): number {
  const la = lengthOf(a, opName), lb = lengthOf(b, opName);
  if (la === -1) return lb;
  if (lb === -1 || la === lb) return la;
  throw new BorelError("shape", `${opName}: cannot broadcast a vector of length ${la} with a vector of length ${lb}`, {
    hint: "vectors combine elementwise only when their lengths are equal; a scalar combines with any vector",
  });
}

/** -1 for a scalar, else the vector length; anything but a number, Float64Array or AD value is an error. */
export function lengthOf(x: Real, opName?: string): number {
  if (typeof x === "number") return -1;
  if (x instanceof Float64Array) return x.length;
  if (x instanceof Var) return x.xs === null ? -1 : x.xs.length;
  throw badOperand(opName, x);
}

/**
 * The error for an operand that is not a number, a Float64Array or an AD value (a JS array, a string,
 * undefined): the operations read it as an AD value and failed with a TypeError inside the model.
 */
export function badOperand(opName: string | undefined, x: unknown): BorelError {
  const what = Array.isArray(x) ? `a JS array (length ${x.length})` : typeof x === "string" ? `the string ${JSON.stringify(x)}` : x === null || x === undefined ? String(x) : `a ${typeof x}`;
  return new BorelError("bad-operand", `${opName ?? "math"}: an operand is ${what}, not a number, a Float64Array or an AD value`, {
    hint: Array.isArray(x) ? "vectors are Float64Arrays: convert the data once, before the model (Float64Array.from(xs))" : "check the value passed to the math function (t.m...)",
  });
}

/** Value of element i of a broadcastable operand. */
export function elem(x: number | Float64Array, i: number): number {
  return typeof x === "number" ? x : x[i];
}

/** Plain value of an operand (number or Float64Array). */
export function plain(x: Real): number | Float64Array {
  return x instanceof Var ? (x.xs === null ? x.x : x.xs) : x;
}

interface BinaryAux {
  op: BinaryOp;
  av: number | Float64Array;
  bv: number | Float64Array;
}

function backBinaryScalar(n: Var): void {
  const { op, av, bv } = n.aux as BinaryAux;
  const a = av as number, b = bv as number;
  if (n.a) n.a.g += n.g * op.da(a, b, n.x);
  if (n.b) n.b.g += n.g * op.db(a, b, n.x);
}

function backBinaryVector(n: Var): void {
  const { op, av, bv } = n.aux as BinaryAux;
  const g = n.gs as Float64Array, ys = n.xs as Float64Array;
  accumulate(n.a, g, (i) => op.da(elem(av, i), elem(bv, i), ys[i]));
  accumulate(n.b, g, (i) => op.db(elem(av, i), elem(bv, i), ys[i]));
}

/** Adds g[i]·d(i) into `target`'s adjoint, summing over i when `target` is a scalar (broadcast). */
export function accumulate(target: Var | null, g: Float64Array, d: (i: number) => number): void {
  if (target === null) return;
  if (target.xs === null) {
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i] * d(i);
    target.g += s;
  } else {
    const gt = target.gradVector();
    for (let i = 0; i < g.length; i++) gt[i] += g[i] * d(i);
  }
}

/** Applies a binary elementwise operation with broadcasting. */
export function applyBinary(op: BinaryOp, a: Real, b: Real): Real {
  const n = broadcastLength(op.name, a, b);
  const av = plain(a), bv = plain(b);
  const tape: Tape | null = a instanceof Var ? a.tape : b instanceof Var ? b.tape : null;
  if (n === -1) {
    const y = op.f(av as number, bv as number);
    if (tape === null) return y;
    return new Var(tape, y, null, backBinaryScalar, a instanceof Var ? a : null, b instanceof Var ? b : null, { op, av, bv });
  }
  const ys = vectorFor(tape, n);
  for (let i = 0; i < n; i++) ys[i] = op.f(elem(av, i), elem(bv, i));
  if (tape === null) return ys;
  return new Var(tape, 0, ys, backBinaryVector, a instanceof Var ? a : null, b instanceof Var ? b : null, { op, av, bv });
}
