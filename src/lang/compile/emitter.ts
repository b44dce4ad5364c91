/**
 * State shared while generating the JavaScript of one program: fresh names, the table of source spans
 * (generated code refers to `S[i]` so every run-time error is located), the set of builtin names, and
 * compile errors. Also the literal helpers: only numbers, booleans and JSON-quoted strings ever enter the
 * generated code as literals.
 *
 * @example
 * ```ts
 * const cx = new Emitter("m.borel", new Set(["exp"]));
 * cx.span(node);          // "S[0]"
 * numberLiteral(1e400);   // "(1/0)"
 * ```
 */
import { BorelError, type Span } from "../../util/errors.js";
import type { Block, Expr, Param, Stmt } from "../syntax/ast.js";
import { NameGen, type Scope } from "./scope.js";
import type { SlotCounter } from "./invariant.js";
import type { LoopMemo } from "./loop-invariant.js";

export type EmitMode = "fn" | "model" | "top";

/** Statement-level emitters, given to the expression emitter (lambdas and if-expressions hold statements). */
export interface StmtHooks {
  emitFunction(name: string, params: readonly Param[], body: Block | Expr, scope: Scope, cx: Emitter, node: { span: Span }): string;
  emitStmtsDirect(stmts: readonly Stmt[], scope: Scope, cx: Emitter, fx: FnContext): string;
}

export class Emitter {
  readonly names = new NameGen();
  readonly spans: Span[] = [];
  /** Loop sites of the program (JSON of each `LoopSite`, ./run-log.ts), emitted as `$SITES`. */
  readonly sites: string[] = [];
  /** Address sites with one index (their keys are shared strings, `$key`). */
  keySites = 0;
  private readonly spanIndex = new Map<Span, number>();

  constructor(readonly file: string, readonly builtins: ReadonlySet<string>, readonly hooks: StmtHooks, readonly optimizeLoops = true) {}

  /** `S[i]` for a node's span (registered once). */
  span(node: { span: Span }): string {
    let i = this.spanIndex.get(node.span);
    if (i === undefined) {
      i = this.spans.length;
      this.spans.push(node.span);
      this.spanIndex.set(node.span, i);
    }
    return `S[${i}]`;
  }
}

/** Per-function emission context: the mode and, in models, the JS expressions of enclosing loop indices. */
export interface FnContext {
  readonly mode: EmitMode;
  readonly loopIndices: readonly string[];
  /** In model bodies: the slots of argument-invariant expressions (./invariant.ts). */
  readonly cache?: SlotCounter;
  /** Inside a loop with random statements: the JavaScript name of its logger (./incremental.ts). */
  readonly logger?: string;
  /** Inside a loop: the slots of its loop-invariant expressions (./loop-invariant.ts). */
  readonly memo?: LoopMemo;
}

export const TOP: FnContext = { mode: "top", loopIndices: [] };
export const FN: FnContext = { mode: "fn", loopIndices: [] };

/** A compile error located at `node`. */
export function compileError(node: { span: Span }, code: string, message: string, hint?: string): BorelError {
  return new BorelError(code, message, { span: node.span, hint });
}

/** A JavaScript literal for a number (finite numbers as written by `String`, others as expressions). */
export function numberLiteral(v: number): string {
  if (Number.isFinite(v)) return Object.is(v, -0) ? "(-0)" : v < 0 ? `(${String(v)})` : String(v);
  return Number.isNaN(v) ? "(0/0)" : v > 0 ? "(1/0)" : "(-1/0)";
}

/** A JavaScript string literal (JSON quoting escapes quotes, backslashes and control characters). */
export function stringLiteral(s: string): string {
  return JSON.stringify(s);
}

/** The closest known name within edit distance 2, for "did you mean" hints. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined, bestD = 3;
  for (const k of known) {
    const d = editDistance(name, k, bestD);
    if (d < bestD) { best = k; bestD = d; }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
