/**
 * Data files' text to values, without file-system access (the browser playground bundles it): `.csv` and `.tsv`
 * as a record of columns (./csv.ts), anything else as JSON.
 *
 * @example
 * ```ts
 * parseDataText("d.csv", "x,y\n1,2\n");   // { value: { x: [1], y: [2] } }
 * parseDataText("d.json", "{bad");         // { problem: "'d.json' is not valid JSON (...)" }
 * ```
 */
import { extname } from "node:path";
import { parseCsv } from "./csv.js";

/**
 * The value of a data file's text: a `.csv` or `.tsv` file as a record of its columns (src/util/csv.ts), any
 * other as JSON; or what is wrong with it (naming the row and column of a bad CSV cell).
 */
export function parseDataText(path: string, text: string): { value: unknown } | { problem: string } {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".tsv") {
    try { return { value: parseCsv(text, ext === ".tsv" ? "\t" : ",") }; } catch (e) { return { problem: `'${path}' is not a readable ${ext.slice(1).toUpperCase()} file: ${(e as Error).message}` }; }
  }
  // A byte-order mark (Windows tools write one) is not JSON: JSON.parse failed on an invisible character.
  try { return { value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) }; } catch (e) {
    const other = ext === ".json" ? "" : " (data files are JSON, or CSV/TSV named .csv/.tsv: a header row, then one row per record)";
    return { problem: `'${path}' is not valid JSON (${(e as Error).message})${other}` };
  }
}
