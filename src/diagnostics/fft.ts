/**
 * A small in-place radix-2 fast Fourier transform (iterative Cooley–Tukey with bit-reversal), enough for
 * autocovariances of long chains in O(n log n). Lengths must be powers of two; callers zero-pad.
 *
 * Forward: X_k = Σ_j x_j e^{−2πi jk/n}. Inverse (`inverse = true`): x_j = (1/n) Σ_k X_k e^{+2πi jk/n}.
 *
 * @example
 * ```ts
 * const re = new Float64Array([1, 0, 0, 0]), im = new Float64Array(4);
 * fft(re, im); // re = [1, 1, 1, 1], im = [0, 0, 0, 0]
 * ```
 */
import { BorelError } from "../util/errors.js";

/** The smallest power of two ≥ n (and ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/**
 * Transforms (re, im) in place. With `inverse`, applies the inverse transform including the 1/n factor.
 *
 * @example
 * ```ts
 * const re = Float64Array.from([1, 2, 3, 4]), im = new Float64Array(4);
 * fft(re, im); fft(re, im, true); // back to [1, 2, 3, 4] (up to rounding)
 * ```
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n || (n & (n - 1)) !== 0)
    throw new BorelError("bad-argument", `fft: arguments 're' and 'im' must have the same power-of-two length, got ${n} and ${im.length}`);
  // bit-reversal permutation
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!; re[i] = re[j]!; re[j] = t;
      t = im[i]!; im[i] = im[j]!; im[j] = t;
    }
  }
  // Twiddles w_j = exp(∓2πi j/n), j < n/2, from a table computed directly per j (rounding O(ε log n)); a
  // stage of length len uses every (n/len)-th entry. Butterflies run over contiguous k for cache locality.
  const { cos, sin } = twiddles(n);
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len *= 2) {
    const half = len / 2, step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const wr = cos[t], wi = sign * sin[t];
        const a = start + k, b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
  if (inverse) for (let i = 0; i < n; i++) { re[i] = re[i]! / n; im[i] = im[i]! / n; }
}

const TWIDDLES = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos and sin of 2πj/n for j < n/2, cached per size. */
function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = TWIDDLES.get(n);
  if (t === undefined) {
    const half = Math.max(1, n / 2), cos = new Float64Array(half), sin = new Float64Array(half);
    for (let j = 0; j < half; j++) { cos[j] = Math.cos((2 * Math.PI * j) / n); sin[j] = Math.sin((2 * Math.PI * j) / n); }
    t = { cos, sin };
    if (TWIDDLES.size > 32) TWIDDLES.clear();
    TWIDDLES.set(n, t);
  }
  return t;
}
