/**
 * JavaScript for Borel expressions. Every operation goes through a runtime helper (`$add`, `$idx`, `$mem`,
 * `$call`, ...) that checks types and carries the expression's span; identifiers become their mangled
 * bindings, builtins are read from the builtins record `$b`, and nothing else is free in the output.
 *
 * @example
 * ```ts
 * emitExpr(parseExpr("a + f(2)"), scope, cx, FN);   // "$add(u_a$1, $call(u_f$2, [2], S[3]), S[4])"
 * ```
 */
import type { Arg, Block, Expr, IfExpr, Stmt } from "../syntax/ast.js";
import { closestName, compileError, numberLiteral, stringLiteral, type Emitter, type FnContext } from "./emitter.js";
import type { Scope } from "./scope.js";
import { isInvariant, worthCaching } from "./invariant.js";
import { BUILTIN_CONSTANTS } from "../check/builtins.js";

export const BINARY: Record<string, string> = {
  "+": "$add", "-": "$sub", "*": "$mul", "/": "$div", "%": "$mod",
  "<": "$lt", "<=": "$le", ">": "$gt", ">=": "$ge",
};

/** The JavaScript name holding `name`, or a compile error (with "did you mean"). */
export function resolveName(id: { name: string; span: Expr["span"] }, scope: Scope, cx: Emitter, asValue = true): string {
  const b = scope.lookup(id.name);
  if (b !== undefined) {
    if (b.kind === "sampled") return `$sv(${b.js}, ${cx.span(id)}, ${stringLiteral(id.name)})`;
    return b.kind === "choices" && asValue ? `$mat(${b.js})` : b.js;
  }
  if (cx.builtins.has(id.name)) return `$b.${id.name}`;
  const constant = BUILTIN_CONSTANTS.get(id.name);
  if (constant !== undefined) return `(${numberLiteral(constant)})`;
  const near = closestName(id.name, [...cx.builtins, ...BUILTIN_CONSTANTS.keys()]);
  throw compileError(id, "unknown-name", `unknown name '${id.name}'`, near ? `did you mean '${near}'?` : "define it with let, var, fn or model before using it");
}

/** Positional and named parts of an argument list. */
export function emitArgs(args: readonly Arg[], scope: Scope, cx: Emitter, fx: FnContext): { pos: string; list: string[]; names: string | null; vals: string } {
  const pos: string[] = [], names: string[] = [], vals: string[] = [];
  for (const a of args) {
    const v = emitExpr(a.value, scope, cx, fx);
    if (a.name === null) {
      if (names.length > 0) throw compileError(a, "positional-after-named", "a positional argument cannot follow a named one");
      pos.push(v);
    } else {
      names.push(stringLiteral(a.name));
      vals.push(v);
    }
  }
  return { pos: `[${pos.join(", ")}]`, list: pos, names: names.length ? `[${names.join(", ")}]` : null, vals: `[${vals.join(", ")}]` };
}

export function emitExpr(e: Expr, scope: Scope, cx: Emitter, fx: FnContext): string {
  // An argument-invariant expression of a model body is computed once per argument list (./invariant.ts).
  if (fx.cache !== undefined && worthCaching(e) && isInvariant(e, scope))
    return fx.cache.emit(emitExpr(e, scope, cx, { ...fx, cache: undefined, memo: undefined }));
  // A loop-invariant expression is computed once per execution of the loop (./loop-invariant.ts).
  if (fx.memo !== undefined && worthCaching(e) && fx.memo.invariant(e))
    return fx.memo.emit(emitExpr(e, scope, cx, { ...fx, memo: undefined }));
  const E = (x: Expr) => emitExpr(x, scope, cx, fx);
  switch (e.kind) {
    case "Number": return numberLiteral(e.value);
    case "String": return stringLiteral(e.value);
    case "Bool": return e.value ? "true" : "false";
    case "Identifier": return resolveName(e, scope, cx);
    case "Array": return `$arr([${e.elements.map(E).join(", ")}], ${cx.span(e)})`;
    case "Record":
      return `$rec([${e.fields.map((f) => stringLiteral(f.key)).join(", ")}], [${e.fields.map((f) => E(f.value)).join(", ")}], ${cx.span(e)})`;
    case "Unary":
      if (e.op === "-" && e.arg.kind === "Number") return numberLiteral(-e.arg.value);
      return `${e.op === "-" ? "$neg" : "$not"}(${E(e.arg)}, ${cx.span(e)})`;
    case "Binary": {
      const l = E(e.left), r = E(e.right), s = cx.span(e);
      if (e.op === "&&" || e.op === "||") return `($bool(${l}, ${s}, "'${e.op}'") ${e.op} $bool(${r}, ${s}, "'${e.op}'"))`;
      if (e.op === "==") return `$eq(${l}, ${r})`;
      if (e.op === "!=") return `$ne(${l}, ${r})`;
      return `${BINARY[e.op]}(${l}, ${r}, ${s})`;
    }
    case "Call": return emitCall(e, scope, cx, fx);
    case "Index": {
      // Into a choice family (`x[i] ~ ...`): the inner indexings read the family as it is; the value read is
      // materialized as reading `x` itself is — so a row `w[i]` of `w[i][j] ~ ...` is a vector like any other.
      const family = (n: Expr): string | undefined => {
        if (n.kind === "Identifier" && scope.lookup(n.name)?.kind === "choices") return resolveName(n, scope, cx, false);
        if (n.kind !== "Index") return undefined;
        const inner = family(n.object);
        if (inner === undefined) return undefined;
        return n.object.kind === "Identifier" ? `$cat(${inner}, ${E(n.index)}, ${cx.span(n)}, ${stringLiteral(n.object.name)})` : `$idx(${inner}, ${E(n.index)}, ${cx.span(n)})`;
      };
      const read = family(e);
      if (read !== undefined) return `$mat(${read})`;
      return `$idx(${E(e.object)}, ${E(e.index)}, ${cx.span(e)})`;
    }
    case "Member": return `$mem(${E(e.object)}, ${stringLiteral(e.name)}, ${cx.span(e)})`;
    case "Lambda": return cx.hooks.emitFunction("fn", e.params, e.body, scope, cx, e);
    case "IfExpr": return emitIfExpr(e, scope, cx, fx);
  }
}

function emitCall(e: Extract<Expr, { kind: "Call" }>, scope: Scope, cx: Emitter, fx: FnContext): string {
  const s = cx.span(e);
  if (e.callee.kind === "Identifier") {
    const b = scope.lookup(e.callee.name);
    if (b?.kind === "model")
      throw compileError(e, "model-call", `model '${e.callee.name}' must be called with '~'`, `z ~ ${e.callee.name}(...) nests its random choices under z`);
    if (b === undefined && e.callee.name === "param" && fx.mode === "model") {
      const a = emitArgs(e.args, scope, cx, fx);
      if (a.names !== null) throw compileError(e, "named-argument", "param takes positional arguments: param(name, init)");
      return `$param($H, ${a.pos}, ${s})`;
    }
  }
  const f = emitExpr(e.callee, scope, cx, fx), a = emitArgs(e.args, scope, cx, fx);
  if (a.names !== null) return `$calln(${f}, ${a.pos}, ${a.names}, ${a.vals}, ${s})`;
  return isBuiltinCallee(e.callee, scope, cx) ? builtinCall(f, a.list, s) : `$call(${f}, ${a.pos}, ${s})`;
}

/** A call of a builtin: with one or two arguments, without an argument list (`$cb2(f, a, b, span)`). */
export function builtinCall(f: string, args: readonly string[], span: string): string {
  if (args.length === 1 || args.length === 2) return `$cb${args.length}(${f}, ${args.join(", ")}, ${span})`;
  return `$cb(${f}, [${args.join(", ")}], ${span})`;
}

/** True when a callee is a builtin function (not shadowed): its calls skip the checks a user value needs. */
export function isBuiltinCallee(callee: Expr, scope: Scope, cx: Emitter): boolean {
  return callee.kind === "Identifier" && scope.lookup(callee.name) === undefined && cx.builtins.has(callee.name);
}

/** The value of a block used as an expression: its statements, then its last expression statement. */
function blockValue(b: Block, scope: Scope, cx: Emitter, fx: FnContext): string {
  const bad = b.stmts.find((st: Stmt) => st.kind === "Return" || st.kind === "Sample" || st.kind === "Observe" || st.kind === "Factor");
  if (bad) throw compileError(bad, "bad-if-expression", "an if-expression's blocks cannot contain return, ~, observe or factor", "use an if statement");
  const last = b.stmts[b.stmts.length - 1];
  if (b.stmts.length === 1 && last.kind === "ExprStmt") return emitExpr(last.expr, scope.child(), cx, fx);
  if (last === undefined || last.kind !== "ExprStmt")
    throw compileError(b, "bad-if-expression", "each block of an if-expression must end with an expression (its value)");
  const inner = scope.child();
  const body = cx.hooks.emitStmtsDirect(b.stmts.slice(0, -1), inner, cx, fx);
  return `(() => { ${body} return ${emitExpr(last.expr, inner, cx, fx)}; })()`;
}

function emitIfExpr(e: IfExpr, scope: Scope, cx: Emitter, fx: FnContext): string {
  const other = e.else.kind === "IfExpr" ? emitIfExpr(e.else, scope, cx, fx) : blockValue(e.else, scope, cx, fx);
  return `($bool(${emitExpr(e.cond, scope, cx, fx)}, ${cx.span(e.cond)}, "the condition of 'if'") ? ${blockValue(e.then, scope, cx, fx)} : ${other})`;
}
