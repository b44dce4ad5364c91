/**
 * Elementwise f32 ops with NumPy broadcasting (`add`, `sub`, `mul`, `div`) and GELU.
 * Shapes align from the right; a dimension broadcasts when it is 1 or missing. A mismatch is a `BorelError`
 * naming the op and both shapes.
 *
 * @example
 * ```ts
 * add(tensor([1, 2, 3, 4], [2, 2]), tensor([10, 20], [2]));   // [[11,22],[13,24]]
 * gelu(tensor([-1, 0, 1]));
 * ```
 */
import { Tensor, checkShapes, requireF32, sizeOf, stridesOf, type Shape } from "./tensor.js";

/** The broadcast shape of a and b (throws a shape error naming `op`). */
export function broadcastShape(op: string, a: Shape, b: Shape): number[] {
  const r = Math.max(a.length, b.length), out: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1, db = b[b.length - r + i] ?? 1;
    checkShapes(da === db || da === 1 || db === 1, op, a, b, `cannot broadcast (axis ${i}: ${da} vs ${db})`);
    out.push(da === 1 ? db : da); // not max: a 0-sized axis broadcast against 1 stays 0
  }
  return out;
}

/** Strides of `s` broadcast to `out` (0 on broadcast axes). */
function bstrides(s: Shape, out: Shape): number[] {
  const st = stridesOf(s), r = out.length, res = new Array<number>(r).fill(0);
  for (let i = 0; i < s.length; i++) res[r - s.length + i] = s[i] === 1 ? 0 : st[i];
  return res;
}

function binary(op: string, a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor<Float32Array> {
  const A = requireF32(a, op, "a"), B = requireF32(b, op, "b");
  const shape = broadcastShape(op, A.shape, B.shape), n = sizeOf(shape), out = new Float32Array(n);
  const ad = A.data, bd = B.data;
  if (A.size === n && B.size === n) { for (let i = 0; i < n; i++) out[i] = f(ad[i], bd[i]); return new Tensor("f32", shape, out); }
  const sa = bstrides(A.shape, shape), sb = bstrides(B.shape, shape), r = shape.length;
  const inner = shape[r - 1] ?? 1, ia = sa[r - 1] ?? 0, ib = sb[r - 1] ?? 0;
  const idx = new Array<number>(r).fill(0);
  for (let o = 0; o < n; o += inner) {
    let oa = 0, ob = 0;
    for (let d = 0; d < r - 1; d++) { oa += idx[d] * sa[d]; ob += idx[d] * sb[d]; }
    for (let j = 0; j < inner; j++) out[o + j] = f(ad[oa + j * ia], bd[ob + j * ib]);
    for (let d = r - 2; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return new Tensor("f32", shape, out);
}

export const add = (a: Tensor, b: Tensor): Tensor<Float32Array> => binary("add", a, b, (x, y) => x + y);
export const sub = (a: Tensor, b: Tensor): Tensor<Float32Array> => binary("sub", a, b, (x, y) => x - y);
export const mul = (a: Tensor, b: Tensor): Tensor<Float32Array> => binary("mul", a, b, (x, y) => x * y);
export const div = (a: Tensor, b: Tensor): Tensor<Float32Array> => binary("div", a, b, (x, y) => x / y);

/** erf to ~1.2e-7 absolute (W. J. Cody's rational form via erfc's continued fraction is overkill in f32). */
export function erf(x: number): number {
  // Numerical Recipes erfc Chebyshev fit, |error| < 1.2e-7
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}

/** GELU(x) = x·Φ(x) (the exact, erf form that PyTorch uses by default). */
export function gelu(x: Tensor): Tensor<Float32Array> {
  const X = requireF32(x, "gelu", "x"), out = new Float32Array(X.size);
  for (let i = 0; i < out.length; i++) { const v = X.data[i]; out[i] = v === -Infinity ? 0 : 0.5 * v * (1 + erf(v * Math.SQRT1_2)); } // (−∞·0 would be NaN)
  return new Tensor("f32", X.shape, out);
}
