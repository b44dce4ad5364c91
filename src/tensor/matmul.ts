/**
 * Matrix product of tensors: plain, transposed and batched. A is [..., m, k] ([..., k, m] with
 * `transposeA`), B is [..., k, n] ([..., n, k] with `transposeB`); batch dimensions must be equal, or one
 * side has none (then it is shared by every batch entry). Runs on the current backend (`backend.ts`).
 *
 * @example
 * ```ts
 * const c = matmul(tensor([1, 2, 3, 4], [2, 2]), tensor([1, 0, 0, 1], [2, 2]));   // [[1,2],[3,4]]
 * const q = matmul(x, w, { transposeB: true });
 * ```
 */
import { getBackend, type Backend } from "./backend.js";
import { Tensor, checkShapes, requireF32, shapeStr, sizeOf } from "./tensor.js";

export interface MatmulOptions { transposeA?: boolean; transposeB?: boolean; backend?: Backend }

export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor<Float32Array> {
  const A = requireF32(a, "matmul", "a"), B = requireF32(b, "matmul", "b");
  checkShapes(A.rank >= 2 && B.rank >= 2, "matmul", A.shape, B.shape, "must both have rank >= 2");
  const ta = !!opts.transposeA, tb = !!opts.transposeB;
  const [ar, ac] = A.shape.slice(-2), [br, bc] = B.shape.slice(-2);
  const m = ta ? ac : ar, k = ta ? ar : ac, kb = tb ? bc : br, n = tb ? br : bc;
  checkShapes(k === kb, "matmul", A.shape, B.shape,
    `have mismatched inner dimensions ${k} and ${kb}${ta || tb ? ` (transposeA=${ta}, transposeB=${tb})` : ""}`);
  const abatch = A.shape.slice(0, -2), bbatch = B.shape.slice(0, -2);
  const same = abatch.length === bbatch.length && abatch.every((d, i) => d === bbatch[i]);
  checkShapes(same || abatch.length === 0 || bbatch.length === 0, "matmul", A.shape, B.shape,
    `have incompatible batch dimensions ${shapeStr(abatch)} and ${shapeStr(bbatch)}`);
  const batch = abatch.length ? abatch : bbatch, nb = sizeOf(batch);
  const be = opts.backend ?? getBackend();
  const out = new Float32Array(nb * m * n);
  for (let t = 0; t < nb; t++) {
    const as = abatch.length ? A.data.subarray(t * m * k, (t + 1) * m * k) : A.data;
    const bs = bbatch.length ? B.data.subarray(t * k * n, (t + 1) * k * n) : B.data;
    out.set(be.gemm(as, bs, m, k, n, ta, tb), t * m * n);
  }
  return new Tensor("f32", [...batch, m, n], out);
}
