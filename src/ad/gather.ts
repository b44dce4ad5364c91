/**
 * gather(x, idx): the vector (x[idx[0]], x[idx[1]], …) as one AD node — how a vector of categorical
 * observations reads its log-probabilities without one `index` node per observation.
 *
 * @example
 * ```ts
 * gather(new Float64Array([10, 20, 30]), [2, 0, 2]);   // Float64Array [30, 10, 30]
 * ```
 */
import { BorelError } from "../util/errors.js";
import { lengthOf, plain } from "./elementwise.js";
import { Var, vectorFor, type Real } from "./var.js";

function backGather(n: Var): void {
  const idx = n.aux as Int32Array, ga = (n.a as Var).gradVector(), g = n.gs as Float64Array;
  for (let i = 0; i < idx.length; i++) ga[idx[i]] += g[i];
}

/** Elements of the vector `x` at the 0-based indices `idx` (repeats allowed). */
export function gather(x: Real, idx: ArrayLike<number>): Real {
  const len = lengthOf(x, "gather");
  if (len === -1) throw new BorelError("shape", "gather: the first argument must be a vector, got a scalar");
  const ii = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i];
    if (!Number.isInteger(k) || k < 0 || k >= len)
      throw new BorelError("index", `gather: index ${k} is out of bounds for a vector of length ${len}`, { hint: "indices are 0-based" });
    ii[i] = k;
  }
  const xs = plain(x) as Float64Array, ys = vectorFor(x instanceof Var ? x.tape : null, ii.length);
  for (let i = 0; i < ii.length; i++) ys[i] = xs[ii[i]];
  if (!(x instanceof Var)) return ys;
  return new Var(x.tape, 0, ys, backGather, x, null, ii);
}
