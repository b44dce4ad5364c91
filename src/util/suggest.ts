/**
 * "Did you mean ...?" by edit distance: the closest known name within a small number of edits (insertions,
 * deletions, substitutions and transpositions of adjacent letters — `nromal` is one edit from `normal`).
 *
 * @example
 * ```ts
 * closest("nromal", ["normal", "gamma"]);   // "normal"
 * closest("xyz", ["normal"]);               // undefined
 * closest("elliptical_slice", ["elliptical"]); // "elliptical" (a candidate and more words)
 * ```
 */

/** Optimal-string-alignment distance, stopping early (returning > limit) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** The candidate closest to `name` within max(1, ⌊len/3⌋) edits (fewer than the name's length); ties: first. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    if (c === name || c.length === 0) continue;
    const d = editDistance(name, c, bestD - 1 < limit ? bestD : limit);
    if (d < bestD && d < name.length) {
      best = c;
      bestD = d;
    }
  }
  if (best !== undefined) return best;
  // Failing that, a name that spells a candidate and more words (`elliptical_slice` for `elliptical`).
  for (const c of candidates) if (c.length >= 3 && name.startsWith(`${c}_`)) return c;
  return undefined;
}

/** `did you mean 'normal'?` or undefined. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const c = closest(name, candidates);
  return c === undefined ? undefined : `did you mean '${c}'?`;
}
