/**
 * GPTQ (Frantar et al. 2023) int4 group-wise quantization of W [in=k, out=n] from calibration activations
 * X [s×k]: H = 2XᵀX/s + λI (λ = damp·mean diag), U = upper Cholesky factor of H⁻¹; input channels (rows of W)
 * are quantized one at a time and each one's error, divided by U_ii, is fed back into the channels not yet
 * quantized (W_j −= e·U_ij), inside blocks of `blockSize` channels with one lazy update of the rest per block.
 * `actOrder` quantizes channels by decreasing diag(H) with group parameters fixed beforehand from the original
 * groups ("static groups"), so the stored format is the plain int4 group format of `int4.ts`.
 *
 * @example
 * ```ts
 * const q = gptqQuantize(w, k, n, calib, s, { groupSize: 64, actOrder: true });
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { inverseSPD, cholesky } from "./cholesky.js";
import { requireFinite } from "./report.js";
import { emptyInt4, int4Code, int4Params, setNibble, type Int4Options, type Int4Weights } from "./int4.js";

export interface GptqOptions extends Int4Options { blockSize?: number; damp?: number; actOrder?: boolean }

export function gptqQuantize(w: ArrayLike<number>, k: number, n: number, x: ArrayLike<number>, s: number, opts: GptqOptions = {}): Int4Weights {
  const gs = opts.groupSize ?? 128, sym = opts.symmetric ?? true, B = opts.blockSize ?? 128, damp = opts.damp ?? 0.01;
  if (w.length !== k * n) throw new BorelError("shape", `gptqQuantize: W has ${w.length} values, expected [${k},${n}]`);
  if (x.length !== s * k) throw new BorelError("shape", `gptqQuantize: calibration X has ${x.length} values, expected [${s},${k}] for W [${k},${n}]`);
  // blockSize 0 looped forever, groupSize 0 was 'Invalid typed array length: Infinity', damp < 0 a Cholesky failure
  for (const [name, v] of [["groupSize", gs], ["blockSize", B]] as const)
    if (!(Number.isInteger(v) && v > 0)) throw new BorelError("bad-parameter", `gptqQuantize: ${name} must be a positive integer, got ${v}`);
  if (!(Number.isFinite(damp) && damp >= 0)) throw new BorelError("bad-parameter", `gptqQuantize: damp must be a number ≥ 0, got ${damp}`);
  // No rows: H = 0, every channel looks dead and every weight was zeroed.
  if (s === 0 && k > 0)
    throw new BorelError("bad-parameter", `gptqQuantize: the calibration X has no rows ([0, ${k}]): GPTQ fits the quantized weights to activations`, { hint: "give calibration activations (rows of the layer's inputs), or use int4 round-to-nearest (format \"int4\")" });
  requireFinite(w, k, n, "gptqQuantize");
  requireFinite(x, s, k, "gptqQuantize", "calibration X");
  // H = 2 XᵀX / s
  const H = new Float64Array(k * k);
  for (let t = 0; t < s; t++)
    for (let i = 0; i < k; i++) {
      const xi = x[t * k + i];
      if (xi === 0) continue;
      for (let j = 0; j <= i; j++) H[i * k + j] += (2 / s) * xi * x[t * k + j];
    }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) H[j * k + i] = H[i * k + j];
  const W = Float64Array.from(w);
  for (let i = 0; i < k; i++) if (H[i * k + i] === 0) { H[i * k + i] = 1; W.fill(0, i * n, i * n + n); } // dead channels
  let mean = 0;
  for (let i = 0; i < k; i++) mean += H[i * k + i];
  for (let i = 0; i < k; i++) H[i * k + i] += (damp * mean) / k;

  const out = emptyInt4(k, n, gs, sym);
  // group parameters: fixed up front (static) for act-order, else found when a group starts
  const fitGroup = (g: number): void => {
    const r0 = g * gs, r1 = Math.min(k, r0 + gs);
    for (let j = 0; j < n; j++) {
      let mn = Infinity, mx = -Infinity;
      for (let i = r0; i < r1; i++) { const v = W[i * n + j]; if (v < mn) mn = v; if (v > mx) mx = v; }
      const p = int4Params(mn, mx, sym);
      out.scales[g * n + j] = p.scale;
      if (!sym) out.zeros[g * n + j] = p.zero;
    }
  };
  const perm = Array.from({ length: k }, (_, i) => i);
  if (opts.actOrder) {
    perm.sort((a, b) => H[b * k + b] - H[a * k + a]);
    for (let g = 0; g * gs < k; g++) fitGroup(g);
  }
  // permuted Hessian, its inverse, and U = upper Cholesky factor of H⁻¹ (U = Lᵀ of chol(H⁻¹))
  const Hp = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Hp[i * k + j] = H[perm[i] * k + perm[j]];
  const L = cholesky(inverseSPD(Hp, k), k);
  const U = (i: number, j: number): number => L[j * k + i];

  const err = new Float64Array(B * n);
  for (let b0 = 0; b0 < k; b0 += B) {
    const b1 = Math.min(k, b0 + B);
    for (let ii = b0; ii < b1; ii++) {
      const row = perm[ii], g = Math.floor(row / gs);
      if (!opts.actOrder && row % gs === 0) fitGroup(g);
      const d = U(ii, ii), e = (ii - b0) * n;
      for (let j = 0; j < n; j++) {
        const v = W[row * n + j], scale = out.scales[g * n + j], zero = sym ? 0 : out.zeros[g * n + j];
        const code = int4Code(v, scale, zero, sym);
        setNibble(out.packed, row * n + j, code);
        err[e + j] = (v - (code - zero) * scale) / d;
      }
      for (let jj = ii + 1; jj < b1; jj++) {
        const u = U(ii, jj), r = perm[jj] * n;
        if (u !== 0) for (let j = 0; j < n; j++) W[r + j] -= err[e + j] * u;
      }
    }
    for (let jj = b1; jj < k; jj++) { // lazy block update of the channels after the block
      const r = perm[jj] * n;
      for (let ii = b0; ii < b1; ii++) {
        const u = U(ii, jj), e = (ii - b0) * n;
        if (u !== 0) for (let j = 0; j < n; j++) W[r + j] -= err[e + j] * u;
      }
    }
  }
  return out;
}
