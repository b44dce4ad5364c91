/**
 * File checks shared by the command-line tools, returning what is wrong as text so that each caller raises
 * its own kind of error (a usage error for `borel run`, an option error for `borel pfn`).
 *
 * @example
 * ```ts
 * const why = unwritableFolder("out/draws.csv");   // "cannot write in 'out' (ENOENT)" or null
 * const r = readJsonFile("data.json");              // { value } or { problem: "not valid JSON (...)" }
 * ```
 */
import { accessSync, constants, readFileSync } from "node:fs";
import { dirname } from "node:path";

const reason = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Why nothing can be written next to `path` (its folder is missing or read-only), or null. */
export function unwritableFolder(path: string): string | null {
  const dir = dirname(path);
  try { accessSync(dir, constants.W_OK); return null; } catch (e) { return `cannot write in '${dir}' (${reason(e)})`; }
}

/** The JSON value of a file, or what is wrong with it. */
export function readJsonFile(path: string): { value: unknown } | { problem: string } {
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (e) { return { problem: `cannot read '${path}' (${reason(e)})` }; }
  try { return { value: JSON.parse(text) }; } catch (e) { return { problem: `'${path}' is not valid JSON (${(e as Error).message})` }; }
}
