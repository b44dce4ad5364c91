/**
 * The names an `import` brings into scope, read from the imported file when the checker can find it: the
 * top-level models (with their parameters, so calls are checked), fns and lets of the file and, transitively,
 * of its own imports. `import "stdlib/..."` reads the repository's stdlib/ folder; other paths are relative
 * to the program's folder. `.borel` is appended when the path has no extension.
 *
 * @example
 * ```ts
 * importDeclarations("stdlib/models/hmm", undefined);   // {decls: [{name: "hmm", kind: "model", params: [...]}, ...]}
 * ```
 */
import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Program } from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";

/** The repository's stdlib/ folder. */
export const STDLIB_DIR = fileURLToPath(new URL("../../../stdlib/", import.meta.url));

/** A name defined outside the program being checked (an import, the REPL's earlier input, --data). */
export interface GlobalDecl {
  name: string;
  kind: "model" | "fn" | "value";
  /** Parameters of a model or fn, when known (calls are then arity-checked). */
  params?: readonly string[];
}

/** The top-level declarations of a program (what importing it, or an earlier REPL input, defines). */
export function declarationsOf(program: Program): GlobalDecl[] {
  const out: GlobalDecl[] = [];
  for (const item of program.items) {
    if (item.kind === "Model" || item.kind === "Fn")
      out.push({ name: item.name.name, kind: item.kind === "Model" ? "model" : "fn", params: item.params.map((p) => p.name) });
    else if (item.kind === "Let") {
      const init = item.init;
      out.push(init.kind === "Lambda" ? { name: item.name.name, kind: "fn", params: init.params.map((p) => p.name) } : { name: item.name.name, kind: "value" });
    }
  }
  return out;
}

/** The file an import path names, or undefined when it cannot be located (relative path, no folder known). */
export function importFile(path: string, fileDir: string | undefined): string | undefined {
  const withExt = extname(path) === "" ? `${path}.borel` : path;
  if (path.startsWith("stdlib/")) return resolve(STDLIB_DIR, withExt.slice("stdlib/".length));
  return fileDir === undefined ? undefined : resolve(fileDir, withExt);
}

export type ImportResult = { decls: GlobalDecl[] } | { missing: string } | { unknown: true };

const cache = new Map<string, { text: string; decls: GlobalDecl[] }>();

/** Declarations made by importing `path` (transitively), or why they are unavailable. */
export function importDeclarations(path: string, fileDir: string | undefined, seen = new Set<string>()): ImportResult {
  const file = importFile(path, fileDir);
  if (file === undefined) return { unknown: true };
  if (seen.has(file)) return { decls: [] };
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { missing: file };
  }
  const hit = cache.get(file);
  if (hit && hit.text === text) return { decls: hit.decls };
  const { program } = parse(text, file);
  const decls = declarationsOf(program);
  const dir = resolve(file, "..");
  for (const item of program.items)
    if (item.kind === "Import") {
      const sub = importDeclarations(item.path, dir, seen);
      if ("decls" in sub) decls.push(...sub.decls);
    }
  cache.set(file, { text, decls });
  return { decls };
}
