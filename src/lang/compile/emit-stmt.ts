/**
 * JavaScript for statements in direct style: `fn` bodies, lambdas, and the deterministic statements of
 * model bodies (those with no `~`, `observe` or `factor` inside; ./emit-model.ts handles the others).
 * Loops count their iterations against the step budget. Functions capture `var`s by value when they are
 * created, so a closure means the same thing however a model run is later paused and copied.
 *
 * @example
 * ```ts
 * emitStmtsDirect(block.stmts, scope, cx, FN);   // "const u_y$3 = $add(u_x$1, 1, S[0]); return u_y$3;"
 * ```
 */
import type { Block, Expr, ForEachStmt, ForRangeStmt, Param, Stmt } from "../syntax/ast.js";
import { elseStmts, mentionedNames, withImplicitReturn } from "./analysis.js";
import { compileError, FN, stringLiteral, type Emitter, type FnContext } from "./emitter.js";
import { emitExpr, resolveName } from "./emit-expr.js";
import { isMutable, type Scope } from "./scope.js";
import { isInvariant } from "./invariant.js";
import { LoopMemo } from "./loop-invariant.js";

/** The step-budget check compiled into loop bodies. */
export function tick(span: string): string {
  return `if (++$B.steps > $B.limit) $B.outOfSteps(${span});`;
}

/** The address of `track`/`observe` inside loops: the name, then the enclosing loop indices. */
export function loopAddress(cx: Emitter, name: string, fx: FnContext): string {
  return addressKeyExpr(cx, name, fx.loopIndices);
}

/**
 * JavaScript for the key of the address `name/i/j` given the index expressions (integers): the joined string
 * itself, as `addressKey` would join `["x", i]`, without the array. A key with one index comes from a table
 * per address site (`$key(site, "x/", i)`), so every run and particle shares one string per address.
 */
export function addressKeyExpr(cx: Emitter, name: string, indices: readonly string[]): string {
  if (indices.length === 0) return stringLiteral(name);
  if (indices.length === 1) return `$key(${cx.keySites++}, ${stringLiteral(`${name}/`)}, ${indices[0]})`;
  return `(${stringLiteral(`${name}/`)} + ${indices.join(' + "/" + ')})`;
}

/** Binds the names of `fn` declarations first, so functions of one block may call each other. */
export function predeclareFns(stmts: readonly Stmt[], scope: Scope, cx: Emitter): void {
  for (const s of stmts) if (s.kind === "Fn") scope.bind(s.name.name, { kind: "fn", js: cx.names.user(s.name.name) });
}

export function emitStmtsDirect(stmts: readonly Stmt[], scope: Scope, cx: Emitter, fx: FnContext): string {
  predeclareFns(stmts, scope, cx);
  return stmts.map((s) => emitStmtDirect(s, scope, cx, fx)).join("\n");
}

function block(b: Block | Stmt[], scope: Scope, cx: Emitter, fx: FnContext): string {
  return `{\n${emitStmtsDirect(Array.isArray(b) ? b : b.stmts, scope.child(), cx, fx)}\n}`;
}

export function emitStmtDirect(s: Stmt, scope: Scope, cx: Emitter, fx: FnContext): string {
  const E = (e: Expr) => emitExpr(e, scope, cx, fx);
  switch (s.kind) {
    case "Let": case "Var": {
      const v = E(s.init), js = cx.names.user(s.name.name);
      // A body `let` of invariant values is invariant too (./invariant.ts).
      const inv = s.kind === "Let" && fx.cache !== undefined && isInvariant(s.init, scope);
      scope.bind(s.name.name, { kind: s.kind === "Let" ? "let" : "var", js, inv });
      return `${s.kind === "Let" ? "const" : "let"} ${js} = ${v};`;
    }
    case "Assign": {
      const b = scope.lookup(s.name.name);
      if (b === undefined) resolveName(s.name, scope, cx);
      if (b !== undefined && b.js.startsWith("$cap"))
        throw compileError(s.name, "assign-captured", `a function cannot assign to '${s.name.name}', a var of the enclosing scope`, "return the new value from the function instead");
      if (b === undefined || b.kind !== "var")
        throw compileError(s.name, "assign-immutable", `cannot assign to '${s.name.name}': it is not a var`, `declare it with 'var ${s.name.name} = ...' to change it`);
      return `${b.js} = ${E(s.value)};`;
    }
    case "If": {
      const els = s.else === null ? "" : ` else ${block(elseStmts(s.else), scope, cx, fx)}`;
      return `if ($bool(${E(s.cond)}, ${cx.span(s.cond)}, "the condition of 'if'")) ${block(s.then, scope, cx, fx)}${els}`;
    }
    case "ForRange": return emitForRange(s, scope, cx, fx);
    case "ForEach": return emitForEach(s, scope, cx, fx);
    case "Return":
      if (fx.mode === "top") throw compileError(s, "return-outside", "return outside a model or fn");
      return fx.mode === "model" ? `return $K(${s.value ? E(s.value) : "undefined"});` : `return ${s.value ? E(s.value) : "undefined"};`;
    case "ExprStmt": return `${E(s.expr)};`;
    case "Track":
      if (fx.mode !== "model") throw compileError(s, "track-outside", "track is only allowed inside a model");
      // Also a name for the rest of the block (as the checker binds it), unless the name is taken.
      if (scope.lookup(s.name.name) === undefined) {
        const js = cx.names.user(s.name.name);
        scope.bind(s.name.name, { kind: "let", js });
        return `const ${js} = ${E(s.value)}; $H.track(${loopAddress(cx, s.name.name, fx)}, ${js}, ${cx.span(s)});`;
      }
      return `$H.track(${loopAddress(cx, s.name.name, fx)}, ${E(s.value)}, ${cx.span(s)});`;
    case "Fn": {
      const b = scope.lookup(s.name.name) ?? scope.bind(s.name.name, { kind: "fn", js: cx.names.user(s.name.name) }).lookup(s.name.name)!;
      return `const ${b.js} = ${emitFunction(s.name.name, s.params, s.body, scope, cx, s)};`;
    }
    case "Sample": case "Observe": case "Factor":
      throw compileError(s, "random-in-fn", `${s.kind === "Sample" ? "'~'" : s.kind.toLowerCase()} is only allowed in a model, not in a fn`, "make it a model and call it with z ~ m(...)");
  }
}

function emitForRange(s: ForRangeStmt, scope: Scope, cx: Emitter, fx: FnContext): string {
  const lo = cx.names.tmp("lo"), hi = cx.names.tmp("hi"), i = cx.names.tmp("i"), inner = scope.child();
  const v = cx.names.user(s.variable.name);
  inner.bind(s.variable.name, { kind: "loop", js: v });
  const memo = LoopMemo.of(s, cx.names);
  const body = emitStmtsDirect(s.body.stmts, inner, cx, { ...fx, loopIndices: [...fx.loopIndices, v], memo: cx.optimizeLoops ? memo : undefined });
  return `{ const ${lo} = $int(${emitExpr(s.from, scope, cx, fx)}, ${cx.span(s.from)}), ${hi} = $int(${emitExpr(s.to, scope, cx, fx)}, ${cx.span(s.to)}); ${memo.declaration()}
for (let ${i} = ${lo}; ${i} < ${hi}; ${i}++) { const ${v} = ${i}; ${tick(cx.span(s))}
${body}
} }`;
}

function emitForEach(s: ForEachStmt, scope: Scope, cx: Emitter, fx: FnContext): string {
  const xs = cx.names.tmp("xs"), n = cx.names.tmp("n"), j = cx.names.tmp("j"), inner = scope.child();
  const v = cx.names.user(s.variable.name);
  inner.bind(s.variable.name, { kind: "loop", js: v });
  const memo = LoopMemo.of(s, cx.names);
  const body = emitStmtsDirect(s.body.stmts, inner, cx, { ...fx, loopIndices: [...fx.loopIndices, j], memo: cx.optimizeLoops ? memo : undefined });
  return `{ const ${xs} = ${emitExpr(s.iterable, scope, cx, fx)}, ${n} = $ilen(${xs}, ${cx.span(s.iterable)}); ${memo.declaration()}
for (let ${j} = 0; ${j} < ${n}; ${j}++) { const ${v} = $elem(${xs}, ${j}); ${tick(cx.span(s))}
${body}
} }`;
}

/**
 * A Borel function value: `$fn(name, params, ($A) => { ... })`. Mutable variables of the enclosing scope
 * that the body mentions are copied when the function is created (capture by value).
 */
export function emitFunction(name: string, params: readonly Param[], body: Block | Expr, scope: Scope, cx: Emitter, node: { span: Block["span"] }): string {
  const captured = scope.mutables().filter(([n]) => mentionedNames(body).has(n));
  const outer = scope.child();
  const snapshots = captured.map(([n, b]) => {
    const js = cx.names.tmp("cap");
    outer.bind(n, { kind: b.kind === "var" ? "let" : b.kind, js });
    return [js, b.js] as const;
  });
  const inner = outer.child(), A = cx.names.tmp("A");
  const decls = params.map((p, i) => {
    const js = cx.names.user(p.name);
    inner.bind(p.name, { kind: "param", js });
    return `const ${js} = ${A}[${i}];`;
  });
  const code = body.kind === "Block"
    ? emitStmtsDirect(withImplicitReturn(body.stmts), inner, cx, FN)
    : `return ${emitExpr(body, inner, cx, FN)};`;
  const fn = `$fn(${stringLiteral(name)}, [${params.map((p) => stringLiteral(p.name)).join(", ")}], (${A}) => { ${decls.join(" ")}\n${code}\n}, ${cx.span(node)})`;
  if (snapshots.length === 0) return fn;
  return `((${snapshots.map(([js]) => js).join(", ")}) => ${fn})(${snapshots.map(([, from]) => from).join(", ")})`;
}

export { isMutable };
