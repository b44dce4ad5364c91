/**
 * Scaled dot-product attention with an arbitrary boolean mask:
 * softmax(Q·Kᵀ/√d, mask)·V. Q is [..., Tq, d], K [..., Tk, d], V [..., Tk, dv]; the mask (u8, true = may
 * attend) is [Tq, Tk] shared by all leading axes (e.g. heads). A query row that may attend to nothing
 * outputs zeros.
 *
 * @example
 * ```ts
 * // PFN-style: every position attends to the first nTrain ("training") positions only
 * const mask = boolMask(rows.map(() => cols.map((j) => j < nTrain)));
 * const y = attention(q, k, v, mask);
 * ```
 */
import type { Backend } from "./backend.js";
import { matmul } from "./matmul.js";
import { softmax } from "./softmax.js";
import { Tensor, checkShapes } from "./tensor.js";

export function attention(q: Tensor, k: Tensor, v: Tensor, mask?: Tensor, backend?: Backend): Tensor<Float32Array> {
  const d = q.shape[q.rank - 1];
  checkShapes(k.shape[k.rank - 1] === d, "attention", q.shape, k.shape, "must have the same last (feature) axis for Q and K");
  checkShapes(k.shape[k.rank - 2] === v.shape[v.rank - 2], "attention", k.shape, v.shape, "must have as many keys as values");
  checkShapes(sameBatch(q, k), "attention", q.shape, k.shape, "must have the same batch axes (Q and K)");
  checkShapes(sameBatch(k, v), "attention", k.shape, v.shape, "must have the same batch axes (K and V)");
  if (mask) checkShapes(mask.rank === 2 && mask.shape[0] === q.shape[q.rank - 2] && mask.shape[1] === k.shape[k.rank - 2],
    "attention", q.shape, mask.shape, "do not match: the mask must be [Tq, Tk]");
  const s = matmul(q, k, { transposeB: true, backend });
  const scale = 1 / Math.sqrt(d);
  for (let i = 0; i < s.data.length; i++) s.data[i] *= scale;
  return matmul(softmax(s, mask), v, { backend });
}

/** The same batch axes (all but the last two), as the batched matmul needs. */
function sameBatch(a: Tensor, b: Tensor): boolean {
  return a.shape.slice(0, -2).join(",") === b.shape.slice(0, -2).join(",");
}
