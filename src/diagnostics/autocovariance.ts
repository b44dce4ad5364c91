/**
 * Autocovariance of one chain at every lag, the "biased" estimator recommended by Geyer (1992):
 *
 *   γ̂_t = (1/n) Σ_{i=0}^{n−1−t} (x_i − x̄)(x_{i+t} − x̄),   t = 0 … n−1,
 *
 * all zeros for a constant chain. Short chains use the direct O(n²) sum; longer ones the FFT of the centered
 * chain zero-padded to a power of two ≥ 2n (no circular wrap-around), O(n log n).
 *
 * @example
 * ```ts
 * autocovariance([1, 2, 3, 4]); // Float64Array [1.25, 0.3125, -0.375, -0.5625]
 * ```
 */
import { fft, nextPowerOfTwo } from "./fft.js";
import { mean } from "./moments.js";

/** Chains at most this long use the direct sum. */
const DIRECT_MAX = 64;

/**
 * Biased autocovariances γ̂_0 … γ̂_{n−1} of `x` (see the file comment). `method` forces the direct sum or the FFT.
 *
 * @example
 * ```ts
 * const acov = autocovariance(chain);
 * const rho1 = acov[1] / acov[0]; // lag-1 autocorrelation
 * ```
 */
export function autocovariance(x: ArrayLike<number>, method: "auto" | "direct" | "fft" = "auto"): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const m = mean(x);
  const yc = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    yc[i] = x[i]! - m;
    ss += yc[i]! * yc[i]!;
  }
  if (ss === 0) return out; // constant chain: every autocovariance is 0
  if (method === "direct" || (method === "auto" && n <= DIRECT_MAX)) {
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let i = 0; i + t < n; i++) s += yc[i]! * yc[i + t]!;
      out[t] = s / n;
    }
    return out;
  }
  const size = nextPowerOfTwo(2 * n);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(yc);
  fft(re, im);
  for (let k = 0; k < size; k++) {
    re[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    im[k] = 0;
  }
  fft(re, im, true);
  // Scale so that lag 0 is exactly the directly summed Σ(x − x̄)²/n (as posterior does: ac / ac[0] · var·(n−1)/n).
  const scale = ss / n / re[0]!;
  for (let t = 0; t < n; t++) out[t] = re[t]! * scale;
  return out;
}

/**
 * Σ_c γ̂^(c)_t over chains of equal length: what ESS needs (the mean autocovariance across chains). By linearity one
 * inverse FFT serves all chains (of the summed power spectra), and two real chains share each forward FFT
 * (a + i·b: A_k = (Z_k + conj Z_{N−k})/2, B_k = (Z_k − conj Z_{N−k})/2i) — for four chains 3 FFTs instead of 8.
 *
 * @example
 * ```ts
 * autocovarianceSum([chainA, chainB]);   // = autocovariance(chainA) + autocovariance(chainB), up to rounding
 * ```
 */
export function autocovarianceSum(chains: readonly ArrayLike<number>[]): Float64Array {
  const n = chains.length === 0 ? 0 : chains[0]!.length;
  const out = new Float64Array(n);
  if (n <= DIRECT_MAX) {
    for (const c of chains) { const a = autocovariance(c, "direct"); for (let t = 0; t < n; t++) out[t] = out[t]! + a[t]!; }
    return out;
  }
  const size = nextPowerOfTwo(2 * n);
  const power = new Float64Array(size);
  const re = new Float64Array(size), im = new Float64Array(size);
  let ssTotal = 0;
  const centered = (x: ArrayLike<number>, into: Float64Array): void => {
    const m = mean(x);
    for (let i = 0; i < n; i++) { const v = x[i]! - m; into[i] = v; ssTotal += v * v; }
  };
  for (let c = 0; c < chains.length; c += 2) {
    re.fill(0); im.fill(0);
    centered(chains[c]!, re);
    const pair = c + 1 < chains.length;
    if (pair) centered(chains[c + 1]!, im);
    fft(re, im);
    for (let k = 0; k < size; k++) {
      const j = k === 0 ? 0 : size - k;
      const zr = re[k]!, zi = im[k]!, wr = re[j]!, wi = im[j]!;
      if (!pair) { power[k] = power[k]! + zr * zr + zi * zi; continue; }
      // |A_k|² + |B_k|² with A = (Z_k + conj Z_j)/2 and B = (Z_k − conj Z_j)/(2i)
      const ar = (zr + wr) / 2, ai = (zi - wi) / 2, br = (zi + wi) / 2, bi = -(zr - wr) / 2;
      power[k] = power[k]! + ar * ar + ai * ai + br * br + bi * bi;
    }
  }
  if (ssTotal === 0) return out;
  im.fill(0);
  fft(power, im, true);
  // Lag 0 is exactly the directly summed Σ_c Σ_i (x − x̄)²/n (as in autocovariance).
  const scale = ssTotal / n / power[0]!;
  for (let t = 0; t < n; t++) out[t] = power[t]! * scale;
  return out;
}
