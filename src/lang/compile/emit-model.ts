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
 *   (after an `if` or a loop containing random statements, ./emit-control.ts) and loop iterations are
 *   functions that take the mutable variables as parameters. Choice arrays (`x[i] ~ d`) are persistent
 *   vectors (../runtime/pvec.ts), rebound like `var`s, so copies share them.
 * - Loops containing random statements become recursive functions whose back-edge bounces to the
 *   trampoline every few iterations: a 10^5-iteration loop runs in constant stack.
 * - A long run of random statements would nest continuations deeper than JavaScript parsers allow; every
 *   `SEGMENT_DEPTH` levels, the rest of the body moves into a function declared at the body's top level
 *   that takes the live bindings as parameters (a *segment*).
 *
 * Forking a paused run therefore copies a pointer to its continuation and its persistent frame: O(1).
 * Two economies for the runs that are not paused:
 *
 * - Argument-invariant expressions (`zeros(len(y))`, `matrix(X)`, `normal(0, 5)`: only the model's parameters
 *   and top-level names) are computed once per argument list and cached (./invariant.ts).
 * - Incremental update: every loop with random statements gets a logger (`$L = $H.loop(site, parent, lo)`,
 *   ./loop-logger.ts) that records each iteration's start and the variables the body writes; at the loop's
 *   entry an `update`/`regenerate` may jump to an iteration m, the previous trace's records before it pushed
 *   as they are (./incremental.ts). Which loops qualify is decided from the static dependencies of each loop
 *   site (./dependence.ts, emitted once per program as `$SITES`) and, at run time, from which arguments and
 *   `~`-bound names changed and which records are constrained or selected. Straight-line statements, loops
 *   whose dependencies changed and everything after the run leaves the previous trace's order of addresses
 *   re-run; resumable runs (`start`) keep no log (their handler's `loop` returns null).
 *
 * @example
 * ```ts
 * emitModelBody(decl, programScope, cx, 0);   // "($H, $K, $A) => { const u_flips$1 = $A[0]; ... }"
 * ```
 */
import type { ModelDecl, ObserveStmt, SampleStmt, Stmt } from "../syntax/ast.js";
import { assignedAfter, containsRandom, mentionedAfter, sampledNames, withImplicitReturn } from "./analysis.js";
import { compileError, stringLiteral, type Emitter, type FnContext } from "./emitter.js";
import { builtinCall, emitArgs, emitExpr } from "./emit-expr.js";
import { addressKeyExpr, emitStmtDirect, loopAddress, predeclareFns } from "./emit-stmt.js";
import { emitIf, emitLoop, type Cps } from "./emit-control.js";
import type { Binding, Scope } from "./scope.js";
import { cacheDeclaration, isInvariant, SlotCounter } from "./invariant.js";
import { BodyDependence } from "./dependence.js";

/** Generated-function nesting after which the rest of a body moves into a segment function. */
const SEGMENT_DEPTH = 48;

export function emitModelBody(decl: ModelDecl, programScope: Scope, cx: Emitter, index: number): string {
  const inner = programScope.child();
  const params = decl.params.map((p, i) => {
    const js = cx.names.user(p.name);
    inner.bind(p.name, { kind: "param", js, inv: true });
    return `const ${js} = $A[${i}];`;
  });
  const sampled = sampledNames(decl.body), hoisted: string[] = [];
  for (const [names, kind, init] of [[sampled.indexed, "choices", "$PV0"], [sampled.scalar, "sampled", "$NS"]] as const)
    for (const n of names) {
      // A choice array named like an array in scope (a parameter, a program-level let) starts as that array:
      // `ys[i] ~ normal(mu, 1) given ys[i]` reads the data, and len(ys) is its length (PVec.over).
      const outer = kind === "choices" ? inner.lookup(n) : undefined;
      const js = cx.names.user(n);
      inner.bind(n, { kind, js });
      hoisted.push(`let ${js} = ${outer !== undefined && outer.kind !== "fn" ? `$PVover(${outer.js})` : init};`);
    }
  const segments: (() => string)[] = [];
  const slots = new SlotCounter();
  const cps: Cps = {
    fx: { mode: "model", loopIndices: [], cache: slots }, next: () => "return $K(undefined);", atBodyEnd: true, depth: 1,
    body: { scope: inner, programScope, segments, deps: new BodyDependence(decl) },
  };
  let code = emitCps(withImplicitReturn(decl.body.stmts), 0, inner, cx, cps);
  // Segments are generated after the body (not recursively), so neither this compiler nor the generated code nests deeply.
  for (let i = 0; i < segments.length; i++) code += `\n${segments[i]()}`;
  return `($H, $K, $A) => {\n${cacheDeclaration(index, slots)} ${params.join(" ")} ${hoisted.join(" ")}\n${code}\n}`;
}

/** Code for `stmts[from..]`, then `cps.next`. Runs of random statements nest continuations, iteratively. */
export function emitCps(stmts: readonly Stmt[], from: number, scope: Scope, cx: Emitter, cps: Cps): string {
  if (from === 0) predeclareFns(stmts, scope, cx);
  let out = "", depth = cps.depth;
  const closers: string[] = [];
  const finish = (code: string) => out + code + closers.reverse().join("");
  for (let i = from; i < stmts.length; i++) {
    const s = stmts[i];
    if (!containsRandom(s)) {
      out += emitStmtDirect(s, scope, cx, cps.fx) + "\n";
      if (s.kind === "Return") return finish("");
      continue;
    }
    if (cps.atBodyEnd && depth >= SEGMENT_DEPTH) return finish(segmentCall(stmts, i, scope, cx, cps));
    const here: Cps = { ...cps, depth };
    const rest = (sc: Scope, d: number) => emitCps(stmts, i + 1, sc, cx, { ...cps, depth: d });
    let r: { open: string; close: string; scope: Scope };
    switch (s.kind) {
      case "Sample": r = openSample(s, stmts, i, scope, cx, cps.fx); break;
      case "Observe": r = openObserve(s, stmts, i, scope, cx, cps.fx); break;
      case "Factor": {
        const k = continuation(cx, scope, assignedAfter(stmts, i + 1), null);
        r = { open: k.header, close: `\n};\nreturn $H.factor(${emitExpr(s.value, scope, cx, cps.fx)}, ${cx.span(s)}, ${k.name});`, scope: k.scope };
        break;
      }
      case "If": return finish(emitIf(s, scope, cx, here, rest, emitCps));
      case "ForRange": case "ForEach": return finish(emitLoop(s, scope, cx, here, rest, emitCps));
      default:
        throw compileError(s, "random-in-expression", "'~', observe and factor are statements: they cannot appear inside this statement");
    }
    out += r.open;
    closers.push(r.close);
    scope = r.scope;
    depth++;
  }
  return finish(cps.next(scope));
}

/** `return $segN(live bindings)`; the segment function (the rest of the body) is generated later. */
function segmentCall(stmts: readonly Stmt[], i: number, scope: Scope, cx: Emitter, cps: Cps): string {
  const later = new Set(stmts.slice(i).flatMap((s) => (s.kind === "Fn" ? [s.name.name] : [])));
  const pass: [string, Binding][] = [];
  for (const n of mentionedAfter(stmts, i)) {
    const b = scope.lookup(n);
    if (b !== undefined && !later.has(n) && cps.body.programScope.lookup(n) !== b) pass.push([n, b]);
  }
  const name = cx.names.tmp("seg"), segScope = cps.body.scope.child();
  const params = pass.map(([n, b]) => {
    const js = cx.names.user(n);
    segScope.bind(n, { ...b, js });
    return js;
  });
  predeclareFns(stmts.slice(i), segScope, cx);
  cps.body.segments.push(() => `function ${name}(${params.join(", ")}) {\n${emitCps(stmts, i, segScope, cx, { ...cps, depth: 1 })}\n}`);
  return `return ${name}(${pass.map(([, b]) => b.js).join(", ")});`;
}

/**
 * The header of the continuation of a random statement: `const $kN = ($vN) => {` with the `var`s assigned
 * later re-declared and the statement's value bound (`bind`).
 */
function continuation(cx: Emitter, scope: Scope, assigned: Set<string>, bind: ((v: string, sc: Scope) => string) | null) {
  const name = cx.names.tmp("k"), v = cx.names.tmp("v"), sc = scope.child();
  const redeclared = assigned.size === 0 ? [] : scope.mutables().filter(([n]) => assigned.has(n)).map(([n, b]) => {
    const js = cx.names.user(n);
    sc.bind(n, { kind: b.kind, js });
    return `let ${js} = ${b.js};`;
  });
  const bound = bind === null ? "" : bind(v, sc);
  return { name, scope: sc, header: `const ${name} = (${v}) => {\n${redeclared.join(" ")} ${bound}\n` };
}

function openSample(s: SampleStmt, stmts: readonly Stmt[], i: number, scope: Scope, cx: Emitter, fx: FnContext) {
  const span = cx.span(s), name = s.name.name, pre: string[] = [];
  const idx = s.indices.map((ix) => {
    const t = cx.names.tmp("ix");
    pre.push(`const ${t} = $aidx(${emitExpr(ix, scope, cx, fx)}, ${cx.span(ix)});`);
    return t;
  });
  const addr = addressKeyExpr(cx, name, idx);
  const prev = scope.lookup(name);
  const bind = (v: string, sc: Scope) => {
    const js = cx.names.user(name);
    if (idx.length > 0) {
      sc.bind(name, { kind: "choices", js });
      const from = prev?.kind === "choices" ? prev.js : "$PV0";
      return `let ${js} = ${idx.length === 1 ? `${from}.set(${idx[0]}, ${v})` : `$pset(${from}, [${idx.join(", ")}], ${v})`};`;
    }
    // A name sampled inside an if or a loop lives in a body variable ("sampled"); directly in the body, it is a plain binding.
    if (prev?.kind === "sampled") { sc.bind(name, { kind: "sampled", js }); return `let ${js} = ${v};`; }
    sc.bind(name, { kind: "let", js });
    return `const ${js} = ${v};`;
  };
  const assigned = new Set(assignedAfter(stmts, i + 1));
  assigned.delete(name);
  const k = continuation(cx, scope, assigned, bind);
  return { open: `${pre.join("\n")}\n${k.header}`, close: `\n};\nreturn ${sampleCall(s, addr, scope, cx, fx, k.name)};`, scope: k.scope };
}

/** The handler call of `~`: observe (`given`), a sub-model call, a sample, or decided at run time. */
function sampleCall(s: SampleStmt, addr: string, scope: Scope, cx: Emitter, fx: FnContext, k: string): string {
  const span = cx.span(s);
  if (s.given !== null) return `$H.observe(${addr}, ${emitExpr(s.dist, scope, cx, fx)}, ${emitExpr(s.given, scope, cx, fx)}, ${span}, ${k}, true)`;
  if (s.dist.kind !== "Call") return `$tildeV($H, ${addr}, ${emitExpr(s.dist, scope, cx, fx)}, ${span}, ${k})`;
  const callee = s.dist.callee, a = emitArgs(s.dist.args, scope, cx, fx);
  const b = callee.kind === "Identifier" ? scope.lookup(callee.name) : undefined;
  const f = emitExpr(callee, scope, cx, fx), ds = cx.span(s.dist);
  if (b?.kind === "model")
    return `$H.call(${addr}, ${f}, ${a.names === null ? a.pos : `$margs(${f}, ${a.pos}, ${a.names}, ${a.vals}, ${span})`}, ${span}, ${k})`;
  // A distribution of argument-invariant values is built once per argument list (./invariant.ts).
  if (b === undefined && callee.kind === "Identifier" && fx.cache !== undefined && isInvariant(s.dist, scope))
    return `$H.sample(${addr}, ${emitExpr(s.dist, scope, cx, fx)}, ${span}, ${k})`;
  if (b === undefined && callee.kind === "Identifier" && cx.builtins.has(callee.name))
    return `$H.sample(${addr}, ${a.names === null ? builtinCall(f, a.list, ds) : `$calln(${f}, ${a.pos}, ${a.names}, ${a.vals}, ${ds})`}, ${span}, ${k})`;
  return `$tilde($H, ${addr}, ${f}, ${a.pos}, ${a.names ?? "null"}, ${a.vals}, ${span}, ${k})`;
}

function openObserve(s: ObserveStmt, stmts: readonly Stmt[], i: number, scope: Scope, cx: Emitter, fx: FnContext) {
  const addr = loopAddress(cx, `obs_${s.span.line}_${s.span.col}`, fx);
  const k = continuation(cx, scope, assignedAfter(stmts, i + 1), null);
  const call = `$H.observe(${addr}, ${emitExpr(s.dist, scope, cx, fx)}, ${emitExpr(s.value, scope, cx, fx)}, ${cx.span(s)}, ${k.name})`;
  return { open: k.header, close: `\n};\nreturn ${call};`, scope: k.scope };
}
