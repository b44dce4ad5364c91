/**
 * Files the CLI reads — the program and its `--data` files — and how it reports program errors: for people,
 * `formatError` with the source of the file the error points into (an imported file's own text, not the
 * main program's); for `--json`, a record `{message, file, line, col, hint}` with null where unknown.
 *
 * @example
 * ```ts
 * const source = readProgram("examples/coin.borel");      // UsageError when missing
 * const data = readData([{ name: "flips", path: "f.json" }]);
 * process.stderr.write(formatErrors(errors, { "examples/coin.borel": source }) + "\n");
 * ```
 */
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { formatError, isBorelError } from "../util/errors.js";
import { readDataFile } from "../util/files.js";
import { UsageError, type DataBinding } from "./args.js";
import { BUILTINS, type Program } from "../lang/index.js";
import { distributionRegistry } from "../dist/registry.js";
import { BUILTIN_CONSTANTS } from "../lang/check/builtins.js";
import { KEYWORDS } from "../lang/syntax/index.js";

/** The program text; a missing or unreadable file is a usage error. */
export function readProgram(file: string): string {
  let kind = "missing";
  try { const st = statSync(file); kind = st.isFile() ? "file" : st.isDirectory() ? "directory" : "other"; } catch { /* reported below */ }
  if (kind === "missing") throw new UsageError(`cannot read the program '${file}': no such file`);
  if (kind !== "file") throw new UsageError(`cannot read the program '${file}': it is a ${kind === "directory" ? "directory" : "special file"}, not a .borel file`);
  try { return readFileSync(file, "utf8"); } catch (e) { throw new UsageError(`cannot read the program '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`); }
}

/** The JSON values of `--data NAME=file.json` bindings, by name. */
export function readData(bindings: readonly DataBinding[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, path } of bindings) {
    if (name in out) throw new UsageError(`--data binds '${name}' twice`);
    const why = predefinedName(name);
    if (why !== null) throw new UsageError(`--data ${name}=${path}: '${name}' is ${why}; bind the data to another name (e.g. --data ${name}_data=${path})`);
    const r = readDataFile(path);
    if ("problem" in r) throw new UsageError(`--data ${name}=${path}: ${r.problem}`);
    out[name] = r.value;
  }
  return out;
}

/**
 * Why `name` cannot be bound to data, or null. Data named like a builtin function, distribution or constant
 * would hide it from the whole program (`--data normal=...` breaks normal(0, 1); `--data inf=...` silently
 * turned factor(-inf) into factor(-5)); data named like a keyword could never be read.
 */
export function predefinedName(name: string): string | null {
  if (BUILTIN_CONSTANTS.has(name)) return "a constant of Borel, which the data would hide from the program";
  if (BUILTINS.has(name) || distributionRegistry.has(name)) return "a builtin of Borel, which the data would hide from the program";
  if (KEYWORDS.has(name)) return "a keyword of Borel, so the program could not read the data";
  return null;
}

/**
 * Warnings for `--data` names the program defines itself (`let flips = load(...)` beside `--data flips=...`):
 * the program's definition wins, so the data would be silently unused.
 */
export function hiddenDataWarnings(program: Program | null, file: string, data: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const item of program?.items ?? []) {
    if (item.kind !== "Let" && item.kind !== "Fn" && item.kind !== "Model") continue;
    const name = item.name.name;
    if (!Object.hasOwn(data, name)) continue;
    const what = item.kind === "Let" ? "let" : item.kind === "Fn" ? "fn" : "model";
    out.push(`${file}:${item.name.span.line}:${item.name.span.col}: warning: the program's own \`${what} ${name}\` hides --data ${name}, which is not used; bind the data to another name, or read it in place of this definition`);
  }
  return out;
}

/** The text of the file an error points into, from `known` or the disk (imports). */
function sourceOf(file: string | undefined, known: Readonly<Record<string, string>>): string | undefined {
  if (file === undefined) return undefined;
  if (file in known) return known[file];
  try { return readFileSync(file, "utf8"); } catch { return undefined; }
}

/** Errors formatted for people, each with its source excerpt and hint, separated by blank lines. */
export function formatErrors(errors: readonly unknown[], known: Readonly<Record<string, string>>): string {
  return errors.map((e) => formatError(e, { source: sourceOf(isBorelError(e) ? e.span?.file : undefined, known), displayFile: shownPath })).join("\n\n");
}

/** An imported file's absolute path as the user would type it: relative to the working directory when inside it. */
function shownPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

export interface ErrorRecord {
  message: string;
  file: string | null;
  line: number | null;
  col: number | null;
  hint: string | null;
}

/** An error as the JSON record of `--json` output. */
export function errorRecord(e: unknown): ErrorRecord {
  if (!isBorelError(e)) return { message: `internal error: ${e instanceof Error ? e.message : String(e)}`, file: null, line: null, col: null, hint: null };
  const addr = e.address !== undefined && !e.message.includes(e.address) ? ` (at address ${e.address})` : "";
  return { message: e.message + addr, file: e.span?.file ?? null, line: e.span?.line ?? null, col: e.span?.col ?? null, hint: e.hint ?? null };
}
