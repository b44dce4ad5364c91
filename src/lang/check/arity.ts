/**
 * Argument checks of a call against a signature: too many or too few positional arguments, an unknown named
 * argument (with "did you mean"), an argument given twice, a positional argument after a named one. One
 * rule for builtins, distributions, models and fns; the signature says which parameters are optional.
 *
 * @example
 * ```ts
 * checkArguments({ owner: "normal", what: "distribution", params: [{name: "mu"}, {name: "sigma"}], max: 2 }, call);
 * // normal(0, sd: 1) → [unknown argument 'sd' ... did you mean 'sigma'?]
 * ```
 */
import { BorelError, type Span } from "../../util/errors.js";
import type { Arg } from "../syntax/ast.js";
import { didYouMean } from "../../util/suggest.js";

export interface Signature {
  /** The callee's name as written. */
  owner: string;
  /** "builtin", "distribution", "model", "fn". */
  what: string;
  params: readonly { name: string; optional?: boolean }[];
  /** Most positional arguments (Infinity for variadic builtins). */
  max: number;
  /** Fewest arguments (defaults to the number of required parameters). */
  min?: number;
  /** Whether arguments may be named (builtins with a fixed list of parameters; everything else). */
  named?: boolean;
}

function listing(sig: Signature): string {
  const ps = sig.params.map((p) => (p.optional ? `${p.name}?` : p.name));
  if (sig.max === Infinity) ps.push("...");
  return `${sig.owner}(${ps.join(", ")})`;
}

export function checkArguments(sig: Signature, args: readonly Arg[], callSpan: Span): BorelError[] {
  const errors: BorelError[] = [];
  const positional = args.filter((a) => a.name === null);
  const named = args.filter((a) => a.name !== null);
  const firstNamed = args.findIndex((a) => a.name !== null);
  const late = firstNamed >= 0 ? args.slice(firstNamed).find((a) => a.name === null) : undefined;
  if (late)
    return [new BorelError("argument-order", "a positional argument follows a named one", {
      span: late.span,
      hint: `put positional arguments first: ${listing(sig)}`,
    })];
  if (positional.length > sig.max) {
    const extra = positional[sig.max]!;
    const n = sig.max;
    const exact = (sig.min ?? sig.params.filter((p) => !p.optional).length) === n;
    errors.push(new BorelError("arity", `too many arguments: ${sig.owner} takes ${n === 0 ? "none" : exact ? n : `at most ${n}`}, got ${positional.length}`, {
      span: extra.span,
      hint: `the ${sig.what} is ${listing(sig)}`,
    }));
  }
  const given = new Set<string>();
  positional.slice(0, sig.params.length).forEach((_, i) => given.add(sig.params[i]!.name));
  for (const a of named) {
    const name = a.name!;
    if (sig.named === false) {
      errors.push(new BorelError("unknown-argument", `${sig.owner} takes positional arguments only`, {
        span: a.span,
        hint: `write ${listing(sig)} without names`,
      }));
      continue;
    }
    if (!sig.params.some((p) => p.name === name)) {
      const dym = didYouMean(name, sig.params.map((p) => p.name));
      errors.push(new BorelError("unknown-argument", `${sig.owner} has no parameter '${name}'`, {
        span: a.span,
        hint: `${dym ? `${dym} ` : ""}the ${sig.what} is ${listing(sig)}`,
      }));
      continue;
    }
    if (given.has(name)) {
      errors.push(new BorelError("arity", `argument '${name}' of ${sig.owner} is given twice`, { span: a.span, hint: `the ${sig.what} is ${listing(sig)}` }));
      continue;
    }
    given.add(name);
  }
  const min = sig.min ?? sig.params.filter((p) => !p.optional).length;
  const missing = sig.params.filter((p, i) => !given.has(p.name) && (sig.min !== undefined ? i < min : !p.optional));
  if (missing.length > 0 && errors.length === 0) {
    const names = missing.map((p) => `'${p.name}'`).join(", ");
    errors.push(new BorelError("arity", `missing argument${missing.length > 1 ? "s" : ""} ${names} of ${sig.owner}`, {
      span: callSpan,
      hint: `the ${sig.what} is ${listing(sig)}`,
    }));
  }
  return errors;
}
