/**
 * Plain-JS baseline for exact enumeration of the burglary/alarm network: the obvious triple loop over
 * (burglary, earthquake, alarm) with the Russell–Norvig tables, johnCalls = maryCalls = true observed, returning
 * P(burglary | j, m), P(earthquake | j, m) and P(j, m).
 *
 * @example
 * ```ts
 * enumerateAlarm().pBurglary;   // 0.2842
 * ```
 */
export function enumerateAlarm(): { pBurglary: number; pEarthquake: number; pEvidence: number } {
  let z = 0, zb = 0, ze = 0;
  for (let b = 0; b < 2; b++)
    for (let e = 0; e < 2; e++)
      for (let a = 0; a < 2; a++) {
        const pa = b ? (e ? 0.95 : 0.94) : e ? 0.29 : 0.001;
        const p = (b ? 0.001 : 0.999) * (e ? 0.002 : 0.998) * (a ? pa : 1 - pa) * (a ? 0.9 * 0.7 : 0.05 * 0.01);
        z += p;
        if (b) zb += p;
        if (e) ze += p;
      }
  return { pBurglary: zb / z, pEarthquake: ze / z, pEvidence: z };
}

/**
 * Plain-JS baseline for a larger enumeration: a two-state HMM with T steps (z_0 ~ flip(0.5), z_t stays with
 * probability 0.9, y_t ~ N(±1, 1) observed), by the obvious loop over all 2^T paths. Returns log p(y) and
 * P(z_{T−1} = true | y).
 */
export function enumerateHmm(ys: readonly number[]): { logZ: number; pLast: number } {
  const T = ys.length, lik = ys.map((y) => [Math.exp(-0.5 * (y + 1) ** 2), Math.exp(-0.5 * (y - 1) ** 2)]);
  let z = 0, zLast = 0;
  for (let path = 0; path < 1 << T; path++) {
    let p = 0.5;
    for (let t = 0; t < T; t++) {
      const s = (path >> t) & 1;
      if (t > 0) p *= s === ((path >> (t - 1)) & 1) ? 0.9 : 0.1;
      p *= lik[t]![s]!;
    }
    z += p;
    if ((path >> (T - 1)) & 1) zLast += p;
  }
  return { logZ: Math.log(z) - T * 0.5 * Math.log(2 * Math.PI), pLast: zLast / z };
}
