/**
 * ``borel`...` ``: Borel source inside TypeScript. The tag compiles the program and returns its top-level
 * names: models as generative functions (usable with every inference function), functions as plain
 * TypeScript functions, other values as they are. Interpolated values are bound as constants (numbers,
 * strings, booleans, vectors; plain arrays and objects as JSON data — numeric arrays become vectors;
 * distributions, generative functions and TypeScript functions as they are). Errors throw one `BorelError`
 * listing every problem with its location.
 *
 * @example
 * ```ts
 * import { borel, importance } from "borel";
 * const flips = [true, true, false, true];
 * const { coin } = borel`
 *   model coin() {
 *     p ~ beta(1, 1)
 *     for i in 0..len(${flips}) { observe(bernoulli(p), ${flips}[i]) }
 *     return p
 *   }`;
 * importance(coin, [], {}, { particles: 1000, seed: 0 }).mean("p");
 * ```
 */
import { BorelError, formatError } from "../util/errors.js";
import { isDistribution } from "../dist/distribution.js";
import { isGenerativeFunction } from "../trace/gfi.js";
import { compileProgram, type CompileOptions, type CompiledProgram } from "./program.js";
import { BorelFn, callFn } from "./runtime/callable.js";
import { fromJSON } from "./runtime/json.js";
import { noLoader } from "./runtime/load.js";
import { BorelModel } from "./compile/model.js";

/** The top-level names of a template program (models, functions as TypeScript functions, values). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BorelExports = Record<string, any>;

/** A TypeScript value as a Borel value. */
function toBorel(v: unknown): unknown {
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v instanceof Float64Array) return v;
  if (isDistribution(v) || isGenerativeFunction(v) || v instanceof BorelFn) return v;
  if (typeof v === "function") return new BorelFn(v.name || "host", [], (args) => (v as (...a: unknown[]) => unknown)(...args), 0, true);
  return fromJSON(v);
}

/** The TypeScript view of a compiled program's names. */
export function exportsOf(prog: CompiledProgram): BorelExports {
  const out: BorelExports = {};
  for (const [name, v] of prog.exports) {
    if (name.startsWith("__borel_")) continue;
    out[name] = v instanceof BorelFn ? (...args: unknown[]) => prog.budget.run(() => callFn(v, args, undefined, prog.budget)) : v;
  }
  Object.defineProperty(out, "$program", { value: prog, enumerable: false });
  return out;
}

/** Compiles template parts with options (a file name for locations and `load`, a loader, data). */
export function compileTemplate(strings: readonly string[], values: readonly unknown[], options: CompileOptions & { file?: string } = {}): BorelExports {
  let source = strings[0];
  const globals: Record<string, unknown> = { ...(options.globals ?? {}) };
  values.forEach((v, i) => {
    const name = `__borel_${i}`;
    globals[name] = toBorel(v);
    source += ` ${name} ${strings[i + 1]}`;
  });
  const file = options.file ?? "<template>";
  const prog = compileProgram(source, file, { ...options, globals, loader: options.loader ?? (options.file ? undefined : noLoader()) });
  if (prog.errors.length > 0)
    throw new BorelError("compile-error", `the Borel program has ${prog.errors.length} error${prog.errors.length > 1 ? "s" : ""}:\n${prog.errors.map((e) => formatError(e, { source })).join("\n")}`, {
      span: prog.errors[0].span,
      hint: prog.errors[0].hint,
    });
  return exportsOf(prog);
}

/** The tagged template: ``borel`model m() { x ~ normal(0, 1) }` `` → `{ m }`. */
export function borel(strings: TemplateStringsArray, ...values: unknown[]): BorelExports {
  return compileTemplate(strings.raw.map((_, i) => strings[i]), values);
}

export { BorelModel };
