/**
 * File checks shared by the command-line tools, returning what is wrong as text so that each caller raises
 * its own kind of error (a usage error for `borel run`, an option error for `borel pfn`).
 *
 * @example
 * ```ts
 * const why = unwritableFolder("out/draws.csv");   // "cannot write in 'out' (ENOENT)" or null
 * const r = readDataFile("data.json");              // { value } or { problem: "not valid JSON (...)" }
 * readDataFile("data.csv");                          // { value: { x: [...], y: [...] } }: CSV as columns
 * ```
 */
import { accessSync, constants, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseDataText } from "./data-text.js";

const reason = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Why nothing can be written next to `path` (its folder is missing or read-only), or null. */
export function unwritableFolder(path: string): string | null {
  const dir = dirname(path);
  try { accessSync(dir, constants.W_OK); return null; } catch (e) { return `cannot write in '${dir}' (${reason(e)})`; }
}

/** The value of a data file (see `parseDataText`), or what is wrong with it. */
export function readDataFile(path: string): { value: unknown } | { problem: string } {
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (e) { return { problem: `cannot read '${path}' (${reason(e)})` }; }
  return parseDataText(path, text);
}
