import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  Matrix, cholSolve, cholesky, choleskyInverse, dot, logDetChol, matMul, matVec, solveLower, solveLowerT, solveUpper,
  transpose,
} from "../../src/math/matrix.js";
import { isBorelError } from "../../src/util/errors.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

/** A random SPD matrix B·Bᵀ + shift·I from entries in [−1, 1] (size 1..8). */
const spd = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(fc.constant(n), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
    fc.double({ min: 1e-3, max: 2, noNaN: true }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n })),
).map(([n, entries, shift, b]) => {
  const B = new Matrix(n, n, Float64Array.from(entries));
  const A = matMul(B, transpose(B));
  for (let i = 0; i < n; i++) A.set(i, i, A.get(i, i) + shift);
  return { A, b: Float64Array.from(b) };
});

function maxAbsDiff(X: ArrayLike<number>, Y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < X.length; i++) m = Math.max(m, Math.abs(X[i]! - Y[i]!));
  return m;
}

function throwsCode(f: () => unknown, code: string, mentions: string[] = []): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(isBorelError(e), `not a BorelError: ${e}`);
    assert.equal(e.code, code);
    for (const m of mentions) assert.ok(e.message.includes(m), `message "${e.message}" should mention ${m}`);
    return true;
  });
}

describe("Matrix", () => {
  it("constructs, reads and writes row-major", () => {
    const M = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    assert.equal(M.rows, 2);
    assert.equal(M.cols, 3);
    assert.deepEqual(Array.from(M.data), [1, 2, 3, 4, 5, 6]);
    assert.equal(M.get(1, 0), 4);
    M.set(0, 2, 9);
    assert.deepEqual(M.toArray(), [[1, 2, 9], [4, 5, 6]]);
    assert.deepEqual(Matrix.identity(2).toArray(), [[1, 0], [0, 1]]);
    assert.deepEqual(transpose(M).toArray(), [[1, 4], [2, 5], [9, 6]]);
    const C = M.clone();
    C.set(0, 0, -1);
    assert.equal(M.get(0, 0), 1);
  });
  it("products", () => {
    const A = Matrix.from([[1, 2], [3, 4]]);
    assert.deepEqual(matMul(A, Matrix.from([[5], [6]])).toArray(), [[17], [39]]);
    assert.deepEqual(Array.from(matVec(A, [1, -1])), [-1, -1]);
    assert.equal(dot([1, 2, 3], new Float64Array([4, 5, 6])), 32);
  });
  it("shape errors name both shapes", () => {
    throwsCode(() => matMul(Matrix.from([[1, 2]]), Matrix.from([[1, 2]])), "shape-mismatch", ["1×2", "1×2"]);
    throwsCode(() => matVec(Matrix.from([[1, 2]]), [1, 2, 3]), "shape-mismatch", ["1×2", "3"]);
    throwsCode(() => dot([1], [1, 2]), "shape-mismatch", ["1", "2"]);
    throwsCode(() => Matrix.from([[1, 2], [3]]), "shape-mismatch", ["row 1"]);
    throwsCode(() => new Matrix(2, 2, new Float64Array(3)), "shape-mismatch", ["2×2", "3"]);
    throwsCode(() => cholesky(Matrix.from([[1, 2, 3]])), "shape-mismatch", ["1×3"]);
    throwsCode(() => solveLower(Matrix.identity(2), [1]), "shape-mismatch", ["2×2", "1"]);
  });
  it("matMul is associative and (AB)ᵀ = BᵀAᵀ (property)", () => {
    const mat = (r: number, c: number) =>
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: r * c, maxLength: r * c }).map((d) => new Matrix(r, c, Float64Array.from(d)));
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }),
      (m, k, l, n) => {
        fc.assert(fc.property(mat(m, k), mat(k, l), mat(l, n), (A, B, C) => {
          assert.ok(maxAbsDiff(matMul(matMul(A, B), C).data, matMul(A, matMul(B, C)).data) < 1e-9);
          assert.deepEqual(transpose(matMul(A, B)).data, matMul(transpose(B), transpose(A)).data);
        }), { numRuns: 5 });
      }), { numRuns: 20 });
  });
});

describe("Cholesky", () => {
  it("a hand-computed factor", () => {
    const L = cholesky(Matrix.from([[4, 2], [2, 3]]));
    assert.deepEqual(L.toArray(), [[2, 0], [1, Math.SQRT2]]);
    const x = cholSolve(L, [6, 5]);
    assert.ok(maxAbsDiff(x, [1, 1]) < 1e-15);
    assert.ok(Math.abs(logDetChol(L) - Math.log(8)) < 1e-15);
    assert.ok(maxAbsDiff(choleskyInverse(L).data, [3 / 8, -1 / 4, -1 / 4, 1 / 2]) < 1e-15);
  });
  it("reports the failing pivot of a non-positive-definite matrix, with a jitter hint", () => {
    assert.throws(() => cholesky(Matrix.from([[1, 2], [2, 1]])), (e: unknown) => {
      assert.ok(isBorelError(e));
      assert.equal(e.code, "not-positive-definite");
      assert.match(e.message, /pivot 1 \(of 2\) is -3/);
      assert.match(e.hint ?? "", /jitter/);
      return true;
    });
    throwsCode(() => cholesky(Matrix.from([[1, 0], [0, NaN]])), "not-positive-definite", ["pivot 1"]);
    throwsCode(() => cholesky(Matrix.from([[0]])), "not-positive-definite", ["pivot 0"]);
  });
  it("L·Lᵀ reconstructs random SPD matrices, and the solves satisfy A x = b (property)", () => {
    fc.assert(fc.property(spd, ({ A, b }) => {
      const n = A.rows;
      const L = cholesky(A);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(L.get(i, j), 0);
      const scale = Math.max(...A.data.map(Math.abs));
      assert.ok(maxAbsDiff(matMul(L, transpose(L)).data, A.data) <= 1e-13 * scale, "L Lᵀ = A");
      const x = cholSolve(L, b);
      const r = matVec(A, x);
      const bScale = Math.max(1, ...b.map(Math.abs));
      // backward-stable: residual ≤ c·ε·‖A‖‖x‖
      const xScale = Math.max(...x.map(Math.abs));
      assert.ok(maxAbsDiff(r, b) <= 1e-12 * Math.max(bScale, scale * xScale * n), "A x = b");
      // the triangular solves on their own
      assert.ok(maxAbsDiff(matVec(L, solveLower(L, b)), b) <= 1e-12 * bScale * Math.max(1, xScale * scale));
      const Lt = transpose(L);
      assert.ok(maxAbsDiff(solveUpper(Lt, b), solveLowerT(L, b)) <= 1e-12 * Math.max(1, ...solveUpper(Lt, b).map(Math.abs)));
      // A⁻¹ A = I and log det A = log ∏ Lᵢᵢ²
      const inv = choleskyInverse(L);
      const I = matMul(inv, A);
      const Iexact = Matrix.identity(n);
      const cond = scale * Math.max(...inv.data.map(Math.abs)) * n;
      assert.ok(maxAbsDiff(I.data, Iexact.data) <= 1e-12 * cond, "A⁻¹A = I");
      assert.deepEqual(inv.data, transpose(inv).data, "A⁻¹ symmetric");
      let logDet = 0;
      for (let i = 0; i < n; i++) logDet += Math.log(L.get(i, i) ** 2);
      assert.ok(Math.abs(logDetChol(L) - logDet) <= 1e-13 * Math.max(1, Math.abs(logDet)));
    }), { numRuns: 200 });
  });
  it("a singular triangular factor is an error, not Infinity", () => {
    throwsCode(() => solveLower(Matrix.from([[1, 0], [1, 0]]), [1, 1]), "singular-matrix", ["1"]);
    throwsCode(() => solveUpper(Matrix.from([[0, 1], [0, 1]]), [1, 1]), "singular-matrix", ["0"]);
  });
});
