/**
 * The scopes a program is checked in: the prelude (builtins and distributions), then the program's globals
 * (top-level models and fns, hoisted; top-level lets; names from imports and from outside).
 */
import { distributionRegistry } from "../../dist/registry.js";
import { BorelError } from "../../util/errors.js";
import type * as A from "../syntax/ast.js";
import { BUILTIN_CONSTANTS, BUILTINS } from "./builtins.js";
import { importDeclarations, type GlobalDecl } from "./imports.js";
import { pathOutside } from "./paths.js";
import { Scope, type Binding } from "./scope.js";

let prelude: Scope | undefined;

/** Builtins, named constants and distributions; `logistic` is both (one argument: the function; two: the distribution). */
export function preludeScope(): Scope {
  if (prelude) return prelude;
  const s = new Scope(null);
  for (const [name, sig] of BUILTINS) s.define({ kind: "builtin", name, sig });
  for (const name of BUILTIN_CONSTANTS.keys()) s.define({ kind: "value", name, fnId: 0 });
  for (const [name, e] of distributionRegistry) {
    const builtin = BUILTINS.get(name);
    s.define({ kind: "dist", name, params: e.params, ...(builtin ? { builtin } : {}) });
  }
  prelude = s;
  return s;
}

export function declBinding(d: string | GlobalDecl): Binding {
  if (typeof d === "string") return { kind: "value", name: d, fnId: 0 };
  if (d.kind === "model") return { kind: "model", name: d.name, params: d.params ?? null };
  if (d.kind === "fn") return { kind: "fn", name: d.name, params: d.params ?? null, fnId: 0 };
  return { kind: "value", name: d.name, fnId: 0 };
}

export interface GlobalSetup {
  scope: Scope;
  /** True when some import could not be read: unknown names are then not reported (they may come from it). */
  unresolvedImports: boolean;
}

/** The global scope: outside names, imports, then the program's models, fns and lets. */
export function globalScope(program: A.Program, ctx: { fileDir?: string; globals?: readonly (string | GlobalDecl)[]; importedNames?: readonly (string | GlobalDecl)[] }, report: (e: BorelError) => void): GlobalSetup {
  const scope = new Scope(preludeScope());
  for (const g of ctx.globals ?? []) scope.define(declBinding(g));
  let unresolvedImports = false;
  if (ctx.importedNames) for (const g of ctx.importedNames) scope.define(declBinding(g));
  for (const item of program.items) {
    if (item.kind !== "Import" || item.path === "") continue;
    if (!item.path.startsWith("stdlib/")) {
      const why = pathOutside(item.path, ctx.fileDir);
      if (why) {
        report(new BorelError("path-outside", `import ${why}`, { span: item.span, hint: "imports are read from stdlib/ or from the program's folder tree" }));
        unresolvedImports = true;
        continue;
      }
    }
    if (ctx.importedNames) continue;
    const r = importDeclarations(item.path, ctx.fileDir);
    if ("decls" in r) for (const d of r.decls) scope.define(declBinding(d));
    else if ("missing" in r) {
      unresolvedImports = true;
      report(new BorelError("import", `cannot find the import "${item.path}"`, {
        span: item.span,
        hint: `looked for ${r.missing}; stdlib modules are imported as "stdlib/...", other paths are relative to the program`,
      }));
    } else unresolvedImports = true;
  }
  const first = new Map<string, A.Span>();
  // A top-level let and a model or fn of the same name: model and fn bodies would see one, top-level code the other.
  const lets = new Map<string, A.Span>();
  const clash = (name: string, span: A.Span, prev: A.Span) =>
    report(new BorelError("duplicate", `'${name}' is already defined at ${prev.line}:${prev.col}`, { span, hint: "a top-level let cannot share its name with a model or fn: rename one of them" }));
  item: for (const [i, item] of program.items.entries()) {
    if (item.kind === "Model" || item.kind === "Fn") {
      const name = item.name.name;
      if (name === "") continue item;
      const prevLet = lets.get(name);
      if (prevLet) { clash(name, item.name.span, prevLet); continue item; }
      const prev = first.get(name);
      if (prev) {
        report(new BorelError("duplicate", `'${name}' is already defined at ${prev.line}:${prev.col}`, { span: item.name.span, hint: "give each model and fn its own name" }));
        continue item;
      }
      first.set(name, item.name.span);
      const params = item.params.map((p) => p.name);
      scope.define(item.kind === "Model" ? { kind: "model", name, params, decl: item, span: item.name.span } : { kind: "fn", name, params, span: item.name.span, fnId: 0 });
    } else if (item.kind === "Let" && item.name.name !== "" && first.has(item.name.name)) {
      clash(item.name.name, item.name.span, first.get(item.name.name)!);
    } else if (item.kind === "Let" && item.name.name !== "" && !scope.own(item.name.name)) {
      lets.set(item.name.name, item.name.span);
      const params = item.init.kind === "Lambda" ? item.init.params.map((p) => p.name) : undefined;
      scope.define({ kind: "let", name: item.name.name, fnId: 0, span: item.name.span, topIndex: i, ...(params ? { params } : {}) });
    }
  }
  return { scope, unresolvedImports };
}
