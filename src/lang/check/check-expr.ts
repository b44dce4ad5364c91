/**
 * The checker's walk over expressions: names resolve, calls of builtins, distributions, models and fns get
 * their arguments checked, a model is only called on the right of `~`, `observe`/`factor` are statements,
 * `param` and `load` are checked where they appear, and what stands right of `~` must be able to be a
 * distribution.
 */
import { BorelError, type Span } from "../../util/errors.js";
import * as A from "../syntax/ast.js";
import { checkArguments, type Signature } from "./arity.js";
import type { Walker } from "./context.js";
import { pathOutside } from "./paths.js";
import { describeBinding, type Binding } from "./scope.js";

export function checkExpr(c: Walker, e: A.Expr): void {
  switch (e.kind) {
    case "Number":
    case "String":
    case "Bool":
      return;
    case "Identifier":
      c.resolve(e);
      return;
    case "Array":
      for (const x of e.elements) checkExpr(c, x);
      return;
    case "Record": {
      const seen = new Set<string>();
      for (const f of e.fields) {
        if (seen.has(f.key)) c.report(new BorelError("duplicate", `field '${f.key}' appears twice in this record`, { span: f.span, hint: "give each field its own name" }));
        seen.add(f.key);
        checkExpr(c, f.value);
      }
      return;
    }
    case "Unary":
      checkExpr(c, e.arg);
      return;
    case "Binary":
      checkExpr(c, e.left);
      checkExpr(c, e.right);
      return;
    case "Call":
      checkCall(c, e, false);
      return;
    case "Index":
      checkExpr(c, e.object);
      checkExpr(c, e.index);
      return;
    case "Member":
      checkExpr(c, e.object);
      return;
    case "Lambda":
      c.body("lambda", e.params, e.body);
      return;
    case "IfExpr":
      checkExpr(c, e.cond);
      c.block(e.then);
      if (e.else.kind === "IfExpr") checkExpr(c, e.else);
      else c.block(e.else);
      return;
  }
}

/** A dist binding called as its same-named builtin function (`logistic(x)`: one positional argument). */
function callsBuiltin(b: Binding, args: readonly A.Arg[] | undefined): b is Extract<Binding, { kind: "dist" }> & { builtin: object } {
  return b.kind === "dist" && b.builtin !== undefined && args !== undefined && args.length === 1 && args[0]!.name === null;
}

/** Signature of a callable binding (called with `args`), if it has a known one. */
function signatureOf(b: Binding, args?: readonly A.Arg[]): Signature | undefined {
  if (callsBuiltin(b, args)) return signatureOf({ kind: "builtin", name: b.name, sig: b.builtin });
  switch (b.kind) {
    case "builtin":
      return { owner: b.name, what: "builtin", params: b.sig.params.map((name, i) => ({ name, optional: i >= b.sig.min })), min: b.sig.min, max: b.sig.max };
    case "dist":
      return { owner: b.name, what: "distribution", params: b.params.map((p) => ({ name: p.name, optional: p.default !== undefined })), max: b.params.length };
    case "model":
    case "fn":
      return b.params ? { owner: b.name, what: b.kind, params: b.params.map((name) => ({ name })), max: b.params.length } : undefined;
    case "let":
      return b.params ? { owner: b.name, what: "fn", params: b.params.map((name) => ({ name })), max: b.params.length } : undefined;
    default:
      return undefined;
  }
}

export function checkModelArgs(c: Walker, b: Binding, args: readonly A.Arg[], span: Span): void {
  const sig = signatureOf(b);
  if (sig) checkArguments(sig, args, span).forEach((e) => c.report(e));
}

/** A call; `sampled` when it stands right of `~` (the one place a model may be called). */
function checkCall(c: Walker, e: A.CallExpr, sampled: boolean): Binding | undefined {
  const b = e.callee.kind === "Identifier" ? c.resolve(e.callee) : (checkExpr(c, e.callee), undefined);
  for (const a of e.args) checkExpr(c, a.value);
  if (!b) return undefined;
  // A random choice named like a distribution or builtin (`beta ~ normal(0, 1)`) hides it: calling the name
  // then calls the choice's value ("cannot call a number" at run time, with no word of why).
  // (Only then: a sub-model's value, `f ~ sub()`, may itself be a function.)
  if (b.kind === "sample" && e.callee.kind === "Identifier") {
    let outer: Binding | undefined;
    for (let s = c.scope.parent; s !== null && outer === undefined; s = s.parent) { const o = s.own(b.name); if (o !== undefined && o !== b) outer = o; }
    if (outer?.kind === "dist" || outer?.kind === "builtin") {
      c.report(new BorelError("not-callable", `'${b.name}' is a random choice here${b.span ? ` (${b.span.line}:${b.span.col})` : ""}, not the ${outer.kind === "dist" ? "distribution" : "builtin"} ${b.name}`, {
        span: e.callee.span, hint: `the choice hides ${b.name}(...) from its line on: rename the choice (e.g. ${b.name}_ ~ ...)`,
      }));
      return b;
    }
  }
  const sig = signatureOf(b, e.args);
  if (sig) checkArguments(sig, e.args, e.span).forEach((err) => c.report(err));
  if (b.kind === "model" && !sampled)
    c.report(new BorelError("model-call", `model '${b.name}' is called without ~`, {
      span: e.span,
      hint: `a model call is a random choice: write z ~ ${b.name}(...) inside a model, or run it with query ${b.name}(...) using ...`,
    }));
  if (b.kind === "builtin") builtinRules(c, b.name, e);
  return b;
}

function builtinRules(c: Walker, name: string, e: A.CallExpr): void {
  if (name === "observe" || name === "factor") {
    c.report(new BorelError("model-only", `${name}(...) is a statement and has no value`, {
      span: e.span,
      hint: name === "observe" ? "write observe(d, v) on its own line in a model body" : "write factor(e) on its own line in a model body",
    }));
  } else if (name === "param") {
    c.requireModel("param(...)", e.span);
    const first = A.argFor(e, "name", 0);
    // The name may be computed ("w" + j: one parameter per index); a literal of another type is an error now.
    if (first && (first.kind === "Number" || first.kind === "Bool" || first.kind === "Array" || first.kind === "Record" || first.kind === "Lambda"))
      c.report(new BorelError("bad-option", "param needs the parameter's name as a string", { span: first.span, hint: "param(\"w\", 0.0), or a computed name such as param(\"w\" + j, 0.0)" }));
  } else if (name === "load") {
    const arg = A.argFor(e, "path", 0);
    if (arg?.kind === "String") {
      const why = pathOutside(arg.value, c.ctx.fileDir);
      if (why) c.report(new BorelError("path-outside", `load: ${why}`, { span: arg.span, hint: "load reads data files (JSON, CSV, TSV) inside the program's folder tree; copy the data next to the program" }));
    }
  } else if (name === "logpdf") {
    const d = A.argFor(e, "d", 0);
    const why = d === undefined ? undefined : notADistribution(c, d);
    if (why) c.report(new BorelError("not-a-distribution", `logpdf needs a distribution first, not ${why}`, { span: d!.span, hint: "logpdf(normal(0, 1), x)" }));
  }
}

/** Why `e` cannot be a distribution (a literal, arithmetic, a function), or undefined when it may be one. */
function notADistribution(c: Walker, e: A.Expr): string | undefined {
  switch (e.kind) {
    case "Number":
      return `the number ${e.raw}`;
    case "String":
      return "a string";
    case "Bool":
      return "a boolean";
    case "Array":
      return "an array";
    case "Record":
      return "a record";
    case "Binary":
    case "Unary":
      return "an arithmetic or logical expression";
    case "Lambda":
      return "a function";
    case "Identifier": {
      const b = c.scope.lookup(e.name);
      if (!b) return undefined;
      if (b.kind === "dist") return `the distribution constructor '${e.name}' itself (call it: ${e.name}(...))`;
      if (b.kind === "model") return `the model '${e.name}' itself (call it: ${e.name}(...))`;
      if (b.kind === "builtin" || b.kind === "fn") return `${describeBinding(b)} itself`;
      return undefined;
    }
    case "Call": {
      const b = e.callee.kind === "Identifier" ? c.scope.lookup(e.callee.name) : undefined;
      return b?.kind === "builtin" || (b && callsBuiltin(b, e.args)) ? `the result of ${b.name}(...)` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Checks the right of `~` (`allowModel`) or observe's first argument; returns true when it is a model call.
 */
export function checkDistribution(c: Walker, e: A.Expr, what: string, allowModel: boolean): boolean {
  const why = notADistribution(c, e);
  let b: Binding | undefined;
  if (e.kind === "Call") b = checkCall(c, e, allowModel);
  else checkExpr(c, e);
  if (why) {
    const hint = allowModel
      ? "the right of ~ is a distribution such as normal(0, 1), or a model call such as z ~ sub(x)"
      : "observe(d, v) needs a distribution d, e.g. observe(normal(mu, 1), y)";
    c.report(new BorelError("not-a-distribution", `${what} needs a distribution, not ${why}`, { span: e.span, hint }));
  } else if (!allowModel && b?.kind === "model") {
    // checkCall has reported "called without ~"; nothing more to add.
  }
  return b?.kind === "model";
}

/** `for i in a..b`: a literal bound must be an integer. */
export function checkRangeBound(c: Walker, e: A.Expr): void {
  checkExpr(c, e);
  const lit = e.kind === "Unary" && e.op === "-" && e.arg.kind === "Number" ? { v: -e.arg.value, raw: `-${e.arg.raw}` } : e.kind === "Number" ? { v: e.value, raw: e.raw } : undefined;
  if (lit && !Number.isInteger(lit.v))
    c.report(new BorelError("range-bound", `range bound ${lit.raw} is not an integer`, {
      span: e.span,
      hint: `ranges count whole steps: use ${Math.floor(lit.v)} or ${Math.ceil(lit.v)} (a..b is a, a+1, ..., b−1)`,
    }));
  else if (e.kind === "String" || e.kind === "Bool" || e.kind === "Array" || e.kind === "Record")
    c.report(new BorelError("range-bound", "a range bound must be an integer", { span: e.span, hint: "write for i in 0..n { ... } with integers a and b" }));
}
