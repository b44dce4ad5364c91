/**
 * Arithmetic with a matrix operand: matrix · vector (through `m.matVec`, so the vector may be an AD value),
 * matrix · matrix, matrix ± matrix, and + − · / with a plain number (entry by entry). Matrices hold constants (data);
 * an AD value may multiply a matrix only as the vector of a matrix–vector product.
 *
 * @example
 * ```ts
 * matrixArith("*", X, beta, span, budget);   // X·beta: a vector of length X.rows
 * ```
 */
import { m } from "../../ad/math.js";
import { Var, type Scalar } from "../../ad/var.js";
import type { Span } from "../../util/errors.js";
import type { Budget } from "./budget.js";
import { located, typeError } from "./errors.js";
import { isMatrix, isScalar, makeMatrix, aTypeName, type BorelMatrix } from "./values.js";

export type ArithOp = "+" | "-" | "*" | "/";

export function matrixArith(op: ArithOp, a: unknown, b: unknown, span: Span | undefined, budget: Budget): unknown {
  // The work of every form below is at most the entries of its operands (a product's is counted in matMul).
  budget.work(a, span);
  budget.work(b, span);
  const bad = () => typeError(span, `'${op}' is not defined for ${aTypeName(a)} and ${aTypeName(b)}`,
    "matrices support M * v (matrix–vector), M * N, M + N, M - N, and + - * / with a number");
  if (isMatrix(a) && isMatrix(b)) {
    if (op === "*") return matMul(a, b, span, budget);
    if (op === "/") throw bad();
    if (a.rows !== b.rows || a.cols !== b.cols)
      throw typeError(span, `'${op}' needs matrices of the same shape, got ${a.rows}×${a.cols} and ${b.rows}×${b.cols}`);
    const out = new Float64Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = op === "+" ? a.data[i] + b.data[i] : a.data[i] - b.data[i];
    return makeMatrix(a.rows, a.cols, out);
  }
  if (isMatrix(a) && op === "*" && (b instanceof Float64Array || (b instanceof Var && b.xs !== null) || Array.isArray(b))) {
    // An array of numbers is a vector; of AD scalars (a gradient run), an AD vector.
    const v = !Array.isArray(b) ? b : b.every((e) => typeof e === "number") ? Float64Array.from(b as number[])
      : b.every(isScalar) ? (m.stack(b as Scalar[]) as Var) : undefined;
    if (v === undefined) throw bad();
    const n = v instanceof Var ? v.xs!.length : v.length;
    // Checked here so the error names the operator and the shapes, not src/ad's matVec.
    if (n !== a.cols)
      throw typeError(span, `'*' of a ${a.rows}×${a.cols} matrix and a vector of length ${n}: the sizes do not match`,
        `M * v needs a vector with one element per column of M (${a.cols} here)`);
    try {
      return m.matVec(a, v);
    } catch (e) {
      throw located(e, span);
    }
  }
  // A number broadcasts over the entries, on either side (M + 1, 1 - M, M / 2, 2 * M).
  if ((isMatrix(a) && typeof b === "number") || (isMatrix(b) && typeof a === "number")) {
    const M = (isMatrix(a) ? a : b) as BorelMatrix, s = (isMatrix(a) ? b : a) as number, left = isMatrix(a);
    const out = new Float64Array(M.data.length);
    for (let i = 0; i < out.length; i++) {
      const x = left ? M.data[i]! : s, y = left ? s : M.data[i]!;
      out[i] = op === "+" ? x + y : op === "-" ? x - y : op === "*" ? x * y : x / y;
    }
    return makeMatrix(M.rows, M.cols, out);
  }
  throw bad();
}

function matMul(a: BorelMatrix, b: BorelMatrix, span: Span | undefined, budget: Budget): BorelMatrix {
  if (a.cols !== b.rows) throw typeError(span, `'*' of a ${a.rows}×${a.cols} and a ${b.rows}×${b.cols} matrix: inner sizes differ`);
  budget.alloc(a.rows * b.cols, span, "the matrix product");
  budget.count(a.rows * a.cols * b.cols, span);
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const x = a.data[i * a.cols + k];
      if (x === 0) continue;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] += x * b.data[k * b.cols + j];
    }
  return makeMatrix(a.rows, b.cols, out);
}
