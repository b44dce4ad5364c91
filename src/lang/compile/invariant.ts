/**
 * Argument-invariant expressions of model bodies (Stan's "transformed data", found by the compiler): an
 * expression whose names are all the model's parameters, the program's top-level names (constants once the
 * program has loaded) or body `let`s computed from those alone has the same value in every run of the body
 * for the same arguments — Borel functions are pure and values immutable. Such an expression is evaluated
 * once and kept in a per-model cache slot, `$C[k]`, that the body takes from `$cache(model, args, slots)` at
 * its start; the cache is replaced when the arguments differ (by identity, `Object.is`) from the last run's.
 *
 * So `beta ~ normal(zeros(len(X[0])), 5)` builds the zero vector once, and `matrix(X) * beta` converts the
 * data to a matrix once, not in every gradient evaluation of NUTS. An expression that throws is not cached
 * (it throws again in the next run); `param(...)` is never invariant (parameters change between runs).
 *
 * @example
 * ```ts
 * // model m(X) { ... matrix(X) * beta ... }  compiles the product's left side to
 * // ($C[0] !== $NC ? $C[0] : ($C[0] = $call($b.matrix, [u_X$3], S[8])))
 * ```
 */
import type { Expr, Node } from "../syntax/ast.js";
import { mentionedNames } from "./analysis.js";
import type { Scope } from "./scope.js";

/** Cache slots handed out while one model body is generated. */
export class SlotCounter {
  count = 0;

  /** The cached form of `code` in a new slot. */
  emit(code: string): string {
    const k = this.count++;
    return `($C[${k}] !== $NC ? $C[${k}] : ($C[${k}] = ${code}))`;
  }
}

const namesCache = new WeakMap<Node, Set<string>>();

/** The names `e` mentions (nested functions included), computed once per node. */
export function namesOf(e: Node): Set<string> {
  let s = namesCache.get(e);
  if (s === undefined) namesCache.set(e, (s = mentionedNames(e)));
  return s;
}

/** Expressions whose evaluation costs more than reading a slot (calls, operators, literals that allocate). */
export function worthCaching(e: Expr): boolean {
  return e.kind !== "Number" && e.kind !== "String" && e.kind !== "Bool" && e.kind !== "Identifier";
}

/**
 * True when every name `e` mentions (nested functions included) is bound invariantly in `scope`, or not
 * bound there at all (builtins, names local to a nested function). `param` reads a learnable parameter.
 */
export function isInvariant(e: Node, scope: Scope): boolean {
  for (const n of namesOf(e)) {
    const b = scope.lookup(n);
    if (b === undefined) {
      if (n === "param") return false;
      continue;
    }
    if (b.inv !== true) return false;
  }
  return true;
}

/** The body's cache declaration (`const $C = $cache(...)`), or nothing when no expression was cached. */
export function cacheDeclaration(model: number, slots: SlotCounter): string {
  return slots.count === 0 ? "" : `const $C = $cache(${model}, $A, ${slots.count});`;
}
