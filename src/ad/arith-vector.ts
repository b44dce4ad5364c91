/**
 * Vector fast paths of add, sub, mul and div: one monomorphic loop per case (vector ⊕ vector, vector ⊕
 * scalar, scalar ⊕ vector) and one back function per operation, instead of the generic broadcast with a
 * function call per element. These are the operations of a vectorized linear predictor
 * (`intercept + slope * x`), which sits in the gradient loop of HMC/NUTS.
 *
 * @example
 * ```ts
 * vectorArith(MUL, tape.scalar(2), new Float64Array([1, 2]));   // Var of [2, 4]
 * ```
 */
import { broadcastLength, plain } from "./elementwise.js";
import { Var, vectorFor, type Real } from "./var.js";

export const ADD = 0, SUB = 1, MUL = 2, DIV = 3;

/** Operand values kept for the backward pass. */
interface Operands { av: number | Float64Array; bv: number | Float64Array }

/** Adds s·g (elementwise, or summed into a scalar target) into the target's adjoint. */
function push(t: Var, g: Float64Array, s: number): void {
  if (t.xs === null) { let acc = 0; for (let i = 0; i < g.length; i++) acc += g[i]; t.g += s * acc; return; }
  const gt = t.gradVector();
  if (s === 1) for (let i = 0; i < g.length; i++) gt[i] += g[i];
  else for (let i = 0; i < g.length; i++) gt[i] += s * g[i];
}

/** Adds g ⊙ w (w a scalar or vector) into the target's adjoint. */
function pushScaled(t: Var, g: Float64Array, w: number | Float64Array): void {
  if (typeof w === "number") { push(t, g, w); return; }
  if (t.xs === null) { let acc = 0; for (let i = 0; i < g.length; i++) acc += g[i] * w[i]; t.g += acc; return; }
  const gt = t.gradVector();
  for (let i = 0; i < g.length; i++) gt[i] += g[i] * w[i];
}

function backAdd(n: Var): void {
  const g = n.gs as Float64Array;
  if (n.a) push(n.a, g, 1);
  if (n.b) push(n.b, g, 1);
}
function backSub(n: Var): void {
  const g = n.gs as Float64Array;
  if (n.a) push(n.a, g, 1);
  if (n.b) push(n.b, g, -1);
}
function backMul(n: Var): void {
  const g = n.gs as Float64Array, { av, bv } = n.aux as Operands;
  if (n.a) pushScaled(n.a, g, bv);
  if (n.b) pushScaled(n.b, g, av);
}
function backDiv(n: Var): void {
  const g = n.gs as Float64Array, { bv } = n.aux as Operands, ys = n.xs as Float64Array;
  if (n.a) {
    if (typeof bv === "number") push(n.a, g, 1 / bv);
    else { const w = n.tape.alloc(g.length); for (let i = 0; i < g.length; i++) w[i] = 1 / bv[i]; pushScaled(n.a, g, w); }
  }
  if (n.b) {
    const w = n.tape.alloc(g.length);
    for (let i = 0; i < g.length; i++) w[i] = -ys[i] / (typeof bv === "number" ? bv : bv[i]);
    pushScaled(n.b, g, w);
  }
}

const BACK = [backAdd, backSub, backMul, backDiv];

/** a ⊕ b where at least one operand is a vector; `op` is ADD, SUB, MUL or DIV. */
export function vectorArith(op: number, a: Real, b: Real): Real {
  const n = broadcastLength(["add", "sub", "mul", "div"][op], a, b);
  const va = a instanceof Var ? a : null, vb = b instanceof Var ? b : null;
  const av = plain(a), bv = plain(b), ys = vectorFor((va ?? vb)?.tape ?? null, n);
  if (typeof av !== "number" && typeof bv !== "number") {
    if (op === ADD) for (let i = 0; i < n; i++) ys[i] = av[i] + bv[i];
    else if (op === SUB) for (let i = 0; i < n; i++) ys[i] = av[i] - bv[i];
    else if (op === MUL) for (let i = 0; i < n; i++) ys[i] = av[i] * bv[i];
    else for (let i = 0; i < n; i++) ys[i] = av[i] / bv[i];
  } else if (typeof av !== "number") {
    const s = bv as number;
    if (op === ADD) for (let i = 0; i < n; i++) ys[i] = av[i] + s;
    else if (op === SUB) for (let i = 0; i < n; i++) ys[i] = av[i] - s;
    else if (op === MUL) for (let i = 0; i < n; i++) ys[i] = av[i] * s;
    else for (let i = 0; i < n; i++) ys[i] = av[i] / s;
  } else {
    const s = av, v = bv as Float64Array;
    if (op === ADD) for (let i = 0; i < n; i++) ys[i] = s + v[i];
    else if (op === SUB) for (let i = 0; i < n; i++) ys[i] = s - v[i];
    else if (op === MUL) for (let i = 0; i < n; i++) ys[i] = s * v[i];
    else for (let i = 0; i < n; i++) ys[i] = s / v[i];
  }
  if (va === null && vb === null) return ys;
  const aux: Operands | undefined = op >= MUL ? { av, bv } : undefined;
  return new Var((va ?? (vb as Var)).tape, 0, ys, BACK[op], va, vb, aux);
}
