/**
 * Option names of the TypeScript entry points (`importance(model, args, obs, {particles: 100})`): a name the
 * method does not take is an error with "did you mean", as in Borel queries — a misspelled option
 * (`partcles`) or Borel's snake_case (`ess_threshold`) would otherwise be ignored silently and the default used.
 * `optionNames<Options>()(...)` lists a method's names; the compiler checks the list against the options
 * interface both ways, so adding an option without listing it does not compile.
 *
 * @example
 * ```ts
 * const IMPORTANCE = optionNames<ImportanceOptions>()(["particles", "seed", ...]);
 * checkOptionNames("importance", opts, IMPORTANCE);   // throws on {partcles: 10}: did you mean 'particles'?
 * ```
 */
import { BorelError } from "../util/errors.js";
import { closest } from "../util/suggest.js";

/** Every key of T, as a string union. */
type Keys<T> = keyof T & string;

/**
 * The option names of `T`, checked by the compiler: each listed name is an option of T, and a list that misses
 * one does not type-check (the error names the missing ones).
 */
export function optionNames<T>() {
  return <const K extends readonly Keys<T>[]>(names: K & ([Exclude<Keys<T>, K[number]>] extends [never] ? unknown : { missing: Exclude<Keys<T>, K[number]> })): ReadonlySet<string> =>
    new Set(names as readonly string[]);
}

/** Options most entry points take: learnable parameters, latent constraints, the random stream. */
export const COMMON_OPTIONS = ["params", "latent", "seed", "rng"] as const;
/** Options of runs that report progress and can be stopped. */
export const RUN_OPTIONS = ["onProgress", "signal"] as const;

/** snake_case → camelCase (`ess_threshold` → `essThreshold`), for the hint. */
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Throws when `opts` is not an object (undefined: the defaults) or has a key that is not one of `names`
 * (undefined values included: a typo is a typo).
 */
export function checkOptionNames(method: string, opts: object | undefined, names: ReadonlySet<string>): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== "object" || Array.isArray(opts))
    throw new BorelError("bad-option", `${method}: the options must be an object, got ${opts === null ? "null" : Array.isArray(opts) ? "an array" : typeof opts}`, {
      hint: `pass {} (or nothing) for the defaults, e.g. ${method}(model, args, observations, { seed: 1 })`,
    });
  for (const k of Object.keys(opts)) {
    if (names.has(k)) continue;
    const near = names.has(camel(k)) ? camel(k) : closest(k, names);
    throw new BorelError("unknown-option", `${method}: unknown option '${k}'`, {
      hint: `${near ? `did you mean '${near}'? ` : ""}options of ${method}: ${[...names].join(", ")}`,
    });
  }
}

/** An option value as an error message shows it: strings quoted, numbers as written (NaN, not null). */
export function showOptionValue(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : typeof v === "number" || v === undefined ? String(v) : typeof v === "object" && v !== null ? "an object" : String(v);
}

/** Throws unless `value` is undefined or one of `allowed` (an option taking names: `family`, `mode`, ...). */
export function checkOptionChoice(method: string, name: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value as string)) return;
  throw new BorelError("bad-option", `${method}: '${name}' must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${showOptionValue(value)}`);
}

/**
 * Throws unless a numeric option is undefined (its default) or a finite number ≥ `min` (an integer with
 * `integer`): the message names the method, the option and the value.
 */
export function checkNumberOption(method: string, name: string, value: unknown, spec: { min: number; integer?: boolean }): void {
  if (value === undefined) return;
  const { min, integer = false } = spec;
  if (typeof value === "number" && Number.isFinite(value) && value >= min && (!integer || Number.isInteger(value))) return;
  const what = integer ? (min === 1 ? "a positive integer" : min === 0 ? "a non-negative integer" : `an integer ≥ ${min}`) : min === 0 ? "a non-negative number" : `a number ≥ ${min}`;
  throw new BorelError("bad-option", `${method}: '${name}' must be ${what}, got ${showOptionValue(value)}`);
}
