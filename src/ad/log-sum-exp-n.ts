/**
 * logSumExpN(terms, {offsets, sum}): y_i = log Σ_k exp(offsets_k + t_k,i) across K broadcast operands, as ONE
 * AD node — the mixture density's core. With t_k = log p_k(x) (each a vector over data points) and
 * offsets = log w, it is the per-point log mixture density; with `sum: true` the node is directly
 * Σ_i y_i. The forward pass keeps the responsibilities r_k,i = exp(offsets_k + t_k,i − y_i), and the backward
 * pass hands them out: ∂/∂t_k,i = r_k,i, ∂/∂offsets_k = Σ_i r_k,i.
 *
 * @example
 * ```ts
 * logSumExpN([Math.log(0.5), Math.log(0.5)]);                       // 0
 * logSumExpN([new Float64Array([0, -1]), new Float64Array([0, -1])]); // [log 2, log 2 − 1]
 * logSumExpN([a, b], { offsets: logW, sum: true });                 // Σ_i log(w₀e^{a_i} + w₁e^{b_i})
 * ```
 */
import { BorelError } from "../util/errors.js";
import { lengthOf, plain } from "./elementwise.js";
import { Var, vectorFor, type Real } from "./var.js";

interface Aux { terms: Real[]; offsets: Real | undefined; resp: Float64Array[]; n: number }

function backLseN(node: Var): void {
  const { terms, offsets, resp, n } = node.aux as Aux;
  const gv = node.xs === null ? null : (node.gs as Float64Array);
  const gs = node.g;
  let goff: Float64Array | null = null;
  if (offsets instanceof Var) goff = offsets.gradVector();
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k], r = resp[k];
    let total = 0;
    if (gv === null) for (let i = 0; i < n; i++) total += r[i];
    else for (let i = 0; i < n; i++) total += gv[i] * r[i];
    if (gv === null) total *= gs;
    if (goff !== null) goff[k] += total;
    if (!(t instanceof Var)) continue;
    if (t.xs === null) { t.g += total; continue; }
    const gt = t.gradVector();
    if (gv === null) for (let i = 0; i < n; i++) gt[i] += gs * r[i];
    else for (let i = 0; i < n; i++) gt[i] += gv[i] * r[i];
  }
}

/** y_i = log(e^{a_i} + e^{b_i}); a and b are overwritten by the responsibilities. */
function lse2(a: Float64Array, b: Float64Array, n: number, ys: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ai = a[i], bi = b[i];
    if (ai === -Infinity && bi === -Infinity) { ys[i] = -Infinity; continue; }
    if (ai === Infinity || bi === Infinity) { ys[i] = Infinity; continue; }
    // r = σ(a − b) is a's responsibility; y = max + log1p(e^{−|a−b|}).
    const d = ai - bi, e = Math.exp(-Math.abs(d)), r = d >= 0 ? 1 / (1 + e) : e / (1 + e);
    ys[i] = (d >= 0 ? ai : bi) + Math.log1p(e);
    a[i] = r;
    b[i] = 1 - r;
  }
  return ys;
}

/** y_i = log Σ_k e^{t_k,i}; the t_k are overwritten by the responsibilities. */
function lseK(t: Float64Array[], n: number, ys: Float64Array): Float64Array {
  const K = t.length;
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let k = 0; k < K; k++) if (t[k][i] > mx) mx = t[k][i];
    if (mx === -Infinity || mx === Infinity) { ys[i] = mx; continue; }
    let s = 0;
    for (let k = 0; k < K; k++) { const e = Math.exp(t[k][i] - mx); t[k][i] = e; s += e; }
    ys[i] = mx + Math.log(s);
    for (let k = 0; k < K; k++) t[k][i] /= s;
  }
  return ys;
}

interface ScalarAux { terms: readonly Real[]; offsets: Real | undefined; resp: Float64Array }

function backLseScalar(node: Var): void {
  const { terms, offsets, resp } = node.aux as ScalarAux, g = node.g;
  const goff = offsets instanceof Var ? offsets.gradVector() : null;
  for (let k = 0; k < terms.length; k++) {
    const d = g * resp[k], t = terms[k];
    if (goff !== null) goff[k] += d;
    if (t instanceof Var) t.g += d;
  }
}

/**
 * All terms scalar (one data point: a mixture observed in a loop): log Σ_k e^{o_k + t_k} = m + log1p(Σ_{k≠k*}
 * e^{o_k + t_k − m}) with m the largest, and the responsibilities, in one small array (no per-term vectors).
 */
function scalarLse(terms: readonly Real[], offsets: Real | undefined, off: Float64Array | null, tapeVar: Var | null): Real {
  const K = terms.length, r = new Float64Array(K);
  let m = -Infinity, top = 0;
  for (let k = 0; k < K; k++) {
    const t = terms[k];
    r[k] = (typeof t === "number" ? t : (t as Var).x) + (off === null ? 0 : off[k]);
    if (r[k] > m) { m = r[k]; top = k; }
  }
  let y: number;
  if (m === -Infinity || m === Infinity || m !== m) {
    y = m;
    r.fill(0);
  } else {
    let rest = 0;
    for (let k = 0; k < K; k++) { r[k] = Math.exp(r[k] - m); if (k !== top) rest += r[k]; }
    y = m + Math.log1p(rest);
    const total = 1 + rest;
    for (let k = 0; k < K; k++) r[k] /= total;
  }
  if (tapeVar === null) return y;
  return new Var(tapeVar.tape, y, null, backLseScalar, null, null, { terms: terms.slice(), offsets, resp: r } satisfies ScalarAux);
}

/** Elementwise log Σ_k exp(offsets_k + terms[k]) over scalars and equal-length vectors (scalars broadcast). */
export function logSumExpN(terms: readonly Real[], options: { offsets?: Real; sum?: boolean } = {}): Real {
  const K = terms.length;
  if (K === 0) throw new BorelError("shape", "logSumExpN: needs at least one term");
  const { offsets, sum = false } = options;
  if (offsets !== undefined && lengthOf(offsets) !== K)
    throw new BorelError("shape", `logSumExpN: 'offsets' must be a vector of length ${K}, got ${lengthOf(offsets) === -1 ? "a scalar" : `length ${lengthOf(offsets)}`}`);
  let len = -1;
  let tapeVar: Var | null = offsets instanceof Var ? offsets : null;
  for (let k = 0; k < K; k++) {
    const l = lengthOf(terms[k]);
    if (l !== -1) {
      if (len !== -1 && l !== len) throw new BorelError("shape", `logSumExpN: term ${k} has length ${l} but another has length ${len}`);
      len = l;
    }
    const t = terms[k];
    if (t instanceof Var) tapeVar ??= t;
  }
  const off = offsets === undefined ? null : (plain(offsets) as Float64Array);
  if (len === -1) return scalarLse(terms, offsets, off, tapeVar);
  const n = len;
  // Each term as a length-n array of t_k,i + offsets_k (scalars broadcast).
  // (Vectors from the tape's arena when there is a tape: a Float64Array over 8 elements costs ~0.3 µs on its own.)
  const tape = tapeVar === null ? null : tapeVar.tape;
  const shifted: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const v = plain(terms[k]), o = off === null ? 0 : off[k], a = vectorFor(tape, n);
    if (typeof v === "number") a.fill(v + o);
    else for (let i = 0; i < n; i++) a[i] = v[i] + o;
    shifted.push(a);
  }
  const ys = vectorFor(tape, n);
  if (K === 2) lse2(shifted[0], shifted[1], n, ys); else lseK(shifted, n, ys);
  let total = 0;
  if (sum) for (let i = 0; i < n; i++) total += ys[i];
  if (tapeVar === null) return sum ? total : len === -1 ? ys[0] : ys;
  // Rows where every term is −∞ (or some +∞) have no finite responsibilities: they pass no gradient.
  for (let i = 0; i < n; i++) if (!Number.isFinite(ys[i])) for (let k = 0; k < K; k++) shifted[k][i] = 0;
  const aux: Aux = { terms: terms.slice(), offsets, resp: shifted, n };
  if (sum || len === -1) return new Var(tapeVar.tape, sum ? total : ys[0], null, backLseN, null, null, aux);
  return new Var(tapeVar.tape, 0, ys, backLseN, null, null, aux);
}
