/**
 * Borel programs: `compileProgram(source, file, options)` parses, checks, compiles and runs a program's
 * top level, and returns its models (generative functions), functions, values and queries — or the located
 * errors that stopped it. `runQuery` (./compile/query.ts) then runs a query. A CLI, a REPL or a notebook
 * is a thin layer over these two calls.
 *
 * `import "stdlib/models/hmm"` reads the repository's `stdlib/` folder; other imports and `load("f.json")`
 * are relative to the program and must stay inside its folder (after resolving symlinks). `data` binds
 * JSON values to names (`--data NAME=file.json`); `globals` binds Borel values (template interpolations).
 *
 * @example
 * ```ts
 * const prog = compileProgram(readFileSync("examples/coin.borel", "utf8"), "examples/coin.borel");
 * if (prog.errors.length) console.error(prog.errors.map((e) => formatError(e)).join("\n"));
 * const posterior = await runQuery(prog.queries[0], { seed: 0 });
 * ```
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BorelError, isBorelError, type Span } from "../util/errors.js";
import { parse } from "./syntax/parse.js";
import type { ImportStmt, Program } from "./syntax/ast.js";
import { emitProgram } from "./compile/emit-program.js";
import { BorelModel } from "./compile/model.js";
import { makeRuntime } from "./compile/runtime-object.js";
import { modelSchema } from "./compile/schema.js";
import type { QueryRecord } from "./compile/query.js";
import type { BindingKind } from "./compile/scope.js";
import { isGenerativeFunction } from "../trace/gfi.js";
import { Budget, type BudgetOptions } from "./runtime/budget.js";
import { makeBuiltins } from "./runtime/builtins.js";
import { BorelFn, callFn } from "./runtime/callable.js";
import { located } from "./runtime/errors.js";
import { fromJSON } from "./runtime/json.js";
import { fileLoader, resolveInside, type Loader } from "./runtime/load.js";
import { checkProgram } from "./compile/check-hook.js";

export { runQuery, prepareQuery, type QueryRecord, type PreparedQuery } from "./compile/query.js";

/** The repository's `stdlib/` folder. */
/** The module that rebuilds a model from its program's source in a worker thread. */
const PORTABLE_MODULE = fileURLToPath(new URL("./portable.ts", import.meta.url));

export const STDLIB_ROOT = fileURLToPath(new URL("../../stdlib/", import.meta.url));

export interface CompileOptions {
  /** JSON values bound to names (converted: numeric arrays → vectors, …). */
  data?: Record<string, unknown>;
  /** Borel values bound to names as they are. */
  globals?: Record<string, unknown>;
  /** How `load` reads data (default: files next to the program). */
  loader?: Loader;
  /** The default seed of the program's queries (kept for the caller; `runQuery` takes it in its context). */
  seed?: number;
  /** Step, size and recursion budgets (or a budget shared with other programs). */
  budget?: BudgetOptions | Budget;
  /** Called with the value of each top-level expression statement and its place (the REPL prints it). */
  onValue?: (v: unknown, span: Span) => void;
  /** Skip the static checks (they have run already). */
  skipCheck?: boolean;
  /** Imports compiled so far in this compilation, by path (shared with nested imports). */
  imports?: Map<string, CompiledProgram | "busy">;
  /**
   * Loop optimizations (default true): loop-invariant expressions computed once per loop, loops of
   * observations batched in gradient runs. Off only to check that they change no result.
   */
  optimizeLoops?: boolean;
}

export interface CompiledProgram {
  file: string;
  source: string;
  program: Program | null;
  models: Record<string, BorelModel>;
  /** Functions, callable from TypeScript with `callFunction`. */
  fns: Record<string, BorelFn>;
  /** Other top-level values (`let`, data, imports that are neither models nor functions). */
  values: Record<string, unknown>;
  queries: QueryRecord[];
  errors: BorelError[];
  /** Every top-level name in order of definition. */
  exports: ReadonlyMap<string, unknown>;
  budget: Budget;
  seed: number;
}

const record = <T>() => Object.create(null) as Record<string, T>;

export function compileProgram(source: string, file = "<source>", o: CompileOptions = {}): CompiledProgram {
  if (typeof source !== "string")
    throw new BorelError("bad-args", `compileProgram: the program must be a string of Borel source, got ${source === null ? "null" : typeof source}`, { hint: "compileProgram(readFileSync(path, \"utf8\"), path)" });
  if (typeof file !== "string") throw new BorelError("bad-args", `compileProgram: the file name must be a string, got ${typeof file}`, { hint: "it names the program in error messages and is where load(\"...\") paths start" });
  const budget = o.budget instanceof Budget ? o.budget : new Budget(o.budget);
  const result: CompiledProgram = {
    file, source, program: null, models: record(), fns: record(), values: record(), queries: [], errors: [],
    exports: new Map(), budget, seed: o.seed ?? 0,
  };
  const parsed = parse(source, file);
  if (parsed.errors.length > 0) { result.errors = parsed.errors; return result; }
  const program = (result.program = parsed.program);
  const imports = o.imports ?? new Map<string, CompiledProgram | "busy">();
  const imported: CompiledProgram[] = [];
  for (const item of program.items) {
    if (item.kind !== "Import") continue;
    const r = compileImport(item, file, budget, imports);
    if (r.errors.length > 0) { result.errors.push(...r.errors); return result; }
    imported.push(r);
  }
  const globals = record<unknown>();
  for (const [k, v] of Object.entries(o.data ?? {})) globals[k] = fromJSON(v);
  for (const [k, v] of Object.entries(o.globals ?? {})) globals[k] = v;
  if (!o.skipCheck) {
    result.errors = checkProgram(program, file, globals, imported.map((p) => p.exports));
    if (result.errors.length > 0) return result;
  }
  const builtins = makeBuiltins(budget, o.loader ?? fileLoader(file));
  let emitted;
  try {
    emitted = emitProgram(program, {
      globals: Object.keys(globals),
      imports: imported.map((p) => ({ names: new Map([...p.exports].map(([n, v]) => [n, kindOf(v)])) })),
      builtins: new Set(Object.keys(builtins)),
      optimizeLoops: o.optimizeLoops,
    });
  } catch (e) {
    result.errors.push(located(e, program.span));
    return result;
  }
  let exportsMap = new Map<string, unknown>();
  const runtime = makeRuntime({
    spans: emitted.spans, budget, builtins, globals, imports: imported.map((p) => p.exports), models: emitted.models,
    schemaOf: (decl) => modelSchema(decl, (name) => { const v = exportsMap.get(name); return isGenerativeFunction(v) ? v : undefined; }),
    onQuery: (q) => result.queries.push({ ...q, resolveFile: (path, what) => resolveInside(file, path, q.methodSpan, what) }),
    onValue: o.onValue,
  });
  try {
    exportsMap = new Function("$", emitted.code)(runtime) as Map<string, unknown>;
  } catch (e) {
    result.errors.push(isBorelError(e) ? e : located(e, program.span));
    return result;
  }
  result.exports = exportsMap;
  // Programs defined by their source alone (no host values bound in) can be rebuilt in worker threads.
  const portable = o.globals === undefined && o.loader === undefined && !(o.budget instanceof Budget);
  for (const [name, v] of exportsMap) {
    if (v instanceof BorelModel && portable && v.portableRef === undefined)
      v.portableRef = { module: PORTABLE_MODULE, export: "modelFromSource", factoryArgs: [source, file, name, o.data ?? {}, o.budget ?? {}] };
    if (v instanceof BorelModel) result.models[name] = v;
    else if (v instanceof BorelFn) result.fns[name] = v;
    else result.values[name] = v;
  }
  return result;
}

function kindOf(v: unknown): BindingKind {
  return isGenerativeFunction(v) ? "model" : v instanceof BorelFn ? "fn" : "let";
}

/** The file an import names: `stdlib/...` in the repository, anything else relative to the importing program. */
export function importPath(path: string, from: string, span: Span | undefined): string {
  const withExt = path.endsWith(".borel") ? path : `${path}.borel`;
  if (withExt.startsWith("stdlib/")) return resolveInside(`${STDLIB_ROOT}x.borel`, withExt.slice("stdlib/".length), span, "import");
  return resolveInside(from, withExt, span, "import");
}

function compileImport(item: ImportStmt, from: string, budget: Budget, cache: Map<string, CompiledProgram | "busy">): CompiledProgram {
  const fail = (e: BorelError): CompiledProgram => ({
    file: from, source: "", program: null, models: record(), fns: record(), values: record(), queries: [], errors: [e],
    exports: new Map(), budget, seed: 0,
  });
  let path: string;
  try {
    path = importPath(item.path, from, item.span);
  } catch (e) {
    return fail(located(e, item.span));
  }
  const seen = cache.get(path);
  if (seen === "busy") return fail(new BorelError("import-cycle", `import "${item.path}" is part of an import cycle`, { span: item.span }));
  if (seen !== undefined) return seen;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(new BorelError("import-failed", `import "${item.path}": ${code === "EISDIR" ? `'${path.slice(path.lastIndexOf("/") + 1)}' is a folder, not a Borel file` : (e as Error).message}`, { span: item.span, hint: "import names a .borel file (the extension may be left out)" }));
  }
  cache.set(path, "busy");
  const r = compileProgram(text, path, { budget, imports: cache });
  cache.set(path, r);
  return r;
}

/** Calls a Borel function from TypeScript (one budgeted run). */
export function callFunction(prog: CompiledProgram, name: string, args: unknown[]): unknown {
  const f = prog.fns[name];
  if (f === undefined) throw new BorelError("unknown-name", `the program has no function '${name}'`, { hint: `functions: ${Object.keys(prog.fns).join(", ") || "none"}` });
  return prog.budget.run(() => callFn(f, args, undefined, prog.budget));
}
