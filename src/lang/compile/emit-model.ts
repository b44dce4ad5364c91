/**
 * JavaScript for model bodies, in continuation-passing style over immutable environments (DESIGN.md: stop,
 * copy, resume). The design:
 *
 * - Deterministic statements compile to direct JavaScript (./emit-stmt.ts). Each random statement (`~`,
 *   `observe`, `factor`) ends the current JavaScript function: it hands the handler `$H` its address, its
 *   distribution and a continuation `$k` holding the rest of the block. The handler calls `$k` at once
 *   (`Run`-driven GFI methods), or returns a `Pause` whose continuation a particle resumes — possibly
 *   several times, from several copies.
 * - So a continuation must never mutate a binding it shares with another invocation: `var`s assigned in the
 *   rest of the block are re-declared at the top of the continuation (`let u_s$7 = u_s$4`), and join points
 *   (after an `if` or a loop containing random statements) and loop iterations are functions that take the
 *   mutable variables as parameters. Choice arrays (`x[i] ~ d`) are persistent vectors (../runtime/pvec.ts),
 *   rebound like `var`s, so copies share them.
 * - Loops containing random statements become recursive functions whose back-edge bounces to the
 *   trampoline every few iterations: a 10^5-iteration loop runs in constant stack.
 *
 * Forking a paused run therefore copies a pointer to its continuation and its persistent frame: O(1).
 *
 * @example
 * ```ts
 * emitModelBody(decl, scope, cx);   // "($H, $K, $A) => { const u_flips$1 = $A[0]; ... return $H.sample("p", ..., $k2); }"
 * ```
 */
import type { ForEachStmt, ForRangeStmt, IfStmt, ModelDecl, ObserveStmt, SampleStmt, Stmt } from "../syntax/ast.js";
import { assignedNames, containsRandom, sampledNames, elseStmts, withImplicitReturn } from "./analysis.js";
import { compileError, stringLiteral, type Emitter, type FnContext } from "./emitter.js";
import { emitArgs, emitExpr } from "./emit-expr.js";
import { emitStmtDirect, loopAddress, predeclareFns, tick } from "./emit-stmt.js";
import type { Scope } from "./scope.js";
import { MAX_DIRECT } from "./steps.js";

/** Generates code for the statements that follow, given the scope at that point. */
type Next = (scope: Scope) => string;

export function emitModelBody(decl: ModelDecl, scope: Scope, cx: Emitter): string {
  const inner = scope.child();
  const fx: FnContext = { mode: "model", loopIndices: [] };
  const params = decl.params.map((p, i) => {
    const js = cx.names.user(p.name);
    inner.bind(p.name, { kind: "param", js });
    return `const ${js} = $A[${i}];`;
  });
  const sampled = sampledNames(decl.body);
  const arrays = sampled.indexed.map((n) => {
    const js = cx.names.user(n);
    inner.bind(n, { kind: "choices", js });
    return `let ${js} = $PV0;`;
  });
  for (const n of sampled.scalar) {
    const js = cx.names.user(n);
    inner.bind(n, { kind: "sampled", js });
    arrays.push(`let ${js} = $NS;`);
  }
  const body = emitCps(withImplicitReturn(decl.body.stmts), 0, inner, cx, fx, () => "return $K(undefined);");
  return `($H, $K, $A) => {\n${params.join(" ")} ${arrays.join(" ")}\n${body}\n}`;
}

function emitCps(stmts: readonly Stmt[], from: number, scope: Scope, cx: Emitter, fx: FnContext, next: Next): string {
  if (from === 0) predeclareFns(stmts, scope, cx);
  let out = "";
  for (let i = from; i < stmts.length; i++) {
    const s = stmts[i];
    if (!containsRandom(s)) {
      out += emitStmtDirect(s, scope, cx, fx) + "\n";
      if (s.kind === "Return") return out;
      continue;
    }
    const rest: Next = (sc) => emitCps(stmts, i + 1, sc, cx, fx, next);
    const assignedLater = assignedNames(stmts.slice(i + 1));
    switch (s.kind) {
      case "Sample": return out + emitSample(s, scope, cx, fx, rest, assignedLater);
      case "Observe": return out + emitObserve(s, scope, cx, fx, rest, assignedLater);
      case "Factor": {
        const k = continuation(cx, scope, assignedLater, null, rest);
        return out + `${k.code}\nreturn $H.factor(${emitExpr(s.value, scope, cx, fx)}, ${cx.span(s)}, ${k.name});`;
      }
      case "If": return out + emitIf(s, scope, cx, fx, rest);
      case "ForRange": case "ForEach": return out + emitLoop(s, scope, cx, fx, rest);
      default:
        throw compileError(s, "random-in-expression", "'~', observe and factor are statements: they cannot appear inside this statement");
    }
  }
  return out + next(scope);
}

/**
 * `const $kN = ($vN) => { <re-declared vars> <bind> <rest> };` — the continuation of a random statement.
 * `bind(v, scope)` binds the statement's value (a new choice, or a choice array extended by it).
 */
function continuation(cx: Emitter, scope: Scope, assigned: Set<string>, bind: ((v: string, sc: Scope) => string) | null, rest: Next, skip?: string) {
  const name = cx.names.tmp("k"), v = cx.names.tmp("v"), sc = scope.child();
  const redeclared = scope.mutables().filter(([n]) => assigned.has(n) && n !== skip).map(([n, b]) => {
    const js = cx.names.user(n);
    sc.bind(n, { kind: b.kind, js });
    return `let ${js} = ${b.js};`;
  });
  const bound = bind === null ? "" : bind(v, sc);
  return { name, code: `const ${name} = (${v}) => {\n${redeclared.join(" ")} ${bound}\n${rest(sc)}\n};` };
}

function emitSample(s: SampleStmt, scope: Scope, cx: Emitter, fx: FnContext, rest: Next, assigned: Set<string>): string {
  const span = cx.span(s), name = s.name.name, pre: string[] = [];
  const idx = s.indices.map((ix) => {
    const t = cx.names.tmp("ix");
    pre.push(`const ${t} = $aidx(${emitExpr(ix, scope, cx, fx)}, ${cx.span(ix)});`);
    return t;
  });
  const addr = idx.length === 0 ? stringLiteral(name) : `[${stringLiteral(name)}, ${idx.join(", ")}]`;
  const bind = (v: string, sc: Scope) => {
    const js = cx.names.user(name);
    if (idx.length === 0) { sc.bind(name, { kind: "sampled", js }); return `let ${js} = ${v};`; }
    const arr = scope.lookup(name);
    sc.bind(name, { kind: "choices", js });
    return `let ${js} = $pset(${arr?.js ?? "$PV0"}, [${idx.join(", ")}], ${v});`;
  };
  const k = continuation(cx, scope, assigned, bind, rest, name);
  let call: string;
  if (s.given !== null)
    call = `$H.observe(${addr}, ${emitExpr(s.dist, scope, cx, fx)}, ${emitExpr(s.given, scope, cx, fx)}, ${span}, ${k.name})`;
  else if (s.dist.kind === "Call") {
    const callee = s.dist.callee, a = emitArgs(s.dist.args, scope, cx, fx);
    const b = callee.kind === "Identifier" ? scope.lookup(callee.name) : undefined;
    const f = emitExpr(callee, scope, cx, fx);
    if (b?.kind === "model")
      call = `$H.call(${addr}, ${f}, ${a.names === null ? a.pos : `$margs(${f}, ${a.pos}, ${a.names}, ${a.vals}, ${span})`}, ${span}, ${k.name})`;
    else if (b === undefined && callee.kind === "Identifier" && cx.builtins.has(callee.name))
      call = `$H.sample(${addr}, ${a.names === null ? `$call(${f}, ${a.pos}, ${cx.span(s.dist)})` : `$calln(${f}, ${a.pos}, ${a.names}, ${a.vals}, ${cx.span(s.dist)})`}, ${span}, ${k.name})`;
    else call = `$tilde($H, ${addr}, ${f}, ${a.pos}, ${a.names ?? "null"}, ${a.vals}, ${span}, ${k.name})`;
  } else call = `$tildeV($H, ${addr}, ${emitExpr(s.dist, scope, cx, fx)}, ${span}, ${k.name})`;
  return `${pre.join("\n")}\n${k.code}\nreturn ${call};`;
}

function emitObserve(s: ObserveStmt, scope: Scope, cx: Emitter, fx: FnContext, rest: Next, assigned: Set<string>): string {
  const addr = loopAddress(`obs_${s.span.line}_${s.span.col}`, fx);
  const k = continuation(cx, scope, assigned, null, rest);
  return `${k.code}\nreturn $H.observe(${addr}, ${emitExpr(s.dist, scope, cx, fx)}, ${emitExpr(s.value, scope, cx, fx)}, ${cx.span(s)}, ${k.name});`;
}

/** A join point: a function of the mutable variables, called at the end of each branch or loop. */
function joinPoint(cx: Emitter, scope: Scope, tag: string, lead?: string) {
  const muts = scope.mutables(), name = cx.names.tmp(tag), sc = scope.child();
  const params = muts.map(([n, b]) => {
    const js = cx.names.user(n);
    sc.bind(n, { kind: b.kind, js });
    return js;
  });
  const call = (from: Scope, first?: string) =>
    `${name}(${[...(first === undefined ? [] : [first]), ...muts.map(([n]) => (from.lookup(n) as { js: string }).js)].join(", ")})`;
  let leadJs: string | undefined;
  if (lead !== undefined) { leadJs = cx.names.user(lead); sc.bind(lead, { kind: "loop", js: leadJs }); }
  const head = `(${[...(leadJs ? [leadJs] : []), ...params].join(", ")})`;
  return { name, scope: sc, params, leadJs, call, define: (code: string) => `const ${name} = ${head} => {\n${code}\n};` };
}

function emitIf(s: IfStmt, scope: Scope, cx: Emitter, fx: FnContext, rest: Next): string {
  const j = joinPoint(cx, scope, "join");
  const toJoin: Next = (sc) => `return ${j.call(sc)};`;
  const then = emitCps(s.then.stmts, 0, scope.child(), cx, fx, toJoin);
  const other = emitCps(elseStmts(s.else), 0, scope.child(), cx, fx, toJoin);
  return `${j.define(rest(j.scope))}
if ($bool(${emitExpr(s.cond, scope, cx, fx)}, ${cx.span(s.cond)}, "the condition of 'if'")) {\n${then}\n} else {\n${other}\n}`;
}

function emitLoop(s: ForRangeStmt | ForEachStmt, scope: Scope, cx: Emitter, fx: FnContext, rest: Next): string {
  const after = joinPoint(cx, scope, "after");
  const counter = s.kind === "ForRange" ? s.variable.name : cx.names.tmp("j");
  const loop = joinPoint(cx, scope, "loop", counter);
  const i = loop.leadJs as string, bodyScope = loop.scope.child();
  let setup: string, start: string, end: string, head = "";
  if (s.kind === "ForRange") {
    const lo = cx.names.tmp("lo"), hi = cx.names.tmp("hi");
    setup = `const ${lo} = $int(${emitExpr(s.from, scope, cx, fx)}, ${cx.span(s.from)}), ${hi} = $int(${emitExpr(s.to, scope, cx, fx)}, ${cx.span(s.to)});`;
    start = lo; end = hi;
  } else {
    const xs = cx.names.tmp("xs"), n = cx.names.tmp("n"), v = cx.names.user(s.variable.name);
    setup = `const ${xs} = ${emitExpr(s.iterable, scope, cx, fx)}, ${n} = $ilen(${xs}, ${cx.span(s.iterable)});`;
    start = "0"; end = n;
    bodyScope.bind(s.variable.name, { kind: "loop", js: v });
    head = `const ${v} = $elem(${xs}, ${i});`;
  }
  // The back-edge calls the next iteration directly while the chain is short, else bounces (no closure then).
  const back: Next = (sc) => {
    const nextIter = loop.call(sc, `${i} + 1`);
    return `return ++$H.d < ${MAX_DIRECT} ? ${nextIter} : $bounce(() => ${nextIter});`;
  };
  const body = emitCps(s.body.stmts, 0, bodyScope, cx, { ...fx, loopIndices: [...fx.loopIndices, i] }, back);
  return `${setup}
${after.define(rest(after.scope))}
${loop.define(`if (${i} >= ${end}) return ${after.name}(${loop.params.join(", ")});\n${tick(cx.span(s))} ${head}\n${body}`)}
return ${loop.call(scope, start)};`;
}
