/**
 * `if` and loops that contain random statements, in continuation-passing style (see ./emit-model.ts): the
 * code after them becomes a *join point* — a function of the mutable variables — that each branch, or the
 * loop's exit, calls; a loop becomes a recursive function of its counter and the mutable variables whose
 * back-edge calls the next iteration directly while the chain is short and bounces to the trampoline
 * otherwise. Observation addresses inside loops get the loop's counter.
 *
 * @example
 * ```ts
 * emitLoop(forStmt, scope, cx, cps, rest, emitCps);
 * // const $after3 = (u_s$4) => {...}; const $loop5 = (u_i$6, u_s$7) => { if (u_i$6 >= $hi) return $after3(u_s$7); ... }; return $loop5($lo, u_s$2);
 * ```
 */
import type { ForEachStmt, ForRangeStmt, IfStmt, Stmt } from "../syntax/ast.js";
import { assignedNames, elseStmts } from "./analysis.js";
import { sampledIn, type BodyDependence } from "./dependence.js";
import type { Emitter, FnContext } from "./emitter.js";
import { emitExpr } from "./emit-expr.js";
import { LoopMemo } from "./loop-invariant.js";
import { emitBatch, type BatchSource } from "./emit-batch.js";
import { directLoopBody, emitDirectLoop } from "./emit-direct-loop.js";
import { tick } from "./emit-stmt.js";
import type { Scope } from "./scope.js";
import { MAX_DIRECT } from "./steps.js";

/** Code generator for what follows a statement list, given the scope there. */
export type Next = (scope: Scope) => string;

/** Where continuation-passing code is being generated. */
export interface Cps {
  readonly fx: FnContext;
  /** Code for what follows the statement list (a join call, a loop back-edge, or the body's end). */
  readonly next: Next;
  /** True when `next` is the body's end: the rest may then move into a segment function. */
  readonly atBodyEnd: boolean;
  /** Function nesting of the generated code at this point. */
  readonly depth: number;
  readonly body: { readonly scope: Scope; readonly programScope: Scope; readonly segments: (() => string)[]; readonly deps: BodyDependence };
}

/** The statement-list generator (./emit-model.ts), passed in to keep the two files free of an import cycle. */
export type EmitCps = (stmts: readonly Stmt[], from: number, scope: Scope, cx: Emitter, cps: Cps) => string;

/** A function of the mutable variables (and a leading loop counter), called to continue at a join. */
function joinPoint(cx: Emitter, scope: Scope, tag: string, lead?: string) {
  const muts = scope.mutables(), name = cx.names.tmp(tag), sc = scope.child();
  const params = muts.map(([n, b]) => {
    const js = cx.names.user(n);
    sc.bind(n, { kind: b.kind, js });
    return js;
  });
  let leadJs: string | undefined;
  if (lead !== undefined) { leadJs = cx.names.user(lead); sc.bind(lead, { kind: "loop", js: leadJs }); }
  const call = (from: Scope, first?: string) =>
    `${name}(${[...(first === undefined ? [] : [first]), ...muts.map(([n]) => (from.lookup(n) as { js: string }).js)].join(", ")})`;
  const head = `(${[...(leadJs ? [leadJs] : []), ...params].join(", ")})`;
  return { name, scope: sc, muts, params, leadJs, call, define: (code: string) => `const ${name} = ${head} => {\n${code}\n};` };
}

export function emitIf(s: IfStmt, scope: Scope, cx: Emitter, cps: Cps, rest: (sc: Scope, depth: number) => string, emitCps: EmitCps): string {
  const j = joinPoint(cx, scope, "join");
  const branch: Cps = { ...cps, next: (sc) => `return ${j.call(sc)};`, atBodyEnd: false };
  const then = emitCps(s.then.stmts, 0, scope.child(), cx, branch);
  const other = emitCps(elseStmts(s.else), 0, scope.child(), cx, branch);
  return `${j.define(rest(j.scope, cps.depth + 1))}
if ($bool(${emitExpr(s.cond, scope, cx, cps.fx)}, ${cx.span(s.cond)}, "the condition of 'if'")) {\n${then}\n} else {\n${other}\n}`;
}

export function emitLoop(s: ForRangeStmt | ForEachStmt, scope: Scope, cx: Emitter, cps: Cps, rest: (sc: Scope, depth: number) => string, emitCps: EmitCps): string {
  const after = joinPoint(cx, scope, "after");
  const counter = s.kind === "ForRange" ? s.variable.name : cx.names.tmp("j");
  const loop = joinPoint(cx, scope, "loop", counter);
  const i = loop.leadJs as string, bodyScope = loop.scope.child();
  let setup: string, start: string, end: string, head = "", src: BatchSource, element: string | null = null;
  if (s.kind === "ForRange") {
    const lo = cx.names.tmp("lo"), hi = cx.names.tmp("hi");
    setup = `const ${lo} = $int(${emitExpr(s.from, scope, cx, cps.fx)}, ${cx.span(s.from)}), ${hi} = $int(${emitExpr(s.to, scope, cx, cps.fx)}, ${cx.span(s.to)});`;
    start = lo; end = hi;
    src = { kind: "range", lo, hi };
  } else {
    const xs = cx.names.tmp("xs"), n = cx.names.tmp("n"), v = cx.names.user(s.variable.name);
    setup = `const ${xs} = ${emitExpr(s.iterable, scope, cx, cps.fx)}, ${n} = $ilen(${xs}, ${cx.span(s.iterable)});`;
    start = "0"; end = n;
    src = { kind: "each", xs, n };
    bodyScope.bind(s.variable.name, { kind: "loop", js: v });
    head = `const ${v} = $elem(${xs}, ${i});`;
    element = v;
  }
  // The back-edge calls the next iteration directly while the chain is short, else bounces (no closure then).
  const back = (sc: Scope) => {
    const nextIter = loop.call(sc, `${i} + 1`);
    return `return ++$H.d < ${MAX_DIRECT} ? ${nextIter} : $bounce(() => ${nextIter});`;
  };
  // Incremental update (./incremental.ts): a logger records each iteration's start and the variables the
  // body writes; at entry it may skip to an iteration m, reusing the previous trace's records before it.
  const L = cx.names.tmp("L"), written = writtenBy(s), deps = cps.body.deps.loopDeps(s);
  const w = loop.muts.map(([n], k) => [n, k] as const).filter(([n]) => written.has(n));
  const site = cx.sites.length;
  cx.sites.push(JSON.stringify({ id: site, nested: cps.fx.logger !== undefined, ...deps, written: w.length }));
  const logIter = `if (${L} !== null) { ${L}.at(${i});${w.map(([, k]) => ` ${L}.put(${loop.params[k]});`).join("")} }`;
  const m = cx.names.tmp("m");
  const resume = `${loop.name}(${[m, ...loop.muts.map(([, b], k) => {
    const j = w.findIndex(([, q]) => q === k);
    return j >= 0 ? `${L}.state(${j})` : b.js;
  })].join(", ")})`;
  const memo = LoopMemo.of(s, cx.names);
  const fx: FnContext = { ...cps.fx, loopIndices: [...cps.fx.loopIndices, i], logger: L, memo: cx.optimizeLoops ? memo : undefined };
  const body = emitCps(s.body.stmts, 0, bodyScope, cx, { ...cps, fx, next: back, atBodyEnd: false, depth: cps.depth + 1 });
  // In a gradient run, a loop of observations may run as one vectorized observation (./emit-batch.ts).
  const batch = cx.optimizeLoops ? emitBatch(s, scope, cx, cps.fx, src, `return ${after.call(scope)};`, cps.body.deps) : "";
  // In a run that never pauses, a loop of observations runs as a plain loop (./emit-direct-loop.ts), from
  // where the incremental update's reuse of the previous trace's iterations leaves it.
  const from = cx.optimizeLoops && written.size === 0 && directLoopBody(s.body.stmts) ? cx.names.tmp("from") : null;
  const direct = from !== null
    ? emitDirectLoop(s, scope, cx, fx, { i, from, end, head, element, logIter, tick: tick(cx.span(s)), exit: `return ${after.call(scope)};` })
    : "";
  const skip = direct === ""
    ? `if (${L} !== null) { const ${m} = ${L}.skip(${start}, ${end}); if (${m} >= 0) return ${resume}; }`
    : `let ${from} = ${start};\nif (${L} !== null) { const ${m} = ${L}.skip(${start}, ${end}); if (${m} >= 0) { if ($H.direct === true) ${from} = ${m}; else return ${resume}; } }\n${direct}`;
  return `${setup} ${memo.declaration()}
${after.define(rest(after.scope, cps.depth + 1))}
${batch}
const ${L} = $H.loop($SITES[${site}], ${cps.fx.logger ?? "null"}, ${start});
${loop.define(`${logIter}\nif (${i} >= ${end}) return ${after.name}(${loop.params.join(", ")});\n${tick(cx.span(s))} ${head}\n${body}`)}
${skip}
return ${loop.call(scope, start)};`;
}

/** Names a loop body writes: assigned `var`s and names bound by `~` (choice arrays). */
function writtenBy(s: ForRangeStmt | ForEachStmt): Set<string> {
  const out = sampledIn(s.body);
  for (const n of assignedNames(s.body.stmts)) out.add(n);
  return out;
}
