/**
 * Chain splitting (posterior's `.split_chains`): each chain of n draws becomes two chains, its first ⌊n/2⌋ and
 * its last ⌊n/2⌋ draws; when n is odd the middle draw is dropped. A chain of one draw is left whole. Split
 * chains let R-hat and ESS see non-stationarity within a chain (a trend shows up as disagreeing halves).
 *
 * @example
 * ```ts
 * splitChains([[1, 2, 3, 4, 5]]); // [Float64Array [1, 2], Float64Array [4, 5]]
 * ```
 */
import type { Chains } from "./chains.js";

/**
 * Splits every chain into its first and last halves (middle draw dropped for odd lengths), returning the
 * 2·nChains half-chains as [first halves of all chains, then second halves] — the column order of R's
 * `cbind(x[first, ], x[second, ])`.
 *
 * @example
 * ```ts
 * splitChains([[1, 2, 3, 4], [5, 6, 7, 8]]); // [[1, 2], [5, 6], [3, 4], [7, 8]]
 * ```
 */
export function splitChains(chains: Chains): Float64Array[] {
  const n = chains.length === 0 ? 0 : chains[0]!.length;
  if (n <= 1) return chains.map((c) => Float64Array.from(c));
  const half = Math.floor(n / 2);
  const start2 = Math.ceil(n / 2 + 1) - 1; // R: ceiling(n/2 + 1), 1-based
  const first = chains.map((c) => copyRange(c, 0, half));
  const second = chains.map((c) => copyRange(c, start2, n));
  return [...first, ...second];
}

/** Draws from..to−1 of a chain as a new Float64Array. */
function copyRange(c: ArrayLike<number>, from: number, to: number): Float64Array {
  if (c instanceof Float64Array) return c.slice(from, to);
  const out = new Float64Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = c[i]!;
  return out;
}
