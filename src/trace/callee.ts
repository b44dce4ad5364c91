/**
 * Calls whose generative function is re-made on every run. `t.trace(addr, gf, args)` with a `gf` built inside the
 * model body (`gen(...)` there) is a new object each run, so `update`, `regenerate` and differentiable runs, which
 * match a call to the trace's by identity, would treat it as a different callee: discard the call's choices (its
 * observations with them) and sample them afresh. The run refuses such a call with an error saying how to fix it.
 *
 * @example
 * ```ts
 * if (old.gf !== g && sameMaking(old.gf, g)) throw recreatedCallee(key, g.name, old.trace);
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Trace } from "./gfi.js";
/** Two generative functions made the same way: same class and name, same body source, same kernel (combinators). */
export function sameMaking(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null || depth > 8) return false;
  const x = a as { name?: unknown; body?: unknown; kernel?: unknown }, y = b as typeof x;
  if (a.constructor !== b.constructor || x.name !== y.name) return false;
  if (typeof x.body === "function" && (typeof y.body !== "function" || String(x.body) !== String(y.body))) return false;
  return x.kernel === undefined ? y.kernel === undefined : sameMaking(x.kernel, y.kernel, depth + 1);
}

/**
 * A call whose generative function is a new object made like the one as the one in the trace: a model or
 * combinator made inside the body (`t.trace("pts", gen(...), args)`) is a different callee on every run, so
 * update and regenerate would discard the call's choices — its observations with them — and differentiable runs
 * would find no call to differentiate.
 */
export function recreatedCallee(key: string, name: string, old: Trace): BorelError {
  let observed = false;
  for (const c of old.choices()) if (c.observed) { observed = true; break; }
  return new BorelError("recreated-callee", `the call at '${key}' is made by a new ${name} on each run, not the generative function of the trace${observed ? " (its observations would be lost)" : ""}`, {
    address: key,
    hint: "make the sub-model or combinator once, outside the model's body, and pass that one to t.trace",
  });
}
