/**
 * Rank normalization (Vehtari, Gelman, Simpson, Carpenter, Bürkner 2021, "Rank-normalization, folding, and
 * localization"): every draw is replaced by its rank r among all S draws pooled over chains (ties get the
 * average rank), then mapped to the normal scale with Blom's offset c = 3/8:
 *
 *   z = Φ⁻¹((r − c) / (S − 2c + 1)).
 *
 * Folding, `|x − median(x)|`, turns a difference in scale between chains into a difference in location so
 * that R-hat of folded draws sees it.
 *
 * @example
 * ```ts
 * zScale([[1, 2], [3, 4]]); // ranks 1..4 → Φ⁻¹([0.147, 0.382, 0.618, 0.853])
 * ```
 */
import { normalQuantile } from "../math/normal.js";
import { type Chains, pool, unpool } from "./chains.js";
import { median } from "./quantile.js";

/**
 * Ranks of `x` (1-based), ties receiving the average of the ranks they span (R's `rank(x, ties = "average")`).
 *
 * @example
 * ```ts
 * averageRanks([10, 20, 10, 30]); // Float64Array [1.5, 3, 1.5, 4]
 * ```
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i]!)) return averageRanksBySort(x);
  // Without NaN: a value v has the ranks (#{x < v}) + 1 … #{x ≤ v}, whose average is read off the sorted
  // values by two binary searches (a native sort of numbers instead of a sort with a comparator).
  const s = Float64Array.from(x as ArrayLike<number>).sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (s[mid]! < v) lo = mid + 1; else hi = mid; }
    const below = lo;
    hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (s[mid]! <= v) lo = mid + 1; else hi = mid; }
    ranks[i] = (below + 1 + lo) / 2;
  }
  return ranks;
}

/** `averageRanks` by sorting indices (inputs with NaN, whose order the comparator leaves as it finds it). */
function averageRanksBySort(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const xa = x[a]!;
    const xb = x[b]!;
    return xa < xb ? -1 : xa > xb ? 1 : a - b; // handles ±Infinity; stable for ties
  });
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && x[order[j]!] === x[order[i]!]) j++;
    const r = (i + 1 + j) / 2; // average of ranks i+1 .. j
    for (let k = i; k < j; k++) ranks[order[k]!] = r;
    i = j;
  }
  return ranks;
}

/**
 * Rank-normalized draws with the chain structure kept: ranks are taken over all draws pooled, so chains that
 * disagree stay apart (posterior's `z_scale`). Infinite draws get ranks like any other; a NaN input (which only
 * arises from folding at an infinite median) stays NaN.
 *
 * @example
 * ```ts
 * const z = zScale([[0.3, 5.1], [-2, 0.9]]); // same shape, standard-normal scores
 * ```
 */
export function zScale(chains: Chains, c = 3 / 8): Float64Array[] {
  const x = pool(chains);
  const r = averageRanks(x);
  const s = x.length;
  const z = new Float64Array(s);
  for (let i = 0; i < s; i++) z[i] = Number.isNaN(x[i]!) ? NaN : normalQuantile((r[i]! - c) / (s - 2 * c + 1));
  return unpool(z, chains.length);
}

/**
 * Folds draws around their pooled median: `|x − median(x)|` (posterior's `fold_draws`).
 *
 * @example
 * ```ts
 * foldDraws([[1, 2], [3, 4]]); // [[1.5, 0.5], [0.5, 1.5]]
 * ```
 */
export function foldDraws(chains: Chains): Float64Array[] {
  const m = median(pool(chains));
  return chains.map((chain) => {
    const out = new Float64Array(chain.length);
    for (let i = 0; i < chain.length; i++) out[i] = Math.abs(chain[i]! - m);
    return out;
  });
}
