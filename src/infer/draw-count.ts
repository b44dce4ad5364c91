/**
 * How many draws a method may keep. Every particle and every kept MCMC draw stays in memory until the posterior
 * is built — its values, a few hundred bytes each for the smallest model — so a count far beyond what the heap
 * holds ran for minutes and then crashed the process (`importance(particles: 1e8)`). Counts above `MAX_DRAWS`
 * are refused up front with the reason.
 *
 * @example
 * ```ts
 * drawCount("importance", "particles", 5000);   // 5000
 * drawCount("importance", "particles", 1e8);    // BorelError bad-option, with the reason in the hint
 * ```
 */
import { BorelError } from "../util/errors.js";

/** The most draws of one run (particles, or kept draws per MCMC chain): 10^7 fill most of a default 4 GB heap. */
export const MAX_DRAWS = 10_000_000;

/** Why the limit exists and what to do instead (the hint of the error, also used by the query option specs). */
export const MAX_DRAWS_HINT =
  "every draw is kept in memory (its values: a few hundred bytes each), and 10^7 fill most of a default 4 GB heap; for more precision, run with several seeds and combine the estimates, or thin an MCMC run (thin: k keeps every k-th draw)";

/** A count of kept draws: a positive integer up to MAX_DRAWS (0 allowed with `min: 0`), else an error naming the method and option. */
export function drawCount(owner: string, name: string, n: unknown, min = 1): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min)
    throw new BorelError("bad-option", `${owner}: '${name}' must be ${min === 0 ? "a non-negative" : "a positive"} integer, got ${typeof n === "string" ? JSON.stringify(n) : String(n)}`);
  if (n > MAX_DRAWS) throw new BorelError("bad-option", `${owner}: '${name}' is ${n}, more than the ${MAX_DRAWS} draws one run can keep`, { hint: MAX_DRAWS_HINT });
  return n;
}
