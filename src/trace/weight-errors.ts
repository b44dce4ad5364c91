/**
 * The errors of a log weight that cannot be used: a density of +Infinity at a value (a pole of the density) and
 * `factor(+Infinity)`. −Infinity is a valid weight (the run is impossible); NaN has errors of its own. Shared by
 * the runs of the trace layer and the resumable runs of compiled programs, so both say the same.
 *
 * @example
 * ```ts
 * if (lp === Infinity) throw infiniteDensity(dist, "obs_3_3", 0);
 * ```
 */
import type { Distribution } from "../dist/distribution.js";
import { describeValue } from "../dist/params.js";
import { BorelError, type Span } from "../util/errors.js";

/** The log density of `dist` at `value` (address `key`) is +Infinity. */
export function infiniteDensity(dist: Distribution, key: string, value: unknown, span?: Span): BorelError {
  return new BorelError("infinite-density", `log density of ${dist} at address '${key}' is +Infinity (value ${describeValue(value)}): the density is unbounded there`, {
    span, address: key,
    hint: "no run can be weighed against an infinite density: keep the value off the pole (e.g. data at exactly 0 or 1 for a beta with a parameter below 1), or change the parameters",
  });
}

/** `factor(+Infinity)`. */
export function infiniteFactor(span?: Span): BorelError {
  return new BorelError("bad-factor", "factor(+Infinity): a log weight of +Infinity would make this run infinitely likely", {
    span, hint: "factor(-Infinity) rejects a run; a finite log weight reweighs it",
  });
}
