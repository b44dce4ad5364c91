/**
 * Softmax over the last axis, with an optional boolean mask (true = keep). Masked entries get probability 0;
 * a row with no kept entry gives all zeros (not NaN); a kept NaN makes its row NaN. The mask has the shape of
 * the last two axes of x (or of x itself) and is broadcast over leading axes.
 *
 * @example
 * ```ts
 * softmax(tensor([1, 2, 3]));                                   // sums to 1
 * softmax(tensor([1, 2, 3, 4], [2, 2]), boolMask([[true, false], [true, true]]));
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Tensor, checkShapes, requireF32, shapeStr } from "./tensor.js";

/** A u8 mask tensor from nested booleans. */
export function boolMask(rows: boolean[][]): Tensor<Uint8Array> {
  const r = rows.length, c = rows[0]?.length ?? 0, data = new Uint8Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new BorelError("bad-shape", `boolMask: row ${i} has ${row.length} entries, expected ${c}`);
    row.forEach((v, j) => (data[i * c + j] = v ? 1 : 0));
  });
  return new Tensor("u8", [r, c], data);
}

export function softmax(x: Tensor, mask?: Tensor): Tensor<Float32Array> {
  const X = requireF32(x, "softmax", "x");
  const n = X.shape[X.rank - 1] ?? 1, rows = X.size / Math.max(n, 1), out = new Float32Array(X.size);
  let m: Uint8Array | null = null, mrows = 1;
  if (mask) {
    if (mask.dtype !== "u8") throw new BorelError("bad-dtype", `softmax: mask must be u8 (0/1), got ${mask.dtype} ${shapeStr(mask.shape)}`);
    const tail = X.shape.slice(-mask.rank);
    checkShapes(mask.rank <= X.rank && tail.every((d, i) => d === mask.shape[i]), "softmax", X.shape, mask.shape,
      "do not match: the mask must have the shape of the trailing axes of x");
    m = mask.data as Uint8Array;
    mrows = mask.size / n;
  }
  const d = X.data;
  for (let r = 0; r < rows; r++) {
    const o = r * n, mo = (r % mrows) * n;
    let mx = -Infinity;
    // a kept NaN makes mx NaN (and the row NaN): it must not read as 'nothing kept'
    for (let j = 0; j < n; j++) if ((!m || m[mo + j]) && (d[o + j] > mx || d[o + j] !== d[o + j])) mx = d[o + j];
    if (mx === -Infinity) continue; // nothing kept: zeros
    let s = 0;
    for (let j = 0; j < n; j++) { const e = !m || m[mo + j] ? Math.exp(d[o + j] - mx) : 0; out[o + j] = e; s += e; }
    for (let j = 0; j < n; j++) out[o + j] /= s;
  }
  return new Tensor("f32", X.shape, out);
}
