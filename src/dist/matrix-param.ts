/**
 * Matrix parameters (mvnormal's cov, mvnormal_chol's L): an n×n matrix given as a Matrix-like object
 * {rows, cols, data} (row-major), an array of rows (numbers or AD scalars, or AD vectors; rows may be any
 * object with `toArray()`), or a row-major vector of length n² — a plain
 * Float64Array or an AD vector, which is how a covariance built from parameters arrives.
 *
 * @example
 * ```ts
 * matrixParam("mvnormal", "cov", [[1, 0], [0, 2]], 2).value;   // Float64Array [1, 0, 0, 2]
 * ```
 */
import { concat, stack } from "../ad/reduce.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import { badParameter, describeValue } from "./params.js";

export interface MatrixParam {
  /** The matrix as given (row-major vector, possibly AD). */
  real: Real;
  /** Its plain row-major values. */
  value: Float64Array;
}

/** A row: an array or Float64Array of numbers (or AD scalars), or anything with `toArray()` giving one. */
function rowOf(r: unknown): ArrayLike<number | Var> | Var | null {
  if (r instanceof Var && r.xs !== null) return r;
  const v = typeof r === "object" && r !== null && !Array.isArray(r) && !(r instanceof Float64Array) && typeof (r as { toArray?: unknown }).toArray === "function"
    ? (r as { toArray(): unknown }).toArray() : r;
  if (v instanceof Float64Array) return v;
  if (Array.isArray(v) && v.every((e) => typeof e === "number" || (e instanceof Var && e.xs === null))) return v as (number | Var)[];
  return null;
}

export function matrixParam(dist: string, arg: string, x: unknown, n: number): MatrixParam {
  let real: Real;
  if (x instanceof Var && x.xs !== null) real = x;
  else if (x instanceof Float64Array) real = x;
  else if (Array.isArray(x) && x.every((r) => rowOf(r) !== null)) {
    const rows = x.map((r) => rowOf(r) as ArrayLike<number | Var> | Var);
    const width = (r: ArrayLike<number | Var> | Var) => (r instanceof Var ? (r.xs as Float64Array).length : r.length);
    if (rows.length !== n || rows.some((r) => width(r) !== n))
      throw badParameter(dist, arg, `must be a ${n}×${n} matrix (mu has length ${n}), got ${rows.length} rows of lengths ${rows.map(width).join(", ")}`);
    // AD vector rows (a Borel matrix() of random values) join as one AD vector; scalar rows stack.
    const vectors = rows.map((r) => (r instanceof Var ? r : Array.from(r).some((e) => e instanceof Var) ? stack(Array.from(r) as Scalar[]) : Float64Array.from(r as ArrayLike<number>)));
    real = vectors.some((v) => v instanceof Var) ? concat(vectors) : Float64Array.from(vectors.flatMap((v) => Array.from(v as Float64Array)));
  } else if (typeof x === "object" && x !== null && "rows" in x && "cols" in x && (x as { data?: unknown }).data instanceof Float64Array) {
    const mx = x as { rows: number; cols: number; data: Float64Array };
    if (mx.rows !== n || mx.cols !== n) throw badParameter(dist, arg, `must be a ${n}×${n} matrix (mu has length ${n}), got ${mx.rows}×${mx.cols}`);
    real = mx.data;
  } else throw badParameter(dist, arg, `must be a matrix (array of rows, Matrix, or a row-major vector of length n²), got ${describeValue(x)}`);
  const value = real instanceof Var ? (real.xs as Float64Array) : (real as Float64Array);
  if (value.length !== n * n) throw badParameter(dist, arg, `must have ${n * n} entries (${n}×${n}, mu has length ${n}), got ${value.length}`);
  value.forEach((v, i) => {
    if (!Number.isFinite(v)) throw badParameter(dist, arg, `must be finite, got ${v} at row ${Math.floor(i / n)}, column ${i % n}`);
  });
  return { real, value };
}
