/**
 * Run-time errors of Borel programs: every one is a `BorelError` located at the expression that caused it.
 * Errors thrown by lower layers (a distribution's parameter check, a shape mismatch in `src/ad`) are given
 * the span of the Borel expression that reached them; a JavaScript stack overflow becomes a located
 * "recursion too deep" error instead of a crash.
 *
 * @example
 * ```ts
 * try { normal(0, -1) } catch (e) { throw located(e, span) }   // "file:3:7: normal: argument 'sigma' ..."
 * ```
 */
import { BorelError, isBorelError, type Span } from "../../util/errors.js";
import { distributionRegistry } from "../../dist/registry.js";

/** A type error at `span`: "`+` needs numbers or vectors, got a string and a record". */
export function typeError(span: Span | undefined, message: string, hint?: string): BorelError {
  return new BorelError("type-error", message, { span, hint });
}

/**
 * True for the error V8 throws when the JavaScript stack is exhausted — a RangeError, or another error whose
 * construction itself ran out of stack (e.g. compiling a regular expression). No allocation: it runs on a
 * nearly full stack.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof Error && typeof e.message === "string" && e.message.indexOf("Maximum call stack") >= 0;
}

/** The error for recursion that exhausted the stack or the depth budget. */
export function recursionError(span: Span | undefined, limit?: number): BorelError {
  return new BorelError("recursion-depth", `recursion too deep${limit === undefined ? " (JavaScript's call stack ran out)" : ` (more than ${limit} nested calls)`}`, {
    span,
    hint: limit === undefined
      ? "a recursive function or model does not reach its base case, or recurses too deep for the stack (recursive models: a few hundred levels); write deep recursion as a loop with indexed choices (x[i] ~ ...)"
      : "a recursive function or model does not reach its base case, or recurses deeper than the budget allows (raise it: borel run --max-depth N; in TypeScript, budget: {maxDepth: N})",
  });
}

/**
 * `e` as a `BorelError` located at `span` (unless it is located already): BorelErrors get the span,
 * stack overflows become `recursion-depth` errors, other errors become internal errors naming the message.
 */
export function located(e: unknown, span: Span | undefined): BorelError {
  if (isBorelError(e)) {
    if (e.code === "bad-parameter" && e.hint === undefined) e.hint = signatureHint(e.message);
    return e.at(span);
  }
  if (isStackOverflow(e)) return recursionError(span);
  const msg = e instanceof Error ? e.message : String(e);
  // A function (or model) called before a top-level definition it reads has run: the generated code's binding
  // of that name (scope.ts mangles 'K' to u_K$n) is still uninitialized.
  const early = e instanceof ReferenceError ? /^Cannot access 'u_(\w+)\$\d+' before initialization/.exec(msg) : null;
  if (early !== null)
    return new BorelError("use-before-definition", `'${early[1]}' is used before its definition: this call runs a function that reads '${early[1]}', which is defined further down`, {
      span,
      hint: `move the definition of '${early[1]}' above this line (a function may name later definitions, but can only be called once they have run)`,
    });
  return new BorelError("runtime-error", msg, { span, cause: e });
}

/** A NaN result of an operation, located. */
export function nanError(span: Span | undefined, what: string): BorelError {
  return new BorelError("nan", `${what} produced NaN`, {
    span,
    hint: "check the values reaching this expression for 0/0, Infinity - Infinity or the log of a negative number",
  });
}

/** "the distribution is uniform(low, high)" for a parameter error of a registered family (its message starts "uniform: argument"). */
function signatureHint(message: string): string | undefined {
  const name = /^(\w+): argument/.exec(message)?.[1];
  const entry = name === undefined ? undefined : distributionRegistry.get(name);
  if (entry === undefined) return undefined;
  return `the distribution is ${entry.name}(${entry.params.map((p) => (p.default === undefined ? p.name : `${p.name} = ${p.default}`)).join(", ")})`;
}
