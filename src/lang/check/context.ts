/**
 * The checker's options and the surface the expression checks (check-expr.ts) use of the statement walker
 * (checker.ts), as interfaces so the two files do not import each other.
 */
import type { BorelError, Span } from "../../util/errors.js";
import type * as A from "../syntax/ast.js";
import type { GlobalDecl } from "./imports.js";
import type { Binding, Scope } from "./scope.js";

export interface CheckContext {
  /** The program's folder: `load` and relative imports resolve against it (and must stay inside it). */
  fileDir?: string;
  /** Names defined outside the program: data bindings (`--data NAME=...`), REPL definitions, template values. */
  globals?: readonly (string | GlobalDecl)[];
  /**
   * Names the program's imports define, when the caller has resolved them (then imported files are not read
   * here). Without it, the checker reads imported files itself (stdlib/ or relative to fileDir).
   */
  importedNames?: readonly (string | GlobalDecl)[];
}

export type FnKind = "top" | "model" | "fn" | "lambda";

export interface FnFrame {
  kind: FnKind;
  id: number;
  /** The scope of the body's parameters: names bound by `~` go here (visible in the rest of the model). */
  bodyScope: Scope;
}

/** What expression checks need from the walker. */
export interface Walker {
  readonly ctx: CheckContext;
  readonly scope: Scope;
  readonly frame: FnFrame;
  report(e: BorelError): void;
  /** Resolves a name read at its span; reports an unknown name and returns undefined. */
  resolve(id: A.Identifier): Binding | undefined;
  /** Checks a model, fn or lambda body with its parameters bound. */
  body(kind: FnKind, params: readonly A.Param[], body: A.Block | A.Expr): void;
  block(b: A.Block): void;
  /** Reports `what` unless the current body is a model's. */
  requireModel(what: string, span: Span): void;
}
