/**
 * Observation loops as plain JavaScript loops. A loop whose body is only `let`s, `observe`s and `factor`s
 * makes no latent choice, so a run that never pauses (MH's regenerate and update, importance sampling's
 * generate, a gradient run that could not batch it) can run it as a `for` loop calling the handler directly
 * (`$H.observeNow`, `$H.factorNow`) instead of one continuation per observation. The records, their
 * addresses, the weights and the incremental-update log are those of the continuation form: the same handler
 * methods run in the same order. Handlers that pause at observations (SMC's particles, enumeration's paused
 * runs) have no `direct` flag and run the continuation form. A handler that runs loops directly sees no
 * continuation between their observations: one that stops runs at weight 0 (enumeration's depth-first search)
 * checks the weight at its next `~` instead.
 *
 * @example
 * ```ts
 * // for i in 0..len(flips) { observe(bernoulli(p), flips[i]) } also compiles to
 * // if ($H.direct === true) { for (let u_i = $lo; ; u_i++) { if ($L !== null) $L.at(u_i); if (u_i >= $hi) break;
 * //   $H.observeNow($key(1, "obs_5_5/", u_i), bernoulli(p), $idx(u_flips, u_i, S[5]), S[6]); } return $after(); }
 * ```
 */
import type { ForEachStmt, ForRangeStmt, Stmt } from "../syntax/ast.js";
import type { Emitter, FnContext } from "./emitter.js";
import { emitExpr } from "./emit-expr.js";
import { emitStmtDirect, loopAddress } from "./emit-stmt.js";
import type { Scope } from "./scope.js";

/** True when a loop body can run directly: `let`s, `observe`s and `factor`s only (nothing written, nothing latent). */
export function directLoopBody(stmts: readonly Stmt[]): boolean {
  return stmts.length > 0 && stmts.every((s) => s.kind === "Let" || s.kind === "Observe" || s.kind === "Factor");
}

/**
 * The direct form of `loop` from iteration `from` (a JavaScript expression) to `end`: code that runs it and then
 * `exit`. `i` is the JavaScript name of the loop's counter (as in the continuation form, so the addresses use it),
 * `head` binds the element of a `for x in xs` loop, `logIter` logs an iteration's start, `fx` is the body's context.
 */
export function emitDirectLoop(loop: ForRangeStmt | ForEachStmt, scope: Scope, cx: Emitter, fx: FnContext,
  o: { i: string; from: string; end: string; head: string; element: string | null; logIter: string; tick: string; exit: string }): string {
  // Names resolve as outside the loop (no variable changes in it), plus the loop variable.
  const inner = scope.child();
  inner.bind(loop.variable.name, { kind: "loop", js: o.element ?? o.i });
  const body = loop.body.stmts.map((s) => {
    switch (s.kind) {
      case "Observe":
        return `$H.observeNow(${loopAddress(cx, `obs_${s.span.line}_${s.span.col}`, fx)}, ${emitExpr(s.dist, inner, cx, fx)}, ${emitExpr(s.value, inner, cx, fx)}, ${cx.span(s)});`;
      case "Factor":
        return `$H.factorNow(${emitExpr(s.value, inner, cx, fx)}, ${cx.span(s)});`;
      default:
        return emitStmtDirect(s, inner, cx, fx);
    }
  });
  return `if ($H.direct === true) {
for (let ${o.i} = ${o.from}; ; ${o.i}++) { ${o.logIter}
if (${o.i} >= ${o.end}) break;
${o.tick} ${o.head}
${body.join("\n")}
}
${o.exit}
}`;
}
