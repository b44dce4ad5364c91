/**
 * The lockstep form of a model body (../../trace/lockstep.ts, ../runtime/lockstep.ts): a generator that runs
 * all SMC particles at once and yields at each observation point. Emitted only for bodies whose control flow
 * cannot depend on random values:
 *
 * - The *random names* are the names bound by `~` and, transitively, the `let`s, `var`s and `track`s computed
 *   from them (by name, flow-insensitively: an over-approximation).
 * - Statements that mention no random name and contain no `~`/`observe`/`factor` compile as in any body
 *   (./emit-stmt.ts); the others are `let`/`var`/assignment, `if` and loops whose conditions, bounds and
 *   iterables are not random, `~` of a builtin distribution, `observe`, `factor`, `track` and `return`.
 * - A random expression is *lifted*: random names read their values per particle (`$P.cur`), every other operand
 *   must be a number (`$P.scalar`), and only `+ - * /`, unary minus, elementwise math builtins, scalar
 *   distribution families, `x[i]` of a choice array with a non-random index and `if` expressions with a
 *   non-random condition may combine them (also `uniform` and `uniform_int`, whose bounds may be random) — the
 *   language's own vector operations, elementwise, as in a batched observation loop (./emit-batch.ts).
 *
 * Anything else — a random condition, a sub-model, a user function of random values — leaves the model without
 * a lockstep form, and SMC runs its particles one by one.
 *
 * @example
 * ```ts
 * emitLockstepBody(decl, programScope, cx);   // "function* ($P, $A) { ... yield 0; ... }" or undefined
 * ```
 */
import type { Block, Expr, IfExpr, ModelDecl, Node, Stmt } from "../syntax/ast.js";
import { elseStmts, mentionedNames, withImplicitReturn, containsRandom, children } from "./analysis.js";
import { stringLiteral, type Emitter, type FnContext } from "./emitter.js";
import { BINARY, builtinCall, emitExpr, isBuiltinCallee } from "./emit-expr.js";
import { addressKeyExpr, emitStmtDirect, loopAddress, predeclareFns, tick } from "./emit-stmt.js";
import { ELEMENTWISE, ELEMENTWISE_OPS, FAMILIES } from "./emit-batch.js";
import type { Scope } from "./scope.js";

/** Scalar families with parameter-dependent bounds: elementwise too (gradient batches leave them out for their bijectors). */
const BOUNDED = new Set(["uniform", "uniform_int"]);

/** Thrown inside the emitter when the body is outside the lockstep subset. */
class NotLockstep extends Error {}
const no = (): never => { throw new NotLockstep(); };

/** The lockstep generator of `decl`, or undefined when its body is outside the subset. */
export function emitLockstepBody(decl: ModelDecl, programScope: Scope, cx: Emitter): string | undefined {
  try {
    return new LockstepEmitter(decl, cx).body(programScope);
  } catch (e) {
    // The ordinary body compiled, so any failure here only means "no lockstep form".
    return undefined;
  }
}

/** The names bound by `~` and, transitively, those computed from them. */
function randomNames(stmts: readonly Stmt[]): Set<string> {
  const random = new Set<string>();
  const all: Node[] = [];
  const visit = (n: Node) => { all.push(n); for (const c of children(n)) visit(c); };
  stmts.forEach(visit);
  for (const n of all) if (n.kind === "Sample") random.add(n.name.name);
  const reads = (e: Node) => [...mentionedNames(e)].some((m) => random.has(m));
  for (let changed = true; changed;) {
    changed = false;
    for (const n of all) {
      const name = n.kind === "Let" || n.kind === "Var" || n.kind === "Assign" || n.kind === "Track" ? n.name.name : n.kind === "ForEach" ? n.variable.name : undefined;
      const value = n.kind === "Let" || n.kind === "Var" ? n.init : n.kind === "Assign" || n.kind === "Track" ? n.value : n.kind === "ForEach" ? n.iterable : undefined;
      if (name !== undefined && value !== undefined && !random.has(name) && reads(value)) { random.add(name); changed = true; }
    }
  }
  return random;
}

class LockstepEmitter {
  private readonly random: Set<string>;

  constructor(private readonly decl: ModelDecl, private readonly cx: Emitter) {
    this.random = randomNames(decl.body.stmts);
  }

  private mentionsRandom(n: Node): boolean {
    for (const m of mentionedNames(n)) if (this.random.has(m)) return true;
    return false;
  }

  body(programScope: Scope): string {
    const cx = this.cx, inner = programScope.child();
    const params = this.decl.params.map((p, i) => {
      const js = cx.names.user(p.name);
      inner.bind(p.name, { kind: "param", js });
      return `const ${js} = $A[${i}];`;
    });
    const decls: string[] = [];
    const indexed = new Set<string>(), scalar = new Set<string>();
    const visit = (n: Node) => {
      if (n.kind === "Sample") (n.indices.length > 0 ? indexed : scalar).add(n.name.name);
      for (const c of children(n)) visit(c);
    };
    this.decl.body.stmts.forEach(visit);
    for (const n of indexed) {
      // As in the ordinary body: a choice array named like an array in scope starts as that array (PVec.over).
      const outer = inner.lookup(n), js = cx.names.user(n);
      inner.bind(n, { kind: "choices", js });
      decls.push(`let ${js} = ${outer !== undefined && outer.kind !== "fn" ? `$PVover(${outer.js})` : "$PV0"};`);
    }
    for (const n of scalar) {
      if (indexed.has(n)) no();
      const js = cx.names.user(n);
      inner.bind(n, { kind: "sampled", js });
      decls.push(`let ${js};`);
    }
    const fx: FnContext = { mode: "model", loopIndices: [] };
    const code = this.stmts(withImplicitReturn(this.decl.body.stmts), inner, fx);
    return `function* ($P, $A) {\nconst $H = $P, $K = (v) => $P.ret(v, false);\n${params.join(" ")} ${decls.join(" ")}\n${code}\n}`;
  }

  private stmts(stmts: readonly Stmt[], scope: Scope, fx: FnContext): string {
    predeclareFns(stmts, scope, this.cx);
    return stmts.map((s) => this.stmt(s, scope, fx)).join("\n");
  }

  private block(stmts: readonly Stmt[], scope: Scope, fx: FnContext): string {
    return `{\n${this.stmts(stmts, scope.child(), fx)}\n}`;
  }

  /** An expression that must not be random (a condition, a bound, an index, an observed datum). */
  private plain(e: Expr, scope: Scope, fx: FnContext): string {
    if (this.mentionsRandom(e)) no();
    return emitExpr(e, scope, this.cx, fx);
  }

  /** `[code, lifted]`: the lifted form of a random expression, or the ordinary one. */
  private value(e: Expr, scope: Scope, fx: FnContext): [string, boolean] {
    return this.mentionsRandom(e) ? [this.lift(e, scope, fx), true] : [emitExpr(e, scope, this.cx, fx), false];
  }

  private stmt(s: Stmt, scope: Scope, fx: FnContext): string {
    const cx = this.cx, span = cx.span(s);
    if (!containsRandom(s) && !this.mentionsRandom(s)) return emitStmtDirect(s, scope, cx, fx);
    switch (s.kind) {
      case "Let": case "Var": {
        const [v, lifted] = this.value(s.init, scope, fx), js = cx.names.user(s.name.name);
        scope.bind(s.name.name, { kind: s.kind === "Let" ? "let" : "var", js });
        return `${s.kind === "Let" ? "const" : "let"} ${js} = ${lifted ? `$P.wrap(${v})` : v};`;
      }
      case "Assign": {
        const b = scope.lookup(s.name.name);
        if (b === undefined || b.kind !== "var") return no();
        const [v, lifted] = this.value(s.value, scope, fx);
        return `${b.js} = ${lifted ? `$P.wrap(${v})` : v};`;
      }
      case "If": {
        const els = s.else === null ? "" : ` else ${this.block(elseStmts(s.else), scope, fx)}`;
        return `if ($bool(${this.plain(s.cond, scope, fx)}, ${cx.span(s.cond)}, "the condition of 'if'")) ${this.block(s.then.stmts, scope, fx)}${els}`;
      }
      case "ForRange": {
        const lo = cx.names.tmp("lo"), hi = cx.names.tmp("hi"), i = cx.names.tmp("i"), inner = scope.child(), v = cx.names.user(s.variable.name);
        const from = this.plain(s.from, scope, fx), to = this.plain(s.to, scope, fx);
        inner.bind(s.variable.name, { kind: "loop", js: v });
        const body = this.stmts(s.body.stmts, inner, { ...fx, loopIndices: [...fx.loopIndices, v] });
        return `{ const ${lo} = $int(${from}, ${cx.span(s.from)}), ${hi} = $int(${to}, ${cx.span(s.to)});
for (let ${i} = ${lo}; ${i} < ${hi}; ${i}++) { const ${v} = ${i}; ${tick(span)}\n${body}\n} }`;
      }
      case "ForEach": {
        const xs = cx.names.tmp("xs"), n = cx.names.tmp("n"), j = cx.names.tmp("j"), inner = scope.child(), v = cx.names.user(s.variable.name);
        const iterable = this.plain(s.iterable, scope, fx);
        inner.bind(s.variable.name, { kind: "loop", js: v });
        const body = this.stmts(s.body.stmts, inner, { ...fx, loopIndices: [...fx.loopIndices, j] });
        return `{ const ${xs} = ${iterable}, ${n} = $ilen(${xs}, ${cx.span(s.iterable)});
for (let ${j} = 0; ${j} < ${n}; ${j}++) { const ${v} = $elem(${xs}, ${j}); ${tick(span)}\n${body}\n} }`;
      }
      case "Return": {
        if (s.value === null) return "return $P.ret(undefined, false);";
        const [v, lifted] = this.value(s.value, scope, fx);
        return `return $P.ret(${v}, ${lifted});`;
      }
      case "Sample": {
        const pre: string[] = [];
        const idx = s.indices.map((ix) => {
          const t = cx.names.tmp("ix");
          pre.push(`const ${t} = $aidx(${this.plain(ix, scope, fx)}, ${cx.span(ix)});`);
          return t;
        });
        const [d, lifted] = this.dist(s.dist, scope, fx);
        const addr = addressKeyExpr(cx, s.name.name, idx);
        let call: string;
        if (s.given !== null) {
          const [g, glifted] = this.value(s.given, scope, fx);
          call = `$P.observe(${addr}, ${d}, ${lifted}, ${g}, ${glifted}, ${span})`;
        } else call = `$P.sample(${addr}, ${d}, ${lifted}, ${span})`;
        const b = scope.lookup(s.name.name);
        if (b === undefined) return no();
        const bind = idx.length === 0 ? `${b.js} = ${call};`
          : idx.length === 1 ? `${b.js} = ${b.js}.set(${idx[0]}, ${call});` : `${b.js} = $pset(${b.js}, [${idx.join(", ")}], ${call});`;
        return `${pre.join(" ")} ${bind} if ($P.pause) yield 0;`;
      }
      case "Observe": {
        const [d, lifted] = this.dist(s.dist, scope, fx), [v, vl] = this.value(s.value, scope, fx);
        const addr = loopAddress(cx, `obs_${s.span.line}_${s.span.col}`, fx);
        return `$P.observe(${addr}, ${d}, ${lifted}, ${v}, ${vl}, ${span}); yield 0;`;
      }
      case "Factor": {
        const [v, lifted] = this.value(s.value, scope, fx);
        return `$P.factor(${v}, ${lifted}); yield 0;`;
      }
      case "Track": {
        const [v, lifted] = this.value(s.value, scope, fx), key = loopAddress(cx, s.name.name, fx);
        if (scope.lookup(s.name.name) !== undefined) return `$P.track(${key}, ${v}, ${lifted});`;
        const js = cx.names.user(s.name.name);
        scope.bind(s.name.name, { kind: "let", js });
        return `const ${js} = ${lifted ? `$P.wrap(${v})` : v}; $P.track(${key}, ${js}, false);`;
      }
      default:
        return no();
    }
  }

  /** A distribution: a builtin family call (lifted when random) or an ordinary value. */
  private dist(e: Expr, scope: Scope, fx: FnContext): [string, boolean] {
    if (e.kind !== "Call" || e.callee.kind !== "Identifier" || !isBuiltinCallee(e.callee, scope, this.cx)) {
      if (this.mentionsRandom(e)) no();
      if (e.kind === "Call" && e.callee.kind === "Identifier" && scope.lookup(e.callee.name)?.kind === "model") no();
      return [emitExpr(e, scope, this.cx, fx), false];
    }
    return this.value(e, scope, fx);
  }

  /** The lifted form of `e`: numbers and per-particle vectors, combined elementwise. */
  private lift(e: Expr, scope: Scope, fx: FnContext): string {
    const cx = this.cx;
    if (!this.mentionsRandom(e)) return `$P.scalar(${emitExpr(e, scope, cx, fx)})`;
    const L = (x: Expr) => this.lift(x, scope, fx);
    switch (e.kind) {
      case "Identifier": {
        const b = scope.lookup(e.name);
        if (b === undefined || b.kind === "choices" || b.kind === "fn" || b.kind === "model") return no();
        return `$P.cur(${b.js})`;
      }
      case "Binary":
        if (!ELEMENTWISE_OPS.has(e.op)) return no();
        return `${BINARY[e.op]}(${L(e.left)}, ${L(e.right)}, ${cx.span(e)})`;
      case "Unary":
        if (e.op !== "-") return no();
        return `$neg(${L(e.arg)}, ${cx.span(e)})`;
      case "Index": {
        const b = e.object.kind === "Identifier" ? scope.lookup(e.object.name) : undefined;
        if (b?.kind !== "choices" || e.object.kind !== "Identifier") return no();
        return `$P.cur($mat($cat(${b.js}, ${this.plain(e.index, scope, fx)}, ${cx.span(e)}, ${stringLiteral(e.object.name)})))`;
      }
      case "Call": {
        const callee = e.callee;
        if (callee.kind !== "Identifier" || !isBuiltinCallee(callee, scope, cx) || !(ELEMENTWISE.has(callee.name) || FAMILIES.has(callee.name) || BOUNDED.has(callee.name))) return no();
        const pos: string[] = [], names: string[] = [], vals: string[] = [];
        for (const a of e.args) {
          if (a.name === null) pos.push(L(a.value));
          else { names.push(stringLiteral(a.name)); vals.push(L(a.value)); }
        }
        const f = `$b.${callee.name}`;
        return names.length > 0 ? `$calln(${f}, [${pos.join(", ")}], [${names.join(", ")}], [${vals.join(", ")}], ${cx.span(e)})` : builtinCall(f, pos, cx.span(e));
      }
      case "IfExpr": {
        // A condition from data choosing between random values (`if t > 0 { x[t - 1] } else { 0 }`).
        const branch = (b: Block | IfExpr): string => {
          if (b.kind === "IfExpr") return L(b);
          const only = b.stmts.length === 1 ? b.stmts[0]! : undefined;
          return only?.kind === "ExprStmt" ? L(only.expr) : no();
        };
        return `($bool(${this.plain(e.cond, scope, fx)}, ${cx.span(e.cond)}, "the condition of 'if'") ? ${branch(e.then)} : ${branch(e.else)})`;
      }
      default:
        return no();
    }
  }
}
