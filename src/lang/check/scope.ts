/**
 * What a name means to the checker, and lexical scopes of such bindings. A binding records where it was made
 * (for "first defined at" messages) and the function it belongs to (`fnId`), so the checker can refuse an
 * assignment to a `var` from inside a nested function.
 */
import type { Span } from "../../util/errors.js";
import type { ModelDecl } from "../syntax/ast.js";
import type { BuiltinSignature } from "./builtins.js";

export interface DistParam {
  name: string;
  default?: number;
}

export type Binding =
  | { kind: "builtin"; name: string; sig: BuiltinSignature }
  /**
   * A distribution constructor. `builtin`: a builtin function of the same name (`logistic`): a call with one
   * positional argument is the function, any other call the distribution.
   */
  | { kind: "dist"; name: string; params: readonly DistParam[]; builtin?: BuiltinSignature }
  /** params null: an imported or outside model whose parameters are unknown. */
  | { kind: "model"; name: string; params: readonly string[] | null; decl?: ModelDecl; span?: Span }
  | { kind: "fn"; name: string; params: readonly string[] | null; span?: Span; fnId: number }
  | {
      kind: "let" | "var" | "param" | "loop" | "sample" | "value";
      name: string;
      fnId: number;
      span?: Span;
      /** For a `let` bound to `fn(...)`: its parameters (calls are arity-checked). */
      params?: readonly string[];
      /** For a top-level `let`: its item index (top-level code may only read it after). */
      topIndex?: number;
    };

export class Scope {
  private readonly names = new Map<string, Binding>();

  constructor(readonly parent: Scope | null) {}

  define(b: Binding): void {
    this.names.set(b.name, b);
  }

  /** The binding in this scope only. */
  own(name: string): Binding | undefined {
    return this.names.get(name);
  }

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const b = s.names.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  /** Every visible name, innermost first (for "did you mean"). */
  *visible(): Generator<string> {
    for (let s: Scope | null = this; s !== null; s = s.parent) yield* s.names.keys();
  }
}

/** How a binding reads in a message: "the let 'x'", "the loop variable 'i'". */
export function describeBinding(b: Binding): string {
  switch (b.kind) {
    case "builtin":
      return `the builtin '${b.name}'`;
    case "dist":
      return `the distribution '${b.name}'`;
    case "model":
      return `the model '${b.name}'`;
    case "fn":
      return `the fn '${b.name}'`;
    case "let":
      return `'${b.name}' (declared with let)`;
    case "var":
      return `the var '${b.name}'`;
    case "param":
      return `the parameter '${b.name}'`;
    case "loop":
      return `the loop variable '${b.name}'`;
    case "sample":
      return `the random choice '${b.name}'`;
    case "value":
      return `'${b.name}'`;
  }
}
