/**
 * Input checking and shape helpers for MCMC draws of one scalar quantity.
 *
 * Convention for the whole `diagnostics/` folder: `chains` is an array with one array of draws per chain, all of
 * equal length (`chains[c][i]` is draw `i` of chain `c`). A `NaN` draw is an error naming its chain and draw
 * (DESIGN.md: NaN is an error that names where it arose); infinite draws are allowed and make the
 * convergence diagnostics `NaN`, which plays the role of R's `NA`.
 *
 * @example
 * ```ts
 * const { nChains, nDraws } = checkChains([[1, 2, 3], [2, 3, 4]], "rhat"); // { nChains: 2, nDraws: 3 }
 * ```
 */
import { BorelError } from "../util/errors.js";

/** Draws of one scalar quantity: one array per chain, equal lengths. */
export type Chains = readonly ArrayLike<number>[];

/** Shape of a checked set of chains. */
export interface ChainsShape {
  nChains: number;
  nDraws: number;
}

/**
 * Checks that `chains` is a non-empty array of equal-length, non-empty arrays without NaN, throwing a
 * `BorelError` that names `fn`, the argument and the offending chain or draw.
 *
 * @example
 * ```ts
 * checkChains([[0.1, 0.2], [0.3]], "essBulk"); // throws: chains have unequal lengths
 * ```
 */
export function checkChains(chains: Chains, fn: string, minDraws = 1): ChainsShape {
  if (!Array.isArray(chains) || chains.length === 0)
    throw new BorelError("bad-argument", `${fn}: argument 'chains' must be a non-empty array of chains`, {
      hint: "pass one array of draws per chain, e.g. [[...chain 1], [...chain 2]]",
    });
  const nDraws = chains[0]!.length;
  for (let c = 0; c < chains.length; c++) {
    const chain = chains[c];
    if (chain === null || typeof chain !== "object" || typeof chain.length !== "number")
      throw new BorelError("bad-argument", `${fn}: argument 'chains[${c}]' is not an array of draws`);
    if (chain.length !== nDraws)
      throw new BorelError(
        "ragged-chains",
        `${fn}: argument 'chains' is ragged: chain 0 has ${nDraws} draws but chain ${c} has ${chain.length}`,
        { hint: "all chains must have the same number of draws; drop the extra draws or run chains equally long" },
      );
    for (let i = 0; i < nDraws; i++) {
      const v = chain[i];
      if (typeof v !== "number" || Number.isNaN(v))
        throw new BorelError("nan", `${fn}: argument 'chains' has ${String(v)} at chain ${c}, draw ${i}`, {
          hint: "a NaN draw usually means the sampler produced NaN; check the model's log density there",
        });
    }
  }
  if (nDraws < minDraws)
    throw new BorelError("too-few-draws", `${fn}: needs at least ${minDraws} draws per chain, got ${nDraws}`, {
      hint: "run the chains longer",
    });
  return { nChains: chains.length, nDraws };
}

/** All draws of all chains, chain after chain, in one array. */
export function pool(chains: Chains): Float64Array {
  const n = chains.reduce((s, c) => s + c.length, 0);
  const out = new Float64Array(n);
  let k = 0;
  for (const chain of chains) for (let i = 0; i < chain.length; i++) out[k++] = chain[i]!;
  return out;
}

/** Applies `f` to every draw, keeping the chain structure. */
export function mapDraws(chains: Chains, f: (x: number) => number): Float64Array[] {
  return chains.map((chain) => {
    const out = new Float64Array(chain.length);
    for (let i = 0; i < chain.length; i++) out[i] = f(chain[i]!);
    return out;
  });
}

/** Cuts a pooled array back into `nChains` chains of equal length. */
export function unpool(values: Float64Array, nChains: number): Float64Array[] {
  const n = values.length / nChains;
  const out: Float64Array[] = [];
  for (let c = 0; c < nChains; c++) out.push(values.slice(c * n, (c + 1) * n));
  return out;
}

/** True when any draw is ±Infinity (R's `should_return_NA` case for non-finite draws). */
export function anyInfinite(chains: Chains): boolean {
  for (const chain of chains) for (let i = 0; i < chain.length; i++) if (!Number.isFinite(chain[i]!)) return true;
  return false;
}

/**
 * True when all draws are equal up to `tol` (posterior's `is_constant`: `|max − min| < tol`, default the double
 * epsilon).
 */
export function isConstant(chains: Chains, tol = Number.EPSILON): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const chain of chains)
    for (let i = 0; i < chain.length; i++) {
      const v = chain[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return Math.abs(hi - lo) < tol;
}
