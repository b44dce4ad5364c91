export { Var, Tape, isVar, valueOf, scalarValue, type Real, type Scalar, type BackFn } from "./var.js";
export { m, type ADMath } from "./math.js";
export { gradient, finiteDifference, type ValueAndGradient } from "./grad.js";
export { applyKernel, sumKernel, type DensityKernel } from "./kernel.js";
export { applyUnary, applyBinary, lengthOf, plain, type UnaryOp, type BinaryOp } from "./elementwise.js";
export type { DenseMatrix } from "./reduce.js";
