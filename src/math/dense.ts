/**
 * A small dense matrix (row-major `Float64Array`) and the products that the model and inference layers need:
 * matrix–matrix, matrix–vector, transpose and dot. Factorizations and triangular solves live in
 * `cholesky.ts`; `matrix.ts` gathers both. Shape errors are `BorelError`s (code "shape-mismatch") naming both shapes.
 *
 * @example
 * ```ts
 * const A = Matrix.from([[1, 2], [3, 4]]);
 * matVec(A, new Float64Array([1, 1]));   // Float64Array [3, 7]
 * matMul(A, Matrix.identity(2)).toArray(); // [[1, 2], [3, 4]]
 * ```
 */
import { BorelError } from "../util/errors.js";

/**
 * A rows × cols matrix of doubles stored row-major: entry (i, j) is `data[i * cols + j]`.
 *
 * @example
 * ```ts
 * const M = new Matrix(2, 3);   // zeros
 * M.set(1, 2, 5);
 * M.get(1, 2);                  // 5
 * ```
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  /** A rows × cols matrix over `data` (row-major, used without copying) or zeros. */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 0 && cols >= 0))
      throw new BorelError("bad-shape", `Matrix: shape must be non-negative integers, got ${rows}×${cols}`);
    if (data && data.length !== rows * cols)
      throw new BorelError("shape-mismatch", `Matrix: ${rows}×${cols} needs ${rows * cols} entries, got ${data.length}`);
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** Entry (i, j), 0-based. */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  /** Sets entry (i, j), 0-based. */
  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** A copy that shares nothing with this matrix. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** The rows as plain arrays. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /** The shape as text, "r×c", for messages. */
  shape(): string {
    return `${this.rows}×${this.cols}`;
  }

  /**
   * A matrix from an array of equal-length rows.
   *
   * @example
   * ```ts
   * Matrix.from([[1, 0], [0, 1]]).rows; // 2
   * ```
   */
  static from(rows: readonly (readonly number[])[]): Matrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0]!.length;
    const m = new Matrix(r, c);
    for (let i = 0; i < r; i++) {
      const row = rows[i]!;
      if (row.length !== c)
        throw new BorelError("shape-mismatch", `Matrix.from: row ${i} has ${row.length} entries but row 0 has ${c}`);
      for (let j = 0; j < c; j++) m.data[i * c + j] = row[j]!;
    }
    return m;
  }

  /** The n × n identity matrix. */
  static identity(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }
}

/**
 * The product A·B (A is m×k, B is k×n). Loop order i-k-j, so the inner loop runs along rows of B and C.
 *
 * @example
 * ```ts
 * matMul(Matrix.from([[1, 2]]), Matrix.from([[3], [4]])).get(0, 0); // 11
 * ```
 */
export function matMul(A: Matrix, B: Matrix): Matrix {
  if (A.cols !== B.rows)
    throw new BorelError("shape-mismatch", `matMul: A is ${A.shape()} but B is ${B.shape()} (A.cols must equal B.rows)`);
  const m = A.rows;
  const k = A.cols;
  const n = B.cols;
  const C = new Matrix(m, n);
  const a = A.data;
  const b = B.data;
  const c = C.data;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      const bo = p * n;
      const co = i * n;
      for (let j = 0; j < n; j++) c[co + j]! += aip * b[bo + j]!;
    }
  }
  return C;
}

/**
 * The matrix–vector product A·x.
 *
 * @example
 * ```ts
 * matVec(Matrix.from([[1, 2], [3, 4]]), new Float64Array([1, -1])); // [-1, -1]
 * ```
 */
export function matVec(A: Matrix, x: ArrayLike<number>): Float64Array {
  if (A.cols !== x.length)
    throw new BorelError("shape-mismatch", `matVec: A is ${A.shape()} but x has length ${x.length} (must be ${A.cols})`);
  const y = new Float64Array(A.rows);
  const a = A.data;
  const n = A.cols;
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    const o = i * n;
    for (let j = 0; j < n; j++) s += a[o + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/**
 * The transpose Aᵀ (a new matrix).
 *
 * @example
 * ```ts
 * transpose(Matrix.from([[1, 2, 3]])).toArray(); // [[1], [2], [3]]
 * ```
 */
export function transpose(A: Matrix): Matrix {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) T.data[j * A.rows + i] = A.data[i * A.cols + j]!;
  return T;
}

/**
 * The dot product Σ aᵢ bᵢ of two equal-length vectors.
 *
 * @example
 * ```ts
 * dot([1, 2, 3], new Float64Array([4, 5, 6])); // 32
 * ```
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new BorelError("shape-mismatch", `dot: vectors have lengths ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
