/**
 * Differentiable affine maps and sums on the tape: y = x·W + b (GEMMs on the current tensor backend:
 * dx = dy·Wᵀ, dW = xᵀ·dy, db = Σ_rows dy) and elementwise a + b.
 *
 * @example
 * ```ts
 * const h = linear(tp, x, w, b);      // x [m, k], w [k, n], b [1, n]
 * const r = add(tp, h, x2);
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { getBackend } from "../../tensor/backend.js";
import { TNode, type Tape } from "./tape.js";

function addInto(dst: Float32Array, src: Float32Array): void { for (let i = 0; i < dst.length; i++) dst[i] += src[i]; }

export function linear(tp: Tape, x: TNode, w: TNode, b?: TNode): TNode {
  if (x.cols !== w.rows) throw new BorelError("shape", `linear: x [${x.rows}, ${x.cols}] does not match W [${w.rows}, ${w.cols}]`);
  const m = x.rows, k = x.cols, n = w.cols, be = getBackend();
  const y = be.gemm(x.data, w.data, m, k, n, false, false);
  if (b) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y[i * n + j] += b.data[j];
  return tp.output(y, m, n, b ? [x, w, b] : [x, w], (out) => {
    const dy = out.grad!;
    if (x.needsGrad) x.accumulate(be.gemm(dy, w.data, m, n, k, false, true));
    if (w.needsGrad) w.accumulate(be.gemm(x.data, dy, k, m, n, true, false));
    if (b?.needsGrad) { const db = b.g(); for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) db[j] += dy[i * n + j]; }
  });
}

export function add(tp: Tape, a: TNode, b: TNode): TNode {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new BorelError("shape", `add: [${a.rows}, ${a.cols}] and [${b.rows}, ${b.cols}] differ`);
  const y = new Float32Array(a.data.length);
  for (let i = 0; i < y.length; i++) y[i] = a.data[i] + b.data[i];
  return tp.output(y, a.rows, a.cols, [a, b], (out) => {
    if (a.needsGrad) addInto(a.g(), out.grad!);
    if (b.needsGrad) addInto(b.g(), out.grad!);
  });
}
