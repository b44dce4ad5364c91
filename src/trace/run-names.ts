/**
 * The naming rules a run enforces, each as the error it raises: distinct addresses (also across a call and
 * flat addresses under it), a tracked value and a choice never share a key, `return` (the return value's key in
 * posteriors) is neither, and a call's own address takes no value. A posterior keeps one column per key, so a
 * clash would silently lose one of them.
 *
 * @example
 * ```ts
 * if (key === RETURN_KEY) throw reservedKeyError(key, "the address of a random choice");
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { GenerativeFunction, GFIOptions } from "./gfi.js";
import type { Rng } from "../rand/rng.js";
import type { RecordTable } from "./record-table.js";

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

/** An address visited twice in one run. */
export function duplicateAddress(key: string, model: string): BorelError {
  return new BorelError("duplicate-address", `address '${key}' was used twice in one run of ${model}`, {
    address: key,
    hint: "each random choice needs its own address (a sub-model's choices are under its call's address); inside a loop include the index, e.g. t.sample([\"x\", i], ...)",
  });
}

/** True when a call recorded at a prefix of `key` holds a choice at the rest of it (x/a after t.trace("x") with a). */
export function insideCall(records: RecordTable, key: string): boolean {
  for (let i = key.indexOf("/"); i > 0; i = key.indexOf("/", i + 1)) {
    const r = records.get(key.slice(0, i));
    if (r !== undefined && r.kind === "call") return r.trace.choice(key.slice(i + 1)) !== undefined;
  }
  return false;
}

/** A call at `key` after choices under it (x/a before t.trace("x")): their addresses would be used twice. */
export function checkNoChoicesUnder(records: RecordTable, key: string, model: string): void {
  const prefix = `${key}/`;
  for (const r of records.list) if (r.key.startsWith(prefix)) throw duplicateAddress(r.key, model);
}
