/**
 * logSumExpN(terms): y_i = log Σ_k exp(t_k,i) across K broadcast operands, as one AD node. This is the
 * mixture density's core: with t_k = log w_k + log p_k(x) (each a vector over data points) it gives the
 * per-point log mixture density in one pass, and its backward pass hands each term its responsibility
 * r_k,i = exp(t_k,i − y_i).
 *
 * @example
 * ```ts
 * logSumExpN([Math.log(0.5), Math.log(0.5)]);                       // 0
 * logSumExpN([new Float64Array([0, -1]), new Float64Array([0, -1])]); // [log 2, log 2 − 1]
 * ```
 */
import { BorelError } from "../util/errors.js";
import { lengthOf, plain } from "./elementwise.js";
import { Var, vectorFor, type Real } from "./var.js";

const at = (v: number | Float64Array, i: number): number => (typeof v === "number" ? v : v[i]);

function backLseN(n: Var): void {
  const { terms, values } = n.aux as { terms: Real[]; values: (number | Float64Array)[] };
  const scalarOut = n.xs === null;
  const ys = scalarOut ? null : (n.xs as Float64Array);
  const len = ys === null ? 1 : ys.length;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    if (!(t instanceof Var)) continue;
    const v = values[k];
    if (t.xs === null) {
      let s = 0;
      for (let i = 0; i < len; i++) {
        const y = ys === null ? n.x : ys[i], g = ys === null ? n.g : (n.gs as Float64Array)[i];
        if (y > -Infinity) s += g * Math.exp(at(v, i) - y);
      }
      t.g += s;
    } else {
      const gt = t.gradVector(), g = n.gs as Float64Array, yv = ys as Float64Array, tv = v as Float64Array;
      for (let i = 0; i < len; i++) if (yv[i] > -Infinity) gt[i] += g[i] * Math.exp(tv[i] - yv[i]);
    }
  }
}

/** Elementwise log Σ_k exp(terms[k]) over scalars and equal-length vectors (scalars broadcast). */
export function logSumExpN(terms: readonly Real[]): Real {
  if (terms.length === 0) throw new BorelError("shape", "logSumExpN: needs at least one term");
  let n = -1;
  let tapeVar: Var | null = null;
  for (let k = 0; k < terms.length; k++) {
    const l = lengthOf(terms[k]);
    if (l !== -1) {
      if (n !== -1 && l !== n) throw new BorelError("shape", `logSumExpN: term ${k} has length ${l} but another has length ${n}`);
      n = l;
    }
    const t = terms[k];
    if (t instanceof Var) tapeVar ??= t;
  }
  const values = terms.map(plain);
  const len = n === -1 ? 1 : n;
  const ys = vectorFor(tapeVar?.tape ?? null, len);
  for (let i = 0; i < len; i++) {
    let mx = -Infinity;
    for (const v of values) mx = Math.max(mx, at(v, i));
    if (mx === -Infinity || mx === Infinity) { ys[i] = mx; continue; }
    let s = 0;
    for (const v of values) s += Math.exp(at(v, i) - mx);
    ys[i] = mx + Math.log(s);
  }
  if (tapeVar === null) return n === -1 ? ys[0] : ys;
  const aux = { terms: terms.slice(), values };
  return n === -1
    ? new Var(tapeVar.tape, ys[0], null, backLseN, null, null, aux)
    : new Var(tapeVar.tape, 0, ys, backLseN, null, null, aux);
}
