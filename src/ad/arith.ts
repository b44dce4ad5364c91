/**
 * Arithmetic on reals (numbers, vectors, AD values): add, sub, mul, div, neg, pow, min, max.
 * Scalar AD operations take a fast path (one node, a fixed back function); add/sub/mul/div on vectors take
 * the monomorphic loops of `arith-vector.ts`, the others broadcast through `applyBinary`.
 */
import { applyBinary, applyUnary, type BinaryOp, type UnaryOp } from "./elementwise.js";
import { ADD as V_ADD, DIV as V_DIV, MUL as V_MUL, SUB as V_SUB, vectorArith } from "./arith-vector.js";
import { Var, type Real } from "./var.js";

const POW: BinaryOp = {
  name: "pow",
  f: Math.pow,
  da: (a, b) => (b === 0 ? 0 : b * Math.pow(a, b - 1)),
  db: (a, _b, y) => (a > 0 ? y * Math.log(a) : 0),
};
const MIN: BinaryOp = { name: "min", f: Math.min, da: (a, b) => (a <= b ? 1 : 0), db: (a, b) => (a <= b ? 0 : 1) };
const MAX: BinaryOp = { name: "max", f: Math.max, da: (a, b) => (a >= b ? 1 : 0), db: (a, b) => (a >= b ? 0 : 1) };
const NEG: UnaryOp = { name: "neg", f: (x) => -x, df: () => -1 };

function backAddSS(n: Var): void {
  if (n.a) n.a.g += n.g;
  if (n.b) n.b.g += n.g;
}
function backSubSS(n: Var): void {
  if (n.a) n.a.g += n.g;
  if (n.b) n.b.g -= n.g;
}
function backMulSS(n: Var): void {
  // n.k holds the constant operand when one side is a number.
  if (n.a) n.a.g += n.g * (n.b ? n.b.x : n.k);
  if (n.b) n.b.g += n.g * (n.a ? n.a.x : n.k);
}
function backDivSS(n: Var): void {
  const bv = n.b ? n.b.x : n.k;
  if (n.a) n.a.g += n.g / bv;
  if (n.b) n.b.g -= (n.g * n.x) / bv;
}

function scalarNode(a: number | Var, b: number | Var, y: number, back: (n: Var) => void): Var {
  const av = a instanceof Var ? a : null, bv = b instanceof Var ? b : null;
  const n = new Var((av ?? bv as Var).tape, y, null, back, av, bv);
  if (av === null) n.k = a as number;
  else if (bv === null) n.k = b as number;
  return n;
}

const isScalarVar = (x: Real): x is Var => x instanceof Var && x.xs === null;

/** a + b (elementwise, broadcasting). */
export function add(a: Real, b: Real): Real {
  if (typeof a === "number" && typeof b === "number") return a + b;
  // Adding a constant 0 (a score accumulator's start) records no node.
  if (a === 0 && b instanceof Var) return b;
  if (b === 0 && a instanceof Var) return a;
  if ((typeof a === "number" || isScalarVar(a)) && (typeof b === "number" || isScalarVar(b)))
    return scalarNode(a, b, (typeof a === "number" ? a : a.x) + (typeof b === "number" ? b : b.x), backAddSS);
  return vectorArith(V_ADD, a, b);
}

/** a − b. */
export function sub(a: Real, b: Real): Real {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if ((typeof a === "number" || isScalarVar(a)) && (typeof b === "number" || isScalarVar(b)))
    return scalarNode(a, b, (typeof a === "number" ? a : a.x) - (typeof b === "number" ? b : b.x), backSubSS);
  return vectorArith(V_SUB, a, b);
}

/** a · b (elementwise). */
export function mul(a: Real, b: Real): Real {
  if (typeof a === "number" && typeof b === "number") return a * b;
  if ((typeof a === "number" || isScalarVar(a)) && (typeof b === "number" || isScalarVar(b)))
    return scalarNode(a, b, (typeof a === "number" ? a : a.x) * (typeof b === "number" ? b : b.x), backMulSS);
  return vectorArith(V_MUL, a, b);
}

/** a / b (elementwise). */
export function div(a: Real, b: Real): Real {
  if (typeof a === "number" && typeof b === "number") return a / b;
  if ((typeof a === "number" || isScalarVar(a)) && (typeof b === "number" || isScalarVar(b)))
    return scalarNode(a, b, (typeof a === "number" ? a : a.x) / (typeof b === "number" ? b : b.x), backDivSS);
  return vectorArith(V_DIV, a, b);
}

/** −a. */
export function neg(a: Real): Real {
  return applyUnary(NEG, a);
}

/** a^b (elementwise); the derivative in b needs a > 0. */
export function pow(a: Real, b: Real): Real {
  return applyBinary(POW, a, b);
}

/** Elementwise minimum (subgradient: the smaller input). */
export function min(a: Real, b: Real): Real {
  return applyBinary(MIN, a, b);
}

/** Elementwise maximum. */
export function max(a: Real, b: Real): Real {
  return applyBinary(MAX, a, b);
}
