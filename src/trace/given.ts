/**
 * Given data in a trace: observations that came from the constraints of `generate` (a query's `given`), marked
 * `ChoiceView.given`. When a move replaces the model at an address (a branch picks another sub-model, `switch`
 * changes branch), the new model is generated with them, so the data stay observed whatever runs there.
 *
 * @example
 * ```ts
 * const tr = model.generate([], ChoiceMap.from({ s: { v: 3 } }), rng).trace;
 * givenChoices(tr);   // ChoiceMap { "s/v": 3 }
 * ```
 */
import { ChoiceMap } from "./choicemap.js";
import type { Trace } from "./gfi.js";

/** The given observations of a trace, keyed relative to it. */
export function givenChoices(trace: Trace): ChoiceMap {
  const out = new ChoiceMap();
  for (const c of trace.choices()) if (c.given === true) out.set(c.key, c.value);
  return out;
}

/** Constraints for a new callee that takes over given data: the given values, then `constraints` over them. */
export function withGiven(given: ChoiceMap, constraints: ChoiceMap): ChoiceMap {
  if (given.isEmpty()) return constraints;
  const out = new ChoiceMap(given.entries());
  for (const [k, v] of constraints) out.set(k, v);
  return out;
}
