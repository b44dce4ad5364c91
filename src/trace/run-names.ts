/**
 * The naming rules a run enforces beyond distinct addresses, each as the error it raises: a tracked value and
 * a choice never share a key, `return` (the return value's key in posteriors) is neither, and a call's own
 * address takes no value. A posterior keeps one column per key, so a clash would silently lose one of them.
 *
 * @example
 * ```ts
 * if (key === RETURN_KEY) throw reservedKeyError(key, "the address of a random choice");
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { GenerativeFunction, GFIOptions } from "./gfi.js";
import type { Rng } from "../rand/rng.js";

/** The key of a model's return value in posteriors (posterior/draws.ts reads it from here). */
export const RETURN_KEY = "return";

/** `return` given as a choice's address or a tracked name. */
export function reservedKeyError(key: string, what: "the address of a random choice" | "a tracked name"): BorelError {
  return new BorelError("bad-address", `'${key}' cannot be ${what}: posteriors report the model's return value under that name`, {
    address: key, hint: "choose another name, e.g. 'ret' or 'returns'",
  });
}

/** A tracked name that is also the address of a choice or call of the same run. */
export function trackedChoiceClash(key: string): BorelError {
  return new BorelError("duplicate-address", `'${key}' is both a tracked name and the address of a random choice in one run`, {
    address: key, hint: `give the tracked value another name (e.g. '${key}_value')`,
  });
}

/**
 * A value given for a call's own address (given {a: true} where a ~ sub()): the call has choices, not a value.
 * The hint lists a few of the callee's choices, from one simulation of it.
 */
export function constrainedCallError(key: string, g: GenerativeFunction, args: unknown[], rng: Rng, opts?: GFIOptions): BorelError {
  let names = "";
  try {
    names = [...g.simulate(args, rng, opts).choices()].filter((c) => !c.observed).map((c) => `${key}/${c.key}`).slice(0, 4).join(", ");
  } catch { /* the hint goes without the callee's addresses */ }
  return new BorelError("constrained-call", `address '${key}' is a call of ${g.name}, not a random choice: a value cannot be given for it`, {
    address: key,
    hint: `constrain the choices of ${g.name} under it${names ? ` (${names})` : ` ('${key}/<name>')`}, or return the value from ${g.name} and observe it in the caller`,
  });
}
