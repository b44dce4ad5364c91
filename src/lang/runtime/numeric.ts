/**
 * One reading of a vector or matrix whatever its representation. The same Borel value reaches a builtin in
 * different JavaScript forms: a vector is a `Float64Array` when it comes from data (`load`, `--data`) or from
 * `vector`, `zeros`, ..., a frozen JS array when written as a literal (`[1, 2, 3]`) or built by `map`,
 * `range`, ..., an AD vector in a gradient run, or a choice array (`PVec`); a matrix is a `Matrix` from data
 * or `matrix(...)`, an array of equal-length rows when written `[[1, 2], [3, 4]]`, or rows with AD entries.
 * The reference makes arrays of numbers vectors and arrays of equal-length numeric rows matrices, so every
 * builtin that depends on shape (`rows`, `cols`, `to_vector`, `transpose`, `cholesky`, `add_diag`, the
 * reductions, GP covariances) reads its argument through `numericView` rather than testing representations
 * itself — a builtin that tested only for `Float64Array` accepted loaded data and rejected the same literal.
 *
 * @example
 * ```ts
 * numericView([1, 2, 3]);             // { kind: "vector", value: Float64Array [1, 2, 3] }
 * numericView([[1, 2], [3, 4]]);      // { kind: "matrix", value: 2×2 Matrix }
 * numericView(["a"]);                 // undefined
 * ```
 */
import { m } from "../../ad/math.js";
import { Var, type Real, type Scalar } from "../../ad/var.js";
import { adRows, vectorLength } from "./arith.js";
import { PVec } from "./pvec.js";
import { isMatrix, isScalar, rowsAsMatrix, type BorelMatrix } from "./values.js";

export type NumericView =
  /** A plain (`Float64Array`) or AD vector. */
  | { kind: "vector"; value: Real }
  /** A matrix of constants. */
  | { kind: "matrix"; value: BorelMatrix }
  /** The rows of a matrix with AD entries (a gradient run), each a vector of one length. */
  | { kind: "rows"; value: Real[] };

/**
 * `x` as a vector or a matrix — arrays of numbers (or AD scalars) as vectors, the empty array as the empty
 * vector, arrays of equal-length numeric rows as matrices — or undefined for anything else (numbers included).
 */
export function numericView(x: unknown): NumericView | undefined {
  const v = x instanceof PVec ? x.toArray() : x;
  if (v instanceof Float64Array || (v instanceof Var && v.xs !== null)) return { kind: "vector", value: v };
  if (isMatrix(v)) return { kind: "matrix", value: v };
  if (!Array.isArray(v)) return undefined;
  if (v.every((e) => typeof e === "number")) return { kind: "vector", value: Float64Array.from(v as number[]) };
  if (v.every(isScalar)) return { kind: "vector", value: m.stack(v as Scalar[]) };
  const M = rowsAsMatrix(v);
  if (M !== undefined) return { kind: "matrix", value: M };
  const rows = adRows(v);
  return rows === undefined ? undefined : { kind: "rows", value: rows };
}

/** Rows and columns of a view: a vector is a column (n × 1). */
export function shapeOf(view: NumericView): [number, number] {
  switch (view.kind) {
    case "vector": return [vectorLength(view.value), 1];
    case "matrix": return [view.value.rows, view.value.cols];
    case "rows": return [view.value.length, vectorLength(view.value[0]!)];
  }
}

/** The entries of a view as one vector: a matrix's row by row (row-major, as `sum(M)` reads them). */
export function entriesOf(view: NumericView): Real {
  switch (view.kind) {
    case "vector": return view.value;
    case "matrix": return view.value.data;
    case "rows": return m.concat(view.value);
  }
}

/** The entries of a view column by column (Stan's `to_vector` of a matrix); a vector as it is. */
export function columnMajor(view: NumericView): Real {
  if (view.kind === "vector") return view.value;
  if (view.kind === "matrix") {
    const M = view.value, out = new Float64Array(M.data.length);
    for (let j = 0; j < M.cols; j++) for (let i = 0; i < M.rows; i++) out[j * M.rows + i] = M.data[i * M.cols + j]!;
    return out;
  }
  const rows = view.value, cols = vectorLength(rows[0]!), out: Scalar[] = [];
  for (let j = 0; j < cols; j++) for (const r of rows) out.push(m.index(r, j) as Scalar);
  return m.stack(out);
}
