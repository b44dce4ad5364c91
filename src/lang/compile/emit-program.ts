/**
 * JavaScript for a whole program: a function body whose only free name is the runtime object `$`
 * (./runtime-object.ts). Models and functions are hoisted (they may call each other in any order); `let`,
 * `query` and expression statements run in program order, each as one budgeted top-level evaluation.
 * The result maps every top-level name to its value.
 *
 * @example
 * ```ts
 * const { code, models } = emitProgram(program, { globals: ["flips"], imports: [], builtins });
 * new Function("$", code)(runtime);   // → exports
 * ```
 */
import type { Expr, ModelDecl, Program, QueryStmt } from "../syntax/ast.js";
import { compileError, Emitter, stringLiteral, TOP } from "./emitter.js";
import { emitArgs, emitExpr } from "./emit-expr.js";
import { emitFunction, emitStmtsDirect } from "./emit-stmt.js";
import { emitModelBody } from "./emit-model.js";
import { emitLockstepBody } from "./emit-lockstep.js";
import { hiddenValues } from "./analysis.js";
import { Scope, type BindingKind } from "./scope.js";
import type { Span } from "../../util/errors.js";
import { getKernel, getMethod } from "../../infer/registry.js";
import { bareName, isBareAddress } from "../check/query.js";
// Registers every method and kernel, so `using` calls resolve against the full registry.
import "../../infer/index.js";
import "../../pfn/register.js";

export interface ImportedNames {
  /** Top-level names of an imported program and what they are. */
  names: ReadonlyMap<string, BindingKind>;
}

export interface EmitOptions {
  /** Names bound from outside (`--data`, template interpolations). */
  globals: readonly string[];
  imports: readonly ImportedNames[];
  builtins: ReadonlySet<string>;
  /** Loop-invariant slots and batched observation loops (default true). */
  optimizeLoops?: boolean;
}

export interface EmittedProgram {
  code: string;
  spans: Span[];
  /** Model declarations by index (`$model(i, ...)`). */
  models: ModelDecl[];
}

/** The helpers compiled code reads from `$.h` (all names start with `$`, so they never meet user names). */
export const HELPERS = [
  "$call", "$cb", "$cb1", "$cb2", "$calln", "$fn", "$arr", "$rec", "$idx", "$cat", "$mem", "$mat", "$int", "$aidx", "$ilen", "$elem",
  "$pset", "$PV0", "$PVover", "$tilde", "$tildeV", "$margs", "$bounce", "$param", "$model", "$top", "$query", "$given", "$spec",
  "$exports", "$sv", "$NS", "$cache", "$NC", "$key", "$brange", "$bslice", "$bgather", "$bscalar", "$blogpdf", "$tryBatch",
] as const;

const OPS = ["add", "sub", "mul", "div", "mod", "neg", "not", "lt", "le", "gt", "ge", "eq", "ne", "bool"] as const;

export function emitProgram(program: Program, o: EmitOptions): EmittedProgram {
  const cx = new Emitter(program.file, o.builtins, { emitFunction, emitStmtsDirect }, o.optimizeLoops !== false);
  const scope = new Scope(null);
  const lines: string[] = [
    '"use strict";',
    "const S = $.spans, $B = $.budget, $b = $.builtins, $o = $.ops, $h = $.h;",
    `const ${OPS.map((n) => `$${n} = $o.${n}`).join(", ")};`,
    `const ${HELPERS.map((n) => `${n} = $h.${n}`).join(", ")};`,
  ];
  const exportsOf = new Map<string, string>();
  const bindTop = (name: string, kind: BindingKind) => {
    const js = cx.names.user(name);
    // Top-level names are constants once the program has loaded (./invariant.ts).
    scope.bind(name, { kind, js, inv: true });
    exportsOf.set(name, js);
    return js;
  };
  o.globals.forEach((g) => lines.push(`const ${bindTop(g, "global")} = $.globals[${stringLiteral(g)}];`));
  o.imports.forEach((imp, i) => {
    for (const [name, kind] of imp.names) lines.push(`const ${bindTop(name, kind)} = $.imports[${i}].get(${stringLiteral(name)});`);
  });
  // Hoisted declarations: names first (so bodies can refer to any of them, and to every top-level let —
  // bodies run only after the top level), then the definitions.
  const letNames = new Map<object, string>();
  for (const item of program.items) if (item.kind === "Let") letNames.set(item, bindTop(item.name.name, "let"));
  const models: ModelDecl[] = [];
  const hoisted: [string, () => string][] = [];
  for (const item of program.items) {
    if (item.kind === "Model") {
      const js = bindTop(item.name.name, "model"), index = models.push(item) - 1;
      hoisted.push([js, () => {
        const sites = cx.sites.length, body = emitModelBody(item, scope, cx, index);
        const hidden = hiddenValues(item, (n) => { const k = scope.lookup(n)?.kind; return k === "let" || k === "var" || k === "global"; });
        const lockstep = emitLockstepBody(item, scope, cx);
        return `$model(${index}, ${body}, ${cx.sites.length > sites}, ${JSON.stringify(hidden)}${lockstep !== undefined ? `, ${lockstep}` : ""})`;
      }]);
    } else if (item.kind === "Fn") {
      const js = bindTop(item.name.name, "fn");
      hoisted.push([js, () => emitFunction(item.name.name, item.params, item.body, scope, cx, item)]);
    }
  }
  for (const [js, def] of hoisted) lines.push(`const ${js} = ${def()};`);
  for (const item of program.items) {
    switch (item.kind) {
      case "Let": {
        const v = emitExpr(item.init, scope, cx, TOP);
        const js = letNames.get(item) as string;
        scope.bind(item.name.name, { kind: "let", js, inv: true });
        exportsOf.set(item.name.name, js);
        lines.push(`const ${js} = $top(() => ${v}, ${cx.span(item)});`);
        break;
      }
      case "ExprStmt":
        lines.push(`$top(() => ${emitExpr(item.expr, scope, cx, TOP)}, ${cx.span(item)}, true);`);
        break;
      case "Query":
        lines.push(`$top(() => $query(${emitQuery(item, scope, cx)}), ${cx.span(item)});`);
        break;
      default:
        break;
    }
  }
  // Loop sites of every model body (incremental update, ./run-log.ts), before any body can run.
  lines.splice(4, 0, `const $SITES = [${cx.sites.join(", ")}];`);
  const names = [...exportsOf.keys()];
  lines.push(`return $exports([${names.map(stringLiteral).join(", ")}], [${names.map((n) => exportsOf.get(n)).join(", ")}]);`);
  return { code: lines.join("\n"), spans: cx.spans, models };
}

/** The arguments of `$query(span, methodSpan, name, model, args, given, method)`. */
function emitQuery(q: QueryStmt, scope: Scope, cx: Emitter): string {
  const b = scope.lookup(q.model.name);
  if (b === undefined) throw compileError(q.model, "unknown-name", `unknown model '${q.model.name}'`);
  const a = emitArgs(q.args, scope, cx, TOP);
  // Named arguments (query m(ys: data, k: 3)) are put in the model's parameter order.
  const args = a.names === null ? a.pos : `$margs(${b.js}, ${a.pos}, ${a.names}, ${a.vals}, ${cx.span(q.model)})`;
  const given = q.given === null ? "null"
    : `$given([${q.given.fields.map((f) => stringLiteral(f.key)).join(", ")}], [${q.given.fields.map((f) => emitExpr(f.value, scope, cx, TOP)).join(", ")}], ${cx.span(q.given)})`;
  return `${cx.span(q)}, ${cx.span(q.method)}, ${stringLiteral(q.model.name)}, ${b.js}, ${args}, ${given}, ${emitSpec(q.method, scope, cx)}`;
}

/**
 * Method and kernel calls of `using` become specs; other expressions are values. A name the program binds is
 * a value (except a model named like a method or kernel: `model mix` and the kernel `mix(...)`); otherwise a registered method (in method position) or kernel (nested) is a spec even where a
 * builtin has the same name (`laplace` the method, not the distribution; `map` the estimate, not the
 * higher-order function), and any other unknown name is a spec the registry will report. An option that takes
 * one of a few names (`objective: elbo`, `resample: systematic`) may name it bare when the program binds no
 * such name: it is that string.
 */
function emitSpec(e: Expr, scope: Scope, cx: Emitter, method = true): string {
  if (e.kind !== "Call" || e.callee.kind !== "Identifier") return emitExpr(e, scope, cx, TOP);
  const name = e.callee.name, bound = scope.lookup(name);
  const registered = method ? getMethod(name) !== undefined : getKernel(name) !== undefined;
  // A model of the same name (`model mix`) cannot be meant here (a model call needs ~): the method or kernel is.
  if (bound !== undefined && !(registered && bound.kind === "model")) return emitExpr(e, scope, cx, TOP);
  if (!registered && cx.builtins.has(name)) return emitExpr(e, scope, cx, TOP);
  const options = (method ? getMethod(name) : getKernel(name))?.options;
  const pos: string[] = [], names: string[] = [], vals: string[] = [];
  const positional = (method ? getMethod(name) : getKernel(name))?.positional;
  const byPosition = method ? getMethod(name)?.positionalOptions : undefined;
  // A choice option may name its value bare, as the language reference writes it: `objective: elbo`.
  const optionValue = (v: Expr, option: string) => {
    const spec = options?.[option], bare = spec?.values !== undefined ? bareName(v, (n) => scope.lookup(n)) : null;
    return bare !== null && spec?.values?.includes(bare) ? stringLiteral(bare) : emitSpec(v, scope, cx, false);
  };
  for (const a of e.args) {
    // A kernel's address may be written bare (gibbs(tau)): it is that string (check/query.ts, isBareAddress).
    if (a.name === null && isBareAddress({ what: method ? "method" : "kernel" }, positional?.[pos.length], a.value, (n) => scope.lookup(n))) pos.push(stringLiteral((a.value as { name: string }).name));
    else if (a.name === null) pos.push(byPosition?.[pos.length] !== undefined ? optionValue(a.value, byPosition[pos.length]!) : emitSpec(a.value, scope, cx, false));
    else {
      names.push(stringLiteral(a.name));
      vals.push(optionValue(a.value, a.name));
    }
  }
  return `$spec(${stringLiteral(e.callee.name)}, [${pos.join(", ")}], [${names.join(", ")}], [${vals.join(", ")}], ${cx.span(e)})`;
}
