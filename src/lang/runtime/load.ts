/**
 * `load("file.json")` (or a `.csv` / `.tsv` file: a record of its columns, src/util/csv.ts): reads data relative
 * to the program's folder, and only inside that folder's tree —
 * after resolving symlinks (`fs.realpathSync`), so neither `../x`, an absolute path nor a symlink pointing out
 * of the tree can read other files. A program compiled from a string (no folder) can load only through a
 * `loader` its host provides.
 *
 * @example
 * ```ts
 * const load = fileLoader("/home/me/models/coin.borel");
 * load("data/flips.json", span);    // reads /home/me/models/data/flips.json
 * load("../secret.json", span);     // BorelError load-outside
 * ```
 */
import { readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { BorelError, type Span } from "../../util/errors.js";
import { parseDataText } from "../../util/data-text.js";
import { fromJSON } from "./json.js";

/** Loads a data file named in a program: returns its JSON value (converted by the caller). */
export type Loader = (path: string, span: Span | undefined) => unknown;

/** True when `child` is `root` or inside it. */
function inside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel) && !rel.startsWith(sep));
}

/** Resolves `path` against the folder of `programFile`, refusing anything outside that folder's tree. */
export function resolveInside(programFile: string, path: string, span: Span | undefined, what = "load"): string {
  return resolveInFolder(dirname(resolve(programFile)), path, span, what);
}

/** Resolves `path` against `folder`, refusing anything outside that folder's tree (see the module comment). */
export function resolveInFolder(folder: string, path: string, span: Span | undefined, what = "load"): string {
  const outside = (why: string) => new BorelError("load-outside", `${what}("${path}"): ${why}`, {
    span,
    hint: `${what === "import" ? "imported programs (other than stdlib/…)" : "data files"} must be inside the program's folder (or a subfolder), named by a relative path`,
  });
  if (typeof path !== "string" || path.length === 0) throw new BorelError("type-error", `${what} needs a file name (a string)`, { span });
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) throw outside("absolute paths are not allowed");
  if (path.includes("\0")) throw outside("the path contains a NUL character");
  const target = resolve(folder, path);
  if (!inside(folder, target)) throw outside("the path leaves the program's folder");
  let realRoot: string, realTarget: string;
  try {
    realRoot = realpathSync(folder);
    realTarget = realpathSync(target);
  } catch {
    throw new BorelError("load-missing", `${what}("${path}"): no such file`, { span, hint: `looked for ${target}` });
  }
  if (!inside(realRoot, realTarget)) throw outside("it resolves (through a symbolic link) to a file outside the program's folder");
  return realTarget;
}

/** A loader reading data files (JSON, CSV, TSV) next to `programFile`, with a cache (the same file is parsed once). */
export function fileLoader(programFile: string): Loader {
  const cache = new Map<string, unknown>();
  return (path, span) => {
    const real = resolveInside(programFile, path, span);
    if (cache.has(real)) return cache.get(real);
    let text: string;
    try {
      text = readFileSync(real, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new BorelError("load-failed", `load("${path}"): ${code === "EISDIR" ? "this is a folder, not a data file" : code === "ENOENT" ? "no such file" : (e as Error).message}`, {
        span, hint: "load reads a JSON, CSV or TSV file, relative to the program's folder",
      });
    }
    const parsed = parseDataText(path, text);
    if ("problem" in parsed) throw new BorelError(/\.[ct]sv$/i.test(path) ? "bad-csv" : "bad-json", `load("${path}"): ${parsed.problem.replace(`'${path}' is `, "")}`, { span });
    const v = fromJSON(parsed.value);
    cache.set(real, v);
    return v;
  };
}

/** The loader of a program with no folder: every `load` is refused unless the host gives files. */
export function noLoader(): Loader {
  return (path, span) => {
    throw new BorelError("load-unavailable", `load("${path}"): this program has no folder to load from`, {
      span,
      hint: "compile from a file, or pass a loader (compileProgram(source, file, {loader}))",
    });
  };
}
