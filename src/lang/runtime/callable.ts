/**
 * Borel functions: user `fn`s, lambdas and builtins are all `BorelFn` values, called only through `callFn`
 * (which counts the call against the budget, checks arity and maps named arguments). A `BorelFn` is not a
 * JavaScript function, so a program can neither read its properties nor call it with a chosen `this`.
 *
 * @example
 * ```ts
 * const twice = new BorelFn("twice", ["x"], (a) => 2 * (a[0] as number));
 * callFn(twice, [3], span, budget);   // 6
 * ```
 */
import { BorelError, type Span } from "../../util/errors.js";
import type { Budget } from "./budget.js";
import { isStackOverflow, located, recursionError, typeError } from "./errors.js";
import { aTypeName, typeName } from "./values.js";

/** The implementation of a function: positional arguments (already complete) and the call's span. */
export type FnImpl = (args: readonly unknown[], span: Span | undefined) => unknown;

export class BorelFn {
  readonly borelType = "function";

  constructor(
    readonly name: string,
    /** Parameter names in order (for named arguments and messages). */
    readonly params: readonly string[],
    readonly impl: FnImpl,
    /** Number of required leading parameters (the rest have defaults or are optional). */
    readonly required: number = params.length,
    /** True when any number of arguments ≥ required is accepted (`max(a, b, c)`). */
    readonly variadic = false,
    /**
     * The same function for a call with exactly one or two arguments, without an argument list (builtins in
     * inner loops: distributions, elementwise math). Only set when that number of arguments is accepted.
     */
    readonly fixed?: { readonly one?: (a: unknown, span: Span | undefined) => unknown; readonly two?: (a: unknown, b: unknown, span: Span | undefined) => unknown },
    /**
     * True for a builtin whose work grows with its arguments (`sum`, `sort`, `exp` of a vector): a call counts
     * their elements against the step budget. False for `len` and for a user `fn` (which counts its own loops
     * and calls).
     */
    readonly countsArguments = true,
  ) {}

  toString(): string {
    return `fn ${this.name}(${this.params.join(", ")})`;
  }
}

export function isBorelFn(x: unknown): x is BorelFn {
  return x instanceof BorelFn;
}

/** Checks the number of arguments of a call; the error names the function and its parameters. */
export function checkArity(f: BorelFn, n: number, span: Span | undefined): void {
  if (n < f.required || (!f.variadic && n > f.params.length)) {
    const want = f.variadic ? `at least ${f.required}` : f.required === f.params.length ? `${f.required}` : `${f.required} to ${f.params.length}`;
    throw new BorelError("arity", `${f.name} takes ${want} argument${want === "1" ? "" : "s"}, got ${n}`, {
      span,
      hint: `${f.name}(${f.params.join(", ")})`,
    });
  }
}

/** Calls a Borel function with positional arguments: budget, depth and arity checks, located errors. */
export function callFn(f: unknown, args: readonly unknown[], span: Span | undefined, budget: Budget): unknown {
  if (!(f instanceof BorelFn)) throw typeError(span, `cannot call ${aTypeName(f)}: it is not a function`);
  checkArity(f, args.length, span);
  budget.enterCall(span);
  if (f.countsArguments) for (const a of args) budget.work(a, span);
  try {
    return f.impl(args, span);
  } catch (e) {
    if (isStackOverflow(e)) throw recursionError(span);
    throw located(e, span);
  } finally {
    budget.exitCall();
  }
}

/**
 * Positional arguments for a call with named arguments (`gamma(shape: 8, rate: 2)`): each name must be a
 * parameter not already given positionally. Missing parameters stay `undefined` (the callee fills defaults).
 */
export function bindNamed(f: BorelFn, positional: readonly unknown[], names: readonly string[], values: readonly unknown[], span: Span | undefined): unknown[] {
  const args = positional.slice();
  let last = positional.length - 1;
  names.forEach((name, k) => {
    const i = f.params.indexOf(name);
    if (i < 0)
      throw new BorelError("unknown-argument", `${f.name} has no parameter named '${name}'`, { span, hint: `${f.name}(${f.params.join(", ")})` });
    if (i < positional.length || args[i] !== undefined)
      throw new BorelError("duplicate-argument", `${f.name}: argument '${name}' is given twice`, { span });
    args[i] = values[k];
    last = Math.max(last, i);
  });
  args.length = last + 1;
  for (let i = 0; i < f.required; i++)
    if (args[i] === undefined) throw new BorelError("missing-argument", `${f.name}: missing argument '${f.params[i]}'`, { span, hint: `${f.name}(${f.params.join(", ")})` });
  return args;
}
