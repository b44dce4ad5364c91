/**
 * Loop-invariant expressions (loop-invariant code motion, done lazily): inside a loop body, an expression
 * that mentions no name the body binds or writes — its counter, its `let`s, `var`s it assigns, names it
 * samples — has the same value in every iteration of one execution of the loop, since Borel functions are
 * pure and values immutable. It is evaluated at its first use in the loop and kept in a slot declared where
 * the loop starts, so `observe(normal(mu, sigma), ys[i])` builds one distribution per run rather than one
 * per observation (and, in a gradient run, one set of AD nodes).
 *
 * The slot is filled lazily, not before the loop, so an expression that throws (or a loop that runs zero
 * times) behaves exactly as before. A paused run's copies (SMC particles) may share a loop's slots; they
 * share them only when forked after the loop started, and then hold the same values for every name the
 * slot's expression reads (all bound before the loop began), so the slot is right for each of them.
 *
 * @example
 * ```ts
 * // for i in 0..n { observe(normal(mu, s), ys[i]) } compiles the distribution to
 * // ($LI7 !== $NC ? $LI7 : ($LI7 = $cb2($b.normal, u_mu$3, u_s$4, S[5])))
 * ```
 */
import type { Expr, ForEachStmt, ForRangeStmt } from "../syntax/ast.js";
import { assignedNames } from "./analysis.js";
import { declaredIn, sampledIn } from "./dependence.js";
import { namesOf } from "./invariant.js";
import type { NameGen } from "./scope.js";

export class LoopMemo {
  private readonly slots: string[] = [];
  private readonly byCode = new Map<string, string>();

  private constructor(private readonly variant: ReadonlySet<string>, private readonly names: NameGen) {}

  /** The memo of one loop: the names its body binds or writes vary between iterations. */
  static of(loop: ForRangeStmt | ForEachStmt, names: NameGen): LoopMemo {
    const variant = declaredIn(loop.body, sampledIn(loop.body, assignedNames(loop.body.stmts)));
    variant.add(loop.variable.name);
    return new LoopMemo(variant, names);
  }

  /** True when `e` reads no name that varies in the loop (`param` reads learnable state: never invariant). */
  invariant(e: Expr): boolean {
    for (const n of namesOf(e)) if (this.variant.has(n) || n === "param") return false;
    return true;
  }

  /**
   * The memoized form of `code` in a slot: a new one, or the one of the same code (a loop body emitted twice,
   * in continuation form and as a plain loop, ./emit-direct-loop.ts: an invariant expression is one value).
   */
  emit(code: string): string {
    let v = this.byCode.get(code);
    if (v === undefined) {
      v = this.names.tmp("LI");
      this.slots.push(v);
      this.byCode.set(code, v);
    }
    return `(${v} !== $NC ? ${v} : (${v} = ${code}))`;
  }

  /** The slots' declaration, emitted where the loop starts (nothing when no expression was memoized). */
  declaration(): string {
    return this.slots.length === 0 ? "" : `let ${this.slots.map((v) => `${v} = $NC`).join(", ")};`;
  }
}
